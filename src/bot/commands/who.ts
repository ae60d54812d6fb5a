import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../command.js';
import { whoReply } from '../replies.js';

export const data = new SlashCommandBuilder()
  .setName('who')
  .setDescription('Which titles a person holds, or who holds a title, from the articles')
  .setDescriptionLocalizations({ 'zh-CN': '查询人物的职务，或某职务由谁担任' })
  .addStringOption((o) =>
    o.setName('name').setDescription('A name (庄荣文, Zhuang Rongwen) or a title (中央网信办主任)').setRequired(true).setMaxLength(100).setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  await interaction.deferReply();
  await interaction.editReply(whoReply(ctx.index.current().people.who(interaction.options.getString('name', true))));
}

export async function autocomplete(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  await interaction.respond(ctx.index.current().people.complete(interaction.options.getFocused()));
}
