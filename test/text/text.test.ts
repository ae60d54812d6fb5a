import { describe, expect, it } from 'vitest';
import { charLength, compact, fold, hanBigrams, sentences } from '../../src/text/text.js';

describe('fold', () => {
  it('turns traditional characters into simplified ones', () => {
    expect(fold('國務院關於進一步優化營商環境的意見')).toBe('国务院关于进一步优化营商环境的意见');
  });

  it('uses mainland words for Taiwan phrases, not only character by character', () => {
    expect(fold('軟體')).toBe('软件');
  });

  it('turns full-width digits and letters into ASCII and lower-cases', () => {
    expect(fold('２０１９年ＧＤＰ增长６．１％')).toBe('2019年gdp增长6.1%');
    expect(fold('5G网络 IPv6')).toBe('5g网络 ipv6');
  });

  it('drops the characters that show nothing, which part a word from itself', () => {
    expect(fold('广\u200b西防汛')).toBe('广西防汛');
    expect(fold('刘\u200d永富\u00ad\ufeff')).toBe('刘永富');
  });

  it('leaves simplified text as it is', () => {
    expect(fold('中央网信办召开主题教育动员大会。')).toBe('中央网信办召开主题教育动员大会。');
  });
});

describe('compact', () => {
  it('removes every kind of white space, including U+3000 and U+00A0', () => {
    expect(compact(' 　　中央\u00a0网信办 召开\n会议\t。\r\n')).toBe('中央网信办召开会议。');
  });
});

describe('hanBigrams', () => {
  it('gives the overlapping pairs of each run of Han characters', () => {
    expect(hanBigrams('中华人民共和国')).toEqual(['中华', '华人', '人民', '民共', '共和', '和国']);
  });

  it('does not pair characters across anything that is not Han', () => {
    expect(hanBigrams('网信办2019年，召开 会议')).toEqual(['网信', '信办', '召开', '会议']);
  });

  it('gives nothing for a single Han character or for text without Han', () => {
    expect(hanBigrams('年')).toEqual([]);
    expect(hanBigrams('5g ipv6')).toEqual([]);
  });

  it('pairs whole characters outside the BMP (rare characters in names)', () => {
    // 𫖯 (U+2B5AF) is in the standard character list, e.g. in personal names
    expect(hanBigrams('王𫖯说')).toEqual(['王𫖯', '𫖯说']);
  });
});

describe('sentences', () => {
  it('splits after Chinese and Western sentence ends and keeps each mark with its sentence', () => {
    expect(sentences('会议举行。他指出！是否落实？一要坚持；二要推进. Really? Yes!')).toEqual([
      '会议举行。',
      '他指出！',
      '是否落实？',
      '一要坚持；',
      '二要推进. Really?',
      ' Yes!',
    ]);
  });

  it('keeps a closing quote or bracket with the sentence it ends', () => {
    expect(sentences('他说：“要抓落实。”会议强调（要求全面推进。）然后散会。')).toEqual([
      '他说：“要抓落实。”',
      '会议强调（要求全面推进。）',
      '然后散会。',
    ]);
  });

  it('keeps a run of end marks together and keeps text without an end mark at the end', () => {
    expect(sentences('真的吗？！还有一句')).toEqual(['真的吗？！', '还有一句']);
  });

  it('loses no text apart from white space after the last sentence', () => {
    const text = '第一句。 第二句！第三句';
    expect(sentences(text).join('')).toBe(text);
    expect(sentences('只有一句。  ')).toEqual(['只有一句。']);
    expect(sentences('')).toEqual([]);
  });

  it('splits any text as a scan of every character does', () => {
    // the reference: each character looked at in turn
    const scan = (text: string) => {
      const out: string[] = [];
      const push = (s: string) => s.trim() && out.push(s);
      let start = 0;
      let i = 0;
      while (i < text.length) {
        if (text[i] === '\n') {
          push(text.slice(start, ++i));
          start = i;
        } else if ('。！？；!?;'.includes(text[i]!)) {
          while (i < text.length && '。！？；!?;'.includes(text[i]!)) i++;
          while (i < text.length && '”’」』）)'.includes(text[i]!)) i++;
          push(text.slice(start, i));
          start = i;
        } else i++;
      }
      push(text.slice(start));
      return out;
    };
    const pieces = [...'。！？；!?;”’」』）)\n 　a', '会议', '𫖯', '\r\n'];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]!).join('');
      expect(sentences(text), JSON.stringify(text)).toEqual(scan(text));
    }
  });
});

describe('charLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(charLength('中文')).toBe(2);
    expect(charLength('王𫖯')).toBe(2);
  });
});
