import { spawnSync } from 'node:child_process';
import iconv from 'iconv-lite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedLines } from '../src/console.js';
import { articlesWith, childEnv, CLI, tempDir } from './helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('wenda start without a token', () => {
  it('builds the index on first run, then answers /ask and /who lines until the input ends', () => {
    const articles = articlesWith(dir);
    const run = spawnSync(process.execPath, [CLI, 'start'], {
      cwd: dir,
      input: '/who 庄荣文\n/ask 动员大会是哪天开的\n中央第15指导组组长是谁\n/help\nhelp\n/weather 北京\n/reindex\n/WHO 陈凤翔\nexit\n/who 庄荣文\n',
      encoding: 'utf8',
      env: childEnv({ WENDA_ARTICLES: articles, WENDA_INDEX: path.join(dir, 'index') }),
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('no index yet: building one from');
    const out = run.stdout;
    expect(out).toContain('庄荣文\n  中央宣传部副部长 — 1 article');
    expect(out).toMatch(/1\. 中央网信办召开“不忘初心、牢记使命”主题教育动员大会[\s\S]*» 中央网信办“不忘初心、牢记使命”主题教育动员大会6月11日上午举行。/);
    expect(out).toContain('中央第15指导组组长陈凤翔出席并讲话');
    expect(out).toContain('Type a question, or /ask QUESTION, or /who NAME-OR-TITLE.');
    expect(out).toContain('Unknown command /weather.');
    // help without its slash too, and the bot's rebuild named as such
    expect(out).toContain('Q: help\nType a question, or /ask QUESTION, or /who NAME-OR-TITLE.');
    expect(out).toContain('/reindex is the bot\'s: here, run "wenda index build". Type a question');
    // commands in any case, as typed
    expect(out).toContain('陈凤翔\n  中央第15指导组组长');
    // exit ends it: nothing after it is answered
    expect(out.trimEnd().endsWith('Q: exit')).toBe(false);
    expect(out.split('Q: /who 庄荣文')).toHaveLength(2);
  });
});

describe('boundedLines', () => {
  async function* chunks(...parts: (string | Buffer)[]) {
    yield* parts;
  }
  const all = async (lines: AsyncGenerator<string | null>) => {
    const out: (string | null)[] = [];
    for await (const line of lines) out.push(line);
    return out;
  };

  it('gives the lines across chunks, without their ends, and a character split between chunks whole', async () => {
    const bytes = Buffer.from('问答\n');
    expect(await all(boundedLines(chunks('ab', 'c\nde', 'f\r\n', bytes.subarray(0, 2), bytes.subarray(2), 'last'), 10))).toEqual(['abc', 'def', '问答', 'last']);
    // a lone \r ends a line too, and \r\n split between chunks is one line end
    expect(await all(boundedLines(chunks('a\rb\r', '\nc\r\n\nd'), 10))).toEqual(['a', 'b', 'c', '', 'd']);
  });

  it('reads piped questions in the encoding their first bytes show: GBK and UTF-16 as UTF-8', async () => {
    const lines = ['中央网信办主题教育动员大会是哪天召开的', '庄荣文在动员大会上强调要着重做好哪几个方面的工作', '中央第15指导组组长是谁'];
    const text = lines.join('\n') + '\n';
    // each cut in two inside the last line's last character
    for (const [bytes, back] of [[iconv.encode(text, 'gbk'), 2], [iconv.encode(text, 'utf16le', { addBOM: true }), 3], [Buffer.from(text), 2]] as const) {
      const cut = bytes.length - back;
      expect(await all(boundedLines(chunks(bytes.subarray(0, cut), bytes.subarray(cut)), 100))).toEqual(lines);
    }
    // a first line in ASCII chooses nothing; a short line in GBK, which Big5 reads too, is read as GBK
    expect(await all(boundedLines(chunks(Buffer.from('Xi Jinping\n'), iconv.encode('会议由谁主持？\n', 'gbk')), 100))).toEqual(['Xi Jinping', '会议由谁主持？']);
  });

  it('reads UTF-8 questions with a line of Latin-1 letters among them as UTF-8, that line with bad characters only', async () => {
    const latin1 = iconv.encode('Did Zhuang Rongwén meet the délégation from Zürich?\n', 'latin1');
    const bytes = Buffer.concat([Buffer.from('南平有多少干部下沉一线\n中央网信办主任是谁\n'), latin1]);
    expect(await all(boundedLines(chunks(bytes), 100))).toEqual(['南平有多少干部下沉一线', '中央网信办主任是谁', 'Did Zhuang Rongw\uFFFDn meet the d\uFFFDl\uFFFDgation from Z\uFFFDrich?']);
  });

  it('gives a line longer than the bound as null, keeping none of it, and goes on with the next', async () => {
    expect(await all(boundedLines(chunks('ok\n', 'x'.repeat(8), 'x'.repeat(8), 'x\nnext\n'), 10))).toEqual(['ok', null, 'next']);
    // the input ends inside the long line
    expect(await all(boundedLines(chunks('x'.repeat(11)), 10))).toEqual([null]);
  });
});
