import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type RepliableInteraction } from 'discord.js';

/**
 * Acknowledges an interaction with "thinking…" (public, or only for the user). A callback that Discord took but
 * answered with a server error, or too late, is sent again by discord.js, and Discord refuses the second as already
 * acknowledged (40060): the first did its job, so the interaction is marked deferred as it would have been. Without
 * this the answer was never sent and the channel kept "thinking…" for good.
 */
export async function defer(interaction: RepliableInteraction, { ephemeral }: { ephemeral: boolean }): Promise<void> {
  try {
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  } catch (error) {
    if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged)) throw error;
    interaction.deferred = true;
    interaction.ephemeral = ephemeral;
  }
}
