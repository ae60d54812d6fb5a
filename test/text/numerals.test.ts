import { describe, expect, it } from 'vitest';
import { arabic, foldNumerals } from '../../src/text/numerals.js';

describe('foldNumerals', () => {
  it('writes numerals with units in digits, keeping 万 and 亿', () => {
    expect(foldNumerals('五百强企业')).toBe('500强企业');
    expect(foldNumerals('两千人')).toBe('2000人');
    expect(foldNumerals('三千五百万元')).toBe('3500万元');
    expect(foldNumerals('十九大')).toBe('19大');
    expect(foldNumerals('一千零五')).toBe('1005');
    expect(foldNumerals('三十多个')).toBe('30多个');
  });

  it('writes what follows the largest unit as a decimal of it, as the news writes 1.2万, and reads speech\'s abbreviations', () => {
    // so that a question that spells a number meets the passage that writes it in digits
    expect(foldNumerals('一万二千名')).toBe('1.2万名');
    expect(foldNumerals('十万八千里')).toBe('10.8万里');
    expect(foldNumerals('一亿二千万元')).toBe('1.2亿元');
    expect(foldNumerals('一亿零五百万')).toBe('1.05亿');
    expect(foldNumerals('五万零三百人')).toBe('5.03万人');
    // 亿 multiplies what stands before it since the last 亿; 万亿 is a unit
    expect(foldNumerals('一万二千亿元')).toBe('1.2万亿元');
    expect(foldNumerals('三万亿五千亿')).toBe('3.5万亿');
    expect(foldNumerals('一百五十万亿')).toBe('150万亿');
    // a decimal of more than two places is written as no news text does: the digits instead
    expect(foldNumerals('一万零五')).toBe('10005');
    expect(foldNumerals('五千万零五')).toBe('50000005');
    // a digit that ends a numeral right after a unit counts in the place below it (no 零 between)
    expect(foldNumerals('月薪两万五')).toBe('月薪2.5万');
    expect(foldNumerals('三千五的工资')).toBe('3500的工资');
    expect(foldNumerals('一百五十')).toBe('150');
    expect(foldNumerals('一百五')).toBe('150');
    expect(foldNumerals('三千零五')).toBe('3005');
    expect(foldNumerals('十五')).toBe('15');
  });

  it('reads years digit by digit and percentages as %', () => {
    expect(foldNumerals('二〇一九年')).toBe('2019年');
    expect(foldNumerals('一九四九年')).toBe('1949年');
    expect(foldNumerals('百分之五')).toBe('5%');
    expect(foldNumerals('增长百分之三十五的')).toBe('增长35%的');
  });

  it('folds a lone digit only when it counts something', () => {
    expect(foldNumerals('五个')).toBe('5个');
    expect(foldNumerals('第一次')).toBe('第1次');
    for (const word of ['一些', '统一', '三农', '两学一做', '百姓', '千万', '万一', '千方百计']) expect(foldNumerals(word)).toBe(word);
  });

  it('writes a decimal in a percentage or before a measure word in digits, and leaves it as written elsewhere', () => {
    expect(foldNumerals('增长百分之五点五')).toBe('增长5.5%');
    expect(foldNumerals('百分之零点五')).toBe('0.5%');
    expect(foldNumerals('二点五亿元')).toBe('2.5亿元');
    expect(foldNumerals('十二点零五万人')).toBe('12.05万人');
    expect(foldNumerals('六点五个百分点')).toBe('6.5个百分点');
    for (const text of ['零点五', '六点五', '一点一滴', '两点一线', '三点意见']) expect(foldNumerals(text)).toBe(text);
    // times of day: no decimals, their parts read as numerals are elsewhere
    expect(foldNumerals('下午三点五十分')).toBe('下午三点50分');
    expect(foldNumerals('十点零五分')).toBe('10点05分');
    expect(foldNumerals('九点一五十分')).toBe('九点一五十分');
  });
});

describe('arabic', () => {
  it('writes every numeral below 100 in digits, even where foldNumerals would read a word', () => {
    expect(arabic('第十五届')).toBe('第15届');
    expect(arabic('第二十一次')).toBe('第21次');
    expect(arabic('十二处')).toBe('12处');
    expect(arabic('第二处')).toBe('第2处');
    expect(arabic('一零三所')).toBe('103所');
  });
});
