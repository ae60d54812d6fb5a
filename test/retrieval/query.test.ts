import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexReader } from '../../src/retrieval/index-reader.js';
import { questionTerms } from '../../src/retrieval/query.js';
import { openIndexOf, plainArticle } from '../helpers/fixtures.js';

// jieba keeps 四川省, 四川省委 and 四川大学 whole, so a question's 四川 met none of them as a word
const SICHUAN = plainArticle('四川省委常委会举办读书班', [
  '四川省委常委会举办读书班，为期五天，采取个人自学、集中研讨、专题辅导相结合的方式进行，省委常委逐一交流学习体会。',
  '四川省各地结合实际开展学习，四川大学的专家学者应邀作专题辅导，四川各级党组织把学习成果转化为推动发展的实际行动。',
]);

let reader: IndexReader;
let close: () => void;
beforeAll(async () => {
  ({ reader, close } = await openIndexOf({ 'sichuan.txt': SICHUAN }));
});
afterAll(() => close());

const alternativesOf = (question: string, word: string) => questionTerms(reader, question).words.find((t) => t.alternatives[0] === word)?.alternatives;

describe('question terms', () => {
  it('matches a place named without its level with the names the index holds with it, as one term', () => {
    // the places and the party committee; not the university, which is no place
    expect(alternativesOf('四川读书班办了几天', '四川')).toEqual(['四川', '四川省', '四川省委']);
    // asked with its level, the name without it too
    expect(alternativesOf('四川省读书班办了几天', '四川省')).toEqual(['四川省', '四川', '四川省委']);
  });

  it('leaves other words alone', () => {
    expect(alternativesOf('四川读书班办了几天', '读书班')).toEqual(['读书班']);
    expect(alternativesOf('四川大学的专家', '四川大学')).toEqual(['四川大学']);
  });
});
