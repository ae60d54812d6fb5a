import { describe, expect, it } from 'vitest';
import { latinKey, pinyinKey, pinyinMatches, withoutToneMarks } from '../../src/text/pinyin.js';

describe('pinyin', () => {
  it('keys a name by its toneless syllables, ü as v', () => {
    expect(pinyinKey('庄荣文')).toBe('zhuangrongwen');
    expect(pinyinKey('吕中华')).toBe('lvzhonghua');
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
