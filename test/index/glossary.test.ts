import { describe, expect, it } from 'vitest';
import { glossKey, glossKeys, laterKeys, type CedictEntry } from '../../src/index/glossary.js';
import { buildGlossary } from '../helpers/glossary.js';

describe('glossary keys', () => {
  it('reads glosses as keys', () => {
    expect(glossKey('to mobilize')).toBe('mobilize');
    expect(glossKey('Cyberspace Administration of China (CAC)')).toBe('cyberspace administration of china');
    expect(glossKey('a long gloss that has far too many words')).toBeNull();
  });

  it('files a gloss under its head, its bag of content words and the names in its parentheses', () => {
    expect(glossKeys("people's congress, a legislative body at any of various levels")).toContain('people congress');
    expect(glossKeys('discipline inspection commission')).toContain('bag:commission discipline inspection');
    expect(glossKeys("CPPCC (Chinese People's Political Consultative Conference)")).toEqual(
      expect.arrayContaining(['cppcc', 'bag:chinese conference consultative people political']),
    );
    expect(glossKeys('Cyberspace Administration of China (CAC)')).toContain('cac');
  });

  it('files a gloss a rank later under each of two acts, the thing a classifier counts and a surname', () => {
    expect(laterKeys('to rectify and improve')).toEqual(['rectify', 'improve']);
    expect(laterKeys('classifier for batches, lots, military flights')).toEqual(['batches']);
    expect(laterKeys('Friedrich Engels (1820-1895), socialist philosopher')).toEqual(['engels']);
    expect(laterKeys('World War I (1914-1918)')).toEqual([]);
  });

  it('files hyphenated glosses word by word, as questions are read', () => {
    expect(glossKeys('state-owned')).toContain('state owned');
  });

  it('files a national body also without the country its gloss ends with, when a name remains', () => {
    expect(glossKeys('Ministry of Civil Affairs (MCA) of the PRC')).toContain('ministry of civil affairs');
    expect(glossKeys('Cyberspace Administration of China (CAC)')).toContain('cyberspace administration');
    expect(glossKeys('Bank of China')).not.toContain('bank');
  });

  it('files a proper noun under its capitalised name, without what its gloss says after it', () => {
    // 三峡大坝: "Three Gorges Dam on the Yangtze River"
    expect(laterKeys('Three Gorges Dam on the Yangtze River', true)).toEqual(['three gorges dam']);
    expect(laterKeys('Chinese medicine', false)).toEqual([]);
    // a kind before what it is of names no kind in general
    expect(laterKeys('Ministry of Education', true)).toEqual([]);
  });
});

describe('buildGlossary', () => {
  const entries: CedictEntry[] = [
    ['發改委', '发改委', 'Fa1 gai3 wei3', ['abbr. for 國家發展和改革委員會|国家发展和改革委员会[Guo2 jia1]']],
    ['國家發展和改革委員會', '国家发展和改革委员会', 'Guo2 jia1', ['National Development and Reform Commission (NDRC)']],
    ['黨', '党', 'dang3', ['party', 'association']],
    ['派對', '派对', 'pai4 dui4', ['party']],
    ['聚會', '聚会', 'ju4 hui4', ['party', 'gathering']],
    ['當事人', '当事人', 'dang1 shi4 ren2', ['persons involved', 'litigant', 'witness', 'interested person', 'party']],
  ];
  const passages: Record<string, number> = { 发改委: 3, 党: 50, 派对: 1, 聚会: 2, 当事人: 5 };
  const glossary = buildGlossary(entries, (w) => passages[w] ?? 0, []);

  it('gives an abbreviation the glosses of the word it abbreviates, which the corpus need not hold', () => {
    expect(glossary.get('ndrc')).toEqual(['发改委']);
    expect(glossary.get('bag:commission development national reform')).toEqual(['发改委']);
  });

  it('orders candidates of one rank by how many passages hold them', () => {
    expect(glossary.get('party')!.slice(0, 2)).toEqual(['聚会', '派对']);
  });

  it('ranks a one-character word glossed first after the words of that gloss, before those glossed late', () => {
    expect(glossary.get('party')).toEqual(['聚会', '派对', '党', '当事人']);
  });
});

describe('pinyin keys', () => {
  it('reads a pinyin that names a place as the place, and a common word by its pinyin only when nothing is named so', () => {
    const entries: CedictEntry[] = [
      ['上海', '上海', 'Shang4 hai3', ['Shanghai']],
      ['傷害', '伤害', 'shang1 hai4', ['to injure']],
      ['甲午', '甲午', 'jia3 wu3', ['thirty-first year of the cycle']],
    ];
    const glossary = buildGlossary(entries, () => 1, []);
    expect(glossary.get('py:shanghai')).toEqual(['上海']);
    expect(glossary.get('py:jiawu')).toEqual(['甲午']);
  });
});
