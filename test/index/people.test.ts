import { describe, expect, it } from 'vitest';
import { findMentions } from '../../src/index/officials.js';
import { followers, knownNames, mayBeShort, namesFound } from '../../src/index/people.js';

/** The two passes over a collection, as a build makes them. */
function namesOf(passages: string[]): string[][] {
  const found = new Set(passages.flatMap(namesFound));
  const known = knownNames(found, followers(passages, new Set([...found].filter(mayBeShort))));
  return passages.map((p) => findMentions(p, known).map((m) => m.name));
}

describe('finding people', () => {
  it('takes a name the collection always writes with one more character for the longer name', () => {
    const passages = ['书记处书记孙春际出席会议。', '组长孙春际强调，要抓好整改。', '会上，纪委书记孙春际作了讲话。'];
    expect(namesOf(passages)).toEqual([['孙春际'], ['孙春际'], ['孙春际']]);
    // written twice only: not enough to tell
    expect(namesOf(passages.slice(0, 2))).toEqual([['孙春'], ['孙春']]);
  });

  it('reads a known name and then a preposition or conjunction as the name (龚正在 of 龚正)', () => {
    const passages = ['省委副书记、省长龚正在开班式上作动员讲话。', '省长龚正出席会议。', '省委副书记周立和省委常委发言。', '副书记周立出席。'];
    expect(namesOf(passages)).toEqual([['龚正'], ['龚正'], ['周立'], ['周立']]);
  });

  it('keeps a name that the collection writes before different characters', () => {
    const passages = ['区长何强出席会议。', '副区长何强出席活动。', '区长何强出席仪式。', '区长何强指出，'];
    expect(namesOf(passages)).toEqual([['何强'], ['何强'], ['何强'], ['何强']]);
  });
});
