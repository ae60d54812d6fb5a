/**
 * Chinese numerals written as Arabic digits, so that 五百强 meets 500强, 两千 meets 2000, 百分之五 meets 5% and
 * 二〇一九年 meets 2019年. Applied to folded (simplified) text, questions and passages alike.
 */

const DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
// What follows a lone digit character when it counts something (五个, 三名, 两年); 一 alone is a word far more often.
const MEASURE = /^[个名人次年月日号项家条批户位种类所座届期天岁倍万亿元米吨强%]/u;
// A run with the decimal part a 点 may give it (百分之五点五, 二点五, and the 一点一 of 一点一滴), taken whole; a
// fraction is every digit after 点, and no unit follows it (三点五十分 and 九点一五十分 are times of day, no fractions)
const FRACTION_PART = '(?:点[〇零一二三四五六七八九]+(?![〇零一二三四五六七八九十百千]))?';
const RUN = new RegExp(`百分之([〇零一二两三四五六七八九十百千]+${FRACTION_PART}|\\d+(?:\\.\\d+)?)|[〇零一二两三四五六七八九十百千万亿]+${FRACTION_PART}`, 'gu');

/**
 * The value of a numeral below 万 (三千五百 → 3500, 十九 → 19, 一千零五 → 1005); null when it is not one. A digit
 * that ends it right after 百 or 千 counts in the place below, as speech abbreviates (三千五 is 3500, 一百五 150;
 * 三千零五 is 3005).
 */
function belowTenThousand(run: string): number | null {
  let total = 0;
  let digit: number | null = null;
  let last = 1; // the place a final digit counts in
  for (const c of run) {
    if (c in DIGITS) {
      if (DIGITS[c] === 0) {
        last = 1; // 一千零五: the zero only fills a place
        continue;
      }
      if (digit !== null) return null; // 三四 is not a number written with units
      digit = DIGITS[c]!;
    } else {
      const unit = UNITS[c];
      if (unit === undefined) return null;
      total += (digit ?? (unit === 10 && total === 0 ? 1 : NaN)) * unit;
      digit = null;
      last = unit >= 100 ? unit / 10 : 1;
    }
  }
  total += (digit ?? 0) * last;
  return Number.isNaN(total) ? null : total;
}

const BIG: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12 };

/**
 * A numeral with units in digits, 万 and 亿 kept after their digits when one part has them (三千五百万 → 3500万, 十二亿
 * → 12亿, 一百五十万亿 → 150万亿). A numeral of several parts is one value (亿 multiplies what stands before it since the
 * last 亿: 三万五千亿 is 3.5万亿), written as the news writes it: a decimal of its largest unit when that takes at most
 * two decimals (三万五千 → 3.5万, 一亿二千万 → 1.2亿, 五万零三百 → 5.03万), else its digits (一万零五 → 10005). A lone
 * digit after 万 or 亿 counts in the place below, as speech abbreviates (两万五 → 2.5万).
 */
function withUnits(run: string): string | null {
  const parts = run.split(/([万亿])/u);
  const groups: { value: number; big: string }[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i]!;
    const big = parts[i + 1] ?? '';
    if (!part) {
      if (big === '亿' && parts[i - 1] === '万' && groups.length > 0) groups.at(-1)!.big = '万亿';
      else if (big) return null; // 万一, 千万 as "must": a unit with nothing before it is a word
      continue;
    }
    const lone = i > 0 && part.length === 1 && !big && DIGITS[part] !== undefined;
    const value = lone ? DIGITS[part]! * (BIG[parts[i - 1]!]! / 10) : belowTenThousand(part);
    if (value === null) return null;
    groups.push({ value, big });
  }
  if (groups.length <= 1) return groups[0] ? `${groups[0].value}${groups[0].big}` : null;
  let total = 0;
  let section = 0;
  for (const { value, big } of groups) {
    if (big === '亿' || big === '万亿') {
      total += (section + value) * BIG[big]!;
      section = 0;
    } else section += value * (BIG[big] ?? 1);
  }
  total += section;
  const unit = (['万亿', '亿', '万'] as const).find((u) => total >= BIG[u]! && [...u].every((c) => run.includes(c))) ?? '万';
  const size = BIG[unit]!;
  const fraction = String(total % size).padStart(String(size).length - 1, '0').replace(/0+$/u, '');
  if (fraction.length > 2) return String(total);
  return `${Math.floor(total / size)}${fraction ? `.${fraction}` : ''}${unit}`;
}

function foldRun(run: string, next: string): string {
  if (/[十百千万亿]/u.test(run)) {
    if (/^[百千万亿]/u.test(run)) return run; // 百姓, 千方百计, 万众一心
    return withUnits(run) ?? run;
  }
  // digits only: a year or a code read digit by digit (二〇一九年, 一九四九年), or a lone digit counting something
  const chars = [...run];
  if ((chars.length >= 2 && (next === '年' || /[〇零]/u.test(run))) || (chars.length === 1 && MEASURE.test(next))) {
    return chars.map((c) => String(DIGITS[c])).join('');
  }
  return run;
}

/** A decimal (二点五 → 2.5, 十二点零五 → 12.05): its whole part a numeral, its fraction digits; null when it is not one. */
function decimal(run: string): string | null {
  const [whole, fraction] = run.split('点') as [string, string];
  const value = /[十百千万亿]/u.test(whole) ? withUnits(whole) : [...whole].map((c) => DIGITS[c]).join('');
  return value === null ? null : `${value}.${[...fraction].map((c) => DIGITS[c]).join('')}`;
}

export function foldNumerals(text: string): string {
  return text.replace(RUN, (match: string, percent: string | undefined, offset: number) => {
    // a decimal counts in a percentage or before a measure word (百分之五点五 → 5.5%, 二点五亿 → 2.5亿, 六点五个 →
    // 6.5个); anywhere else its parts are read as any numerals are (十点零五分 → 10点05分, 一点一滴 as it is)
    if (match.includes('点')) {
      const next = text[offset + match.length] ?? '';
      const value = percent !== undefined || MEASURE.test(next) ? decimal(percent ?? match) : null;
      if (value !== null) return `${value}${percent !== undefined ? '%' : ''}`;
      if (percent !== undefined) return match;
      const [whole, fraction] = match.split('点') as [string, string];
      return `${foldRun(whole, '点')}点${foldRun(fraction, next)}`;
    }
    if (percent !== undefined) {
      const value = /^\d/u.test(percent) ? percent : withUnits(percent) ?? foldRun(percent, '%');
      return /^\d+(?:\.\d+)?$/u.test(value) ? `${value}%` : match;
    }
    return foldRun(match, text[offset + match.length] ?? '');
  });
}

/**
 * Every Chinese numeral below 100 in digits wherever it stands (第十五 → 第15, 二处 → 2处), with no reading as a
 * word kept: for comparing two names of one organisation, where only the number's spelling may differ.
 */
export function arabic(text: string): string {
  return text.replace(/[零一二三四五六七八九十]+/gu, (run) =>
    run.includes('十') ? String(belowTenThousand(run) ?? run) : [...run].map((c) => DIGITS[c]).join(''),
  );
}
