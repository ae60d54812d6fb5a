import { describe, expect, it } from 'vitest';
import { latinKey, pinyinKey, pinyinKeyAndInitials, pinyinMatches, withHanNames, withoutToneMarks } from '../../src/text/pinyin.js';

describe('pinyin', () => {
  it('keys a name by its toneless syllables, ü as v', () => {
    expect(pinyinKey('庄荣文')).toBe('zhuangrongwen');
    expect(pinyinKey('吕中华')).toBe('lvzhonghua');
  });

  it('gives the same key with the initials of its syllables', () => {
    expect(pinyinKeyAndInitials('庄荣文')).toEqual({ key: 'zhuangrongwen', initials: 'zrw' });
    expect(pinyinKeyAndInitials('吕中华')).toEqual({ key: 'lvzhonghua', initials: 'lzh' });
  });

  it('reads typed pinyin as that key: tone marks, tone digits, spaces, apostrophes and ü in any spelling', () => {
    for (const typed of ['Zhuang Rongwen', 'Zhuāng Róngwén', 'zhuang1 rong2wen2', "Zhuang'Rongwen"]) expect(latinKey(typed)).toBe('zhuangrongwen');
    for (const typed of ['Lü Zhonghua', 'Lǚ Zhōnghuá', 'Lu: Zhonghua', 'lv zhonghua']) expect(latinKey(typed)).toBe('lvzhonghua');
  });

  it('drops tone marks but keeps the diaeresis of ü', () => {
    expect(withoutToneMarks('Liú Yǒngfù')).toBe('Liu Yongfu');
    expect(withoutToneMarks('Lǚ lüè')).toBe('Lü lüe');
  });

  it('matches a key typed with u for ü, but not one typed with ü for u', () => {
    expect(pinyinMatches('luzhonghua', 'lvzhonghua')).toBe(true);
    expect(pinyinMatches('lvzhonghua', 'lvzhonghua')).toBe(true);
    expect(pinyinMatches('lv', 'lu')).toBe(false);
  });
});

describe('names in pinyin in a Chinese question', () => {
  const people: Record<string, string> = { zhuangrongwen: '庄荣文', zengjin: '曾劲', yujun: '于军' };
  const nameOf = (latin: string) => people[latinKey(latin)] ?? null;

  it('writes the people it names as the articles write them, and no other Latin words', () => {
    expect(withHanNames('Zhuang Rongwen 在海淀说了什么', nameOf)).toBe('庄荣文在海淀说了什么');
    expect(withHanNames('听说Zhuang Rongwen和Zhang San去了海淀', nameOf)).toBe('听说庄荣文和Zhang San去了海淀');
    // two names one after the other, as a list writes them; in capitals, or apart by a full-width space
    expect(withHanNames('Yu Jun Zeng Jin参加了什么会', nameOf)).toBe('于军、曾劲参加了什么会');
    expect(withHanNames('YU JUN去北航干嘛了', nameOf)).toBe('于军去北航干嘛了');
    expect(withHanNames('Yu\u3000Jun去北航干嘛了', nameOf)).toBe('于军去北航干嘛了');
    expect(withHanNames('Ｙｕ　Ｊｕｎ去北航干嘛了', nameOf)).toBe('于军去北航干嘛了');
    // a run that is not names through and through stays: someone the articles do not name is nobody they do
    expect(withHanNames('Yu Jun Fan是谁', nameOf)).toBe('Yu Jun Fan是谁');
    // a capitalised word alone, or words that spell nobody (a word in pinyin, a brand), stay as written
    for (const question of ['Haidian有什么新闻', 'APEC会议在哪里举行', 'Ji Li汽车的销量', 'Mark Regnerus的研究']) expect(withHanNames(question, nameOf)).toBe(question);
  });
});
