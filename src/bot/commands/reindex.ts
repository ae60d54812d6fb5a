import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MessageFlags, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { articlesFolder, modelFor } from '../../config.js';
import { currentGeneration, recordedBuild } from '../../store/generations.js';
import { packageRoot } from '../../paths.js';
import { LISTED_ABOVE, SKIPPED } from '../../progress.js';
import type { BotContext } from '../command.js';
import { defer } from '../defer.js';
import { cut, escapeMarkdown, textReply } from '../replies.js';

const PROGRESS_EVERY_MS = 2_000;
const EDITABLE_FOR_MS = 14 * 60_000;
// A build that has not finished in this long is stuck (a stalled download): it is stopped, and /reindex is free again.
const GIVE_UP_AFTER_MS = 3 * 60 * 60_000;
// Skipped files shown in the reply, each on a line of at most SKIP_LINE_CHARS, well within a message; all go to the log
const SKIPS_SHOWN = 5;
const SKIP_LINE_CHARS = 200;

/**
 * `wenda index build` in a child process, with the folders, model and offline setting the bot resolved at start (its
 * environment and .env may have changed since); the other settings (limits, workers) it reads as the bot did. Progress
 * lines go to `progress` (at most one every two seconds); the child is stopped by shutdown (ctx.stopping) or after
 * GIVE_UP_AFTER_MS. A child that cannot even start is a failed build, not a crash.
 */
function runBuild(ctx: BotContext, progress: (line: string) => void): Promise<{ code: number; summary: string; lastLine: string; skipped: string[] }> {
  const { config } = ctx;
  // the index's manifest read once for both
  const recorded = recordedBuild(config.WENDA_INDEX);
  const articles = articlesFolder(config, recorded);
  // the default folder is left to the build to choose, which refuses it for an index whose manifest is lost
  const named = articles.from === 'default' ? [] : ['--articles', articles.dir];
  const child = spawn(
    process.execPath,
    [path.join(packageRoot, 'bin', 'wenda.js'), 'index', 'build', ...named, '--index', ctx.index.dir, '--model', modelFor(config, recorded)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WENDA_MODELS_DIR: config.WENDA_MODELS_DIR, WENDA_OFFLINE: config.WENDA_OFFLINE ? '1' : '0' },
    },
  );
  const stop = () => child.kill('SIGTERM');
  ctx.stopping.add(stop);
  const timer = setTimeout(stop, GIVE_UP_AFTER_MS).unref();
  let summary = '';
  let lastLine = 'starting';
  let lastProgress = 0;
  const skipped: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => (summary += chunk.toString()));
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith(SKIPPED)) skipped.push(line.slice(SKIPPED.length));
    lastLine = line.replace(/^wenda: /u, '');
    if (Date.now() - lastProgress > PROGRESS_EVERY_MS) {
      lastProgress = Date.now();
      progress(lastLine);
    }
  });
  return new Promise((resolve) => {
    const done = (code: number, why?: string) => {
      clearTimeout(timer);
      ctx.stopping.delete(stop);
      resolve({ code, summary: summary.trim(), lastLine: why ?? lastLine, skipped });
    };
    child.once('error', (err) => done(1, `could not start the build: ${err.message}`));
    // a build stopped by a signal (shutdown, the time limit) may have printed progress last, not a reason
    child.once('close', (code, signal) => done(code ?? 1, signal && !lastLine.startsWith('build interrupted') ? `the build was stopped (${signal})` : undefined));
  });
}

export const data = new SlashCommandBuilder()
  .setName('reindex')
  .setDescription('Rebuild the index from the articles folder (administrators)')
  .setDescriptionLocalizations({ 'zh-CN': '从文章目录重建索引（管理员）' })
  .setDefaultMemberPermissions(PermissionFlagsBits.Administrator);

/** The summary of a build that worked, for Discord: the build lists skipped files above it, here the first few follow it. */
function doneReply(summary: string, skipped: string[]): string {
  const lines = [`Done: ${summary.replace(LISTED_ABOVE, '')}`];
  if (skipped.length) {
    const shown = skipped.slice(0, SKIPS_SHOWN);
    // a line a file or a part of one (a paragraph left out of a file indexed): the summary counts whole files only
    const what = 'whole files or parts of them';
    lines.push(shown.length < skipped.length ? `Skipped, ${what} (the first ${shown.length} of ${skipped.length} notes; all are in the bot's log):` : `Skipped, ${what}:`);
    lines.push(...shown.map((line) => `- ${escapeMarkdown(cut(line, SKIP_LINE_CHARS))}`));
  }
  return lines.join('\n');
}

/** The generation in use, or null when there is none (or `current` is no link: no generation wenda wrote). */
function generationNow(indexDir: string): string | null {
  try {
    return currentGeneration(indexDir);
  } catch {
    return null;
  }
}

/** Why a build failed, for Discord, and which index is in use now: a build stopped just after it published left its own. */
function failedReply(reason: string, before: string | null, after: string | null): string {
  const now = after === null ? 'There is still no index.' : after === before ? 'The index is as it was.' : 'The new index is in use.';
  return `The rebuild failed: ${escapeMarkdown(cut(reason.replace(/[.。]$/u, ''), SKIP_LINE_CHARS))}. ${now}`;
}

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
  // the commands may be registered in every server the bot is in: only the configured server's administrators
  // rebuild the one index
  const home = ctx.config.DISCORD_GUILD_ID;
  if (home && interaction.guildId !== home) {
    await interaction.reply({ ...textReply("Only the administrators of the bot's own server can rebuild the index."), flags: MessageFlags.Ephemeral });
    return;
  }
  if (ctx.reindexing) {
    await interaction.reply({ ...textReply('A rebuild is already running.'), flags: MessageFlags.Ephemeral });
    return;
  }
  ctx.reindexing = true;
  try {
    await defer(interaction, { ephemeral: true });
    const started = Date.now();
    const before = generationNow(ctx.index.dir);
    // Discord's interaction token lasts 15 minutes: past that, the result goes to the log only
    const canEdit = () => Date.now() - started < EDITABLE_FOR_MS;
    const { code, summary, lastLine, skipped } = await runBuild(ctx, (line) => {
      if (canEdit()) void interaction.editReply(textReply(`Rebuilding… ${line}`)).catch(() => undefined);
    });
    const seconds = Math.round((Date.now() - started) / 1000);
    if (code === 0) ctx.log.info({ interactionId: interaction.id, summary, skipped, seconds }, 'reindex finished');
    else ctx.log.warn({ interactionId: interaction.id, code, reason: lastLine, skipped, seconds }, 'reindex failed');
    if (canEdit()) await interaction.editReply(textReply(code === 0 ? doneReply(summary, skipped) : failedReply(lastLine, before, generationNow(ctx.index.dir))));
  } finally {
    ctx.reindexing = false;
  }
}
