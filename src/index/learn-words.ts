import { fold } from '../retrieval/text.js';

/** How often a candidate must occur in the corpus before it becomes a word: once is an accident, twice a pattern. */
const MIN_OCCURRENCES = 2;

// Campaigns and formulations are quoted: “两学一做”, “不忘初心、牢记使命” (a 、 list gives its parts).
const QUOTED = /[“"「]([^”"」]{2,24})[”"」]/gu;
const HAN_TERM = /^\p{Script=Han}{2,8}$/u;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝宿';
const TITLES =
  '总书记|副书记|书记|副主任|主任|副部长|部长|副组长|组长|副局长|局长|副区长|代区长|区长|副市长|市长|副省长|省长|副主席|主席|秘书长|常委|委员|总理|副总理|司长|处长|镇长|县长|主持人';
const AFTER_NAME = '主持|出席|讲话|指出|强调|表示|要求|参加|作|在|介绍|说|一行|同志|，|、|。';
// A person's name right after a title and before what officials do: 主任庄荣文作动员讲话, 区委书记于军强调.
const NAME_AFTER_TITLE = new RegExp(`(?:${TITLES})([${SURNAMES}]\\p{Script=Han}{1,2}?)(?=${AFTER_NAME})`, 'gu');

function count(counts: Map<string, number>, word: string): void {
  counts.set(word, (counts.get(word) ?? 0) + 1);
}

/** Words the corpus itself shows to be words (quoted terms, names after titles), for the tokenizer to keep whole. */
export function learnWords(texts: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const raw of texts) {
    const text = fold(raw);
    for (const [, quoted] of text.matchAll(QUOTED)) {
      for (const part of quoted!.split(/[、，,\s]+/u)) if (HAN_TERM.test(part)) count(counts, part);
    }
    for (const [, name] of text.matchAll(NAME_AFTER_TITLE)) count(counts, name!);
  }
  return [...counts].filter(([, n]) => n >= MIN_OCCURRENCES).map(([w]) => w).sort();
}
