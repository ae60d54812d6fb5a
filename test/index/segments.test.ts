import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndex, segmentsToMerge, type BuildReport } from '../../src/index/build.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { search } from '../../src/retrieval/search.js';
import { MAX_SEGMENTS, openGeneration } from '../../src/store/segments.js';
import { articlesWith, plainArticle, TAX_ARTICLE, tempDir, writeFiles } from '../helpers/fixtures.js';

// the glossary's edition as a test sets it (another CC-CEDICT or other key rules), and how many keys each build ranked
const edition = vi.hoisted(() => ({ other: null as string | null, ranked: [] as number[] }));
vi.mock('../../src/index/glossary.js', async (importOriginal) => {
  const glossary = await importOriginal<typeof import('../../src/index/glossary.js')>();
  return {
    ...glossary,
    glossaryEdition: () => edition.other ?? glossary.glossaryEdition(),
    updateGlossary: (...args: Parameters<typeof glossary.updateGlossary>) => {
      const update = glossary.updateGlossary(...args);
      edition.ranked.push(update.lists.size);
      return update;
    },
  };
});

// a paragraph (long enough to be a passage of its own) three files share: one passage with two sources, whichever segments the files were first written to
const SHARED = '会议要求，各级党组织要把学习成果转化为推动高质量发展的实际行动，切实解决群众急难愁盼问题，以实干实绩检验主题教育成效，确保各项任务落地见效。';
const NDRC = plainArticle('国家发展改革委召开主题教育推进会', [
  '7月2日，国家发展改革委召开主题教育推进会，国家发展改革委副主任李斌出席并讲话，要求各司局把调查研究成果转化为政策举措。',
  SHARED,
]);
const HEALTH = plainArticle('江西省卫生健康委开展专题调研', [
  '8月5日，江西省卫生健康委主任李斌带队赴赣州调研基层医疗服务，走访乡镇卫生院和村卫生室，听取基层医务人员意见。',
  // 周文斌 stands where only a known name is read: he becomes one when CLEAN names him with his title
  '与会人员认真学习周文斌书记讲话精神，表示要把基层医疗各项措施落到实处，坚决守住安全底线，确保人民群众生命健康安全。',
]);
const FLOOD = plainArticle('南平市防汛工作会议', [
  '南平市召开防汛工作会议，部署今年汛期各项工作，要求各县区派出工作组深入一线，排查隐患点三百余处。',
  '市长张红梅强调，要压实清廉机关建设责任，确保防汛物资和资金使用规范透明。',
]);
const ELDERLY = plainArticle('市民政局局长吕中华调研社区养老服务', [
  '9月3日，调研组走访了三个社区的养老服务中心，听取老人和家属的意见建议，要求提升助餐和上门照护服务质量，加快补齐农村养老服务短板。',
  SHARED,
]);
// quotes 清廉机关 twice: the word is learned, and FLOOD (which writes it unquoted) must be cut with it too
const CLEAN = plainArticle('市直机关推进“清廉机关”建设', [
  '市直机关工委召开会议，部署推进“清廉机关”建设，市委副书记周文斌出席并讲话。',
  '会议指出，“清廉机关”建设要与业务工作同部署同落实，营造风清气正的良好氛围。',
]);
const SCHOOL = plainArticle('市教育局召开秋季开学工作会议', [
  '8月28日，市教育局召开秋季开学工作会议，局长陈晓东要求各校做好校园安全排查和教学准备工作，确保新学期各项工作平稳有序开展。',
  SHARED,
]);

const QUESTIONS = [
  '办税平均用时压缩到多少分钟',
  '李斌是谁',
  '清廉机关建设有什么要求',
  '防汛工作会议排查了多少隐患点',
  '学习成果转化为什么',
  '养老服务中心',
  '秋季开学工作会议',
  '中央网信办主题教育动员大会是哪天召开的',
  'How long does it take to handle tax matters',
  'flood control meeting',
];
const NAMES = ['李斌', '吕中华', '张红梅', '周文斌', '陈晓东', '王建国'];

/**
 * What a user sees of an index: answers (ties in any order: ids differ between indexes) and /who; and the corpus-wide
 * data behind them, the glossary (English questions) and the vocabulary (tokens).
 */
function answersOf(index: string): unknown {
  const reader = IndexReader.open(index);
  const { db } = openGeneration(path.join(index, 'current'));
  try {
    return {
      glossary: db.prepare('SELECT key, words FROM glossary ORDER BY key').all(),
      // what the next rebuild updates the glossary from
      dictionary: db.prepare('SELECT key, passages FROM dictionary_counts ORDER BY key').raw().all(),
      vocabulary: db.prepare('SELECT word FROM vocabulary ORDER BY word').pluck().all(),
      counts: [reader.passageCount, reader.articleCount],
      answers: QUESTIONS.map((q) => {
        const result = search(reader, q, 10);
        const answers = result.answers.map(({ source, sources, paragraph, text, score }) => ({ source, sources, paragraph, text, score }));
        return { noAnswer: result.noAnswer, answers: answers.sort((a, b) => b.score - a.score || a.source.localeCompare(b.source) || a.paragraph - b.paragraph) };
      }),
      who: NAMES.map((name) => reader.people.who(name)),
    };
  } finally {
    reader.close();
    db.close();
  }
}

let dir: string;
let cleanup: () => void;
let articles: string;
const incremental = () => path.join(dir, 'incremental');
const segments = () => readdirSync(path.join(incremental(), 'current')).filter((f) => f.startsWith('segment-'));

/** Rebuilds the incremental index and a fresh one of the same folder; they must answer alike. */
async function rebuildAndCompare(): Promise<BuildReport> {
  const report = await buildIndex({ articlesDir: articles, indexDir: incremental() });
  const fresh = path.join(dir, 'fresh');
  rmSync(fresh, { recursive: true, force: true });
  await buildIndex({ articlesDir: articles, indexDir: fresh });
  expect(answersOf(incremental())).toEqual(answersOf(fresh));
  return report;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  articles = articlesWith(dir, { 'tax.txt': TAX_ARTICLE, 'ndrc.txt': NDRC, 'health.txt': HEALTH, 'flood.txt': FLOOD });
  await buildIndex({ articlesDir: articles, indexDir: incremental() });
});
afterAll(() => cleanup());

describe('a segmented index', () => {
  it('answers as a fresh build after an article that shares a passage with an old one is added', async () => {
    writeFiles(articles, { 'elderly.txt': ELDERLY });
    const report = await rebuildAndCompare();
    expect(report.parsedFiles).toBe(1);
    // ndrc.txt holds the shared passage: it moves into the new segment, the rest stays where it was
    expect(report.tokenizedPassages).toBeLessThan(report.passages);
    expect(segments()).toHaveLength(2);
  });

  it('answers as a fresh build after an article teaches the vocabulary a word old passages hold', async () => {
    writeFiles(articles, { 'clean.txt': CLEAN });
    await rebuildAndCompare();
  });

  it('answers as a fresh build after articles change and are deleted', async () => {
    writeFiles(articles, { 'health.txt': HEALTH.replace('8月5日', '8月6日'), 'school.txt': SCHOOL });
    rmSync(path.join(articles, 'tax.txt'));
    await rebuildAndCompare();
    rmSync(path.join(articles, 'ndrc.txt'));
    await rebuildAndCompare();
  });

  it('publishes nothing when nothing changed, and says so', async () => {
    const before = readdirSync(path.join(incremental(), 'generations'));
    const report = await buildIndex({ articlesDir: articles, indexDir: incremental() });
    expect(report).toMatchObject({ unchanged: true, parsedFiles: 0, generation: path.join(incremental(), 'generations', before[0]!) });
    expect(readdirSync(path.join(incremental(), 'generations'))).toEqual(before);
    // a file that changes back and forth is a change
    writeFiles(articles, { 'flood.txt': FLOOD.replace('三百余处', '三百多处') });
    expect((await buildIndex({ articlesDir: articles, indexDir: incremental() })).unchanged).toBe(false);
    writeFiles(articles, { 'flood.txt': FLOOD });
    expect((await buildIndex({ articlesDir: articles, indexDir: incremental() })).unchanged).toBe(false);
    // so is a glossary made otherwise, though no article changed
    edition.other = 'cc-cedict@2/keys 2';
    expect((await buildIndex({ articlesDir: articles, indexDir: incremental() })).unchanged).toBe(false);
    expect((await buildIndex({ articlesDir: articles, indexDir: incremental() })).unchanged).toBe(true);
    edition.other = null;
  });

  it('answers as a fresh build across many small rebuilds, its segments merged on the way', async () => {
    for (let i = 0; i < MAX_SEGMENTS + 2; i++) {
      writeFiles(articles, { [`note-${i}.txt`]: plainArticle(`第${i + 1}次工作例会`, [`第${i + 1}次工作例会听取了${i + 3}个部门的工作汇报，研究部署下阶段重点任务和督查事项。`]) });
      await buildIndex({ articlesDir: articles, indexDir: incremental() });
      expect(segments().length).toBeLessThanOrEqual(MAX_SEGMENTS);
    }
    writeFileSync(path.join(articles, 'note-0.txt'), plainArticle('第1次工作例会', ['第1次工作例会改期举行，具体时间另行通知。']));
    await rebuildAndCompare();
  }, 180_000); // eleven builds: past a minute when the machine is shared
});

describe('a rebuild that keeps a segment', () => {
  it('ranks again only the glossary keys whose words an added article moved, as a fresh build ranks them', async () => {
    const root = path.join(dir, 'kept');
    const folder = articlesWith(root, { 'tax.txt': TAX_ARTICLE, 'ndrc.txt': NDRC, 'health.txt': HEALTH, 'flood.txt': FLOOD, 'clean.txt': CLEAN, 'school.txt': SCHOOL });
    const index = path.join(root, 'index');
    await buildIndex({ articlesDir: folder, indexDir: index });
    // one passage: the segment written first is far larger, so it is kept
    writeFiles(folder, { 'relief.txt': plainArticle('南平市转移受灾群众', ['南平市连夜转移受灾群众一千余人，安置点提供饮用水、食品和医疗服务，确保群众生命财产安全。']) });
    edition.ranked = [];
    await buildIndex({ articlesDir: folder, indexDir: index });
    await buildIndex({ articlesDir: folder, indexDir: path.join(root, 'fresh') });
    expect(answersOf(index)).toEqual(answersOf(path.join(root, 'fresh')));
    const [rebuild, fresh] = edition.ranked;
    expect(rebuild).toBeGreaterThan(0);
    expect(rebuild! * 4).toBeLessThan(fresh!);
  });
});

describe('the merge policy', () => {
  it('merges, from the newest back, the segments not much larger than what is written', () => {
    expect([...segmentsToMerge([10_000, 1_000, 200, 30], [10_000, 1_000, 200, 30], 10)].sort()).toEqual([3]);
    expect([...segmentsToMerge([10_000, 1_000, 200, 30], [10_000, 1_000, 200, 30], 50)].sort()).toEqual([1, 2, 3]);
  });

  it('merges a segment mostly deleted, and old ones beyond the cap', () => {
    expect([...segmentsToMerge([10_000, 100], [30_000, 100], 1)]).toEqual([0]);
    const many = Array.from({ length: MAX_SEGMENTS }, (_, i) => 10 ** (MAX_SEGMENTS - i));
    expect([...segmentsToMerge(many, many, 1)]).toEqual([MAX_SEGMENTS - 1]);
  });
});
