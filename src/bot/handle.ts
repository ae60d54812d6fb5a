import Database from 'better-sqlite3';
import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { Declined, WendaError } from '../errors.js';
import { buildCommand, shellWord } from '../store/rebuild-hint.js';
import type { BotContext } from './command.js';
import { commands } from './commands/index.js';
import type { Cooldown } from './cooldown.js';
import { textReply } from './replies.js';

/**
 * Tells the user what went wrong, privately, whatever state the interaction is in: a public acknowledgement
 * ("thinking…") is taken away and the reason follows privately, so that the channel keeps no failure.
 */
async function fail(interaction: RepliableInteraction, message: string): Promise<void> {
  const reply = textReply(message);
  if (!interaction.deferred && !interaction.replied) return void (await interaction.reply({ ...reply, flags: MessageFlags.Ephemeral }));
  if (interaction.ephemeral) return void (await interaction.editReply(reply));
  await interaction.deleteReply();
  await interaction.followUp({ ...reply, flags: MessageFlags.Ephemeral });
}

/**
 * Whether an error is SQLite failing to read the index in use: a file damaged, cut short or replaced under the bot
 * after it was opened and checked (a damaged index at start is found by its checksums and said before any request).
 */
const unreadable = (error: unknown) => error instanceof Database.SqliteError && /^SQLITE_(?:CORRUPT|NOTADB|IOERR)/u.test(error.code);

/**
 * Routes one interaction to its command. Nothing thrown here escapes: the user gets a short reason, privately, and
 * the log gets the details with the interaction id.
 */
export async function handleInteraction(interaction: Interaction, ctx: BotContext, cooldown: Cooldown): Promise<void> {
  const log = ctx.log.child({ interactionId: interaction.id, user: interaction.user.id });
  try {
    if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      await (command?.autocomplete?.(interaction, ctx) ?? interaction.respond([]));
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton()) return;
    const wait = cooldown.take(interaction.user.id);
    if (wait > 0) {
      await interaction.reply({ ...textReply(`You are asking too fast: try again in ${Math.ceil(wait / 1000)} s.`), flags: MessageFlags.Ephemeral });
      return;
    }
    if (interaction.isButton()) {
      const command = commands.get(interaction.customId.split(':')[0] ?? '');
      if (!command?.button) return void (await fail(interaction, 'Sorry, that button is not one of mine: ask again with /ask.'));
      await command.button(interaction, ctx);
      return;
    }
    const command = commands.get(interaction.commandName);
    if (!command) return void (await fail(interaction, `Unknown command /${interaction.commandName}.`));
    log.info({ command: interaction.commandName }, 'command');
    await command.execute(interaction, ctx);
  } catch (error) {
    // a request turned down with a reason is the user's to fix (or an administrator's, told once), not a failure; an
    // autocomplete is no request (one a keystroke): its declines are not logged
    const index = ctx.index.dir;
    if (unreadable(error)) {
      if (ctx.index.firstUnreadable()) log.error({ err: error, check: `wenda index verify --index ${shellWord(index)}`, rebuild: buildCommand(index) }, 'the index in use cannot be read');
    } else if (!(error instanceof Declined)) log.error({ err: error }, 'command failed');
    else if (!interaction.isAutocomplete()) log.info({ reason: error.message }, 'command declined');
    // an autocomplete that cannot be answered gets no choices, rather than Discord's "loading options failed"
    if (interaction.isAutocomplete() && !interaction.responded) return void (await interaction.respond([]).catch(() => undefined));
    if (!interaction.isRepliable()) return;
    const reason =
      error instanceof WendaError
        ? error.message
        : unreadable(error)
          ? 'the index cannot be read just now; an administrator has been told.'
          : 'something went wrong on our side; it has been logged.';
    await fail(interaction, `Sorry, that did not work: ${reason}`).catch((e: unknown) => log.error({ err: e }, 'could not report the failure'));
  }
}
