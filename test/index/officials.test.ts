import { describe, expect, it } from 'vitest';
import { findMentions, nameAt } from '../../src/index/officials.js';

const titlesOf = (text: string) => Object.fromEntries(findMentions(text).map((m) => [m.name, m.titles]));

describe('findMentions', () => {
  it('reads a title chain, keeping a quoted 、 inside its title', () => {
    expect(
      titlesOf(
        '中央宣传部副部长、中央网信办主任、国家网信办主任，中央网信办“不忘初心、牢记使命”主题教育领导小组组长庄荣文作动员讲话，中央第15指导组组长陈凤翔出席并讲话。',
      ),
    ).toEqual({
      庄荣文: ['中央宣传部副部长', '中央网信办主任', '国家网信办主任', '中央网信办“不忘初心、牢记使命”主题教育领导小组组长'],
      陈凤翔: ['中央第15指导组组长'],
    });
  });

  it('gives a shared title to every name of the list it governs', () => {
    expect(titlesOf('中央网信办副主任、国家网信办副主任盛荣华，刘烈宏，近期退出办领导班子的老同志出席。')).toEqual({
      盛荣华: ['中央网信办副主任', '国家网信办副主任'],
      刘烈宏: ['中央网信办副主任', '国家网信办副主任'],
    });
    expect(titlesOf('市领导张三、李四、王五出席。')).toEqual({ 张三: ['市领导'], 李四: ['市领导'], 王五: ['市领导'] });
  });

  it('carries an organisation over to a bare post, but not a party body to a post outside the party', () => {
    expect(titlesOf('区人大常委会党组书记、主任刘长利就有关情况作说明。')).toEqual({
      刘长利: ['区人大常委会党组书记', '区人大常委会主任'],
    });
    expect(titlesOf('区法院党组成员、副院长贾柏岩出席。')).toEqual({ 贾柏岩: ['区法院党组成员', '区法院副院长'] });
    expect(titlesOf('区委副书记、代区长曾劲主持会议。')).toEqual({ 曾劲: ['区委副书记', '代区长'] });
  });

  it('leaves the context before a chain out of the title', () => {
    expect(titlesOf('会议由区委副书记、代区长曾劲主持。')).toEqual({ 曾劲: ['区委副书记', '代区长'] });
    expect(titlesOf('10月29日上午，区委书记于军强调，要深入学习。')).toEqual({ 于军: ['区委书记'] });
  });

  it('takes a title after a name standing at a boundary, or a name already known', () => {
    expect(titlesOf('正当其时。习近平总书记的重要讲话，精辟论述了主题教育的重大意义。')).toEqual({ 习近平: ['总书记'] });
    expect(titlesOf('深入学习贯彻习近平总书记的重要讲话')).toEqual({});
    expect(findMentions('深入学习贯彻习近平总书记的重要讲话', new Set(['习近平']))).toEqual([
      { name: '习近平', titles: ['总书记'], reporter: false },
    ]);
  });

  it('records reporters in bylines as reporters', () => {
    expect(findMentions('海淀人大网讯（记者 彭伟 魏颖）秋色宜人。')).toEqual([
      { name: '彭伟', titles: ['记者'], reporter: true },
      { name: '魏颖', titles: ['记者'], reporter: true },
    ]);
  });

  it('takes no word for a name', () => {
    for (const text of [
      '汪洋大海般的力量汇聚起来。',
      '总书记关于“不忘初心、牢记使命”的重要论述',
      '中央第15指导组成员到会指导。',
      '吉林市政协主席出席。',
      '主题教育领导小组组长指出，网信办要近期退出。',
    ]) {
      expect(findMentions(text)).toEqual([]);
    }
  });
});

describe('nameAt', () => {
  it('prefers three characters, unless the shorter name is followed by a whole verb', () => {
    expect(nameAt('庄荣文作动员讲话', 0)).toBe('庄荣文');
    expect(nameAt('于军强调', 0)).toBe('于军');
    expect(nameAt('梁爽一同调研', 0)).toBe('梁爽');
    expect(nameAt('欧阳淞指出', 0)).toBe('欧阳淞');
    expect(nameAt('刘长利就', 0)).toBe('刘长利');
    expect(nameAt('王𬀩主持会议', 0)).toBe('王𬀩'); // a name character outside the BMP
  });
});
