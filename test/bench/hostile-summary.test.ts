import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSummary } from '../../bench/hostile-summary.js';
import { buildIndex } from '../../src/index/build.js';
import { UNKNOWN_ENCODING } from '../../src/text/decode.js';
import { articlesWith, tempDir } from '../helpers/fixtures.js';
import { ordinaryArticle } from '../helpers/hostile-files.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('the hostile bench\'s summary of its build', () => {
  it('counts skipped files as the build\'s summary does, apart from the lines of what was left out', async () => {
    const articles = articlesWith(dir, {
      'ordinary.txt': ordinaryArticle(1),
      // indexed without its long paragraph: a line, not a skipped file
      'partly.txt': `${ordinaryArticle(2)}\n${'长'.repeat(150_000)}`,
      // two articles and two bad lines: a line each, the file indexed
      'lines.jsonl': ['{"id":1,"title":"一","text":"市政府召开常务会议，研究部署城市更新工作，要求各部门密切配合。"}', '{"id":', '{"id":2,"title":"二","text":"各区加快推进老旧小区改造项目落地，确保年底前完成全部改造任务。"}', 'x'].join('\n'),
      'empty.txt': '只有标题',
      'notes.docx': 'x',
      'junk.txt': Uint8Array.from({ length: 10_000 }, (_, k) => (k * 7919) % 256),
    });
    const report = await buildIndex({ articlesDir: articles, indexDir: path.join(dir, 'index') });
    const [files, lines, ...reasons] = buildSummary(report, 2);
    // the article articlesWith always holds, and the six above
    expect(files).toBe(`build finished in 2.0 s: ${report.articles} articles, ${report.passages} passages from 7 files (4 read, 3 skipped)`);
    expect(lines).toBe('left out, by reason (6 lines):');
    expect(reasons).toContain('  1 × paragraph N left out: N characters, over the limit of N (WENDA_MAX_PARAGRAPH_CHARS); the rest is indexed');
    // the figures of a reason go, not the digits of a name
    expect(reasons).toContain(`  1 × ${UNKNOWN_ENCODING}`);
    expect(reasons.reduce((n, r) => n + Number(/^ {2}(\d+) × /u.exec(r)![1]), 0)).toBe(6);
  });
});
