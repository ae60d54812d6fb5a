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

  it('gives a shared title to every name of the list it governs; a descriptor (市领导, 部分代表) gives none', () => {
    expect(titlesOf('中央网信办副主任、国家网信办副主任盛荣华，刘烈宏，近期退出办领导班子的老同志出席。')).toEqual({
      盛荣华: ['中央网信办副主任', '国家网信办副主任'],
      刘烈宏: ['中央网信办副主任', '国家网信办副主任'],
    });
    expect(titlesOf('市领导张三、李四、王五出席。')).toEqual({ 张三: [], 李四: [], 王五: [] });
    expect(titlesOf('部分人大代表吴小兰、钱大海参加视察。')).toEqual({ 吴小兰: [], 钱大海: [] });
    // a listed item with a title of its own starts its own chain
    expect(titlesOf('市长唐一平、市政协主席王大炯，全国政协社法委副主任徐国业出席。')).toEqual({
      唐一平: ['市长'],
      王大炯: ['市政协主席'],
      徐国业: ['全国政协社法委副主任'],
    });
    expect(titlesOf('区人大常委会副主任邓小林、农村委主任委员李华出席。')).toEqual({
      邓小林: ['区人大常委会副主任'],
      李华: ['农村委主任委员'],
    });
    // a descriptor after its organisation (全体成员, 部分成员), and the groups listed before it, are no one's title
    expect(titlesOf('中央第十指导组全体成员宋新潮、胡冰参加。')).toEqual({ 宋新潮: [], 胡冰: [] });
    // a descriptor before its organisation (全体会议成员) is skipped, the person's title before it kept
    expect(titlesOf('国务院副总理、全体会议成员刘鹤出席。')).toEqual({ 刘鹤: ['国务院副总理'] });
    expect(titlesOf('区人大常委会副主任臧桂武，农村委委员，财经小组部分成员，区人大常委会财政经济办公室主任白莉参加会议。')).toEqual({
      臧桂武: ['区人大常委会副主任'],
      白莉: ['区人大常委会财政经济办公室主任'],
    });
  });

  it('finds a name by its shape, whatever word or date follows it', () => {
    expect(titlesOf('省财政厅厅长周明远18日同民营企业代表座谈。')).toEqual({ 周明远: ['省财政厅厅长'] });
    expect(titlesOf('市商务局局长孙立伟宣读了表彰决定。')).toEqual({ 孙立伟: ['市商务局局长'] });
    expect(titlesOf('县委书记杨国栋座谈时指出，')).toEqual({ 杨国栋: ['县委书记'] });
    expect(titlesOf('区长何志强30日上午召集会议。')).toEqual({ 何志强: ['区长'] });
  });

  it('judges 其, 和 and 说 by how names use them, not by a list', () => {
    expect(titlesOf('市委书记冯其松出席。')).toEqual({ 冯其松: ['市委书记'] });
    expect(titlesOf('县长胡和庆主持会议。')).toEqual({ 胡和庆: ['县长'] });
    expect(titlesOf('镇党委书记田卫和会见了来访客人。')).toEqual({ 田卫和: ['镇党委书记'] });
    expect(titlesOf('区委书记方强说，要抓好落实。')).toEqual({ 方强: ['区委书记'] });
    expect(titlesOf('市长汤军和副市长谢一鸣出席。')).toEqual({ 汤军: ['市长'], 谢一鸣: ['副市长'] });
  });

  it('reads four-character names: compound surnames and minority officials', () => {
    expect(titlesOf('盟委书记巴特朝鲁主持召开会议。')).toEqual({ 巴特朝鲁: ['盟委书记'] });
    expect(titlesOf('州委副书记罗布顿珠出席。')).toEqual({ 罗布顿珠: ['州委副书记'] });
    expect(titlesOf('副组长欧阳明华强调，')).toEqual({ 欧阳明华: ['副组长'] });
    expect(titlesOf('有关负责人王五介绍了情况。')).toEqual({ 王五: [] });
    expect(titlesOf('市长王军和李四出席。')).toEqual({ 王军: ['市长'] });
  });

  it('recognises a name confirmed elsewhere in the collection, whatever follows it', () => {
    expect(titlesOf('区委书记于海曾亮直插一线。')).not.toHaveProperty('于海');
    expect(findMentions('区委书记于海曾亮直插一线。', new Set(['于海', '曾亮']))).toEqual([{ name: '于海', titles: ['区委书记'], reporter: false }]);
  });

  it('ends a chain at any role word, and never runs it past another person or a verb', () => {
    expect(titlesOf('省工商联副主席、省温州商会会长林大同致辞。')).toEqual({ 林大同: ['省工商联副主席', '省温州商会会长'] });
    expect(titlesOf('外交部部长助理陈立国出席。')).toEqual({ 陈立国: ['外交部部长助理'] });
    expect(titlesOf('国家主席特使、全国人大常委会副委员长曹建明出席。')).toEqual({ 曹建明: ['国家主席特使', '全国人大常委会副委员长'] });
    expect(titlesOf('省委常委、宣传部部长、省主题教育工作牵头人钱海峰讲话。')).toEqual({
      钱海峰: ['省委常委', '宣传部部长', '省主题教育工作牵头人'],
    });
    expect(titlesOf('省委书记、省人大常委会主任严志成带领省委常委高明远、孔祥东等出席。')).toEqual({
      严志成: ['省委书记', '省人大常委会主任'],
      高明远: ['省委常委'],
      孔祥东: ['省委常委'],
    });
    expect(titlesOf('省委书记、省人大常委会主任严志成和省委常委高明远出席。')).toEqual({
      严志成: ['省委书记', '省人大常委会主任'],
      高明远: ['省委常委'],
    });
    expect(titlesOf('会议向市政协副主席邵振华表示祝贺，还会见了市人民政府副市长龚建平。')).toEqual({
      邵振华: ['市政协副主席'],
      龚建平: ['市人民政府副市长'],
    });
    expect(titlesOf('翻开县人社局局长宋玉林的工作笔记。')).toEqual({ 宋玉林: ['县人社局局长'] });
    expect(titlesOf('省发展改革委副主任兼省能源局局长韩立新出席。')).toEqual({ 韩立新: ['省发展改革委副主任', '省能源局局长'] });
    // a person before 和, 与 or 及 (with 同志 or not), though no title of theirs stands before them: the chain after it
    // is the next person's alone
    expect(titlesOf('省委常委、省纪委书记徐建培和省法院院长卫彦明出席会议。')).toEqual({
      徐建培: ['省委常委', '省纪委书记'],
      卫彦明: ['省法院院长'],
    });
    expect(titlesOf('会议由杨威同志和局党组成员、副局长李滔主持。')).toEqual({ 李滔: ['局党组成员', '副局长'] });
    // with no title of their own before them: a name the articles give a title elsewhere
    const known = (text: string) => Object.fromEntries(findMentions(text, new Set(['徐建培'])).map((m) => [m.name, m.titles]));
    expect(known('徐建培和省法院院长卫彦明出席会议。')).toEqual({ 卫彦明: ['省法院院长'] });
    // an organisation's own 和 joins no person
    expect(titlesOf('文化和旅游部党组书记、部长雒树刚出席。')).toEqual({ 雒树刚: ['文化和旅游部党组书记', '文化和旅游部部长'] });
  });

  it('lends no organisation from a bare back-reference (部, 局)', () => {
    expect(titlesOf('部党组副书记、副部长邱志远出席。')).toEqual({ 邱志远: ['部党组副书记', '副部长'] });
  });

  it('carries an organisation over to a bare post, but not a party body to a post outside the party', () => {
    expect(titlesOf('区人大常委会党组书记、主任刘长利就有关情况作说明。')).toEqual({
      刘长利: ['区人大常委会党组书记', '区人大常委会主任'],
    });
    expect(titlesOf('区法院党组成员、副院长贾柏岩出席。')).toEqual({ 贾柏岩: ['区法院党组成员', '区法院副院长'] });
    expect(titlesOf('区委副书记、代区长曾劲主持会议。')).toEqual({ 曾劲: ['区委副书记', '代区长'] });
  });

  it('gives a post that heads a level of government the place of the organisation before it, at that level', () => {
    expect(titlesOf('重庆市委副书记、市长唐良智出席。')).toEqual({ 唐良智: ['重庆市委副书记', '重庆市市长'] });
    expect(titlesOf('四季青镇党委副书记、镇长薛飞飞陪同调研。')).toEqual({ 薛飞飞: ['四季青镇党委副书记', '四季青镇镇长'] });
    expect(titlesOf('中共北京市海淀区委副书记、副区长张三出席。')).toEqual({ 张三: ['中共北京市海淀区委副书记', '北京市海淀区副区长'] });
    // the place the committee is of, at the post's level, not a larger place it lies in
    expect(titlesOf('新疆维吾尔自治区乌鲁木齐市天山区委副书记、区长张三出席。')).toEqual({ 张三: ['新疆维吾尔自治区乌鲁木齐市天山区委副书记', '新疆维吾尔自治区乌鲁木齐市天山区区长'] });
    expect(titlesOf('镇江市丹徒区宝堰镇党委副书记、镇长王五陪同。')).toEqual({ 王五: ['镇江市丹徒区宝堰镇党委副书记', '镇江市丹徒区宝堰镇镇长'] });
    expect(titlesOf('浦东新区区委副书记、区长李四出席。')).toEqual({ 李四: ['浦东新区区委副书记', '浦东新区区长'] });
    // a rank before the post is no organisation, and leaves the place its head's
    expect(titlesOf('重庆市委常委、常务副市长吴存荣出席。')).toEqual({ 吴存荣: ['重庆市委常委', '重庆市常务副市长'] });
    // no place named before the level (市委), or a place of another level (区委 for 市长): the bare post
    expect(titlesOf('市委副书记、市长应勇出席。')).toEqual({ 应勇: ['市委副书记', '市长'] });
    expect(titlesOf('海淀区委副书记、市长赵六出席。')).toEqual({ 赵六: ['海淀区委副书记', '市长'] });
  });

  it('leaves the context before a chain out of the title', () => {
    expect(titlesOf('会议由区委副书记、代区长曾劲主持。')).toEqual({ 曾劲: ['区委副书记', '代区长'] });
    expect(titlesOf('10月29日上午，区委书记于军强调，要深入学习。')).toEqual({ 于军: ['区委书记'] });
    // no title starts with a space, and one inside a title is left out of it
    expect(titlesOf('开创新局面。” 省委机关工委办公室主任柴明远说，')).toEqual({ 柴明远: ['省委机关工委办公室主任'] });
    expect(titlesOf('国家发展改革委 副主任赵明昕出席。')).toEqual({ 赵明昕: ['国家发展改革委副主任'] });
    // a context word only where it is a word of its own: not 同 of 同仁 nor 对 of 对外; 在 of 在内蒙古 is
    expect(titlesOf('会议由北京同仁医院副院长魏文斌主持。')).toEqual({ 魏文斌: ['北京同仁医院副院长'] });
    expect(titlesOf('中共中央对外联络部部长宋涛出席。')).toEqual({ 宋涛: ['中共中央对外联络部部长'] });
    expect(titlesOf('考察在内蒙古自治区党委书记李纪恒陪同下进行。')).toEqual({ 李纪恒: ['内蒙古自治区党委书记'] });
    // a context word of two characters or more ends the context inside a longer word too
    expect(titlesOf('热烈欢迎市委书记蔡奇到来。')).toEqual({ 蔡奇: ['市委书记'] });
    expect(titlesOf('今天上午市委书记蔡奇会见外宾。')).toEqual({ 蔡奇: ['市委书记'] });
    // a name jieba's dictionary holds whole, however long (与 inside it)
    expect(titlesOf('全国人大环境与资源保护委员会主任高虎城出席。')).toEqual({ 高虎城: ['全国人大环境与资源保护委员会主任'] });
  });

  it('takes a title after a name standing at a boundary, or a name already known', () => {
    expect(titlesOf('正当其时。习近平总书记的重要讲话，精辟论述了主题教育的重大意义。')).toEqual({ 习近平: ['总书记'] });
    expect(titlesOf('深入学习贯彻习近平总书记的重要讲话')).toEqual({});
    expect(findMentions('深入学习贯彻习近平总书记的重要讲话', new Set(['习近平']))).toEqual([
      { name: '习近平', titles: ['总书记'], reporter: false },
    ]);
    // a name that opens with a preposition that is also a surname (向), when an article gives it a title elsewhere
    expect(findMentions('。向守志书记出席会议。', new Set(['向守志']))).toEqual([{ name: '向守志', titles: ['书记'], reporter: false }]);
  });

  it('records reporters in bylines as reporters', () => {
    expect(findMentions('海淀人大网讯（记者 彭伟 魏颖）秋色宜人。')).toEqual([
      { name: '彭伟', titles: ['记者'], reporter: true },
      { name: '魏颖', titles: ['记者'], reporter: true },
    ]);
    // photographers and editors, with the role each byline gives
    expect(findMentions('会议结束。（摄影/谢雯 彭伟）（责任编辑：魏颖）')).toEqual([
      { name: '谢雯', titles: ['摄影'], reporter: true },
      { name: '彭伟', titles: ['摄影'], reporter: true },
      { name: '魏颖', titles: ['责任编辑'], reporter: true },
    ]);
    // an editorial office and a role written before the name are no names
    expect(findMentions('（编辑部供稿）（摄影记者 王伟）')).toEqual([{ name: '王伟', titles: ['摄影'], reporter: true }]);
  });

  it('takes no word for a name', () => {
    for (const text of [
      '汪洋大海般的力量汇聚起来。',
      '总书记关于“不忘初心、牢记使命”的重要论述',
      '中央第15指导组成员到会指导。',
      '吉林市政协主席出席。',
      '主题教育领导小组组长指出，网信办要近期退出。',
      // the title a name stands before is the longest post ending there: 总书记 after 习 and 向, 副主席 after 全总
      '大家纷纷表示，要向习总书记学习。',
      '我们要向总书记看齐。',
      '。全总副主席出席会议。',
      // a preposition that is also a surname, before a title: the word, not a name
      '。大家来到广场，向五大书记塑像敬献花篮。',
      // a character twice is a word (殷殷嘱托), not a surname and a given name
      '牢记总书记殷殷嘱托，奋力前行。',
    ]) {
      expect(findMentions(text)).toEqual([]);
    }
  });

  it('takes no cut that runs on past a common word for a name, but keeps a name that starts with one', () => {
    // 单位|和 after the post 成员, 党组|副 before the post 书记, 关心|关 after 总书记: words, then a character more
    expect(findMentions('领导小组各成员单位和工作机构要各负其责。')).toEqual([]);
    expect(titlesOf('会上，党组副书记、总经理刘思远主持。')).toEqual({ 刘思远: ['党组副书记', '总经理'] });
    expect(titlesOf('他们把总书记关心关怀转化为动力。')).toEqual({});
    // 方向 is a common word too, but the post before and the verb after confirm the name
    expect(titlesOf('党组书记方向东表示，要抓好落实。')).toEqual({ 方向东: ['党组书记'] });
  });

  it('gives a post to one person, the likelier name of the one before it and the one after it', () => {
    // 习近平总书记 holds its post: what follows it (关于伟大…, 曾以…) is nobody's name
    expect(titlesOf('习近平总书记关于伟大社会革命的重要论述')).toEqual({ 习近平: ['总书记'] });
    expect(titlesOf('习近平总书记曾以“四个不容易”告诫全党。')).toEqual({ 习近平: ['总书记'] });
    // a place or an office before the post that reads as a name loses it to the official after it
    expect(titlesOf('岳阳市长李爱武出席。')).toEqual({ 李爱武: ['岳阳市长'] });
    expect(titlesOf('会上，卫健委主任马晓伟表示，')).toEqual({ 马晓伟: ['卫健委主任'] });
  });

  it('reads a common word across the cut after a post as the word, unless the name is sure', () => {
    // 处长 and then 江流域 would cut 长江 in two: 查处 长江流域
    expect(findMentions('查处长江流域水土保持违法案件81起。')).toEqual([]);
    // 主任 何志峰 and 何强, 局长 江新, not 任何 and 长江: a word across the cut weighs against a name, it does not rule one out
    expect(titlesOf('发展改革委党组书记、主任何志峰同志出席。')).toEqual({ 何志峰: ['发展改革委党组书记', '发展改革委主任'] });
    expect(titlesOf('主任何强出席会议。')).toEqual({ 何强: ['主任'] });
    expect(titlesOf('局长江新主持会议。')).toEqual({ 江新: ['局长'] });
  });

  it('ends a name before a common word its last character would cut, unless a common word starts after it', () => {
    // 陪同 across the cut, only the rare 同下 after it: the name is the two characters before 陪同
    expect(titlesOf('在区长方勇陪同下考察了社区。')).toEqual({ 方勇: ['区长'] });
    // 民主 across the cut, but 主持 after it is common too: the text's own word, and the name keeps its third character
    expect(titlesOf('领导小组副组长郑立民主持会议。')).toEqual({ 郑立民: ['领导小组副组长'] });
  });

  it('takes no head of a longer word for a listed name (兰州大 of 兰州大学)', () => {
    expect(titlesOf('省文联副主席吴明远、兰州大学历史系教授出席。')).toEqual({ 吴明远: ['省文联副主席'] });
  });
});

describe('nameAt', () => {
  it('prefers three characters, unless the shorter name is followed by a whole verb', () => {
    expect(nameAt('庄荣文作动员讲话', 0)).toBe('庄荣文');
    expect(nameAt('于军强调', 0)).toBe('于军');
    expect(nameAt('梁爽一同调研', 0)).toBe('梁爽');
    // four characters that end with a common word are a name and a verb, unless the surname is of two
    expect(nameAt('吕明介绍，过去几个月', 0)).toBe('吕明');
    expect(nameAt('欧阳光明出席', 0)).toBe('欧阳光明');
    expect(nameAt('欧阳淞指出', 0)).toBe('欧阳淞');
    expect(nameAt('刘长利就', 0)).toBe('刘长利');
    expect(nameAt('王𬀩主持会议', 0)).toBe('王𬀩'); // a name character outside the BMP
  });
});
