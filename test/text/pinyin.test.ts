import { describe, expect, it } from 'vitest';
import { latinKey, pinyinKey, pinyinKeyAndInitials, pinyinMatches, withoutToneMarks } from '../../src/text/pinyin.js';

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
