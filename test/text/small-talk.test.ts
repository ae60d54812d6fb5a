import { describe, expect, it } from 'vitest';
import { isSmallTalk, withoutSmallTalk } from '../../src/text/small-talk.js';

describe('isSmallTalk', () => {
  it('knows greetings, thanks and acknowledgements in any script, case and marks around them', () => {
    for (const message of ['你好', '您好！', '謝謝', '谢谢啦~', 'Thanks!', 'thank you', 'Hi 👋', '  OK ', '在吗？', 'test']) expect(isSmallTalk(message), message).toBe(true);
  });

  it('takes no question for small talk, even one that holds a greeting word', () => {
    for (const message of ['你好我好大家好的理念', '谢谢大家是谁说的', 'hello world', '动员大会是哪天开的', '好的经验有哪些']) expect(isSmallTalk(message), message).toBe(false);
  });
});

describe('withoutSmallTalk', () => {
  it('drops the small talk that opens or ends a question, and leaves a greeting inside a sentence', () => {
    expect(withoutSmallTalk('你好，动员大会是哪天开的？谢谢！')).toBe('动员大会是哪天开的？');
    expect(withoutSmallTalk('Hi, who is Zhuang Rongwen? Thanks')).toBe('who is Zhuang Rongwen?');
    expect(withoutSmallTalk('坚持你好我好大家好的理念是谁提出的')).toBe('坚持你好我好大家好的理念是谁提出的');
    expect(withoutSmallTalk('谢谢！再见')).toBe('');
  });
});
