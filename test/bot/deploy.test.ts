import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DiscordAPIError } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot/bot.js';
import { deployCommands } from '../../src/bot/deploy.js';
import { explainDiscordFailure } from '../../src/bot/discord-errors.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FakeDiscord } from '../helpers/fake-discord.js';
import { childEnv, CLI, tempDir } from '../helpers/fixtures.js';
import { TOKEN } from '../helpers/test-bot.js';

let fake: FakeDiscord;
beforeEach(async () => (fake = await FakeDiscord.start()));
afterEach(() => fake.close());

const config = (api = fake.apiUrl) => ({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: api, WENDA_INDEX: '/nonexistent/index', WENDA_MODEL: 'none' }) as Config;

/** The URL of a port nothing listens on, as a Discord that cannot be reached. */
async function closedPortUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/api`;
}

/** `wenda ARGS` against the fake Discord: its exit code, output and error lines. */
async function wenda(args: string[], settings: Record<string, string> = {}) {
  const { dir, cleanup } = tempDir();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: childEnv({ WENDA_MODEL: 'none', DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, WENDA_INDEX: `${dir}/index`, LOG_LEVEL: 'silent', ...settings }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = await once(child, 'close');
  cleanup();
  return { code, stdout, lines: stderr.trim().split('\n') };
}

describe('Discord refusals say what to do', () => {
  it('deploy with a token Discord refuses (401)', async () => {
    fake.refuseToken();
    await expect(deployCommands(config())).rejects.toThrow(/^Discord refused the bot token \(401 Unauthorized\): it was reset or is wrong; put the current one .* in DISCORD_TOKEN$/u);
  });

  it('deploy to a server the bot is not in (10004), with the invite link', async () => {
    const error = await deployCommands(config(), '123456789012345678').catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'WendaError' });
    expect((error as Error).message).toMatch(/^Discord knows no server 123456789012345678 for this bot \(10004 Unknown Guild\): the bot is not in it or the id is wrong; /u);
    expect((error as Error).message).toContain(`invite it with https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands`);
  });

  it('a server whose commands the bot may not manage (50001), and anything else left as it is', () => {
    const refusal = (code: number, status: number) => new DiscordAPIError({ message: 'Missing Access', code }, code, status, 'PUT', 'https://discord.com/api/x', {});
    expect(explainDiscordFailure(refusal(50001, 403), { guild: '123456789012345678', applicationId: fake.applicationId })).toMatchObject({
      name: 'WendaError',
      message: `the bot may not register commands in server 123456789012345678 (50001 Missing Access): invite it with https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands`,
    });
    const other = refusal(50035, 400);
    expect(explainDiscordFailure(other)).toBe(other);
  });

  it('deploy and bot start when Discord cannot be reached', async () => {
    const api = await closedPortUrl();
    await expect(deployCommands(config(api))).rejects.toThrow(/^Discord could not be reached \(connect ECONNREFUSED .*\): check the network connection/u);
    await expect(startBot(config(api), createLogger('silent'))).rejects.toThrow(/^Discord could not be reached \(connect ECONNREFUSED /u);
  });

  it('`wenda bot` with a token Discord refuses is one line and a non-zero exit', async () => {
    fake.refuseToken();
    const { code, lines } = await wenda(['bot']);
    expect(code).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^wenda: Discord refused the bot token \(401 Unauthorized\): .* in DISCORD_TOKEN$/u)]);
  });
});

describe('a server at DISCORD_API_URL that is not Discord', () => {
  /** A server on 127.0.0.1 that answers every request with this status and body. */
  async function answering(status: number, body: string | ((method: string) => string), type = 'application/json'): Promise<{ api: string; requests: string[]; close: () => Promise<void> }> {
    const requests: string[] = [];
    const server = createHttpServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(status, { 'content-type': type }).end(typeof body === 'string' ? body : body(req.method!));
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    return { api: `http://127.0.0.1:${port}/api`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it('says what answered instead of Discord, and registers nothing with an answer that names no application', async () => {
    for (const [status, body, type, reason] of [
      [404, '', 'text/plain', /^Discord answered GET http:\/\/127\.0\.0\.1:\d+\/api\/v10\/applications\/@me with 404 \(.*\): if DISCORD_API_URL is set, check that it leads to Discord/u],
      [502, '<html>Bad Gateway</html>', 'text/html', /^Discord answered GET .* with 502 \(.*\): if DISCORD_API_URL is set/u],
      [200, '{}', 'application/json', /^asked for the application, the server answered "\{\}", which is not Discord's answer: if DISCORD_API_URL is set/u],
      [200, '<html>Welcome</html>', 'text/html', /^asked for the application, the server answered "<html>Welcome<\/html>", which is not Discord's/u],
    ] as const) {
      const server = await answering(status, body, type);
      try {
        await expect(deployCommands(config(server.api))).rejects.toThrow(reason);
        expect(server.requests.filter((r) => r.startsWith('PUT'))).toEqual([]);
      } finally {
        await server.close();
      }
    }
  }, 60_000);

  it('ends the bot with one line saying what answered instead of the gateway, never a TypeError', async () => {
    const urlOnly = '{"url":"ws://127.0.0.1:1"}';
    for (const [body, type, shown] of [['{}', 'application/json', '\\{\\}'], ['<html>Welcome</html>', 'text/html', '<html>Welcome</html>'], [urlOnly, 'application/json', '\\{\\\\"url\\\\":\\\\"ws://127\\.0\\.0\\.1:1\\\\"\\}']] as const) {
      const server = await answering(200, body, type);
      try {
        const { code, lines } = await wenda(['bot'], { DISCORD_API_URL: server.api });
        expect(code).toBe(1);
        expect(lines).toEqual([expect.stringMatching(new RegExp(`^wenda: asked for the gateway, the server answered "${shown}", which is not Discord's answer: if DISCORD_API_URL is set`, 'u'))]);
      } finally {
        await server.close();
      }
    }
  }, 60_000);

  it('says so when the commands sent are not all registered', async () => {
    const server = await answering(200, (method) => (method === 'GET' ? '{"id":"900000000000000001"}' : '[]'));
    try {
      await expect(deployCommands(config(server.api))).rejects.toThrow(/^asked for the 3 commands registered, the server answered "\[\]", which is not Discord's answer/u);
    } finally {
      await server.close();
    }
  });
});

describe('wenda commands deploy', () => {
  it('registers globally, warning that the bot also registers the commands in DISCORD_GUILD_ID, where they would show twice', async () => {
    const { code, stdout, lines } = await wenda(['commands', 'deploy'], { DISCORD_GUILD_ID: '900000000000000002' });
    expect(code).toBe(0);
    expect(stdout).toBe('registered /ask, /who, /reindex globally\n');
    expect(lines).toEqual([
      'wenda: DISCORD_GUILD_ID is set, so the bot also registers the commands in server 900000000000000002 when it starts, where they will show twice; "wenda commands deploy --guild 900000000000000002" registers them there alone',
    ]);
  });
});

describe('wenda commands deploy --guild', () => {
  it('takes only a Discord id, checked as DISCORD_GUILD_ID is, and sends nothing otherwise', async () => {
    const { code, lines } = await wenda(['commands', 'deploy', '--guild', 'abc']);
    expect(code).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/--guild <id>.* must be a Discord id \(17 to 20 digits\)$/u)]);
    expect(fake.requests).toEqual([]);
  });
});
