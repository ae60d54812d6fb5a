/**
 * A byline and its role, as the press writes it: （记者 魏颖）, （摄影/谢雯）, （责任编辑：魏颖）. Its names are the article's
 * reporters and editors, not people the article is about.
 */
export const BYLINE = /[（(]\s*(?:本报|本台|本网)?(记者|通讯员|实习生|摄影|撰稿|责任编辑|编辑(?!部))\s*[:：/／]?\s*([\p{Script=Han}\s、，,]{2,40}?)\s*[）)]/gu;
