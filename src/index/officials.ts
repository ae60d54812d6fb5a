import { lexicon, nameOdds, postEndingAt, RANK, wordAt, wordBoundaries, wordFrequency, wordTag } from '../text/lexicon.js';
import { BYLINE } from '../text/byline.js';

/** A person named in a passage, with the titles the text attaches to them there. */
export interface Mention {
  name: string;
  titles: string[];
  /** A byline (（记者 魏颖）, （摄影/谢雯）, （责任编辑：魏颖）) names a reporter, a photographer or an editor, not an official. */
  reporter: boolean;
}

// What may stand right before a name followed by its title (习近平总书记): a boundary, not the middle of a word.
const BEFORE_NAME = /(?:^|[，、。；：,;:（(“”\s]|在|由|和|与|同|向|对|请|为|将|以|把|据|是)$/u;
// Those of them that are also surnames: a name that opens with one may be the word and what follows (向五大书记塑像).
const PREPOSITION_SURNAME = /^[由和向]/u;
// Titles that follow the name: 习近平总书记, 于军书记.
const TITLES_AFTER_NAME = ['总书记', '主席', '总理', '委员长', '书记', '部长', '省长', '市长', '区长', '主任', '组长'];
// Words that end the organisation part of a title: what came before them is context, not the organisation.
const CONTEXT =
  /(?:由|在|与|及|同|向|对|请|邀请|陪同|出席|主持|参加|会见|接见|看望|慰问|带领|率领|祝贺|致电|感谢|欢迎|任命|是|为|据|就|按照|根据|围绕|贯彻|落实|传达|学习|听取|担任|现任|兼任|上午|下午|晚上|期间|[：:）)—…])/gu;
// Quotation marks left at either end of a title by the cut (”国家…书记): only a balanced pair belongs to it.
const STRAY_QUOTES = /^[”」]+|[“「]+$/gu;
// Words of a byline that are roles, not names: （摄影记者 王伟）, （编辑整理 张三）.
const BYLINE_ROLE = /^(?:记者|通讯员|实习生|摄影|撰稿|编辑|审核|整理|供稿)/u;
const MAX_ORGANISATION = 30;
// Words that make a post a description of some of its holders (部分委员, 全体代表, 其他成员), not anyone's title: before
// the organisation, or after it (指导组全体成员, 财经小组部分成员), where it names a group of those present, and the
// chain before it lists other groups.
const SOME_OF = /^(?:部分|全体|有关|相关|其他|其余|多名|一些|各)/u;
const GROUP_OF = /(?:部分|全体|其他|其余|多名)$/u;
/** An organisation of this many characters or fewer (部, 总局, 公司) refers back to one named before. */
const BARE_REFERENCE = 2;
const PARTY_BODY = /(?:党组|党委|党工委|党总支|党支部)$/u;
const PARTY_POST = /书记|成员|委员|常委/u;
// A post that names the level of government it heads (市长, 副区长, 代县长): it takes its place, not its organisation.
const LEVEL_POST = /^(?:常务)?[副代]?([省市区县镇乡])长$/u;
// The bodies of a place that a chain names before its head's post: its party committee or its government.
const PLACE_BODY = /(?<=([省市区县镇乡]))\1?(?:委|党委|党工委|政府|人民政府)$/u;

// Where a name ends for sure: punctuation, the end of the text, a date (肖捷25日), a title or 同志 after the name.
const FIRM_END = new RegExp(`^(?:$|[\\p{P}\\s]|[\\d〇零一二三四五六七八九十]+[日月号]|同志|${TITLES_AFTER_NAME.join('|')})`, 'u');
// Most names have three characters; four-character ones (巴音朝鲁, 诸葛彩华) need the evidence of every character.
const LENGTH_PRIOR: Record<number, number> = { 2: -1, 3: 0.5, 4: -2 };
/** A name confirmed elsewhere in the collection (after a title) outweighs what the characters after it suggest. */
const KNOWN_NAME = 3;
/** How name-like the given characters of a four-character name must be, in all and each. */
const FOUR_CHARACTER_NAME = { sum: 3, each: -0.5 };

/**
 * A compound surname and two characters (诸葛彩华, 欧阳光明), or a surname and three that all look like a name's and do
 * not end with a common word of the language (巴音朝鲁; 吕刚介绍 is 吕刚 and the verb after him).
 */
function fourCharacterName(surname: string, given: string): boolean {
  if (surname.length === 2) return true;
  if (isCommonWord(given.slice(-2))) return false;
  const odds = [...given].map(nameOdds);
  return odds.every((o) => o >= FOUR_CHARACTER_NAME.each) && odds.reduce((a, b) => a + b, 0) >= FOUR_CHARACTER_NAME.sum;
}
/**
 * A word jieba's corpus has at least this often is a common word of the language (单位 17,532, 关于 13,762, 党组 580;
 * 黄润, which starts 黄润秋, 3), and a name that begins with one loses this much of its score: enough to drop a cut that
 * ran past a word, not a name that its context confirms (党组书记方向东表示).
 */
const COMMON_WORD = 500;
const COMMON_WORD_PENALTY = 3;
/** What a name loses when a word of the text runs across one of its ends (高度重视, 查处长江流域): it ends elsewhere. */
const WORD_CUT_PENALTY = 2;
/** What a name loses when it is the head of a longer word (兰州大 of 兰州大学): enough to fall below MIN_NAME_SCORE. */
const WORD_HEAD_PENALTY = 5;
/** Below this a string after a title is not taken for a name (关于…, 高度重视). */
const MIN_NAME_SCORE = -2.5;

/** The longest post that starts at `at`. */
function longestPostAt(text: string, at: number): string | null {
  const { posts, longestPost, postStarts } = lexicon();
  if (!postStarts.has(text[at]!)) return null;
  for (let n = longestPost; n >= 2; n--) if (posts.has(text.slice(at, at + n))) return text.slice(at, at + n);
  return null;
}

/** Whether `text` starts with a post. */
function startsPost(text: string): boolean {
  return longestPostAt(text, 0) !== null;
}

/** Whether `text` starts with a post or a known name: what comes after a name, or after 和 or 与 after it (汤军和副市长). */
function startsPerson(text: string, known: ReadonlySet<string>): boolean {
  return startsPost(text) || [2, 3, 4].some((n) => known.has(text.slice(0, n)));
}

/**
 * How much `name` (surname + given name) at `at` looks like a name ending there: how name-like its given characters
 * are (learned from jieba's person names), whether the text after it starts afresh (punctuation, a date, a word
 * such as 座谈 or 宣读) or runs on as a name would, whether a word is cut in two at its end, whether it begins with a
 * common word, and its length.
 */
function nameScore(text: string, at: number, surname: string, given: string, known: ReadonlySet<string>): number {
  const name = surname + given;
  const end = at + name.length;
  let score = LENGTH_PRIOR[[...name].length] ?? -Infinity;
  for (const c of given) score += nameOdds(c);
  const rest = text.slice(end);
  const wordAfter = freshWordAt(text, end);
  // 和 or 与 and then another person: the surest end of a name, as the conjunction could otherwise end a given name
  if (/^[cp]$/u.test(wordTag(rest.slice(0, 1)) ?? '') && startsPerson(rest.slice(1), known)) score += 3;
  else if (FIRM_END.test(rest) || startsPerson(rest, known)) score += 2;
  else if (wordAfter) score += 1;
  else score += Math.max(-1.5, Math.min(1, -nameOdds(String.fromCodePoint(rest.codePointAt(0)!)) / 2));
  // a word that starts inside and runs past the end when no word starts after it (高度重视), or that lies in the name
  // after its first given character (王五介绍): the name ends elsewhere
  for (let i = at; i < end; i++) {
    const word = wordAt(text, i);
    if (word && (i + word.length > end ? !wordAfter : i > at + surname.length)) {
      score -= WORD_CUT_PENALTY;
      break;
    }
  }
  // the head of a longer word of the language is that word (兰州大 of 兰州大学), whatever follows
  if ((wordAt(text, at)?.length ?? 0) > name.length) score -= WORD_HEAD_PENALTY;
  // and a common word that runs across its start (处长|江流域 of 查处长江流域), as across its end
  if (crossesWord(text, at)) score -= WORD_CUT_PENALTY;
  if (startsCommonWord(name)) score -= COMMON_WORD_PENALTY;
  if (known.has(name)) score += KNOWN_NAME;
  return score;
}

/**
 * Whether a name begins with a common word of the language that ends inside it (单位|和, 关于|加, 党组|副 of
 * 党组副书记): the cut ran on past a word. A rare word there (黄润 of 黄润秋) says little, nor does a name or a place
 * (王国 of 王国生), which names are made of.
 */
function startsCommonWord(name: string): boolean {
  for (let n = 2; n < name.length; n++) if (isCommonWord(name.slice(0, n))) return true;
  return false;
}

/** A word of the language met often (COMMON_WORD times in jieba's counts) that is not a name or a place. */
function isCommonWord(word: string): boolean {
  const tag = wordTag(word);
  return tag !== undefined && !/^n[rs]/u.test(tag) && wordFrequency(word) >= COMMON_WORD;
}

/**
 * Whether a name reads as a surname and a common word of two characters or more (全|覆盖, 张|走向, 李|先生): a phrase of
 * the text as likely as a name. Given names are made of such words too (李|胜利), so this alone takes nothing away.
 */
export function readsAsPhrase(name: string): boolean {
  return (lexicon().surnamesByFirst.get(name[0]!) ?? []).some((s) => name.startsWith(s) && name.length - s.length >= 2 && isCommonWord(name.slice(s.length)));
}

/**
 * The most likely name (a surname and one to three more characters, four in all at most) at `at`, or null when none
 * scores MIN_NAME_SCORE: names are judged by what names look like, not by a list of what may follow them.
 */
export function nameAt(text: string, at: number, known: ReadonlySet<string> = new Set()): string | null {
  return bestName(text, at, known)?.name ?? null;
}

/** nameAt, with the name's score. */
function bestName(text: string, at: number, known: ReadonlySet<string>): { name: string; score: number } | null {
  let best: { name: string; score: number } | null = null;
  for (const surname of (lexicon().surnamesByFirst.get(text[at]!) ?? []).filter((s) => text.startsWith(s, at))) {
    const start = at + surname.length;
    // by code point: a rare name character may lie outside the BMP (王𬀩)
    const next = Array.from(text.slice(start, start + 6));
    for (let length = 1; length <= 4 - [...surname].length && length <= next.length; length++) {
      const given = next.slice(0, length).join('');
      if (!/^\p{Script=Han}+$/u.test(given)) break;
      // a word, not a name (关于, 吉林, 水平); four characters are a name only when every one of them looks like a
      // name's (巴音朝鲁, which jieba tags as a place; not 王五介绍 nor 王军和李)
      const tag = wordTag(surname + given);
      if (surname.length + length === 4 && !fourCharacterName(surname, given)) continue;
      // a character twice is a word of the language (殷殷嘱托, 默默), not a surname and a given name
      if (given.startsWith(surname)) continue;
      if (tag !== undefined && !tag.startsWith('nr') && surname.length + length < 4) continue;
      const score = nameScore(text, at, surname, given, known);
      if (score >= MIN_NAME_SCORE && (!best || score > best.score)) best = { name: surname + given, score };
    }
  }
  return best;
}

/**
 * Where the chain segment ending at `end` starts: after the nearest 、, ， or 兼 (副主任兼国家统计局局长) outside
 * quotation marks, or after a sentence end (which also ends the chain: `last`).
 */
function segmentStart(text: string, end: number): { start: number; last: boolean } {
  let depth = 0;
  for (let i = end - 1; i >= 0; i--) {
    const c = text[i]!;
    if (c === '”' || c === '」') depth++;
    else if (c === '“' || c === '「') depth = Math.max(0, depth - 1);
    else if (/[。！？；;!?\n]/u.test(c)) return { start: i + 1, last: true };
    else if (depth === 0 && (c === '、' || c === '，' || c === ',' || c === '兼')) return { start: i + 1, last: false };
  }
  return { start: 0, last: true };
}

const COMRADE = '同志';
// What joins two people: the chain after it is the second one's (徐建培和省法院院长卫彦明: 卫彦明 is 省法院院长)
const JOINING = /^[和与及]$/u;

/**
 * Whether a person ends just before `end`, after `start`: a name the articles give a title elsewhere (徐建培 of
 * 徐建培和), or any name with 同志 after it (杨威 of 杨威同志和). Not a word that only looks like a name (审计 of
 * 审计和统计局).
 */
function nameEndsAt(text: string, start: number, end: number, known: ReadonlySet<string>): boolean {
  const comrade = text.endsWith(COMRADE, end);
  const before = comrade ? end - COMRADE.length : end;
  for (let from = before - 2; from >= Math.max(start, before - 4); from--) {
    const name = nameAt(text, from, known);
    if (name?.length === before - from && (comrade || known.has(name))) return true;
  }
  return false;
}


/**
 * Where an organisation between `start` and `end` can begin: after the last person named there with a title
 * (…主席习近平带领中共中央政治局常委: the chain of 常委 cannot reach back past 习近平), or after a person joined to the one
 * the chain ends at by 和, 与 or 及 (省纪委书记徐建培和省法院院长卫彦明; 工业和信息化部 joins no person).
 */
function afterPerson(text: string, start: number, end: number, known: ReadonlySet<string>): number {
  for (let at = end - 2; at > start; at--) {
    if (JOINING.test(text[at]!) && nameEndsAt(text, start, at, known)) return at + 1;
    if (!postEndingAt(text, at)) continue;
    const name = nameAt(text, at, known);
    if (name && at + name.length <= end) return at + name.length;
  }
  return start;
}

// What an organisation never starts with: verbs, prepositions, conjunctions, particles, adverbs, pronouns
// (了国务院副总理, 翻开省医疗保障局局长); jieba keeps 组织部 and 统战部 whole, so their verbs do not count.
const FUNCTION_TAG = /^(?:v|p|c|u[a-z]?|d|r|y|e|o)$/u;

/** An organisation without the function words the cut left in front of it, judged by jieba's tags. */
function withoutLeadingFunctionWords(organisation: string): string {
  let rest = organisation;
  for (;;) {
    const word = wordAt(rest, 0) ?? rest.slice(0, 1);
    const tag = wordTag(word);
    if (!word || tag === undefined || !FUNCTION_TAG.test(tag)) return rest;
    rest = rest.slice(word.length);
  }
}

/**
 * What follows the last context word of a segment: the organisation part. A context word of one character counts
 * only where jieba's dictionary cuts it as a word of its own (同 of 北京同仁医院, 对 of 中央对外联络部 are part of a name;
 * 在 of 在内蒙古 is not); a longer one always does, inside a longer word too (热烈欢迎, 今天上午).
 */
function afterContext(raw: string): string {
  let boundaries: Set<number> | null = null;
  let from = 0;
  for (const m of raw.matchAll(CONTEXT)) {
    const end = m.index + m[0].length;
    if (m[0].length > 1 || /[\p{P}\p{S}]/u.test(m[0])) from = end;
    else if ((boundaries ??= wordBoundaries(raw)).has(m.index) && boundaries.has(end)) from = end;
  }
  return raw.slice(from);
}

/**
 * The place an organisation is of, at a level post's level (重庆市委 → 重庆市 for 市长 and 副市长, 四季青镇党委 → 四季青镇 for
 * 镇长): 重庆市委副书记、市长 is the mayor of 重庆市. '' when the post names no level or the organisation no place before it.
 */
function placeAtLevel(organisation: string, post: string): string {
  const level = LEVEL_POST.exec(post)?.[1];
  // the place is what the party committee or government is of (浦东新区区委: 浦东新区), ending at the post's level
  const place = organisation.replace(/^中共/u, '').replace(PLACE_BODY, '');
  // and has a name before its level (市委 names none)
  return level && place.endsWith(level) && [...place].length > 2 ? place : '';
}

/**
 * The titles of the chain that ends at `end` (中央宣传部副部长、中央网信办主任，…领导小组组长), in reading order: each
 * segment must end with a post; a bare post takes the organisation of the segment before it (党组书记、主任).
 */
function chainEndingAt(text: string, end: number, known: ReadonlySet<string>): string[] {
  const segments: { organisation: string; post: string }[] = [];
  let segEnd = end;
  while (segEnd > 0) {
    const post = postEndingAt(text, segEnd);
    if (!post) break;
    const { start, last } = segmentStart(text, segEnd - post.length);
    const from = afterPerson(text, start, segEnd - post.length, known);
    const raw = text.slice(from, segEnd - post.length);
    const organisation = withoutLeadingFunctionWords(afterContext(raw)).replace(STRAY_QUOTES, '').trim();
    if (organisation.length > MAX_ORGANISATION) break;
    segments.unshift({ organisation, post });
    // context or a person before the organisation ends the chain: nothing further left belongs to it
    if (organisation !== raw || last || from > start) break;
    segEnd = start - 1;
  }
  const { ownPosts, descriptors } = lexicon();
  const titles: string[] = [];
  let organisation = '';
  for (const segment of segments) {
    // a rank before a post is part of it, no organisation (常务副市长)
    const s = segment.organisation === RANK ? { organisation: '', post: segment.organisation + segment.post } : segment;
    // 市领导, 部分委员: who they are, not a post
    if (descriptors.has(s.post) || SOME_OF.test(s.organisation)) continue;
    // a group of those present: the titles before it are other groups' (农村委委员，财经小组部分成员，…主任白莉)
    if (GROUP_OF.test(s.organisation)) {
      titles.length = 0;
      organisation = '';
      continue;
    }
    // a bare back-reference (部, 局, 公司 in 部党组副书记、部长) lends no organisation: its name is not written here
    if (s.organisation) organisation = [...s.organisation.replace(PARTY_BODY, '')].length > BARE_REFERENCE ? s.organisation : '';
    if (s.organisation) titles.push(s.organisation + s.post);
    else if (ownPosts.has(s.post) || LEVEL_POST.test(s.post)) titles.push(placeAtLevel(organisation, s.post) + s.post);
    // a party body lends its organisation, not itself, to a post outside the party (区法院党组成员、副院长)
    else titles.push((PARTY_POST.test(s.post) ? organisation : organisation.replace(PARTY_BODY, '')) + s.post);
  }
  return titles;
}

/**
 * Whether a common word of the language (长江, 18,930 in jieba's counts) spans the place `at` where a name would start:
 * the name's first character more likely ends the word before it (查处长江流域 is 查处 长江流域, not 处长 江流域).
 */
function crossesWord(text: string, at: number): boolean {
  if (at === 0) return false;
  for (let n = 2; n <= 4; n++) if (wordFrequency(text.slice(at - 1, at - 1 + n)) >= COMMON_WORD) return true;
  return false;
}

/**
 * The word that starts at `end`, unless it is a rare one and a common word of the language runs across `end` (陪同 of
 * 应勇陪|同下): then a cut there splits that word, and what follows is only its remainder. A common word after the
 * cut (甄占民|主持 beside 民主) is taken as the text's own.
 */
function freshWordAt(text: string, end: number): string | null {
  const word = wordAt(text, end);
  if (!word || !crossesWord(text, end)) return word;
  for (let n = 2; n <= word.length; n++) if (isCommonWord(text.slice(end, end + n))) return word;
  return null;
}

/** Names listed after a first one with the same title (盛荣华，刘烈宏，…出席; 市领导张三、李四、王五). */
function listAfter(text: string, from: number, known: ReadonlySet<string>): { names: string[]; end: number } {
  const names: string[] = [];
  let at = from;
  while (/[、，,]/u.test(text[at] ?? '')) {
    const name = nameAt(text, at + 1, known);
    // a list item ends with its name, before punctuation, a word, or 等, 和, 在; one followed by more
    // (全国政协社法委副主任徐某, 农村委主任委员…) starts a chain of its own
    const end = at + 1 + (name?.length ?? 0);
    const endsItem = /^(?:$|[\p{P}\s])/u.test(text.slice(end)) || wordAt(text, end) || /^[ucpvd]/u.test(wordTag(text.slice(end, end + 1)) ?? '');
    if (!name || startsPost(text.slice(end)) || !endsItem) break;
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

  for (const [, role, names] of text.matchAll(BYLINE)) {
    for (const name of names!.split(/[\s、，,]+/u)) if (/^\p{Script=Han}{2,4}$/u.test(name) && !BYLINE_ROLE.test(name)) add(name, [role!], true);
  }
  const bylines = new Set([...found.keys()]);

  // the ends of the posts that a name before them holds: a post is one person's, the likelier name's of the two that
  // may hold it (习近平总书记关于伟大…: 习近平, not 关于伟; 岳阳市长李爱武: 李爱武, not 岳阳)
  const owned = new Set<number>();
  for (const post of TITLES_AFTER_NAME) {
    for (let at = text.indexOf(post); at >= 0; at = text.indexOf(post, at + 1)) {
      // the title is the longest post ending there: 习总书记 is 总书记 after 习 (no name), 全总副主席 副主席 after 全总
      if ((postEndingAt(text, at + post.length) ?? post).length > post.length) continue;
      for (const length of [3, 2, 4]) {
        const start = at - length;
        const name = text.slice(start, at);
        const before = start < 0 || !/^\p{Script=Han}+$/u.test(name) ? null : bestName(text.slice(0, at) + '，', start, knownNames);
        if (before?.name !== name) continue;
        if (!knownNames.has(name) && !BEFORE_NAME.test(text.slice(0, start))) continue;
        // 向五大书记 is 向 + 五大书记: such a name is taken only when an article gives it a title elsewhere
        if (!knownNames.has(name) && PREPOSITION_SURNAME.test(name)) continue;
        if (postEndingAt(text, start)) continue; // a chain title before it: found by the chains below
        if (longestPostAt(text, at) !== post) continue; // 主任委员, not 主任: the post of an organisation named before
        if ((bestName(text, at + post.length, knownNames)?.score ?? -Infinity) > before.score) break;
        add(name, [post]);
        owned.add(at + post.length);
        break;
      }
    }
  }

  for (let at = 2; at < text.length; at++) {
    if (!postEndingAt(text, at) || owned.has(at)) continue;
    const name = nameAt(text, at, knownNames);
    if (!name || bylines.has(name)) continue;
    const titles = chainEndingAt(text, at, knownNames);
    add(name, titles);
    for (const other of listAfter(text, at + name.length, knownNames).names) add(other, titles);
  }

  return [...found.values()];
}
