import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { Declined } from '../../errors.js';
import type { BotContext } from '../command.js';
import { defer } from '../defer.js';
import { whoReply } from '../replies.js';
import { charLength, unitsWithin } from '../../text/text.js';
import { asked, MAX_NAME_CHARS as MAX_NAME, NO_NAME, TOO_LONG } from '../../retrieval/who.js';

export const data = new SlashCommandBuilder()
  .setName('who')
  .setDescription('Which titles a person holds, or who holds a title, from the articles')
  .setDescriptionLocalizations({ 'zh-CN': '查询人物的职务，或某职务由谁担任' })
  .addStringOption((o) =>
    o.setName('name').setDescription('A name (庄荣文, Zhuang Rongwen) or a title (中央网信办主任)').setRequired(true).setMaxLength(MAX_NAME).setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const name = interaction.options.getString('name', true);
  // Discord enforces the schema's limit; checked again so that no interaction can make the lookup long
  if (charLength(name) > MAX_NAME) throw new Declined(TOO_LONG);
  // nothing left once what asks or honours is read past (谁是, ？？, 同志): declined, not looked up
  if (!asked(name)) throw new Declined(NO_NAME);
  // taken before the public acknowledgement, so that no index yet is said privately
  const reader = ctx.index.current();
  await defer(interaction, { ephemeral: false });
  await interaction.editReply(whoReply(reader.people.who(name)));
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  await interaction.respond(ctx.index.current().people.complete(unitsWithin(interaction.options.getFocused(), MAX_NAME)));
}
