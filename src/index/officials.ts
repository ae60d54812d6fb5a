import { lexicon, wordTag } from '../text/lexicon.js';

/** A person named in a passage, with the titles the text attaches to them there. */
export interface Mention {
  name: string;
  titles: string[];
  /** A byline (（记者 魏颖）) names a reporter, not an official. */
  reporter: boolean;
}

// What follows a name in news prose: punctuation, or what officials do (主持, 出席, 讲话 …).
const AFTER_NAME =
  /^(?:[，、。；：,;:（(“”\s]|$|主持|出席|讲话|致辞|指出|强调|表示|要求|提出|希望|参加|参与|作|在|介绍|说|一行|同志|等|带队|带领|率|调研|陪同|主讲|讲授|宣讲|宣布|传达|通报|汇报|发言|参观|考察|看望|慰问|走访|深入|前往|到|赴|来|听取|和|与|及|同|就|对|为|向|会见|会同|分别|先后|还|也|首先|一同|代表|所在|围绕|专程|亲自|检查|督导|察看|实地|召集|部署|充分|肯定|认为|总结|点评|批示|签署|出访|抵达|结束|回答|接受|任|兼)/u;
// Characters a given name practically never holds, but the words after a title often do (常委会, 成员, 区委).
const NOT_IN_NAME = new Set('委会局部办厅处组院所省市区县镇乡村街党府室记任副总们级届次年月日号第和的在是等及与了上下里外前后员工作这那其各该本'.split(''));
// What may stand right before a name followed by its title (习近平总书记): a boundary, not the middle of a word.
const BEFORE_NAME = /(?:^|[，、。；：,;:（(“”\s]|在|由|和|与|同|向|对|请|为|将|以|把|据|是)$/u;
// Titles that follow the name: 习近平总书记, 于军书记.
const TITLES_AFTER_NAME = ['总书记', '主席', '总理', '委员长', '书记', '部长', '省长', '市长', '区长', '主任', '组长'];
// Words that end the organisation part of a title: what came before them is context, not the organisation.
const CONTEXT =
  /.*(?:由|在|与|及|同|向|对|请|邀请|陪同|出席|主持|参加|会见|看望|慰问|是|为|据|就|按照|根据|围绕|贯彻|落实|传达|学习|听取|担任|现任|兼任|上午|下午|晚上|期间|[：:）)])/u;
// Quotation marks left at either end of a title by the cut (”国家…书记): only a balanced pair belongs to it.
const STRAY_QUOTES = /^[”」]+|[“「]+$/gu;
const BYLINE = /[（(]\s*(?:本报|本台|本网)?(?:记者|通讯员|实习生|摄影|撰稿)\s*[:：]?\s*([\p{Script=Han}\s、，,]{2,40}?)\s*[）)]/gu;
const MAX_ORGANISATION = 30;
const PARTY_BODY = /(?:党组|党委|党工委|党总支|党支部)$/u;
const PARTY_POST = /书记|成员|委员|常委/u;

/** A name (surname and one or two more characters) at `at`, ended as names end; null if none stands there. */
export function nameAt(text: string, at: number): string | null {
  const { surnames } = lexicon();
  const surname = surnames.find((s) => text.startsWith(s, at));
  if (!surname) return null;
  let found: string | null = null;
  let foundFollower = '';
  const start = at + surname.length;
  // by code point: a rare name character may lie outside the BMP (王𬀩)
  const next = Array.from(text.slice(start, start + 4)).slice(0, 2);
  for (const length of [1, 2]) {
    const given = next.slice(0, length).join('');
    if (next.length < length || !/^\p{Script=Han}+$/u.test(given) || [...given].some((c) => NOT_IN_NAME.has(c))) break;
    const tag = wordTag(surname + given);
    if (tag !== undefined && !tag.startsWith('nr')) continue; // a word, not a name: 关于, 吉林, 水平
    const follower = AFTER_NAME.exec(text.slice(start + given.length))?.[0];
    if (follower === undefined) continue;
    // three characters win over two when both could end here (most names have three), unless the shorter name is
    // followed by a whole verb that the longer one would cut (梁爽一同调研)
    if (found && follower.length < 2 && foundFollower.length >= 2) break;
    found = surname + given;
    foundFollower = follower;
  }
  return found;
}

/** The longest post that ends at `end`. */
function postEndingAt(text: string, end: number): string | null {
  const { posts, longestPost } = lexicon();
  for (let len = Math.min(longestPost, end); len >= 2; len--) {
    const candidate = text.slice(end - len, end);
    if (posts.has(candidate)) return candidate;
  }
  return null;
}

/**
 * Where the chain segment ending at `end` starts: after the nearest 、 or ， outside quotation marks, or after a
 * sentence end (which also ends the chain: `last`).
 */
function segmentStart(text: string, end: number): { start: number; last: boolean } {
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === '”' || c === '」') depth++;
    else if (c === '“' || c === '「') depth = Math.max(0, depth - 1);
    else if (/[。！？；;!?\n]/u.test(c)) return { start: i + 1, last: true };
    else if (depth === 0 && (c === '、' || c === '，' || c === ',')) return { start: i + 1, last: false };
  }
  return { start: 0, last: true };
}

/**
 * The titles of the chain that ends at `end` (中央宣传部副部长、中央网信办主任，…领导小组组长), in reading order: each
 * segment must end with a post; a bare post takes the organisation of the segment before it (党组书记、主任).
 */
function chainEndingAt(text: string, end: number): string[] {
  const segments: { organisation: string; post: string }[] = [];
  let segEnd = end;
  while (segEnd > 0) {
    const post = postEndingAt(text, segEnd);
    if (!post) break;
    const { start, last } = segmentStart(text, segEnd - post.length);
    const raw = text.slice(start, segEnd - post.length);
    const organisation = raw.replace(CONTEXT, '').replace(STRAY_QUOTES, '');
    if (organisation.length > MAX_ORGANISATION) break;
    segments.unshift({ organisation, post });
    // context before the organisation ends the chain: nothing further left belongs to it
    if (organisation !== raw || last) break;
    segEnd = start - 1;
  }
  const { ownPosts } = lexicon();
  const titles: string[] = [];
  let organisation = '';
  for (const s of segments) {
    if (s.organisation) organisation = s.organisation;
    if (s.organisation || ownPosts.has(s.post)) titles.push(s.organisation + s.post);
    // a party body lends its organisation, not itself, to a post outside the party (区法院党组成员、副院长)
    else titles.push((PARTY_POST.test(s.post) ? organisation : organisation.replace(PARTY_BODY, '')) + s.post);
  }
  return titles;
}

/** Names listed after a first one with the same title (盛荣华，刘烈宏，…出席; 市领导张三、李四、王五). */
function listAfter(text: string, from: number): { names: string[]; end: number } {
  const names: string[] = [];
  let at = from;
  while (/[、，,]/u.test(text[at] ?? '')) {
    const name = nameAt(text, at + 1);
    if (!name) break;
    names.push(name);
    at += 1 + name.length;
  }
  return { names, end: at };
}

/**
 * People in one passage: names after a title chain (and the names listed with them), names before a title that
 * follows them (习近平总书记) when the name is known or stands after a boundary, and reporters in bylines.
 */
export function findMentions(text: string, knownNames: ReadonlySet<string> = new Set()): Mention[] {
  const found = new Map<string, Mention>();
  const add = (name: string, titles: string[], reporter = false) => {
    const m = found.get(name) ?? { name, titles: [], reporter };
    for (const t of titles) if (!m.titles.includes(t)) m.titles.push(t);
    m.reporter &&= reporter;
    found.set(name, m);
  };

  for (const [, names] of text.matchAll(BYLINE)) {
    for (const name of names!.split(/[\s、，,]+/u)) if (/^\p{Script=Han}{2,4}$/u.test(name)) add(name, ['记者'], true);
  }
  const bylines = new Set([...found.keys()]);

  for (let at = 2; at < text.length; at++) {
    if (!postEndingAt(text, at)) continue;
    const name = nameAt(text, at);
    if (!name || bylines.has(name)) continue;
    const titles = chainEndingAt(text, at);
    add(name, titles);
    for (const other of listAfter(text, at + name.length).names) add(other, titles);
  }

  for (const post of TITLES_AFTER_NAME) {
    for (let at = text.indexOf(post); at >= 0; at = text.indexOf(post, at + 1)) {
      for (const length of [3, 2, 4]) {
        const start = at - length;
        const name = text.slice(start, at);
        if (start < 0 || !/^\p{Script=Han}+$/u.test(name) || nameAt(text.slice(0, at) + '，', start) !== name) continue;
        if (!knownNames.has(name) && !BEFORE_NAME.test(text.slice(0, start))) continue;
        if (postEndingAt(text, start)) continue; // a chain title before it: found above
        add(name, [post]);
        break;
      }
    }
  }
  return [...found.values()];
}
