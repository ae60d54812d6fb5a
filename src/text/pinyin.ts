import { createRequire } from 'node:module';

type PinyinPro = typeof import('pinyin-pro');
let library: PinyinPro | undefined;
/**
 * pinyin-pro, loaded when first needed (a tenth of a second): /who and the builder need it, and a question only when it
 * writes capitalised Latin words that may be a name (withHanNames).
 */
const pinyinPro = (): PinyinPro => (library ??= createRequire(import.meta.url)('pinyin-pro') as PinyinPro);

/**
 * The one pinyin of wenda's names (the builder's glossary and /who both use it): toneless syllables, ü written v, as
 * people type it on a keyboard; a surname in its reading as one (曾 zeng, 单 shan, 解 xie, not ceng, dan, jie).
 */
export function pinyinSyllables(name: string): string[] {
  return pinyinPro().pinyin(name, { toneType: 'none', type: 'array', nonZh: 'removed', surname: 'head' }).map((s) => s.replace(/ü/gu, 'v'));
}

/** The pinyin of a name or place without tones or spaces: 庄荣文 → zhuangrongwen, 吕中华 → lvzhonghua. */
export function pinyinKey(chinese: string): string {
  return pinyinKeyAndInitials(chinese).key;
}

/**
 * A name's pinyinKey and the initials of its syllables (庄荣文 → zhuangrongwen, zrw: /who completes either as typed),
 * read from one call to pinyin-pro.
 */
export function pinyinKeyAndInitials(chinese: string): { key: string; initials: string } {
  const syllables = pinyinSyllables(chinese);
  return { key: syllables.join(''), initials: syllables.map((s) => s[0] ?? '').join('') };
}

/**
 * Pinyin without its tone marks (Liú Yǒngfù → Liu Yongfu, Lǚ → Lü): the marks are combining characters once
 * decomposed, of which the diaeresis of ü is kept.
 */
export function withoutToneMarks(typed: string): string {
  return typed.normalize('NFD').replace(/(?!\u0308)\p{M}/gu, '').normalize('NFC');
}

/** Pinyin as typed (Lü Zhonghua, Lu:, lv, Lǚ, with tone digits or apostrophes) as a key: lvzhonghua. */
export function latinKey(typed: string): string {
  // full-width letters as a Chinese keyboard types them (Ｙｕ Ｊｕｎ)
  return withoutToneMarks(typed.normalize('NFKC'))
    .toLowerCase()
    .replace(/u:|ü/gu, 'v')
    .replace(/[\s'’\-0-9]+/gu, '');
}

/** A key with ü written u, as it often is (Lu Zhonghua): what a stored key matches when the typed one has no v. */
export function withoutUmlaut(key: string): string {
  return key.replace(/v/gu, 'u');
}

/** Typed pinyin (already a latinKey) names this stored key: exactly, or with u typed for ü. */
export function pinyinMatches(typed: string, stored: string): boolean {
  return typed === stored || (!typed.includes('v') && typed === withoutUmlaut(stored));
}

const CAPITALISED = String.raw`(?=\p{Lu})\p{Script=Latin}+`;
// two capitalised Latin words or more, and the spaces around them
const CAPITALISED_RUN = new RegExp(String.raw`[ \t\u3000]*(${CAPITALISED}(?:[ \t\u3000]+${CAPITALISED})+)[ \t\u3000]*`, 'gu');

/**
 * A Chinese question with the people it names in pinyin written as the articles write them (Yu Jun 去北航干嘛了 →
 * 于军去北航干嘛了): a run of capitalised words made wholly of names that `nameOf` knows, of two or three words each,
 * family name first (Yu Jun Zeng Jin: two names, written as a list writes them). Other runs stay as written (APEC会议,
 * Ji Li汽车: a word spelled in pinyin is no name; Wang Yi Fan, someone the articles do not name, is not 王毅 and Fan).
 */
export function withHanNames(question: string, nameOf: (latin: string) => string | null): string {
  return question.replace(CAPITALISED_RUN, (whole, run: string) => {
    const words = run.split(/[ \t\u3000]+/u);
    const names: string[] = [];
    // each reading looked up once: nameOf reads every person's pinyin
    for (let i = 0; i < words.length; ) {
      const length = [3, 2].find((n) => {
        const name = i + n <= words.length ? nameOf(words.slice(i, i + n).join(' ')) : null;
        if (name !== null) names.push(name);
        return name !== null;
      });
      if (length === undefined) return whole;
      i += length;
    }
    // names stand against the words around them, as the articles write them
    return names.join('、');
  });
}
