import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatWho } from '../../src/format.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { asked } from '../../src/retrieval/who.js';
import { search } from '../../src/retrieval/search.js';
import { GIVEN_ARTICLE, openIndexOf, plainArticle } from '../helpers/fixtures.js';

const NDRC = plainArticle('国家发展改革委召开主题教育推进会', [
  '7月2日，国家发展改革委召开主题教育推进会，国家发展改革委副主任李斌出席并讲话，要求各司局把调查研究成果转化为政策举措。',
]);
const HEALTH = plainArticle('江西省卫生健康委开展专题调研', [
  '8月5日，江西省卫生健康委主任李斌带队赴赣州调研基层医疗服务，走访乡镇卫生院和村卫生室，听取基层医务人员意见。',
]);
// a headline that names a person whose body does not
const ELDERLY = plainArticle('市民政局局长吕中华调研社区养老服务', [
  '9月3日，调研组走访了三个社区的养老服务中心，听取老人和家属的意见建议，要求提升助餐和上门照护服务质量。',
]);
const MEETING = plainArticle('市民政系统召开养老服务推进会', [
  '9月10日，市民政系统召开养老服务推进会，吕中华出席并讲话，要求各区加快社区养老服务设施建设。',
]);
// a headline that names him without a title, over a body that does not name him
const VISIT = plainArticle('吕中华走访慰问敬老院老人', ['重阳节前夕，走访组来到全市五家敬老院，为老人送去节日祝福和慰问品，并检查了消防安全。']);
// one minister written with the organisation abbreviated and in full; a descriptor (市领导) that is no title
const INDUSTRY_SHORT = plainArticle('工信部召开制造业数字化转型座谈会', [
  '6月4日，工信部召开制造业数字化转型座谈会，工信部部长苗新民出席并讲话，市领导林大伟、郑小川参加座谈。',
]);
const INDUSTRY_FULL = plainArticle('工业和信息化部部署中小企业服务工作', [
  '6月20日，工业和信息化部党组书记苗新民主持召开部务会议，市委副书记林大伟列席会议，研究部署中小企业服务工作。',
]);
// a post and its deputy's in one organisation
const SECRETARIES = plainArticle('市政府召开秘书工作会议', [
  '11月5日，市政府召开秘书工作会议，市政府副秘书长赵立群主持会议，市政府秘书长钱文斌出席并讲话。',
  '会上，秘书长孙立新通报了全年秘书工作情况，要求各部门秘书人员提高文稿质量和办文效率。',
]);
// names 习近平 only inside the name of his thought
const THOUGHT = plainArticle('机关党委举办理论学习读书班', [
  '读书班围绕深入学习习近平新时代中国特色社会主义思想开展专题研讨，学员交流了学习体会和下一步工作打算。',
]);
// an official named 马克, and jieba's own word 马克思主义, which is not named after him
const MARX = plainArticle('市委理论学习中心组举行集体学习', [
  '市委理论学习中心组举行集体学习，市委副书记马克主持会议并讲话，要求全市党员干部认真学习党的创新理论。',
  '会议强调，要坚持用马克思主义立场观点方法分析解决问题，不断提高运用科学理论指导实践的能力。',
]);
const MARXISM = plainArticle('青年理论宣讲团走进高校', ['宣讲团成员结合自身经历，讲述了马克思主义中国化时代化的生动实践，现场师生反响热烈。']);
// 全覆盖 after 领导 reads as a name (全 is a surname) with no title; 李胜利 is as much a phrase, but a title confirms him
const PHRASE = plainArticle('健全党的领导制度体系', ['要健全坚持和加强党的全面领导的制度体系，确保党的领导全覆盖，确保党的领导更加坚强有力。']);
const TITLED_PHRASE = plainArticle('市政府召开安全生产工作会议', ['10月8日，市政府召开安全生产工作会议，副市长李胜利出席并讲话，要求各区压实安全生产责任。']);
// a title written with full-width Latin letters, and a family name 路 (lu) beside 吕 (lü)
const LATIN_TITLE = plainArticle('ＡＢＣ集团召开年度工作会议', ['12月1日，ＡＢＣ集团总经理张立新出席会议并讲话，集团副总经理路志强主持会议。']);
// an article in traditional script
const TRADITIONAL = plainArticle('省委召開專題會議', ['會議由省委辦公廳主持。省委書記歐青平出席會議並講話。與會同志一致表示要抓好落實。']);
// a reporter and an editor, named in bylines
const BYLINE = plainArticle('区政协召开常委会议', ['本报讯（记者 彭伟）11月2日，区政协召开常委会议，审议通过了年度工作要点。（责任编辑：魏颖）']);
// an official 于军, and 于 and 军中 side by side in another article, which names nobody
const DISTRICT = plainArticle('区委召开人大工作会议', ['10月29日，区委书记于军出席会议并讲话，要求做好新时代人大工作。']);
const ARMY = plainArticle('宋代神将故事', ['主将大喜，当下设宴款待，传于军中，士气大振。']);
// a brief that names 周立平 once, before (in file order) a report that names him throughout
const BRIEF = plainArticle('简讯', ['本周，区科协组织科普讲座，邀请副区长周立平到场致辞。']);
const REPORT = plainArticle('区政府召开科技创新工作会议', [
  '11月3日，区政府召开科技创新工作会议，副区长周立平出席并讲话，区科委、区发展改革委、区财政局和各街道乡镇的负责同志参加会议。',
  '周立平强调，要加快科技成果转化，支持企业建设研发机构，完善科技金融服务体系，营造良好的创新创业环境，推动全区经济高质量发展。',
]);
// a family name read otherwise as a surname: 曾 is zeng (ceng elsewhere: 曾经)
const FLOOD = plainArticle('区政府召开防汛工作会议', ['7月1日，区政府召开防汛工作会议，代区长曾立强出席并讲话，要求各街道做好汛期值守。']);
// two reports of the same title, meetings on different days that open with the same paragraph: two articles
const CHAIRED = '会议由区委副书记韩立军主持，研究部署全区城市更新和老旧小区改造等重点工作，要求各部门加强统筹协调，确保各项任务按期完成，切实提高群众满意度。';
const ROUTINE_A = plainArticle('区政府召开常务会议', [CHAIRED, '会议审议通过了全区养老服务设施建设三年行动计划，要求民政部门抓紧制定配套措施，确保明年起分批建成投用并向社会公布进度。']);
const ROUTINE_B = plainArticle('区政府召开常务会议', [CHAIRED, '会议听取了全区安全生产大检查工作情况的汇报，要求各街道乡镇对排查出的隐患逐项整改销号，整改不到位的不得擅自恢复生产经营。']);
// officials of less common surnames (傅, 裘)
const JUSTICE = plainArticle('司法部召开普法工作会议', ['3月8日，司法部召开普法工作会议，部长、党组书记傅立华出席会议并讲话，中央第三指导组组长裘文平到会指导。']);
const MAYOR = plainArticle('重庆市召开主题教育推进会', ['7月5日，重庆市召开主题教育推进会，重庆市委副书记、市长唐良智出席会议并讲话。']);
// the same group's head again, its number in digits
const JUSTICE_AGAIN = plainArticle('司法部召开主题教育推进会', ['7月9日，司法部召开主题教育推进会，中央第3指导组组长裘文平到会指导。']);
// a post that names its own organisation (国家主席), and one a rank opens (常务副主任)
const PREMIER = plainArticle('国家主席会见外宾', ['10月9日，国家主席方正明在人民大会堂会见外宾，国务委员卢国华、区人大常委会常务副主任邢立远参加会见。']);
// eleven holders of one post, one more than an answer lists
const COUNTY = plainArticle('县政府召开常务会议', [
  '3月2日，县政府召开常务会议，副县长王建平、李国华、张志强、赵文明、钱立新、孙海涛、周晓东、吴振宇、郑建国、冯志刚、陈立军出席会议。',
]);
// the mayor again, his titles written without the place
const MAYOR_AGAIN = plainArticle('市领导调研城市更新', ['8月2日，市委副书记、市长唐良智到九龙坡区调研城市更新工作。']);
// a name that holds a word OpenCC's Taiwan phrases rewrite (建立 → 创建), as a title may (核心 → 内核)
const SCIENCE = plainArticle('市科技局召开攻关推进会', ['5月6日，市核心区管委会主任杨建立出席会议并讲话，要求建立攻关清单。']);
// the head of the central group of the campaign whose group in 中央网信办 the given article's 庄荣文 heads
// (named more often than 庄荣文, so listed before him where both hold a title equally)
const CENTRAL_GROUP = plainArticle('中央主题教育领导小组召开会议', [
  '9月2日，中央“不忘初心、牢记使命”主题教育领导小组组长王沪宁出席会议并讲话。',
  ...Array.from({ length: 8 }, (_, i) => `第${i + 1}项议程中，王沪宁就主题教育第${i + 1}阶段的工作作出部署，要求各级领导小组加强指导督导，防止形式主义，确保主题教育取得扎扎实实的成效。`),
]);
// a deputy of a post the dictionary lists no deputy of (副行长)
const BANK = plainArticle('市农商银行召开工作会议', ['4月1日，市农商银行召开工作会议，行长赵德明主持会议，副行长钱国平、孙立华出席会议，宁德时代董事长韦思源应邀出席。']);
const SEA = plainArticle('群众路线的力量', ['群众的力量如同汪洋大海，凝聚起来就能战胜一切困难，这是我们党在长期实践中得出的结论。']);

let close: () => void;
let reader: IndexReader;
beforeAll(async () => ({ reader, close } = await openIndexOf({
  'ndrc.txt': NDRC,
  'health.txt': HEALTH,
  'sea.txt': SEA,
  'district.txt': DISTRICT,
  'a-brief.txt': BRIEF,
  'b-report.txt': REPORT,
  // the same report filed under a second folder
  '要闻/b-report.txt': REPORT,
  'army.txt': ARMY,
  'phrase.txt': PHRASE,
  'titled-phrase.txt': TITLED_PHRASE,
  'marx.txt': MARX,
  'marxism.txt': MARXISM,
  'thought.txt': THOUGHT,
  'elderly.txt': ELDERLY,
  'meeting.txt': MEETING,
  'visit.txt': VISIT,
  'industry-short.txt': INDUSTRY_SHORT,
  'industry-full.txt': INDUSTRY_FULL,
  'secretaries.txt': SECRETARIES,
  'byline.txt': BYLINE,
  'latin-title.txt': LATIN_TITLE,
  'traditional.txt': TRADITIONAL,
  'flood.txt': FLOOD,
  'justice.txt': JUSTICE,
  'routine-a.txt': ROUTINE_A,
  'routine-b.txt': ROUTINE_B,
  'mayor.txt': MAYOR,
  'mayor-again.txt': MAYOR_AGAIN,
  'county.txt': COUNTY,
  'justice2.txt': JUSTICE_AGAIN,
  'premier.txt': PREMIER,
  'science.txt': SCIENCE,
  'central-group.txt': CENTRAL_GROUP,
  'bank.txt': BANK,
})));
afterAll(() => close());

const titles = (name: string) => reader.people.who(name).people.flatMap((p) => p.titles.map((t) => t.title));

describe('who', () => {
  it('tells the titles each official of the given article holds', () => {
    expect(titles('庄荣文')).toEqual(['中央宣传部副部长', '中央网信办主任', '国家网信办主任', '中央网信办“不忘初心、牢记使命”主题教育领导小组组长']);
    expect(titles('陈凤翔')).toEqual(['中央第15指导组组长']);
    expect(titles('杨文明')).toEqual(['中央第15指导组副组长']);
    expect(titles('宿彦')).toEqual(['中央主题教育领导小组办公室联络二组组长', '中央组织部干部三局副局长']);
    for (const name of ['杨小伟', '盛荣华', '刘烈宏']) expect(titles(name)).toEqual(['中央网信办副主任', '国家网信办副主任']);
    expect(titles('习近平')).toEqual(['总书记']);
  });

  it('answers with the sources of each title, the articles and quoted mentions', () => {
    const result = reader.people.who('庄荣文');
    expect(result).toMatchObject({ query: '庄荣文', found: true, suggestions: [] });
    const [person] = result.people;
    expect(person!.titles[0]).toEqual({ title: '中央宣传部副部长', sources: [GIVEN_ARTICLE] });
    expect(person!.articles).toEqual([{ source: GIVEN_ARTICLE, sources: [GIVEN_ARTICLE], title: '中央网信办召开“不忘初心、牢记使命”主题教育动员大会', date: null }]);
    expect(person!.mentions.length).toBe(3);
    expect(person!.mentions[1]).toMatchObject({ source: GIVEN_ARTICLE, paragraph: 2 });
    expect(person!.mentions[1]!.text.startsWith('庄荣文指出')).toBe(true);
  });

  it('keeps apart two articles of one title that share the passage naming a person', () => {
    const [person] = reader.people.who('韩立军').people;
    expect(person!.articles.map((a) => a.sources)).toEqual([['routine-a.txt'], ['routine-b.txt']]);
    expect(person!.titles).toEqual([{ title: '区委副书记', sources: ['routine-a.txt', 'routine-b.txt'] }]);
  });

  it('finds officials of less common surnames', () => {
    expect(titles('傅立华')).toEqual(['部长', '党组书记']);
    expect(titles('裘文平')).toEqual(['中央第三指导组组长']);
  });

  it('refuses a query longer than any name or title, as the bot does', () => {
    expect(() => reader.people.who('庄'.repeat(101))).toThrow('a name or title is at most 100 characters.');
    expect(reader.people.who('庄'.repeat(100)).found).toBe(false);
  });

  it('takes no word for a person', () => {
    for (const word of ['初心', '主题教育', '网信办', '近期退出', '汪洋']) expect(reader.people.who(word).found).toBe(false);
  });

  it('takes a name that reads as a surname and a common word for a person only when an article gives it a title', () => {
    expect(reader.people.who('全覆盖').found).toBe(false);
    expect(titles('李胜利')).toEqual(['副市长']);
  });

  it('finds the people who hold a title', () => {
    const result = reader.people.who('中央网信办副主任');
    expect(result.found).toBe(true);
    expect(result.people.map((p) => p.name)).toEqual(['杨小伟', '盛荣华', '刘烈宏']);
  });

  it('shows one title written with its number in Chinese and in digits once, as it was first written', () => {
    expect(reader.people.who('裘文平').people[0]!.titles).toEqual([{ title: '中央第三指导组组长', sources: ['justice.txt', 'justice2.txt'] }]);
  });

  it('lists ten holders of a title at most, and says how many more hold it and how to narrow it', () => {
    const result = reader.people.who('副县长');
    expect(result.people).toHaveLength(10);
    expect(result.more).toBe(1);
    expect(formatWho(result)).toMatch(/\n\n… and 1 more person holds 副县长: those the articles name most are shown; write the organisation or place with the post \(区人大常委会主任, 吉林省省长\) to narrow it\.\n$/u);
    expect(formatWho(reader.people.who('庄荣文'))).not.toContain('… and');
  });

  it('finds the holders of a bare post in any organisation, never its deputies', () => {
    const holders = (post: string) => reader.people.who(post).people.map((p) => p.name);
    expect(holders('主任')).toEqual(expect.arrayContaining(['庄荣文', '李斌']));
    expect(holders('主任')).not.toContain('杨小伟'); // 中央网信办副主任
    expect(holders('部长')).toEqual(['苗新民', '傅立华']); // not 庄荣文, 中央宣传部副部长
    // nor a deputy of a post the dictionary lists no deputy of
    expect(holders('行长')).toEqual(['赵德明']);
    expect(holders('副行长')).toEqual(['钱国平', '孙立华']);
    // an organisation whose name ends as a rank would (宁德时代) holds its post
    expect(holders('董事长')).toContain('韦思源');
    expect(holders('副部长')).toEqual(['庄荣文']);
    // three characters too, and an organisation named without its level (政府 for 市政府)
    // one holds the bare post as written, one in an organisation: both, and not the deputy
    expect(holders('秘书长').sort()).toEqual(['孙立新', '钱文斌'].sort());
    expect(holders('政府秘书长')).toEqual(['钱文斌']);
    expect(holders('政府副秘书长')).toEqual(['赵立群']);
    // a post that names its own organisation holds the bare post, and so does one a rank opens; a deputy never
    expect(holders('主席')).toContain('方正明');
    expect(holders('副主席')).not.toContain('方正明');
    // a post every member of a body holds is no own post's: 国务委员 is no 委员
    expect(holders('委员')).not.toContain('卢国华');
    expect(holders('副主任')).toContain('邢立远');
    expect(holders('主任')).not.toContain('邢立远');
  });

  it('keeps two people of one name apart when their organisations differ', () => {
    const result = reader.people.who('李斌');
    expect(result.people.map((p) => p.titles.map((t) => t.title)).sort()).toEqual([['国家发展改革委副主任'], ['江西省卫生健康委主任']]);
    expect(result.people.map((p) => p.articles.map((a) => a.source)).sort()).toEqual([['health.txt'], ['ndrc.txt']]);
  });

  it('reads headlines: a person a headline names has the article, quoted by its headline', () => {
    const [person] = reader.people.who('吕中华').people;
    expect(person!.titles.map((t) => t.title)).toEqual(['市民政局局长']);
    expect(person!.articles.map((a) => a.source).sort()).toEqual(['elderly.txt', 'meeting.txt', 'visit.txt']);
    expect(person!.mentions.map((m) => m.text)).toContain('市民政局局长吕中华调研社区养老服务');
    expect(person!.mentions.map((m) => m.text)).toContain('吕中华走访慰问敬老院老人');
  });

  it('lists an article that names a person only inside a term named after them', () => {
    expect(reader.people.who('习近平').people[0]!.articles.map((a) => a.source)).toContain('thought.txt');
    // a word of jieba's own dictionary that starts with a name is an ordinary word
    expect(reader.people.who('马克').people.flatMap((p) => p.articles.map((a) => a.source))).toEqual(['marx.txt']);
  });

  it('counts a name only where it is a word: 传于军中 is 传, 于, 军中 and names no 于军', () => {
    expect(reader.people.who('于军').people.flatMap((p) => p.articles.map((a) => a.source))).toEqual(['district.txt']);
    expect(reader.tokenizer.terms('传于军中').words).toEqual(['传', '于', '军中']);
  });

  it('quotes first the articles that name a person most, as it lists them', () => {
    const [person] = reader.people.who('周立平').people;
    expect(person!.articles.map((a) => a.source)).toEqual(['b-report.txt', 'a-brief.txt']);
    expect(person!.mentions.map((m) => m.source)).toEqual(['b-report.txt', 'b-report.txt', 'a-brief.txt']);
    expect(person!.mentions[1]!.text).toBe('周立平强调，要加快科技成果转化，支持企业建设研发机构，完善科技金融服务体系，营造良好的创新创业环境，推动全区经济高质量发展。');
  });

  it('lists an article filed under two folders once, with both files, and counts the titles it states once', () => {
    const [person] = reader.people.who('周立平').people;
    expect(person!.articles).toEqual([
      { source: 'b-report.txt', sources: ['b-report.txt', '要闻/b-report.txt'], title: '区政府召开科技创新工作会议', date: null },
      { source: 'a-brief.txt', sources: ['a-brief.txt'], title: '简讯', date: null },
    ]);
    expect(person!.titles).toEqual([{ title: '副区长', sources: ['a-brief.txt', 'b-report.txt'] }]);
    expect(formatWho(reader.people.who('周立平'))).toContain('区政府召开科技创新工作会议 · b-report.txt · also in 1 more');
  });

  it('keeps one person one person: an organisation abbreviated and in full, a descriptor that is no title', () => {
    const result = reader.people.who('苗新民');
    expect(result.people.map((p) => p.titles.map((t) => t.title).sort())).toEqual([['工业和信息化部党组书记', '工信部部长']]);
    expect(reader.people.who('工信部部长').people.map((p) => p.name)).toEqual(['苗新民']);
    expect(reader.people.who('工业和信息化部部长').people.map((p) => p.name)).toEqual(['苗新民']);
    const lin = reader.people.who('林大伟').people;
    expect(lin.map((p) => [p.titles.map((t) => t.title), p.articles.map((a) => a.source).sort()])).toEqual([
      [['市委副书记'], ['industry-full.txt', 'industry-short.txt']],
    ]);
    expect(reader.people.who('市领导').found).toBe(false);
  });

  it('finds ü written as v, u:, ü or u', () => {
    for (const typed of ['Lv Zhonghua', 'Lü Zhonghua', 'Lu: Zhonghua', 'Lu Zhonghua', 'lvzhonghua']) {
      expect(reader.people.who(typed).people.map((p) => p.name)).toEqual(['吕中华']);
    }
    expect(reader.people.complete('lü').map((c) => c.value)).toEqual(['吕中华']);
    expect(search(reader, 'What did Lü Zhonghua ask for?', 1).answers[0]!.text).toContain('吕中华');
  });

  it('matches titles as queries are matched: full-width and half-width Latin letters alike', () => {
    for (const query of ['ABC集团总经理', 'ＡＢＣ集团总经理', 'abc集团总经理']) expect(reader.people.who(query).people.map((p) => p.name)).toEqual(['张立新']);
    expect(reader.people.complete('ABC集团').map((c) => c.value)).toContain('ＡＢＣ集团总经理');
  });

  it('quotes the sentence that names a person in an article in traditional script', () => {
    expect(reader.people.who('欧青平').people[0]!.mentions.map((m) => m.text)).toEqual(['省委書記歐青平出席會議並講話。']);
  });

  it('shows and finds names and titles as written, never rewritten as Taiwan phrases are', () => {
    for (const query of ['杨建立', '楊建立', 'Yang Jianli']) {
      expect(reader.people.who(query).people.map((p) => [p.name, p.titles.map((t) => t.title)]), query).toEqual([['杨建立', ['市核心区管委会主任']]]);
    }
    expect(reader.people.who('市核心区管委会主任').people.map((p) => p.name)).toEqual(['杨建立']);
    expect(reader.people.complete('杨建').map((c) => c.value)).toEqual(['杨建立']);
    expect(search(reader, '杨建立要求什么', 1).answers[0]!.text).toContain('杨建立');
  });

  it('reads pinyin with tone marks, and tells ü from u when it is typed', () => {
    expect(reader.people.who('Zhuāng Róngwén').people.map((p) => p.name)).toEqual(['庄荣文']);
    expect(reader.people.complete('Zhuāng').map((c) => c.value)).toContain('庄荣文');
    expect(reader.people.who('Lǚ').suggestions).toEqual(['吕中华']);
    expect(reader.people.who('Lü').suggestions).toEqual(['吕中华']);
    expect(reader.people.who('Lu').suggestions).toEqual(expect.arrayContaining(['吕中华', '路志强']));
  });

  it('marks people named only in bylines as such, with their role as the title', () => {
    expect(formatWho(reader.people.who('魏颖'))).toMatch(/^魏颖 \(byline\)\n  责任编辑 — 1 article\n/u);
    expect(formatWho(reader.people.who('彭伟'))).toMatch(/^彭伟 \(byline\)\n  记者 — 1 article\n/u);
    expect(formatWho(reader.people.who('李胜利'))).toMatch(/^李胜利\n/u);
  });

  it('refuses an unknown name, offering close names only as suggestions', () => {
    expect(reader.people.who('庄荣闻')).toEqual({ query: '庄荣闻', asksTitle: false, found: false, people: [], suggestions: ['庄荣文'], more: 0 });
    // a family name alone suggests the people who bear it
    expect(reader.people.who('庄')).toEqual({ query: '庄', asksTitle: false, found: false, people: [], suggestions: ['庄荣文'], more: 0 });
    expect(reader.people.who('Zhuang').suggestions).toEqual(['庄荣文']);
    // by whole syllables: Li is 李, not the first letters of 刘 (liu)
    expect(reader.people.who('Li').suggestions).toEqual(expect.arrayContaining(['李斌', '李胜利']));
    expect(reader.people.who('Li').suggestions).not.toContain('刘烈宏');
  });

  it('says of a title nobody holds that no one holds it, not that nobody is called so', () => {
    const result = reader.people.who('国务院总理');
    expect(result).toMatchObject({ query: '国务院总理', asksTitle: true, found: false });
    expect(formatWho(result)).toBe('No one in the articles holds the title 国务院总理.\n');
    expect(formatWho(reader.people.who('庄荣闻'))).toBe('Nobody called 庄荣闻 in the articles. Did you mean 庄荣文?\n');
  });

  it('reads a name or title without the words and marks typed around it: 同志, 是谁, 谁是, who is, a question mark', () => {
    for (const query of ['庄荣文同志', '庄荣文是谁', '谁是庄荣文？', '“庄荣文”', 'Who is Zhuang Rongwen?']) {
      expect(reader.people.who(query), query).toMatchObject({ query: query.startsWith('Who') ? 'Zhuang Rongwen' : '庄荣文', found: true, people: [{ name: '庄荣文' }] });
    }
    // in traditional script too
    for (const query of ['誰是莊榮文', '莊榮文是誰？']) expect(reader.people.who(query), query).toMatchObject({ query: '莊榮文', found: true, people: [{ name: '庄荣文' }] });
    // a title that opens with a quoted campaign keeps its quote: it is part of the title as written
    expect(asked('谁是“不忘初心、牢记使命”主题教育领导小组组长？')).toBe('“不忘初心、牢记使命”主题教育领导小组组长');
    // not a quote whose marks do not pair up
    expect(asked('“庄荣文”和“李斌”')).toBe('庄荣文”和“李斌');
    // Discord's mentions and links name nobody: a query of nothing else has no name
    expect(asked('@everyone 庄荣文 <@123456789012345678>')).toBe('庄荣文');
    for (const query of ['<@123456789012345678>', '@here', 'https://www.gov.cn/']) expect(asked(query), query).toBe('');
  });

  it('reads a name with a title before or after it as one refers to someone, the holder of that title first', () => {
    const named = (query: string) => reader.people.who(query).people.map((p) => [p.name, p.titles[0]!.title]);
    expect(named('于军书记')).toEqual([['于军', '区委书记']]);
    expect(named('区委书记 于军')).toEqual([['于军', '区委书记']]);
    // two people of one name: the one holding the post, never a deputy for it
    expect(named('李斌主任')).toEqual([['李斌', '江西省卫生健康委主任']]);
    expect(named('国家发展改革委副主任李斌')).toEqual([['李斌', '国家发展改革委副主任']]);
    // a post no one of the name holds: read as a title, with the name suggested (钟山区委书记 is no minister 钟山's)
    expect(reader.people.who('李斌书记')).toMatchObject({ found: false, asksTitle: true, suggestions: expect.arrayContaining(['李斌']) });
    expect(reader.people.who('于军区委书记')).toMatchObject({ found: true, people: [{ name: '于军' }] });
    // the post typed more fully than the articles write it
    expect(named('海淀区委书记于军')).toEqual([['于军', '区委书记']]);
    expect(formatWho(reader.people.who('唐良智区委书记'))).toMatch(/^No one in the articles holds the title 唐良智区委书记\. Did you mean 唐良智, /u);
  });

  it('lists who holds a title as written before who holds it by an abbreviated organisation, in either script', () => {
    const title = '中央网信办“不忘初心、牢记使命”主题教育领导小组组长';
    for (const query of [title, '中央網信辦「不忘初心、牢記使命」主題教育領導小組組長']) {
      expect(reader.people.who(query).people.map((p) => p.name)[0], query).toBe('庄荣文');
    }
  });

  it('offers the held titles that a title nobody holds ends with: the article need not name the place', () => {
    const result = reader.people.who('海淀区委书记');
    expect(result).toMatchObject({ asksTitle: true, found: false, suggestions: ['区委书记'] });
    expect(formatWho(result)).toBe('No one in the articles holds the title 海淀区委书记. Did you mean 区委书记?\n');
    // never another post: a 副区长 is no 区长
    expect(reader.people.who('朝阳区区长').suggestions).toEqual([]);
  });

  it('finds the head of a place by its title written or said: the place level once or twice (重庆市长, 重庆市市长)', () => {
    expect(titles('唐良智')).toEqual(expect.arrayContaining(['重庆市委副书记', '重庆市市长']));
    for (const query of ['重庆市长', '重庆市市长']) expect(reader.people.who(query).people.map((p) => p.name), query).toEqual(['唐良智']);
  });

  it("finds a body's head by the title said with the body's last character once (工信部长 for 工信部部长)", () => {
    for (const query of ['工信部长', '工业和信息化部长', '苗新民工信部长']) expect(reader.people.who(query).people.map((p) => p.name), query).toEqual(['苗新民']);
    // still the post asked: the 中央宣传部副部长 is no 中央宣传部部长
    expect(reader.people.who('中央宣传部长')).toMatchObject({ found: false, people: [] });
    expect(reader.people.who('中央宣传副部长').people.map((p) => p.name)).toEqual(['庄荣文']);
  });

  it('counts a title said short with the one title of the person it can be: 市长 with 重庆市市长', () => {
    const [mayor] = reader.people.who('唐良智').people;
    expect(mayor!.titles).toEqual([
      { title: '重庆市委副书记', sources: ['mayor.txt', 'mayor-again.txt'] },
      { title: '重庆市市长', sources: ['mayor.txt', 'mayor-again.txt'] },
    ]);
  });

  it('offers the titles that end with a post nobody holds as such (代区长, 副区长 for 区长)', () => {
    expect(reader.people.who('区长')).toMatchObject({ asksTitle: true, found: false, suggestions: ['代区长', '副区长'] });
  });

  it('finds a name written in pinyin, family name first or last', () => {
    expect(reader.people.who('Zhuang Rongwen').people.map((p) => p.name)).toEqual(['庄荣文']);
    expect(reader.people.who('Rongwen Zhuang').people.map((p) => p.name)).toEqual(['庄荣文']);
    // a surname in its reading as one
    expect(reader.people.who('Zeng Liqiang').people.map((p) => p.name)).toEqual(['曾立强']);
    expect(reader.people.who('Zeng').suggestions).toEqual(['曾立强']);
  });

  it('completes partial names, pinyin and titles', () => {
    expect(reader.people.complete('庄').map((c) => c.value)).toEqual(['庄荣文']);
    expect(reader.people.complete('zhuang').map((c) => c.value)).toEqual(['庄荣文']);
    expect(reader.people.complete('zrw').map((c) => c.value)).toEqual(['庄荣文']);
    expect(reader.people.complete('网信办副主任').map((c) => c.value)).toEqual(['中央网信办副主任', '国家网信办副主任']);
    for (const c of reader.people.complete('')) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('keeps learned names whole for search', () => {
    expect(search(reader, '庄荣文讲了什么', 1).answers[0]!.text).toContain('庄荣文');
    expect(reader.tokenizer.terms('宿彦出席').words).toContain('宿彦');
  });
});
