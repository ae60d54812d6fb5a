import { foldNumerals } from '../text/numerals.js';

const ISO = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/u;
const CHINESE_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u;
// ISO 8601's basic form, alone or before a time (20190611, 20190611T0930)
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:T|\s|$)/u;

/** A day of the calendar (not 2019-02-30 nor 2019-13-01) as YYYY-MM-DD, or null. */
function iso(y: string, m: string, d: string): string | null {
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(y), month, 0)).getUTCDate()) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * YYYY-MM-DD from the date forms articles use (2019-06-11, 2019/6/11, 2019年6月11日 and 二〇一九年六月十一日, ISO
 * timestamps and 20190611); null if none.
 */
export function normaliseDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const text = foldNumerals(value.trim());
  const m = ISO.exec(text) ?? CHINESE_DATE.exec(text) ?? COMPACT.exec(text);
  return m ? iso(m[1]!, m[2]!, m[3]!) : null;
}

/** A date in the article's folder path (领导活动/2019-10-31/…): how such collections file articles by day. */
export function dateFromPath(source: string): string | null {
  const dirs = source.split('/').slice(0, -1);
  for (const dir of dirs.reverse()) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(dir);
    if (m) return iso(m[1]!, m[2]!, m[3]!);
  }
  return null;
}

// A paragraph that is only a date, (2013年3月23日) as speeches end, or labelled 发布时间/日期.
const DATE_LINE = /^[（(]?\s*(?:(?:发布|发表)?(?:时间|日期)\s*[:：]\s*)?(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2})\s*[)）]?$/u;
const URL_LINE = /^(?:原文)?(?:链接|网址|来源|URL|url)\s*[:：]\s*(https?:\/\/\S+)$/u;

export interface TextMetadata {
  date: string | null;
  url: string | null;
  /** The paragraphs without the URL line (a date line stays: it is part of what readers quote). */
  paragraphs: string[];
}

/** Finds a publication date line and a source URL line among plain paragraphs. */
export function metadataFromParagraphs(paragraphs: string[]): TextMetadata {
  let date: string | null = null;
  let url: string | null = null;
  const rest: string[] = [];
  for (const p of paragraphs) {
    // read as NFKC: a date typed in full-width digits (２０１９年６月１１日) is a date, and a link line's URL is taken so
    const plain: string = date === null || url === null ? p.normalize('NFKC') : p;
    const d: RegExpExecArray | null = date === null ? DATE_LINE.exec(plain) : null;
    const u: RegExpExecArray | null = url === null ? URL_LINE.exec(plain) : null;
    if (d) date = normaliseDate(d[1]);
    if (u) url = u[1] ?? null;
    else rest.push(p);
  }
  return { date, url, paragraphs: rest };
}
