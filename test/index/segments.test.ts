import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndex, type BuildReport } from '../../src/index/build.js';
import { segmentsToMerge } from '../../src/index/moving-files.js';
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

// words a test adds to the curated dictionary (data/dictionary/gov-terms.txt), as an admin edits it
const curated = vi.hoisted(() => ({ added: [] as string[] }));
vi.mock('../../src/text/lexicon.js', async (importOriginal) => {
  const lexicon = await importOriginal<typeof import('../../src/text/lexicon.js')>();
  return { ...lexicon, readDictionary: (name: string) => [...lexicon.readDictionary(name), ...(name === 'gov-terms.txt' ? curated.added.map((w) => [w]) : [])] };
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
const BUREAU = plainArticle('区纪委监委推进清廉机关建设', [
  '区纪委监委召开专题会议，研究部署年度监督检查重点工作，要求各派驻机构聚焦主责主业，做实做细日常监督。',
]);
const SCHOOL = plainArticle('市教育局召开秋季开学工作会议', [
  '8月28日，市教育局召开秋季开学工作会议，局长陈晓东要求各校做好校园安全排查和教学准备工作，确保新学期各项工作平稳有序开展。',
  SHARED,
]);

const QUESTIONS = [
  '传于军中的是什么',
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
  '线上线下同步举行主题宣讲',
];
const NAMES = ['李斌', '吕中华', '张红梅', '周文斌', '陈晓东', '王建国', '于军'];

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
      vocabulary: db.prepare('SELECT word, name FROM vocabulary ORDER BY word').raw().all(),
      counts: [reader.passageCount, reader.articleCount],
      // what the manifest says of the index (read, not counted, by status and the bot)
      manifest: (JSON.parse(readFileSync(path.join(index, 'current', 'manifest.json'), 'utf8')) as { counts: unknown }).counts,
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

/** Rebuilds an incremental index and a fresh one of the same folder beside it; they must answer alike. */
async function rebuildAndCompare(folder = articles, index = incremental()): Promise<BuildReport> {
  const report = await buildIndex({ articlesDir: folder, indexDir: index });
  const fresh = path.join(path.dirname(index), 'fresh');
  rmSync(fresh, { recursive: true, force: true });
  await buildIndex({ articlesDir: folder, indexDir: fresh });
  expect(answersOf(index)).toEqual(answersOf(fresh));
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

  it('answers as a fresh build after an article teaches the vocabulary a word old passages and titles hold', async () => {
    // a title alone holds the word here: its article's terms are cut otherwise once it is learned
    writeFiles(articles, { 'bureau.txt': BUREAU });
    await buildIndex({ articlesDir: articles, indexDir: incremental() });
    writeFiles(articles, { 'clean.txt': CLEAN });
    await rebuildAndCompare();
  });

  it('answers as a fresh build after a name becomes a quoted term, which weighs otherwise', async () => {
    // 于军 found as a name (区委书记于军) leaves 传于军中 as 传, 于, 军中; quoted twice, it is a word wherever it stands
    writeFiles(articles, { 'district.txt': DISTRICT, 'army.txt': ARMY });
    await rebuildAndCompare();
    writeFiles(articles, { 'quoted.txt': QUOTED_NAME });
    await rebuildAndCompare();
  });

  it('answers as a fresh build after articles change and are deleted', async () => {
    writeFiles(articles, { 'health.txt': HEALTH.replace('8月5日', '8月6日'), 'school.txt': SCHOOL });
    rmSync(path.join(articles, 'tax.txt'));
    await rebuildAndCompare();
    rmSync(path.join(articles, 'ndrc.txt'));
    await rebuildAndCompare();
  });

  it('answers as a fresh build after a word is added to the curated dictionary and taken out again', async () => {
    // 排查隐患点 is cut 排查, 隐患, 点; kept whole once the dictionary holds 隐患点, in the passages already indexed too
    const indexed = () => {
      const reader = IndexReader.open(incremental());
      try {
        return reader.posting('w:隐患点') !== null;
      } finally {
        reader.close();
      }
    };
    expect(indexed()).toBe(false);
    curated.added = ['隐患点'];
    try {
      const report = await rebuildAndCompare();
      expect(report.parsedFiles).toBe(0);
      expect(indexed()).toBe(true);
    } finally {
      curated.added = [];
    }
    await rebuildAndCompare();
    expect(indexed()).toBe(false);
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

const DISTRICT = plainArticle('区委召开人大工作会议', ['10月29日，区委书记于军出席会议并讲话，要求做好新时代人大工作，支持和保证人大依法行使职权。']);
const ARMY = plainArticle('宋代神将故事', ['主将大喜，当下设宴款待，传于军中，士气大振，众将士纷纷表示愿随神将一同出征讨贼，保境安民。']);
const QUOTED_NAME = plainArticle('剧目名录', ['新排剧目“于军”首演成功，“于军”一剧讲述了边防战士的成长故事，受到观众和专家的一致好评。']);

// the closing paragraph of one organiser's reports, word for word in each: one passage that several files hold
const CLOSING = '本次活动由市委宣传部主办，市文明办和市总工会协办，全市一百二十个单位的两千余名干部职工参加了线上线下同步举行的主题宣讲，各单位还将结合实际组织分众化、互动化的宣讲活动。';
const talk = (place: string, first: string, closing = true) => plainArticle(`${place}举办主题宣讲`, closing ? [first, CLOSING] : [first]);
const PARK = '滨江公园露天剧场举办主题宣讲，社区居民和游客三百余人现场聆听，宣讲员结合亲身经历讲述了滨江两岸三十年来从荒滩到城市客厅的巨大变化，赢得现场观众阵阵掌声。';

describe('a passage that several articles share', () => {
  let folder: string;
  let index: string;
  /** The shared passage's first article (what it is quoted from) and every article holding it, as the reader gives them. */
  const closingPlaces = () => {
    const reader = IndexReader.open(index);
    try {
      for (let id = 0; id < reader.passageCount; id++) {
        if (reader.passage(id).text !== CLOSING) continue;
        const sources = reader.passageSources(id).map((s) => reader.article(s.article).source);
        return { first: reader.article(reader.passageArticle[id]!).source, sources };
      }
      return undefined;
    } finally {
      reader.close();
    }
  };

  beforeAll(async () => {
    const root = path.join(dir, 'shared');
    folder = articlesWith(root, {
      'a-library.txt': talk('市图书馆', '市图书馆举办“书香润初心”主题宣讲活动，邀请五位来自街道社区、学校和企业的基层宣讲员讲述身边的先进事迹，现场还展出了一百余册红色经典读物和地方党史资料，吸引了众多读者驻足观看。'),
      'm-museum.txt': talk('市博物馆', '市博物馆在序厅举办主题宣讲活动，讲解员结合馆藏的革命文物和历史照片讲述了红色故事，并向到场观众发放主题教育学习读本和参观导览手册，引导观众在参观中感悟初心使命。'),
      'z-park.txt': talk('滨江公园', PARK),
      'tax.txt': TAX_ARTICLE,
    });
    index = path.join(root, 'incremental');
    await buildIndex({ articlesDir: folder, indexDir: index });
  });

  it('answers as a fresh build after an article that holds it too is added', async () => {
    writeFiles(folder, { 'c-school.txt': talk('市实验小学', '市实验小学组织师生代表登台宣讲，讲述学校建校七十年来扎根乡村、培育人才的办学故事，全校师生和部分家长代表在操场集中收看了宣讲直播，并写下了学习心得。') });
    await rebuildAndCompare(folder, index);
    expect(closingPlaces()).toEqual({ first: 'a-library.txt', sources: ['a-library.txt', 'c-school.txt', 'm-museum.txt', 'z-park.txt'] });
  });

  it('answers as a fresh build after one of the articles that hold it changes', async () => {
    writeFiles(folder, { 'm-museum.txt': talk('市博物馆', '市博物馆在序厅举办主题宣讲活动，讲解员结合馆藏的革命文物和历史照片讲述了八个红色故事，并向到场观众发放主题教育学习读本和参观导览手册，引导观众在参观中感悟初心使命。') });
    await rebuildAndCompare(folder, index);
    expect(closingPlaces()).toEqual({ first: 'a-library.txt', sources: ['a-library.txt', 'c-school.txt', 'm-museum.txt', 'z-park.txt'] });
  });

  it('answers as a fresh build after its first article is deleted, quoting it from the next', async () => {
    rmSync(path.join(folder, 'a-library.txt'));
    await rebuildAndCompare(folder, index);
    expect(closingPlaces()).toEqual({ first: 'c-school.txt', sources: ['c-school.txt', 'm-museum.txt', 'z-park.txt'] });
  });

  it('answers as a fresh build once every article that held it has left', async () => {
    rmSync(path.join(folder, 'c-school.txt'));
    rmSync(path.join(folder, 'm-museum.txt'));
    writeFiles(folder, { 'z-park.txt': talk('滨江公园', PARK, false) });
    await rebuildAndCompare(folder, index);
    expect(closingPlaces()).toBeUndefined();
  });
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

  it('folds in a segment in the rebuild that deletes most of it, not at the next change', async () => {
    const root = path.join(dir, 'emptied');
    const files = { 'tax.txt': TAX_ARTICLE, 'ndrc.txt': NDRC, 'health.txt': HEALTH, 'flood.txt': FLOOD, 'clean.txt': CLEAN, 'school.txt': SCHOOL };
    const folder = articlesWith(root, files);
    const index = path.join(root, 'index');
    const segmentFiles = () => readdirSync(path.join(index, 'current')).filter((f) => f.startsWith('segment-'));
    await buildIndex({ articlesDir: folder, indexDir: index });
    const [first] = segmentFiles();
    // all but one short article go: the first segment keeps almost none of its passages
    rmSync(folder, { recursive: true });
    writeFiles(folder, { 'flood.txt': FLOOD });
    await rebuildAndCompare(folder, index);
    expect(segmentFiles()).not.toContain(first);
    const { db } = openGeneration(path.join(index, 'current'));
    try {
      expect(db.prepare('SELECT COUNT(*) FROM main.deleted_passages').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
