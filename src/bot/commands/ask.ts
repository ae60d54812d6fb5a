import path from 'node:path';
import { SlashCommandBuilder, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { ask, MAX_ANSWERS, MAX_QUESTION_CHARS, questionProblem } from '../../retrieval/search.js';
import { Declined } from '../../errors.js';
import type { BotContext } from '../command.js';
import { defer } from '../defer.js';
import { inTurn } from '../take-turns.js';
import { askReply, buttonId, contextReply, textReply } from '../replies.js';

const MAX_COUNT = 5;
const REMEMBERED = 500;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Answer a question with the passages of the articles that answer it')
  .setDescriptionLocalizations({ 'zh-CN': '用文章原文段落回答问题' })
  .addStringOption((o) => o.setName('question').setDescription('Your question').setDescriptionLocalizations({ 'zh-CN': '你的问题' }).setRequired(true).setMaxLength(MAX_QUESTION_CHARS))
  .addIntegerOption((o) => o.setName('count').setDescription(`How many passages (1–${MAX_COUNT}, default 3)`).setMinValue(1).setMaxValue(MAX_COUNT))
  .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer'));

/**
 * Answers (from `offset` on) as a reply, remembering the question for the buttons: "More answers", offered only when
 * a passage past this page exists (one more is asked for to know), and on a refusal "Closest passages". `near`: the
 * passages a refusal held back are shown instead of the refusal (that button's press), and paged alike.
 */
async function answer(ctx: BotContext, interactionId: string, question: string, count: number, offset: number, near = false) {
  // the index in use when the search's turn comes: one replaced while it waited is closed a minute after
  const { reader, found } = await inTurn(async () => {
    const reader = ctx.index.current();
    return { reader, found: await ask(reader, question, offset + count + 1) };
  });
  // shown as asked; the search reads past what only Discord reads (mentions, links)
  const result = { ...found, question: question.trim() };
  const unsure = near && result.noAnswer;
  const passages = unsure ? result.withheld : result.answers;
  const shown = { ...result, noAnswer: result.noAnswer && !unsure, answers: passages.slice(offset, offset + count) };
  ctx.asked.set(interactionId, { question, count });
  if (ctx.asked.size > REMEMBERED) ctx.asked.delete(ctx.asked.keys().next().value!);
  // a later page of an index built again since may hold none: that is the end of the answers, not "no answer"
  if (offset > 0 && shown.answers.length === 0) return textReply('No more answers: those were all the passages found.');
  const more = passages.length > offset + count && offset + count < MAX_ANSWERS ? buttonId.more(interactionId, offset + count, unsure) : null;
  return askReply(shown, {
    offset,
    moreId: more,
    nearId: result.noAnswer && !near && result.withheld.length > 0 ? buttonId.near(interactionId) : null,
    unsure,
    generation: path.basename(reader.generation),
    articleIds: shown.answers.map((a) => reader.articleId(a.source)),
  });
}

/**
 * The schema's limits checked again here: Discord enforces them, but nothing else stands between a forged or replayed
 * interaction and the search. A blank question passes Discord's check, and has nothing to search for.
 */
function checked(question: string, count: number): void {
  const problem = questionProblem(question);
  if (problem) throw new Declined(`${problem}.`);
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw new Declined(`count must be a whole number from 1 to ${MAX_COUNT}.`);
}

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const question = interaction.options.getString('question', true);
  const count = interaction.options.getInteger('count') ?? 3;
  checked(question, count);
  const ephemeral = interaction.options.getBoolean('private') ?? false;
  // asked for before the public acknowledgement, so that no index yet is said privately
  ctx.index.current();
  await defer(interaction, { ephemeral });
  await interaction.editReply(await answer(ctx, interaction.id, question, count, 0));
}

/**
 * "More answers" shows the next passages to whoever pressed it, "Closest passages" those a refusal held back, and
 * "Context" the paragraphs around one.
 */
export async function button(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const [, kind, ...rest] = interaction.customId.split(':');
  if (kind !== 'more' && kind !== 'near' && kind !== 'ctx') throw new Declined('that button is not one of mine.');
  const offset = kind === 'more' ? Number(rest[1]) : 0;
  const ofWithheld = kind === 'near' || (kind === 'more' && rest[2] === 'near');
  if (kind === 'more' && !(Number.isInteger(offset) && offset > 0 && offset < MAX_ANSWERS && (rest[2] === undefined || ofWithheld))) {
    throw new Declined('that button is not one of mine.');
  }
  await defer(interaction, { ephemeral: true });
  if (kind === 'more' || kind === 'near') {
    const [asker] = rest;
    const asked = ctx.asked.get(asker ?? '');
    if (!asked) return void (await interaction.editReply(textReply('That answer is too old to continue: ask again with /ask.')));
    await interaction.editReply(await answer(ctx, asker!, asked.question, asked.count, offset, ofWithheld));
    return;
  }
  const [generation, a, b] = rest;
  const reader = ctx.index.current();
  if (generation !== path.basename(reader.generation)) {
    return void (await interaction.editReply(textReply('The articles have been indexed again since that answer: ask again with /ask.')));
  }
  const article = Number(a);
  const ordinal = Number(b);
  const paragraphs = reader.context(article, ordinal);
  if (paragraphs.length === 0) return void (await interaction.editReply(textReply('That article is no longer in the index.')));
  await interaction.editReply(contextReply(reader.article(article).title, paragraphs, ordinal));
}
