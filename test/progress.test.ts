import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/index/build.js';
import { buildProgress } from '../src/progress.js';
import { tempDir, writeFiles } from './helpers/fixtures.js';

/** What a terminal shows of what was written to it: the cursor moves, saves and line clearing the bars use, applied. */
function screen(written: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let saved = [0, 0];
  for (const [, csi, arg, command, esc, char] of written.matchAll(/(\x1b\[([?\d;]*)([A-Za-z]))|\x1b([78])|([\s\S])/gu)) {
    if (esc === '7') saved = [row, col];
    else if (esc === '8') [row, col] = saved as [number, number];
    else if (csi && command === 'G') col = Number(arg || 1) - 1;
    else if (csi && (command === 'A' || command === 'B')) row += (command === 'A' ? -1 : 1) * Number(arg || 1);
    else if (csi && command === 'K') rows[row] = arg === '2' ? [] : rows[row]!.slice(0, col);
    else if (csi) continue; // cursor shown or hidden, line wrapping
    else if (char === '\r') col = 0;
    else if (char === '\n') [row, col] = [row + 1, 0];
    else rows[row]![col++] = char!;
    while (rows.length <= row) rows.push([]);
  }
  return rows.map((r) => Array.from(r, (c) => c ?? ' ').join(''));
}

/** A terminal 100 columns wide that keeps what is written to it. */
function terminal(): { stream: NodeJS.WriteStream; written: () => string } {
  let written = '';
  const stream = { isTTY: true, columns: 100, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
  return { stream, written: () => written };
}

describe('build progress on a terminal', () => {
  it('lists skipped files and notices above the bar, one line each, without blank lines between them', () => {
    const { stream, written } = terminal();
    const progress = buildProgress(stream);
    progress.phase('reading articles', 3);
    progress.tick();
    progress.skipped({ source: 'a.txt', reason: 'the file is empty' });
    progress.skipped({ source: 'b.txt', reason: 'the file is empty' });
    progress.notice('something to know');
    progress.tick();
    progress.phase('finding people and terms');
    expect(screen(written())).toEqual([
      'skipped a.txt: the file is empty',
      'skipped b.txt: the file is empty',
      'wenda: something to know',
      expect.stringMatching(/^reading articles \[[█░]+\] 2\/3$/u),
      'finding people and terms…',
      '',
    ]);
  });
});

describe('the end of a build on a terminal', () => {
  const HIDE = '\x1b[?25l';
  const SHOW = '\x1b[?25h';
  const { dir, cleanup } = tempDir();
  afterAll(() => cleanup());

  it('closes a bar still drawn and shows the cursor again', () => {
    const { stream, written } = terminal();
    const progress = buildProgress(stream);
    progress.phase('reading articles', 3);
    progress.tick();
    expect(written().lastIndexOf(HIDE)).toBeGreaterThan(written().lastIndexOf(SHOW));
    progress.end();
    expect(written().lastIndexOf(SHOW)).toBeGreaterThan(written().lastIndexOf(HIDE));
  });

  it('is said by a build that fails, after everything else it said', async () => {
    writeFiles(dir, { 'articles/empty.txt': '' });
    const calls: string[] = [];
    const progress = { phase: (name: string) => calls.push(name), tick() {}, skipped: () => calls.push('skipped'), notice() {}, end: () => calls.push('end') };
    await expect(buildIndex({ articlesDir: `${dir}/articles`, indexDir: `${dir}/index`, progress })).rejects.toThrow(/no article could be indexed/u);
    expect(calls.at(-1)).toBe('end');
    expect(calls.filter((c) => c === 'end')).toHaveLength(1);
  });
});
