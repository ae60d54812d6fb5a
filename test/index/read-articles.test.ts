import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/index/article.js';
import { decode } from '../../src/text/decode.js';
import { dateFromPath, normaliseDate } from '../../src/index/metadata.js';
import { listArticleFiles, parseArticleFile } from '../../src/index/read-articles.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Parses a file that must give exactly one article and no skip. */
function article(source: string, content: string | Uint8Array): Article {
  const result = parseArticleFile(source, typeof content === 'string' ? utf8(content) : content);
  expect(result.skipped).toEqual([]);
  expect(result.articles).toHaveLength(1);
  return result.articles[0]!;
}

/** Parses a file that must be skipped as a whole; returns the reason. */
function skipReason(source: string, content: string | Uint8Array): string {
  const result = parseArticleFile(source, typeof content === 'string' ? utf8(content) : content);
  expect(result.articles).toEqual([]);
  expect(result.skipped).toHaveLength(1);
  expect(result.skipped[0]!.source).toBe(source);
  return result.skipped[0]!.reason;
}

const P1 = '中央网信办“不忘初心、牢记使命”主题教育动员大会6月11日上午举行。';
const P2 = '庄荣文指出，今年是中华人民共和国成立70周年，也是我们党在全国执政第70个年头。';
const SPAN = "<span style='font-size:16px;margin-top:15px;line-height:25px;text-indent:30px'>";
const HTML_BODY = `<div>${SPAN} 　　${P1}</span></div><div>&nbsp;</div><div>${SPAN} 　　${P2}</span></div><div>&nbsp;</div>`;
const TITLE = '中央网信办召开“不忘初心、牢记使命”主题教育动员大会';

describe('.txt articles', () => {
  it('reads a title line that is a file name and an HTML body on the following line', () => {
    expect(article('183.txt', `183${TITLE}.txt\n${HTML_BODY}\n`)).toEqual({
      source: '183.txt',
      title: TITLE,
      date: null,
      url: null,
      paragraphs: [P1, P2],
    });
  });

  it('reads an HTML body that starts on the title line', () => {
    expect(article('a.txt', `183${TITLE}.txt${HTML_BODY}`).title).toBe(TITLE);
    expect(article('a.txt', `183${TITLE}.txt${HTML_BODY}`).paragraphs).toEqual([P1, P2]);
    expect(article('b.txt', `${TITLE}${HTML_BODY}\n`)).toMatchObject({ title: TITLE, paragraphs: [P1, P2] });
  });

  it('takes the title from the file name when the HTML body starts at the first character', () => {
    expect(article(`183${TITLE}.txt`, HTML_BODY)).toMatchObject({ title: TITLE, paragraphs: [P1, P2] });
  });

  it('reads a whole web page saved as .txt as the page, on one line or several', () => {
    const page = `<!DOCTYPE html>\n<html lang="zh">\n<head><title>${TITLE}</title></head>\n<body><p>${P1}</p>\n<p>${P2}</p></body>\n</html>\n`;
    expect(article('page.txt', page)).toMatchObject({ title: TITLE, paragraphs: [P1, P2] });
    expect(article('page.txt', page.replaceAll('\n', '').slice('<!DOCTYPE html>'.length))).toMatchObject({ title: TITLE, paragraphs: [P1, P2] });
  });

  it('reads an HTML body spread over several lines, with CRLF line ends', () => {
    const body = `<div>${SPAN} 　　${P1}</span></div>\r\n<div>&nbsp;</div>\r\n<p>${P2}</p>\r\n`;
    expect(article('a.txt', `${TITLE}\r\n${body}`)).toMatchObject({ title: TITLE, paragraphs: [P1, P2] });
  });

  it('keeps a year at the start of a title', () => {
    expect(article('a.txt', `2019中关村舞蹈节开幕\n${P1}\n`).title).toBe('2019中关村舞蹈节开幕');
    expect(article('a.txt', `12 2019中关村舞蹈节开幕.txt\n${P1}\n`).title).toBe('2019中关村舞蹈节开幕');
  });

  it('keeps a year at the start of a file-name title line ("2019年…txt")', () => {
    // an ordering number is never followed by 年: the digits belong to the title
    expect(article('a.txt', `2019年中关村舞蹈节开幕.txt\n${P1}\n`).title).toBe('2019年中关村舞蹈节开幕');
  });

  it('reads plain text one paragraph per line, with or without blank lines between', () => {
    const expected = { source: 'p.txt', title: '国务院常务会议', date: null, url: null, paragraphs: [P1, P2] };
    expect(article('p.txt', `国务院常务会议\n\n　　${P1}\n\n　　${P2}\n\n`)).toEqual(expected);
    expect(article('p.txt', `国务院常务会议\n${P1}\n${P2}`)).toEqual(expected);
    expect(article('p.txt', `国务院常务会议\r\n${P1}\r\n${P2}\r\n`)).toEqual(expected);
    // line ends of old Mac editors (a lone CR), and blank lines before the title
    expect(article('p.txt', `国务院常务会议\r${P1}\r${P2}\r`)).toEqual(expected);
    expect(article('p.txt', `\n\u3000\u3000\n\u200b\r\n国务院常务会议\n${P1}\n${P2}`)).toEqual(expected);
  });

  it('drops the characters that show nothing (zero-width spaces, soft hyphens, byte-order marks), in text, markup and titles', () => {
    expect(article('p.txt', `标\u200b题\n国家粮食局局长周\u200b建华表示，要\u00ad坚持稳中求进，认真落实。\n\u200b\u3000\u00a0\ufeff\u200b\n`)).toMatchObject({
      title: '标题',
      paragraphs: ['国家粮食局局长周建华表示，要坚持稳中求进，认真落实。'],
    });
    expect(article('p.html', '<h1>标&#8203;题</h1><p>市委书记李&#8203;强出席会议并讲话，要求各区认真落实。</p>')).toMatchObject({
      title: '标题',
      paragraphs: ['市委书记李强出席会议并讲话，要求各区认真落实。'],
    });
    // what joins characters into one (an emoji's ZWJ) stays in the text as shown
    const family = '社区举办家庭日活动，👨\u200d👩\u200d👧一家人参加了亲子阅读和手工制作，现场气氛热烈。';
    expect(article('e.txt', `标题\n${family}\n`).paragraphs).toEqual([family]);
    // a title of nothing else is no title: the page's <title> is taken, other formats are skipped
    expect(article('q.html', `<title>真标题</title><h1>&#8203;</h1><p>${P1}</p>`).title).toBe('真标题');
    expect(skipReason('q.md', `# \u200b\n\n${P1}\n`)).toBe('no title: neither front matter `title:` nor a heading');
    const line = parseArticleFile('q.jsonl', utf8(JSON.stringify({ id: 1, title: '\u200b', text: P1 })));
    expect(line).toEqual({ articles: [], skipped: [{ source: 'q.jsonl:1', reason: 'title: the title is empty' }] });
  });

  it('reads an ordering number and a date line typed in full-width digits', () => {
    expect(article('183.txt', `１８３${TITLE}.txt\n${P1}\n（２０１９年６月１１日）\n`)).toMatchObject({ title: TITLE, date: '2019-06-11' });
  });

  it('folds runs of white space inside a paragraph to one space', () => {
    expect(article('p.txt', `标题\n会议指出，\u3000\u00a0 要坚持稳中求进。  各地区要认真落实。\n`).paragraphs).toEqual([
      '会议指出， 要坚持稳中求进。 各地区要认真落实。',
    ]);
  });

  it('drops image placeholder lines, in plain text and in HTML bodies', () => {
    expect(article('p.txt', `标题\n${P1}\n---这里有图片---\n　　---这里有图片---　\n${P2}\n`).paragraphs).toEqual([P1, P2]);
    // several rules and placeholders on one line, as the source system joins them
    expect(article('q.txt', `标题\n${P1}\n------ ---这里有图片--- ------ ---这里有图片---\n${P2}\n`).paragraphs).toEqual([P1, P2]);
    const html = `<div>${SPAN}${P1}</span></div><div>---这里有图片---</div><div>${SPAN}${P2}</span></div>`;
    expect(article('h.txt', `标题\n${html}\n`).paragraphs).toEqual([P1, P2]);
  });

  it('takes the date from a date line, which stays, and the URL from a link line, which goes', () => {
    const text = `标题\n${P1}\n${P2}\n（2013年3月23日）\n原文链接：https://www.cac.gov.cn/2019-06/11/c_1124609125.htm\n`;
    expect(article('领导活动/2019-10-31/a.txt', text)).toEqual({
      source: '领导活动/2019-10-31/a.txt',
      title: '标题',
      date: '2013-03-23',
      url: 'https://www.cac.gov.cn/2019-06/11/c_1124609125.htm',
      paragraphs: [P1, P2, '（2013年3月23日）'],
    });
  });

  it('takes the date from a folder named by day when the text has none', () => {
    expect(article('领导活动/2019-10-31/习近平会见外宾.txt', `标题\n${P1}\n`).date).toBe('2019-10-31');
  });
});

describe('.html and .htm pages', () => {
  const page = `<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>网页标题 - 中国网信网</title>
<meta property="article:published_time" content="2019-06-11T09:30:00+08:00">
<link rel="canonical" href="https://www.cac.gov.cn/2019-06/11/c_1124609125.htm">
<script>var s = "<p>脚本不是正文</p>";</script>
</head><body>
<nav><a href="/">首页</a></nav>
<article>
<h1>  ${TITLE}\n</h1>
<p>　　${P1}</p>
<p>&nbsp;</p>
<p>${P2.slice(0, 10)}<strong>${P2.slice(10)}</strong></p>
</article>
</body></html>`;

  it('takes the title from <h1>, paragraphs from <p>, the date from article:published_time and the canonical URL', () => {
    expect(article('网信/a.html', page)).toEqual({
      source: '网信/a.html',
      title: TITLE,
      date: '2019-06-11',
      url: 'https://www.cac.gov.cn/2019-06/11/c_1124609125.htm',
      paragraphs: [P1, P2],
    });
  });

  it('takes the title from <title> when there is no <h1>, and reads .htm the same way', () => {
    const htm = `<html><head><title>国务院常务会议</title></head><body><p>${P1}</p><p>${P2}</p></body></html>`;
    expect(article('领导活动/2019-10-31/b.htm', htm)).toEqual({
      source: '领导活动/2019-10-31/b.htm',
      title: '国务院常务会议',
      date: '2019-10-31',
      url: null,
      paragraphs: [P1, P2],
    });
  });

  it('skips a page with neither <h1> nor <title>', () => {
    expect(skipReason('c.html', `<html><body><p>${P1}</p></body></html>`)).toContain('neither <h1> nor <title>');
  });
});

describe('.md articles', () => {
  it('takes title, date and URL from front matter', () => {
    const md = `---
title: 国务院常务会议部署稳就业
date: 2019-06-11
url: https://www.gov.cn/xinwen/2019-06/11/content_5399283.htm
---

${P1}

${P2.slice(0, 10)}**${P2.slice(10)}**
`;
    expect(article('政务/a.md', md)).toEqual({
      source: '政务/a.md',
      title: '国务院常务会议部署稳就业',
      date: '2019-06-11',
      url: 'https://www.gov.cn/xinwen/2019-06/11/content_5399283.htm',
      paragraphs: [P1, P2],
    });
  });

  it('takes the title from the first heading when there is no front matter, and does not repeat it as a paragraph', () => {
    const md = `# ${TITLE}\n\n${P1}\n\n## 小标题\n\n${P2}\n`;
    expect(article('领导活动/2019-10-31/b.md', md)).toEqual({
      source: '领导活动/2019-10-31/b.md',
      title: TITLE,
      date: '2019-10-31',
      url: null,
      paragraphs: [P1, '小标题', P2],
    });
  });

  it('takes the title from the first heading when the front matter title is empty', () => {
    const md = `---\ntitle: ""\ndate: 2019-06-11\n---\n\n# ${TITLE}\n\n${P1}\n`;
    expect(article('a.md', md)).toMatchObject({ title: TITLE, date: '2019-06-11', paragraphs: [P1] });
  });

  it('skips a Markdown file without any title', () => {
    expect(skipReason('c.md', `${P1}\n\n${P2}\n`)).toContain('no title');
  });
});

describe('.jsonl files', () => {
  const lines = [
    JSON.stringify({ id: 1, title: '标题一', text: `${P1}\n${P2}`, date: '2019年6月11日', url: 'https://example.cn/1' }),
    '',
    'this is not JSON',
    JSON.stringify({ id: 3, text: P1 }),
    JSON.stringify({ id: 'b', title: '标题二', paragraphs: [`　　${P2}`, '---这里有图片---', P1] }),
    JSON.stringify({ id: 1, title: '重复', text: P2 }),
    JSON.stringify({ id: 7, title: '既无 text 也无 paragraphs' }),
    JSON.stringify({ id: 'short', title: '太短', text: '只有几个字' }),
    JSON.stringify({ title: '无编号', text: P1 }),
  ];

  it('gives one article per good line, with `<file>#<id>` sources', () => {
    const result = parseArticleFile('news/items.jsonl', utf8(lines.join('\n')));
    expect(result.articles).toEqual([
      { source: 'news/items.jsonl#1', title: '标题一', date: '2019-06-11', url: 'https://example.cn/1', paragraphs: [P1, P2] },
      { source: 'news/items.jsonl#b', title: '标题二', date: null, url: null, paragraphs: [P2, P1] },
    ]);
  });

  it('skips each bad line with its line number and a reason, keeping the good lines', () => {
    const { skipped } = parseArticleFile('news/items.jsonl', utf8(lines.join('\n')));
    expect(skipped.map((s) => s.source)).toEqual([
      'news/items.jsonl:3',
      'news/items.jsonl:4',
      'news/items.jsonl:6',
      'news/items.jsonl:7',
      'news/items.jsonl:9',
      'news/items.jsonl#short',
    ]);
    expect(skipped[0]!.reason).toMatch(/^not JSON/u);
    expect(skipped[1]!.reason).toBe('title: is missing');
    expect(skipped[2]!.reason).toContain('id 1 repeats an earlier line');
    expect(skipped[3]!.reason).toContain('needs "text" or "paragraphs"');
    expect(skipped[4]!.reason).toBe('id: is missing');
    expect(skipped[5]!.reason).toContain('no body text');
  });

  it('reads a date given as a number, and keeps an article whose date it cannot read, without the date', () => {
    const dated = (date: unknown) => parseArticleFile('d.jsonl', utf8(JSON.stringify({ id: 1, title: '标题', text: P1, date })));
    expect(dated(20190611).articles[0]!.date).toBe('2019-06-11');
    // a timestamp in seconds is no day anyone can tell
    expect(dated(1706918400).articles[0]).toMatchObject({ source: 'd.jsonl#1', date: null, paragraphs: [P1] });
    expect(dated({ y: 2019 }).skipped).toEqual([{ source: 'd.jsonl:1', reason: 'date: must be a string or a number' }]);
  });
});

describe('text encodings', () => {
  const simplified = `国务院召开常务会议\n${P1}\n会议强调，各地区各部门要认真落实党中央决策部署，推动经济高质量发展。\n`;
  const traditional = `國務院召開常務會議\n會議指出，要堅持穩中求進工作總基調，推動經濟高質量發展。\n會議強調，各地區各部門要認真落實黨中央決策部署。\n`;

  it('reads UTF-8 with a BOM as without it', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(simplified)]);
    expect(article('a.txt', withBom)).toEqual(article('a.txt', simplified));
    expect(article('a.txt', withBom).title).toBe('国务院召开常务会议');
    const jsonl = JSON.stringify({ id: 1, title: '标题', text: P1 });
    expect(article('a.jsonl', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(jsonl)])).source).toBe('a.jsonl#1');
  });

  it('reads GBK and GB18030 files as the same text', () => {
    const expected = article('a.txt', simplified);
    expect(article('a.txt', iconv.encode(simplified, 'gbk'))).toEqual(expected);
    expect(article('a.txt', iconv.encode(simplified, 'gb18030'))).toEqual(expected);
    expect(decode(iconv.encode(simplified, 'gbk'))).toEqual({ text: simplified, encoding: 'GB18030' });
  });

  it('reads Big5 files as the same text', () => {
    expect(article('a.txt', iconv.encode(traditional, 'big5'))).toEqual(article('a.txt', traditional));
    expect(decode(iconv.encode(traditional, 'big5'))).toEqual({ text: traditional, encoding: 'Big5' });
  });

  it('reads UTF-16 with a BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(simplified, 'utf16le')]);
    expect(decode(le)).toEqual({ text: simplified, encoding: 'UTF-16LE' });
  });

  it('reads UTF-32 with a BOM, whose little-endian mark begins as the UTF-16 one does', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), iconv.encode(simplified, 'utf32le')]);
    expect(decode(le)).toEqual({ text: simplified, encoding: 'UTF-32LE' });
    const be = Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), iconv.encode(simplified, 'utf32be')]);
    expect(decode(be)).toEqual({ text: simplified, encoding: 'UTF-32BE' });
  });

  it('keeps UTF-8 with stray bytes as UTF-8: a few, or many fewer than its characters beyond ASCII, never one in ten', () => {
    const encodingOf = (bytes: Uint8Array) => decode(bytes)?.encoding ?? 'skipped';
    // n bytes 0xFF (never valid in UTF-8) between characters, spread over the text
    const stray = (text: string, n: number) => {
      const chars = [...text];
      const parts = Array.from({ length: n + 1 }, (_, i) => chars.slice((i * chars.length) / (n + 1), ((i + 1) * chars.length) / (n + 1)).join(''));
      return Buffer.concat(parts.flatMap((p, i) => (i ? [Buffer.from([0xff]), utf8(p)] : [utf8(p)])));
    };
    // a last character cut in half (a truncated download)
    const cut = utf8(simplified).slice(0, -2);
    expect(decode(cut)).toEqual({ text: `${simplified.slice(0, -2)}\uFFFD`, encoding: 'UTF-8 (with invalid bytes)' });
    expect(encodingOf(stray(simplified, 3))).toBe('UTF-8 (with invalid bytes)');
    // 80 characters, 74 of them beyond ASCII: 8 stray bytes are damage, 12 are more than one in ten (no encoding known)
    expect(decode(stray(simplified, 8))).toEqual({ text: stray(simplified, 8).toString('utf8'), encoding: 'UTF-8 (with invalid bytes)' });
    expect(encodingOf(stray(simplified, 12))).not.toMatch(/^UTF-8/);
    // ASCII only around the stray bytes: nothing says UTF-8 any more than another encoding
    expect(encodingOf(stray('The State Council met on Wednesday to discuss the economy and the budget.', 4))).not.toMatch(/^UTF-8/);
    const long = simplified.repeat(100);
    expect(encodingOf(stray(long, 40))).toBe('UTF-8 (with invalid bytes)');
  });

  it('reads GBK with much ASCII as GBK, though some of its pairs read as UTF-8 characters', () => {
    // as UTF-8: 8 characters beyond ASCII and 8 bad bytes among 120 characters (UTF-8 wants four times as many)
    const text = `院召开 好当前 院召开 好当前 ${'http://www.gov.cn/xinwen/2019-06/11/content_5399081.htm '.repeat(2)}\n`;
    expect(decode(iconv.encode(text, 'gbk'))).toEqual({ text, encoding: 'GB18030' });
  });

  it('reads Latin-1 letters in UTF-8 Chinese text as bad bytes, not the whole text as GB18030', () => {
    // é n, é l, é g, ü r are valid GBK pairs: GB18030 read this "cleanly", every Chinese character another one
    const latin1 = iconv.encode('Did Zhuang Rongwén meet the délégation from Zürich?', 'latin1');
    const bytes = Buffer.concat([utf8(simplified), latin1]);
    expect(decode(bytes)).toEqual({ text: `${simplified}Did Zhuang Rongw\uFFFDn meet the d\uFFFDl\uFFFDgation from Z\uFFFDrich?`, encoding: 'UTF-8 (with invalid bytes)' });
    expect(article('a.txt', bytes).title).toBe('国务院召开常务会议');
  });

  it('skips bytes that are no encoding it knows', () => {
    expect(skipReason('a.txt', new Uint8Array([0xff, 0xff, 0xff, 0x80, 0x80]))).toContain('unknown text encoding');
  });
});

describe('files that are skipped', () => {
  it('skips an empty file', () => {
    expect(skipReason('empty.txt', '')).toBe('the file is empty');
  });

  it('skips a file with a title and no body', () => {
    expect(skipReason('title-only.txt', '国务院常务会议\n')).toContain('no body text');
    expect(skipReason('title-only.txt', '国务院常务会议\n---这里有图片---\n\n')).toContain('no body text (0 characters');
    expect(skipReason('title-only.md', '# 国务院常务会议\n')).toContain('no body text');
  });

  it('skips a file whose body is under 20 characters', () => {
    expect(skipReason('short.txt', '标题\n一二三四五六七八九十一二三四五六七八九\n')).toContain('no body text (19 characters');
    expect(article('enough.txt', '标题\n一二三四五六七八九十一二三四五六七八九十\n').paragraphs).toEqual([
      '一二三四五六七八九十一二三四五六七八九十',
    ]);
  });

  it('skips an unsupported file type, naming it', () => {
    expect(skipReason('附件/说明.pdf', utf8('%PDF-1.4'))).toBe('unsupported file type ".pdf"');
    expect(skipReason('README', utf8(P1))).toBe('unsupported file type "(none)"');
  });

  it('reads an extension in capitals like one in lower case', () => {
    expect(article('OLD/A.TXT', `标题\n${P1}\n`).title).toBe('标题');
  });
});

describe('dates', () => {
  it('normalises the date forms articles use', () => {
    expect(normaliseDate('2019-06-11')).toBe('2019-06-11');
    expect(normaliseDate('2019/6/1')).toBe('2019-06-01');
    expect(normaliseDate('2019年6月11日')).toBe('2019-06-11');
    expect(normaliseDate('2019-06-11T09:30:00+08:00')).toBe('2019-06-11');
    // in Chinese numerals, and in ISO 8601's basic form (alone or before a time)
    expect(normaliseDate('二〇一九年十月三十一日')).toBe('2019-10-31');
    expect(normaliseDate('二〇二〇年二月二十九日')).toBe('2020-02-29');
    expect(normaliseDate('20190611')).toBe('2019-06-11');
    expect(normaliseDate('20190611T093000')).toBe('2019-06-11');
    // not a longer run of digits, nor a day and month in an order the text does not say
    expect(normaliseDate('1706918400')).toBeNull();
    expect(normaliseDate('03/08/2023')).toBeNull();
    expect(normaliseDate('2019-13-01')).toBeNull();
    // a day the month has not
    expect(normaliseDate('2019-02-29')).toBeNull();
    expect(normaliseDate('2020年2月29日')).toBe('2020-02-29');
    expect(normaliseDate('2019年4月31日')).toBeNull();
    expect(normaliseDate('六月')).toBeNull();
    expect(normaliseDate(null)).toBeNull();
  });

  it('finds a day folder anywhere in the path, but not in the file name', () => {
    expect(dateFromPath('领导活动/2019-10-31/a.txt')).toBe('2019-10-31');
    expect(dateFromPath('2019-10-31/领导活动/a.txt')).toBe('2019-10-31');
    expect(dateFromPath('领导活动/2019-10-31.txt')).toBeNull();
    expect(dateFromPath('领导活动/2019-10/a.txt')).toBeNull();
  });
});

describe('listArticleFiles', () => {
  let root: string;
  // U+3000 and U+00A0 in names: they must come back byte for byte, not trimmed or folded
  const deep = `领导 活动\u3000专题\u00a0/2019-10-31/183 中央网信办\u3000召开\u00a0会议.txt`;
  const decomposed = 'cafe\u0301.md';

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'wenda-articles-'));
    const files: Record<string, string> = {
      [deep]: `183 中央网信办\u3000召开\u00a0会议.txt\n${HTML_BODY}\n`,
      [decomposed]: `# 标题\n\n${P1}\n`,
      'b.md': `# 标题\n\n${P2}\n`,
      '资料/说明.pdf': '%PDF-1.4',
      '.DS_Store': '',
      '.git/config': '[core]',
      '资料/.隐藏.txt': `标题\n${P1}\n`,
    };
    for (const [rel, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), content);
    }
    await mkdir(path.join(root, '空的文件夹'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lists every file below the root, relative with "/", sorted, names exactly as on disk, hidden ones left out', async () => {
    expect((await listArticleFiles(root)).map((f) => f.source)).toEqual(['b.md', decomposed, '资料/说明.pdf', deep]);
  });

  it('gives sources that read back from disk and parse with the same source', async () => {
    const files = (await listArticleFiles(root)).map((f) => f.source);
    const source = files.at(-1)!;
    expect(source).toBe(deep);
    expect(article(source, await readFile(path.join(root, ...source.split('/'))))).toEqual({
      source: deep,
      title: '中央网信办 召开 会议',
      date: '2019-10-31',
      url: null,
      paragraphs: [P1, P2],
    });
  });
});
