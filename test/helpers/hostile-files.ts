import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';

/**
 * Article files an administrator's worst day brings, generated (deterministically) for the tests and the hostile bench:
 * attachments pasted into text, pathological nesting, legacy encodings with a stray byte, names that are not UTF-8
 * or hold control characters, link loops.
 */

const SENTENCE = '市政府召开常务会议，研究部署城市更新和老旧小区改造工作，要求各区加快推进项目落地。';

/** A .txt article of `paragraphs` ordinary paragraphs, numbered so that no two articles are the same. */
export function ordinaryArticle(n: number, paragraphs = 4): string {
  return [`第${n}号通知`, ...Array.from({ length: paragraphs }, (_, i) => `${SENTENCE}第${n}号文件第${i + 1}段。`)].join('\n');
}

/** A base64 attachment pasted into an article: `chars` characters without a sentence end. */
export function unpunctuated(chars: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let seed = 12345;
  const body = Array.from({ length: chars }, () => alphabet[(seed = (seed * 1103515245 + 12345) % 2147483648) % 64]).join('');
  return `附件\n${SENTENCE}\n${body}\n${SENTENCE}`;
}

/** An .html page with lists nested `levels` deep. */
export function nestedHtmlList(levels: number): string {
  return `<html><head><title>嵌套</title></head><body><p>${SENTENCE}</p>${'<ul><li>层'.repeat(levels)}${'</li></ul>'.repeat(levels)}</body></html>`;
}

/** A .md article with a list nested `levels` deep (two more spaces each level). */
export function nestedMarkdownList(levels: number): string {
  const lines = Array.from({ length: levels }, (_, i) => `${' '.repeat(2 * i)}- 第${i}层`);
  return `# 嵌套列表\n\n${SENTENCE}\n\n${lines.join('\n')}\n`;
}

/** The same paragraph `copies` times in one article. */
export function repeatedParagraph(copies: number): string {
  return ['重复', ...Array.from({ length: copies }, () => SENTENCE)].join('\n');
}

/** Text in a legacy encoding with one invalid byte in the middle of it. */
export function withBadByte(text: string, encoding: 'GB18030' | 'Big5'): Buffer {
  const bytes = iconv.encode(text, encoding);
  const middle = Math.floor(bytes.length / 2);
  // 0xFF is no lead byte in either encoding; put it between two whole characters
  const at = [...iconv.decode(bytes.subarray(0, middle), encoding)].length;
  const head = iconv.encode([...text].slice(0, at - 1).join(''), encoding);
  return Buffer.concat([head, Buffer.from([0xff]), bytes.subarray(head.length)]);
}

export interface HostileCollection {
  files: number;
  /** How many of them are hostile, by kind. */
  kinds: Record<string, number>;
}

/**
 * `total` files under dir, about one in ten hostile (every kind at least once), the rest ordinary articles. Sizes are
 * those that stalled or killed the build before the limits: an 8 M character attachment, lists 10,000 and 3,000 deep.
 */
export function writeHostileCollection(dir: string, total = 1000): HostileCollection {
  mkdirSync(dir, { recursive: true });
  const kinds: Record<string, number> = {};
  const put = (kind: string, name: string | Buffer, content: string | Buffer) => {
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const file = typeof name === 'string' ? path.join(dir, name) : Buffer.concat([Buffer.from(dir + '/'), name]);
    writeFileSync(file, content);
  };
  const hostile: ((i: number) => void)[] = [
    (i) => put('8 M characters without a sentence end', `attachment-${i}.txt`, unpunctuated(8_000_000)),
    (i) => put('HTML lists nested 10,000 deep', `nested-${i}.html`, nestedHtmlList(10_000)),
    (i) => put('Markdown list nested 3,000 deep', `nested-${i}.md`, nestedMarkdownList(3_000)),
    (i) => put('the same paragraph 130,000 times', `repeated-${i}.txt`, repeatedParagraph(130_000)),
    (i) => put('a 30 MB file', `huge-${i}.txt`, Buffer.alloc(30_000_000, 0x41)),
    (i) => put('a GBK file name', Buffer.concat([iconv.encode(`通知${i}`, 'GBK'), Buffer.from('.txt')]), ordinaryArticle(i)),
    (i) => put('control characters in the name', `bad\nname\u001b[31m-${i}.txt`, ordinaryArticle(i)),
    (i) => put('GB18030 with a bad byte', `gb-${i}.txt`, withBadByte(ordinaryArticle(i, 20), 'GB18030')),
    (i) => put('Big5 with a bad byte', `big5-${i}.txt`, withBadByte(ordinaryArticle(i, 20), 'Big5')),
    (i) => put('random bytes', `junk-${i}.txt`, Buffer.from(Array.from({ length: 100_000 }, (_, k) => (k * 7919 + i) % 256))),
    (i) => put('a rule of 1 M dashes', `rule-${i}.txt`, `标题\n${'-'.repeat(1_000_000)}x\n${SENTENCE}${SENTENCE}`),
    (i) => put('1 M unclosed tags', `tags-${i}.html`, `<title>标签</title><p>${SENTENCE}</p>${'<a '.repeat(1_000_000)}`),
    (i) => put('50,000 bad JSON lines', `lines-${i}.jsonl`, Array.from({ length: 50_000 }, (_, k) => (k % 2 ? '{"id":' : `{"id":${k},"title":"t","text":"${SENTENCE}"}`)).join('\n')),
    (i) => {
      mkdirSync(path.join(dir, `loop-${i}`));
      symlinkSync('..', path.join(dir, `loop-${i}`, 'up'));
      kinds['a link loop'] = (kinds['a link loop'] ?? 0) + 1;
    },
  ];
  const every = Math.max(1, Math.floor(total / Math.max(hostile.length, total / 10)));
  let h = 0;
  for (let i = 0; i < total; i++) {
    if (i % every === 0 && (h < hostile.length || h < total / 10)) hostile[h++ % hostile.length]!(i);
    else put('ordinary', `ordinary-${String(i).padStart(4, '0')}.txt`, ordinaryArticle(i));
  }
  return { files: total, kinds };
}
