import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { glossKey } from '../../src/index/glossary.js';
import { isForeign, translate } from '../../src/retrieval/english.js';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { search } from '../../src/retrieval/search.js';
import { articlesWith, tempDir } from '../helpers/fixtures.js';

const GLOSSARY: Record<string, string[]> = {
  'cyberspace administration of china': ['网信办'],
  'mobilize': ['动员'],
  'meeting': ['会议', '会晤'],
  'hold': ['举行'],
  'py:zhuangrongwen': ['庄荣文'],
  'py:haidian': ['海淀'],
};
const lookup = (key: string) => GLOSSARY[key] ?? null;

describe('translate', () => {
  it('turns English phrases into groups of Chinese candidates, longest phrase first', () => {
    expect(translate('When did the Cyberspace Administration of China hold its mobilizing meetings?', lookup)).toEqual([
      ['网信办'],
      ['举行'],
      ['动员'],
      ['会议', '会晤'],
    ]);
  });

  it('finds names and places written in pinyin', () => {
    expect(translate('What did Zhuang Rongwen say in Haidian?', lookup)).toEqual([['庄荣文'], ['海淀']]);
  });

  it('keeps numbers, ordinals and months', () => {
    expect(translate('the 15th group in June 2019', () => null)).toEqual([['第15', '15'], ['6月'], ['2019']]);
  });

  it('tells English questions from Chinese ones', () => {
    expect(isForeign('When was the meeting held?')).toBe(true);
    expect(isForeign('What is 网信办?')).toBe(false);
    expect(isForeign('中央网信办的会议')).toBe(false);
  });

  it('reads glosses as keys', () => {
    expect(glossKey('to mobilize')).toBe('mobilize');
    expect(glossKey('Cyberspace Administration of China (CAC)')).toBe('cyberspace administration of china');
    expect(glossKey('a long gloss that has far too many words')).toBeNull();
  });
});

describe('English questions over the index', () => {
  let dir: string;
  let cleanup: () => void;
  let reader: IndexReader;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    await buildIndex({ articlesDir: articlesWith(dir), indexDir: path.join(dir, 'index') });
    reader = IndexReader.open(path.join(dir, 'index'));
  });
  afterAll(() => {
    reader.close();
    cleanup();
  });

  it('keeps a glossary of the corpus words and of the names found', () => {
    expect(reader.glossary('mobilization')).toEqual(['动员']);
    expect(reader.glossary('py:zhuangrongwen')).toEqual(['庄荣文']);
    expect(reader.glossary('skateboard')).toBeNull();
  });

  it('answers an English question with the Chinese passage', () => {
    const first = search(reader, 'What did Zhuang Rongwen stress?', 3).answers[0]!;
    expect(first.paragraph).toBe(3);
    expect(first.highlight.startsWith('庄荣文强调')).toBe(true);
    expect(search(reader, 'How much does a Disneyland ticket cost?', 3).noAnswer).toBe(true);
  });
});
