import { fold } from './text.js';

/**
 * What people say to a bot that asks nothing of the articles: greetings, thanks, goodbyes, acknowledgements and a
 * test in English; no word that could be a query of its own (感谢, 测试, 了解). A closed class of the language's
 * phrases, not of questions: 你好 matched as a word (各国应该坚持你好我好大家好的理念) is no answer to a greeting.
 */
const SMALL_TALK = new Set([
  ...['你好', '您好', '你们好', '大家好', '哈喽', '哈啰', '嗨', '喂', '早安', '早上好', '上午好', '中午好', '下午好', '晚上好', '晚安'],
  ...['谢谢', '谢谢你', '谢谢您', '多谢', '谢了', '辛苦了', '再见', '拜拜', '回见', '在吗', '在么', '在不在'],
  ...['好的', '嗯', '嗯嗯', '哦', '噢', '收到', '知道了', '你是谁', '你好吗'],
  ...['hi', 'hello', 'hey', 'yo', 'thanks', 'thank you', 'thank you very much', 'thx', 'ty', 'ok', 'okay', 'bye', 'goodbye'],
  ...['good morning', 'good afternoon', 'good evening', 'good night', 'test', 'who are you'],
]);

/** Whether a message is small talk alone: one of SMALL_TALK, in any script and case, with marks, emoji and 啊/呀/啦 around it. */
export function isSmallTalk(message: string): boolean {
  const words = fold(message)
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim()
    .replace(/\s+/gu, ' ')
    .replace(/(?<=\p{Script=Han})[啊呀啦哈哦呢吧嘛]+$/u, '');
  return SMALL_TALK.has(words);
}

/**
 * A message less the small talk that opens or ends it (你好，…是哪天开的？谢谢): what is asked. '' when it is small talk
 * alone. Clauses end at a mark of punctuation, not at a space, so a greeting inside a sentence stays.
 */
export function withoutSmallTalk(message: string): string {
  const clauses = message.split(/(?<=[，,。.!！？?~～;；\n])/u);
  let [from, to] = [0, clauses.length];
  while (from < to && isSmallTalk(clauses[from]!)) from++;
  while (to > from && isSmallTalk(clauses[to - 1]!)) to--;
  return clauses.slice(from, to).join('').trim();
}

