import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, HTTPError, OAuth2Scopes, RESTJSONErrorCodes } from 'discord.js';
import { WendaError } from '../errors.js';

/** What to do about a bot token Discord refuses, however it refuses it. */
export const TOKEN_ADVICE = 'it was reset or is wrong; put the current one (Developer Portal → Bot → Reset Token) in DISCORD_TOKEN';

// the system's codes for a server that cannot be reached (name not found, refused, reset, timed out)
const UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The invite link of an application, with the scopes wenda needs: the one `wenda bot` logs once connected, and the one
 * a refusal to register the commands offers. Always Discord's own page, whatever DISCORD_API_URL says: a person opens
 * it in a browser.
 */
export function inviteLink(applicationId: string): string {
  const scope = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' ');
  return `https://discord.com/oauth2/authorize?${new URLSearchParams({ client_id: applicationId, scope })}`;
}

/** The system error, in the error or its causes, that says Discord's server could not be reached. */
function unreachable(error: unknown): Error | null {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && UNREACHABLE.has(code)) return e;
  }
  return null;
}

/**
 * A failed call to Discord as a one-line WendaError that says what to do, for the failures a person running wenda
 * can fix (token, server id, network); any other error as it is. `guild` and `applicationId` name the server the call
 * was about and the bot, when known.
 */
export function explainDiscordFailure(error: unknown, { guild, applicationId }: { guild?: string; applicationId?: string } = {}): unknown {
  const server = guild ? `server ${guild}` : 'that server';
  const invite = applicationId ? `invite it with ${inviteLink(applicationId)}` : 'invite it with the link `wenda bot` logs once connected';
  if ((error instanceof DiscordjsError && error.code === DiscordjsErrorCodes.TokenInvalid) || (error instanceof DiscordAPIError && error.status === 401)) {
    return new WendaError(`Discord refused the bot token (401 Unauthorized): ${TOKEN_ADVICE}`);
  }
  if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownGuild) {
    return new WendaError(`Discord knows no ${server} for this bot (10004 Unknown Guild): the bot is not in it or the id is wrong; check the id (Developer Mode on, right-click the server → Copy Server ID) or ${invite}`);
  }
  if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.MissingAccess) {
    return new WendaError(`the bot may not register commands in ${server} (50001 Missing Access): ${invite}`);
  }
  const network = unreachable(error);
  if (network) return new WendaError(`Discord could not be reached (${network.message}): check the network connection, a firewall or proxy, and DISCORD_API_URL if set`);
  // an answer that is not Discord's (a proxy's 502, a server at DISCORD_API_URL that is something else) or Discord down;
  // other refusals (400 for a malformed request) are wenda's bugs, left as they are
  if (error instanceof HTTPError || (error instanceof DiscordAPIError && (error.status === 404 || error.status >= 500))) {
    return new WendaError(`Discord answered ${error.method} ${error.url} with ${error.status} (${error.message}): ${NOT_DISCORD_ADVICE}`);
  }
  if (error instanceof Error && error.name === 'AbortError') return new WendaError(`Discord did not answer in time: check the network connection, and DISCORD_API_URL if set`);
  return error;
}

/** What to do about an answer that is not what Discord gives. */
export const NOT_DISCORD_ADVICE = 'if DISCORD_API_URL is set, check that it leads to Discord; else Discord may be down, so try again later';

/** An answer that is not the one Discord gives: what was asked for, and the start of what came. */
export function notDiscord(what: string, answer: unknown): WendaError {
  // what is not JSON (a page) comes as bytes
  const shown = answer instanceof ArrayBuffer ? new TextDecoder().decode(answer) : JSON.stringify(answer) ?? String(answer);
  return new WendaError(`asked for ${what}, the server answered ${JSON.stringify(shown.slice(0, 80))}, which is not Discord's answer: ${NOT_DISCORD_ADVICE}`);
}
