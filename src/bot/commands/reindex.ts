import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { packageRoot } from '../../paths.js';
import type { BotContext } from '../command.js';
import { textReply } from '../replies.js';

const PROGRESS_EVERY_MS = 2_000;

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the index from the articles folder (administrators)')
  .setDescriptionLocalizations({ 'zh-CN': '从文章目录重建索引（管理员）' })
  .setDefaultMemberPermissions(PermissionFlagsBits.Administrator);

/**
 * Runs `wenda index build` in a child process, so that the bot keeps answering while it works, and edits the reply
 * with its progress. The running bot picks the new index up on the next request.
 */
export async function execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  // Discord hides the command from others, but a server can override that: check here too
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.Administrator)) {
    await interaction.reply({ ...textReply('Only administrators can rebuild the index.'), flags: MessageFlags.Ephemeral });
    return;
  }
  if (ctx.reindexing) {
    await interaction.reply({ ...textReply('A rebuild is already running.'), flags: MessageFlags.Ephemeral });
    return;
  }
  ctx.reindexing = true;
  try {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const { config } = ctx;
    // the child builds with the bot's own settings, whatever its environment or .env say
    const child = spawn(
      process.execPath,
      [path.join(packageRoot, 'bin', 'wenda.js'), 'index', 'build', '--articles', config.WENDA_ARTICLES, '--index', ctx.index.dir, '--model', config.WENDA_MODEL],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, WENDA_MODELS_DIR: config.WENDA_MODELS_DIR, WENDA_OFFLINE: config.WENDA_OFFLINE ? '1' : '0' },
      },
    );
    let summary = '';
    let lastLine = 'starting';
    let lastEdit = 0;
    const edits: Promise<unknown>[] = [];
    child.stdout.on('data', (chunk: Buffer) => (summary += chunk.toString()));
    for await (const line of createInterface({ input: child.stderr })) {
      lastLine = line.replace(/^wenda: /u, '');
      if (Date.now() - lastEdit > PROGRESS_EVERY_MS) {
        lastEdit = Date.now();
        edits.push(interaction.editReply(textReply(`Rebuilding… ${lastLine}`)).catch(() => undefined));
      }
    }
    const code: number = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c ?? 1))));
    await Promise.all(edits);
    ctx.log.info({ interactionId: interaction.id, code }, 'reindex finished');
    await interaction.editReply(textReply(code === 0 ? `Done: ${summary.trim()}` : `The rebuild failed; the previous index is still in use. ${lastLine}`));
  } finally {
    ctx.reindexing = false;
  }
}
