import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type APIEmbed } from 'discord.js';
import type { ContextPassage } from '../retrieval/index-reader.js';
import { noAnswerLine, type Answer, type SearchResult } from '../retrieval/search.js';
import { plural } from '../plural.js';
import { sentencesAt, unitsWithin } from '../text/text.js';
import { moreLine, notFoundLine, personHeading, type WhoResult } from '../retrieval/who.js';

/** Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, fields: 25, embeds: 10, total: 6000, content: 2000, url: 2048 };
/** Per quoted passage: five of them stay well inside the 6,000 characters a message may hold. */
const QUOTE_CHARS = 900;
const NO_MENTIONS = { parse: [] as [] };

export interface Reply {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRowBuilder<ButtonBuilder>[];
  allowedMentions: typeof NO_MENTIONS;
}

// Inline markers, the backslash itself and the `[` that opens a masked link ([text](url)) anywhere; headings, quotes and
// list markers at the start of a line.
const INLINE = /[\\*_~`|[]/gu;
const LINE_START = /^([ \t]*)(#{1,3}|>>?>?|-#?|\d{1,9}\.)(?=[ \t])/gmu;

/**
 * Markdown shown as written, masked links, headings and lists included: nothing a question or an article says becomes
 * a link or a layout. Two passes of one regex each, so the cost grows with the text (discord.js's escapeMarkdown
 * took seconds on a few thousand backticks).
 */
export function escapeMarkdown(text: string): string {
  // a numbered item is escaped at its dot (a backslash before a digit escapes nothing)
  const layout = (_: string, indent: string, mark: string) => (mark.endsWith('.') ? `${indent}${mark.slice(0, -1)}\\.` : `${indent}\\${mark}`);
  return text.replace(INLINE, '\\$&').replace(LINE_START, layout);
}

/** The start of a text within `max` UTF-16 units, as Discord counts, an ellipsis ending what was cut: never half an emoji or a 𠮷. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${unitsWithin(text, max - 1)}…`;
}

/**
 * A text with its markdown escaped, within `max`: the text is cut before it is escaped, so that no escape loses its
 * character (a cut escaped text could end in a lone backslash that escapes the next mark), and as much is kept as fits.
 */
export function escapedWithin(text: string, max: number): string {
  const escaped = escapeMarkdown(text);
  if (escaped.length <= max) return escaped;
  // the longest start whose escaped form fits beside the ellipsis: a longer start never escapes to less
  let [low, high] = [0, Math.min(text.length, max - 1)];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (escapeMarkdown(text.slice(0, mid)).length <= max - 1) low = mid;
    else high = mid - 1;
  }
  return `${escapeMarkdown(unitsWithin(text, low))}…`;
}

/**
 * A passage as a quote within `max` characters (and the ellipses that say sentences were left out): whole sentences
 * around the one that answers, which is bolded; markdown in the article text is escaped so that it shows as written.
 */
export function quote(text: string, highlight: string, max = QUOTE_CHARS): string {
  const split = sentencesAt(text);
  const all = split.map((s) => s.text.trim());
  if (all.length === 0) return '';
  let at = all.findIndex((s) => s === highlight.trim());
  if (at < 0) at = 0;
  // sentences as shown, measured escaped; the answering one, bolded, cut to fit alone if it must; one that ends a line
  // of the passage (a subtitle, a dateline) keeps its line end, or it would run into the next (what lies between two
  // sentences is read: a line end after a full stop is split off on its own and dropped as blank)
  const lineEnd = split.map((s, i) => {
    const between = text.slice(s.at + s.text.trimEnd().length, split[i + 1]?.at ?? text.length);
    return between.includes('\n') ? '\n' : '';
  });
  const shown = all.map((s, i) => (i === at ? `**${escapedWithin(s, max - 4 - lineEnd[i]!.length)}**` : escapeMarkdown(s)) + lineEnd[i]!);
  let from = at;
  let to = at + 1;
  let size = shown[at]!.length;
  // grow around the answering sentence, forwards first (what follows usually explains it)
  for (;;) {
    if (to < all.length && size + shown[to]!.length <= max) size += shown[to++]!.length;
    else if (from > 0 && size + shown[from - 1]!.length <= max) size += shown[--from]!.length;
    else break;
  }
  return `${from > 0 ? '… ' : ''}${shown.slice(from, to).join('').trimEnd()}${to < all.length ? ' …' : ''}`;
}

/**
 * An article's URL as an embed may link it: a web address, as parsed (a space or a line end left by the article's
 * markup is encoded), within Discord's length; null for anything else (Discord refuses the whole message over an embed
 * URL it cannot read or that is too long).
 */
export function webLink(url: string | null): string | null {
  if (!url || !URL.canParse(url.trim())) return null;
  const parsed = new URL(url.trim());
  const web = (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname;
  return web && parsed.href.length <= LIMITS.url ? parsed.href : null;
}

/** One answer as an embed of at most `budget` characters (title, quote and footer together). */
function answerEmbed(a: Answer, rank: number, budget: number): APIEmbed {
  const place = [a.source, `¶${a.paragraph}`, a.date, a.sources.length > 1 ? `+${a.sources.length - 1} more` : null].filter(Boolean);
  // an article's markdown is shown as written, in its title too (embed titles render bold, code and strikes)
  const numbered = `${rank}. `;
  const title = numbered + escapedWithin(a.title, Math.min(LIMITS.title, 150) - numbered.length);
  const footer = cut(place.join(' · '), 200);
  const embed = new EmbedBuilder()
    .setTitle(title)
    .setDescription(quote(a.text, a.highlight, Math.min(QUOTE_CHARS, budget - title.length - footer.length - 20)))
    .setFooter({ text: footer });
  const link = webLink(a.url);
  if (link) embed.setURL(link);
  return embed.toJSON();
}

/**
 * Custom ids of the answer buttons: `ask:more:<interaction>:<offset>` (`:near` after it when it pages the passages a
 * refusal held back), `ask:near:<interaction>` (those passages), and `ask:ctx:<generation>:<article>:<ordinal>` (article
 * ids are only valid in the index generation that gave them).
 */
export const buttonId = {
  more: (interactionId: string, offset: number, withheld = false) => `ask:more:${interactionId}:${offset}${withheld ? ':near' : ''}`,
  near: (interactionId: string) => `ask:near:${interactionId}`,
  context: (generation: string, article: number, ordinal: number) => `ask:ctx:${generation}:${article}:${ordinal}`,
};

const button = (id: string, label: string, style: ButtonStyle) => new ButtonBuilder().setCustomId(id).setLabel(label).setStyle(style);

/**
 * /ask: the passages as embeds, a button for the next ones and one for each passage's context. A refusal says so, and
 * offers the passages it held back (`nearId`): "no answer" is a judgement, and sometimes wrong. `unsure`: these are
 * those passages, shown as such.
 */
export function askReply(
  result: SearchResult,
  options: { offset: number; moreId: string | null; nearId?: string | null; unsure?: boolean; generation: string; articleIds: (number | null)[] },
): Reply {
  const question = escapedWithin(result.question, 300);
  if (result.noAnswer || result.answers.length === 0) {
    const near = options.nearId ? [new ActionRowBuilder<ButtonBuilder>().addComponents(button(options.nearId, 'Closest passages', ButtonStyle.Secondary))] : [];
    return { content: cut(noAnswerLine(question, result.closest.map((t) => escapeMarkdown(t))), LIMITS.content), embeds: [], components: near, allowedMentions: NO_MENTIONS };
  }
  const budget = Math.floor((LIMITS.total - 100) / result.answers.length);
  const embeds = result.answers.map((a, i) => answerEmbed(a, options.offset + i + 1, budget));
  const buttons = result.answers.flatMap((a, i) => {
    const article = options.articleIds[i];
    if (article === null || article === undefined) return [];
    return [button(buttonId.context(options.generation, article, a.passage), `Context ${options.offset + i + 1}`, ButtonStyle.Secondary)];
  });
  const components = [];
  if (options.moreId) components.push(new ActionRowBuilder<ButtonBuilder>().addComponents(button(options.moreId, 'More answers', ButtonStyle.Primary)));
  if (buttons.length) components.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(0, 5)));
  const heading = options.unsure ? `The closest passages to **${question}**, which the articles may not answer:` : `**${question}**`;
  return { content: cut(heading, LIMITS.content), embeds, components, allowedMentions: NO_MENTIONS };
}

/** The passages around one (`focus`, its ordinal), for the Context button, each under its paragraph's number. */
export function contextReply(title: string, passages: ContextPassage[], focus: number): Reply {
  const per = Math.floor((LIMITS.description - 100) / Math.max(1, passages.length));
  const description = passages
    .map((p) => {
      const text = escapedWithin(p.text, per);
      return p.ordinal === focus ? `**¶${p.paragraph}** ${text}` : `¶${p.paragraph} ${text}`;
    })
    .join('\n\n');
  return { embeds: [new EmbedBuilder().setTitle(escapedWithin(title, LIMITS.title)).setDescription(description).toJSON()], components: [], allowedMentions: NO_MENTIONS };
}

function embedSize(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

// room for "… and N more"
const MORE_LINE = 24;

/**
 * The articles that name a person, one line each, up to 8 and within 1,200 characters: whole lines, so that a title
 * full of escaped markdown never leaves half an escape or half a date.
 */
function namedIn(articles: { title: string; date: string | null }[]): string {
  const lines = [`Named in ${plural(articles.length, 'article')}:`];
  let size = lines[0]!.length;
  for (const a of articles.slice(0, 8)) {
    const line = `• ${escapeMarkdown(cut(a.title, 80))}${a.date ? ` (${a.date})` : ''}`;
    if (size + 1 + line.length > 1200 - MORE_LINE) break;
    lines.push(line);
    size += 1 + line.length;
  }
  const left = articles.length - (lines.length - 1);
  if (left > 0) lines.push(`… and ${left} more`);
  return lines.join('\n');
}
/** /who: one embed a person, their titles as fields (most attested first), the articles that name them. */
export function whoReply(result: WhoResult): Reply {
  const query = escapedWithin(result.query, 100);
  if (!result.found) {
    const content = notFoundLine(result, query, result.suggestions.map((s) => escapeMarkdown(s)));
    return { content, embeds: [], components: [], allowedMentions: NO_MENTIONS };
  }
  const embeds: APIEmbed[] = [];
  let left = LIMITS.total - 100;
  for (const person of result.people.slice(0, LIMITS.embeds)) {
    const embed: APIEmbed = { title: cut(personHeading(person), LIMITS.title), description: namedIn(person.articles), fields: [] };
    if (embedSize(embed) > left) break;
    // titles as fields, most attested first, as many as the message has room for, each with the headline of the
    // first article stating it (a reader knows articles by their headlines, not by their files)
    const titleOf = new Map(person.articles.map((a) => [a.source, a.title]));
    for (const t of person.titles.slice(0, LIMITS.fields)) {
      const first = t.sources[0] ?? '';
      const field = {
        name: escapedWithin(t.title, 100),
        value: `${plural(t.sources.length, 'article')}: ${escapedWithin(titleOf.get(first) ?? first, 180)}`,
      };
      if (embedSize(embed) + field.name.length + field.value.length > left) break;
      embed.fields!.push(field);
    }
    // titles past the fields an embed takes or the room left are counted (a footer of at most 30 characters, within
    // the 100 that `left` keeps below Discord's total)
    const unsaid = person.titles.length - embed.fields!.length;
    if (unsaid > 0) embed.footer = { text: `${plural(unsaid, 'more title')} not shown` };
    left -= embedSize(embed);
    embeds.push(embed);
  }
  // the people a title many hold, past the embeds or the room a message has, are counted rather than dropped unsaid
  const more = moreLine(result, embeds.length, query);
  return { ...(more ? { content: cut(more, LIMITS.content) } : {}), embeds, components: [], allowedMentions: NO_MENTIONS };
}

/** A short message, for errors, refusals and progress. */
export function textReply(content: string): Reply {
  return { content: cut(content, LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}
