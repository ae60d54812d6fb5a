import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ArticleError } from './article.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
// The legacy Chinese encodings users have; chardet names GBK files GB18030 (a superset).
const CHINESE = new Set(['GB18030', 'Big5']);

/** Decodes a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030/GBK or Big5 as detected. */
export function decode(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(Buffer.from(bytes), 'utf16le'), encoding: 'UTF-16LE' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(Buffer.from(bytes), 'utf16be'), encoding: 'UTF-16BE' };
  try {
    return { text: utf8.decode(bytes), encoding: 'UTF-8' };
  } catch {
    // not UTF-8: fall through to detection
  }
  const guess = chardet.analyse(bytes).find((m) => CHINESE.has(m.name));
  const encoding = guess?.name ?? 'GB18030';
  const text = iconv.decode(Buffer.from(bytes), encoding);
  if (text.includes('\uFFFD')) throw new ArticleError(`not UTF-8 and not valid ${encoding} either (unknown text encoding)`);
  return { text, encoding };
}
