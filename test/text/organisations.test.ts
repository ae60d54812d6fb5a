import { describe, expect, it } from 'vitest';
import { sameOrganisation } from '../../src/text/organisations.js';

describe('sameOrganisation', () => {
  it('knows an organisation abbreviated and in full', () => {
    expect(sameOrganisation('工信部', '工业和信息化部')).toBe(true);
    expect(sameOrganisation('国家卫生健康委员会', '国家卫健委')).toBe(true);
    expect(sameOrganisation('中央政治局', '中共中央政治局')).toBe(true);
    expect(sameOrganisation('全国政协', '中国人民政治协商会议全国委员会')).toBe(true); // the curated list
  });

  it('keeps apart organisations that only look alike', () => {
    expect(sameOrganisation('区政协', '自治区政协')).toBe(false);
    expect(sameOrganisation('中央第5指导组', '中央第15指导组')).toBe(false);
    expect(sameOrganisation('区委', '区纪委')).toBe(false);
    expect(sameOrganisation('省财政厅', '省教育厅')).toBe(false);
    expect(sameOrganisation('北京市委', '北京市政法委')).toBe(false);
    expect(sameOrganisation('海淀区委', '海淀区卫健委')).toBe(false);
  });
});
