import { describe, expect, it } from 'vitest';
import { askReply, contextReply, cut, escapedWithin, LIMITS, quote, webLink, whoReply } from '../../src/bot/replies.js';
import type { Answer } from '../../src/retrieval/search.js';

const sentence = (i: number) => `第${i}句话说明了一项具体的工作安排和要求，内容比较长，需要认真阅读理解。`;
const longText = Array.from({ length: 60 }, (_, i) => sentence(i)).join('');

function answer(i: number): Answer {
  return {
    source: `folder/${'很长的文件名'.repeat(60)}${i}.txt`,
    sources: ['a', 'b'],
    title: '标题'.repeat(200),
    date: '2019-06-11',
    url: null,
    paragraph: i,
    // the Context button points to the passage's place, not its paragraph's number
    passage: i + 10,
    text: longText,
    highlight: sentence(30),
    score: 1,
  };
}

const size = (e: { title?: string; description?: string; footer?: { text: string }; fields?: { name: string; value: string }[] }) =>
  (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

describe('replies', () => {
  it('shows a masked link as text, never as a link', () => {
    const reply = askReply(
      { question: '[免费领取](https://evil.example/login) 问题', mode: 'lexical', noAnswer: true, answers: [], closest: [], withheld: [] },
      { offset: 0, moreId: null, generation: 'g1', articleIds: [] },
    );
    expect(reply.content).toContain('\\[免费领取](https://evil.example/login)');
  });

  it('links an article only by a web address Discord can read', () => {
    expect(webLink('http://www.gov.cn/xinwen/2019 06/a.htm\n')).toBe('http://www.gov.cn/xinwen/2019%2006/a.htm');
    expect(webLink('https://www.gov.cn/')).toBe('https://www.gov.cn/');
    for (const bad of ['http://', 'javascript:alert(1)', 'www.gov.cn/a.htm', 'file:///etc/passwd', '', null]) expect(webLink(bad), String(bad)).toBeNull();
    const reply = (url: string) =>
      askReply(
        { question: '问题', mode: 'lexical', noAnswer: false, answers: [{ ...answer(1), url }], closest: [], withheld: [] },
        { offset: 0, moreId: null, generation: 'g1', articleIds: [null] },
      ).embeds[0]!.url;
    expect(reply('http://www.gov.cn/a b.htm')).toBe('http://www.gov.cn/a%20b.htm');
    expect(reply('http://')).toBeUndefined();
    // Discord refuses the whole message over an embed URL longer than it takes: the answer is shown without the link
    const long = `http://www.gov.cn/${'a'.repeat(LIMITS.url - 'http://www.gov.cn/'.length)}`;
    expect(reply(long)).toBe(long);
    expect(reply(`${long}b`)).toBeUndefined();
  });

  it("shows an article's title as written: its markdown escaped in the answer's embed and in Context", () => {
    const reply = askReply(
      { question: '问题', mode: 'lexical', noAnswer: false, answers: [{ ...answer(1), title: '标题**粗体** ~~删除~~ `代码`' }], closest: [], withheld: [] },
      { offset: 0, moreId: null, generation: 'g1', articleIds: [null] },
    );
    expect(reply.embeds[0]!.title).toBe('1. 标题\\*\\*粗体\\*\\* \\~\\~删除\\~\\~ \\`代码\\`');
    expect(contextReply('标题**粗体**', [{ ordinal: 1, paragraph: 1, text: '正文。' }], 1).embeds[0]!.title).toBe('标题\\*\\*粗体\\*\\*');
  });

  it('cuts no character in two: an emoji or a character beyond the basic plane stays whole or goes', () => {
    expect(cut('广广广广广😀广', 7)).toBe('广广广广广…');
    expect(cut('广广广广😀广广', 7)).toBe('广广广广😀…');
    expect(escapedWithin('广广广广广𠮷广', 7)).toBe('广广广广广…');
  });

  it('cuts markdown before escaping it: no escape loses its character, a bolded sentence keeps its closing marks', () => {
    expect(escapedWithin('*'.repeat(300), 100)).toBe(`${'\\*'.repeat(49)}…`);
    expect(quote(`${'*'.repeat(300)}。后文。`, `${'*'.repeat(300)}。`, 100)).toBe(`**${'\\*'.repeat(47)}…** …`);
  });

  it('quotes whole sentences around the answering one, bolded, with markdown escaped', () => {
    const q = quote('前文。这是*重点*_句子_。后文。', '这是*重点*_句子_。', 900);
    expect(q).toBe('前文。**这是\\*重点\\*\\_句子\\_。**后文。');
    const long = quote(longText, sentence(30), 200);
    expect(long.length).toBeLessThanOrEqual(210);
    expect(long).toContain(`**${sentence(30)}**`);
    expect(long.startsWith('… ')).toBe(true);
  });

  it("keeps a passage's line ends between the sentences it quotes (a subtitle, a dateline)", () => {
    const text = '以新担当新作为开创人大工作新局面\n10月29日上午，区委召开人大工作会议。会议研究部署了人大工作。';
    expect(quote(text, '10月29日上午，区委召开人大工作会议。', 900)).toBe('以新担当新作为开创人大工作新局面\n**10月29日上午，区委召开人大工作会议。**会议研究部署了人大工作。');
    expect(quote(text, '以新担当新作为开创人大工作新局面', 900)).toBe('**以新担当新作为开创人大工作新局面**\n10月29日上午，区委召开人大工作会议。会议研究部署了人大工作。');
    // a line that ends with a full stop: its line end opens the next sentence as split
    expect(quote('新馆已建成并交付使用。\n（记者 张三）', '新馆已建成并交付使用。', 900)).toBe('**新馆已建成并交付使用。**\n（记者 张三）');
  });

  it('keeps five long answers within every embed limit', () => {
    const reply = askReply(
      { question: '@everyone 问题'.repeat(100), mode: 'lexical', noAnswer: false, answers: [1, 2, 3, 4, 5].map(answer), closest: [], withheld: [] },
      { offset: 0, moreId: 'ask:more:1:5', generation: 'g1', articleIds: [1, 2, 3, 4, 5] },
    );
    expect(reply.allowedMentions).toEqual({ parse: [] });
    expect(reply.content!.length).toBeLessThanOrEqual(LIMITS.content);
    expect(reply.embeds).toHaveLength(5);
    for (const e of reply.embeds) {
      expect(e.title!.length).toBeLessThanOrEqual(LIMITS.title);
      expect(e.footer!.text.length).toBeLessThanOrEqual(LIMITS.footer);
    }
    expect(reply.embeds.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(LIMITS.total);
    const ids = reply.components.flatMap((row) => row.toJSON().components.map((c) => ('custom_id' in c ? c.custom_id : '')));
    expect(ids).toEqual(['ask:more:1:5', 'ask:ctx:g1:1:11', 'ask:ctx:g1:2:12', 'ask:ctx:g1:3:13', 'ask:ctx:g1:4:14', 'ask:ctx:g1:5:15']);
  });

  it('heads a person named only in bylines as such', () => {
    const person = (name: string, reporter: boolean) => ({ name, reporter, titles: [{ title: '责任编辑', sources: ['a.txt'] }], articles: [], mentions: [] });
    const reply = whoReply({ query: '魏', asksTitle: false, found: true, people: [person('魏颖', true), person('魏明', false)], suggestions: [], more: 0 });
    expect(reply.content).toBeUndefined();
    expect(reply.embeds.map((e) => e.title)).toEqual(['魏颖 (byline)', '魏明']);
  });

  it('lists whole article lines in /who, however much markdown their titles escape', () => {
    const articles = Array.from({ length: 12 }, (_, i) => ({ source: `s${i}`, sources: [`s${i}`], title: `${i}${'*'.repeat(90)}`, date: '2019-10-30' }));
    const reply = whoReply({ query: '张三', asksTitle: false, found: true, people: [{ name: '张三', reporter: false, titles: [], articles, mentions: [] }], suggestions: [], more: 0 });
    const [heading, ...lines] = reply.embeds[0]!.description!.split('\n');
    expect(heading).toBe('Named in 12 articles:');
    expect(lines.at(-1)).toBe(`… and ${12 - (lines.length - 1)} more`);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^• \d+(\\\*)+… \(2019-10-30\)$/u);
    expect(reply.embeds[0]!.description!.length).toBeLessThanOrEqual(1200);
  });

  it('counts the titles of a person past the 25 fields an embed takes, and says nothing when all are shown', () => {
    const person = (titles: number) => ({ name: '张三', reporter: false, titles: Array.from({ length: titles }, (_, i) => ({ title: `职务${i}`, sources: ['a'] })), articles: [], mentions: [] });
    const embed = (titles: number) => whoReply({ query: '张三', asksTitle: false, found: true, people: [person(titles)], suggestions: [], more: 0 }).embeds[0]!;
    expect(embed(30).fields!.map((f) => f.name)).toEqual(Array.from({ length: 25 }, (_, i) => `职务${i}`));
    expect(embed(30).footer).toEqual({ text: '5 more titles not shown' });
    expect(embed(26).footer).toEqual({ text: '1 more title not shown' });
    expect(embed(25).footer).toBeUndefined();
  });

  it('keeps /who within the limits for a person with many titles and articles', () => {
    const person = {
      name: '张三',
      reporter: false,
      titles: Array.from({ length: 40 }, (_, i) => ({ title: `机构${i}`.repeat(40), sources: Array.from({ length: 3 }, (_, j) => `来源${j}`.repeat(100)) })),
      articles: Array.from({ length: 30 }, (_, i) => ({ source: `s${i}`, sources: [`s${i}`], title: `文章${i}`.repeat(50), date: null })),
      mentions: [],
    };
    const reply = whoReply({ query: '区委书记', asksTitle: true, found: true, people: [person, person, person], suggestions: [], more: 7 });
    expect(reply.embeds.length).toBeGreaterThanOrEqual(1);
    // the people left out, for the room or past the ten listed, are counted
    expect(reply.content).toBe(`… and ${10 - reply.embeds.length} more people hold 区委书记: those the articles name most are shown.`);
    expect(reply.embeds.reduce((n, e) => n + size(e), 0)).toBeLessThanOrEqual(LIMITS.total);
    for (const e of reply.embeds) {
      // the titles not shown are counted
      expect(e.footer?.text).toBe(`${40 - e.fields!.length} more titles not shown`);
      expect(e.fields!.length).toBeLessThanOrEqual(LIMITS.fields);
      for (const f of e.fields!) {
        expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
        expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
      }
    }
  });
});
