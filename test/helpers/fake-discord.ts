import { EventEmitter, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A fake Discord on 127.0.0.1 for the real discord.js client: the REST routes a bot uses (gateway discovery, command
 * registration, interaction callbacks, webhook edits and follow-ups) and a plain-JSON gateway (HELLO, IDENTIFY,
 * heartbeats, READY, GUILD_CREATE, RESUME, INTERACTION_CREATE). It records every request so tests can assert payloads.
 */

export interface Recorded {
  method: string;
  path: string;
  body: any;
  at: number;
}

export interface SentInteraction {
  id: string;
  token: string;
  sentAt: number;
}

export type OptionValue = string | number | boolean;

const HEARTBEAT_MS = 45_000;
/** How long a test waits for the bot: generous, since a /reindex build on a loaded 2-core machine takes ~10 s; tests time out at 60. */
const WAIT_MS = 30_000;
let snowflake = 1_000_000_000_000_000n;
const nextId = () => String(++snowflake);

export class FakeDiscord extends EventEmitter {
  readonly applicationId = '900000000000000001';
  readonly botUserId = '900000000000000001';
  readonly guildId = '900000000000000002';
  readonly channelId = '900000000000000003';
  readonly requests: Recorded[] = [];
  identifies = 0;
  resumes = 0;
  private socket: WebSocket | null = null;
  private seq = 0;
  private failEdits = 0;
  private refusedEdits = 0;
  private lostCallbacks = 0;
  /** Interactions already acknowledged: Discord answers a second callback with 40060. */
  private readonly acknowledged = new Set<string>();
  private retryAfter = 0.2;
  private readonly sessionId = 'fake-session';

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
  ) {
    super();
    this.setMaxListeners(0); // one waiter per interaction in flight
  }

  static async start(): Promise<FakeDiscord> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const fake = new FakeDiscord(http, wss, (http.address() as AddressInfo).port);
    http.on('request', (req, res) => void fake.onRequest(req, res));
    wss.on('connection', (ws) => fake.onConnection(ws));
    return fake;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The next n edits of an original response get 429 Too Many Requests, as Discord's rate limits answer. */
  rateLimitNextEdits(n: number, retryAfterSeconds = 0.2): void {
    this.failEdits = n;
    this.retryAfter = retryAfterSeconds;
  }

  /** The next n edits of an original response are refused as a payload Discord cannot take (400, never retried). */
  refuseNextEdits(n: number): void {
    this.refusedEdits = n;
  }

  /**
   * The next n interaction callbacks are taken (the interaction is acknowledged) but answered 500, as when Discord's
   * edge fails after the fact: the client retries, and the retry finds the interaction acknowledged.
   */
  loseNextCallbacks(n: number): void {
    this.lostCallbacks = n;
  }

  /** Closes the gateway connection as a network failure would; the client is expected to resume. */
  dropConnection(): void {
    this.socket?.close(4000, 'fake network failure');
    this.socket = null;
  }

  /** Closes the gateway with a close code, as Discord does when it ends a session for good (4004: the token was reset). */
  closeGateway(code: number): void {
    this.socket?.close(code, 'fake close');
    this.socket = null;
  }

  /** From now on every IDENTIFY is answered by closing the gateway with this code (null: accepted again). */
  refuseIdentify(code: number | null): void {
    this.refuseWith = code;
  }
  private refuseWith: number | null = null;

  /** From now on every REST request is answered 401 Unauthorized, as Discord answers a wrong or reset token. */
  refuseToken(): void {
    this.tokenRefused = true;
  }
  private tokenRefused = false;

  /** Resolves once the client has identified (or resumed) on a live connection, within timeoutMs. */
  async ready(timeoutMs = WAIT_MS): Promise<void> {
    if (this.socket && this.identifies + this.resumes > 0 && this.readyFlag) return;
    await this.waitForEvent('session', timeoutMs);
  }
  private readyFlag = false;

  private waitForEvent(name: string, timeoutMs: number): Promise<unknown[]> {
    return Promise.race([
      once(this, name),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`fake Discord: no ${name} within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  }

  /** Waits (bounded) until a recorded request matches. */
  waitForRequest(match: (r: Recorded) => boolean, timeoutMs = WAIT_MS): Promise<Recorded> {
    const found = this.requests.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onRequest = (r: Recorded) => {
        if (!match(r)) return;
        clearTimeout(timer);
        this.off('request', onRequest);
        resolve(r);
      };
      const timer = setTimeout(() => {
        this.off('request', onRequest);
        reject(new Error(`fake Discord: no matching request within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on('request', onRequest);
    });
  }

  callbackFor(interactionId: string): Promise<Recorded> {
    return this.waitForRequest((r) => r.method === 'POST' && r.path === `/interactions/${interactionId}/${tokenOf(interactionId)}/callback`);
  }

  /** The last successful edit of the original response, once there is one whose body passes `ready`. */
  editFor(interactionId: string, ready: (body: any) => boolean = () => true): Promise<Recorded> {
    const path = `/webhooks/${this.applicationId}/${tokenOf(interactionId)}/messages/@original`;
    return this.waitForRequest((r) => r.method === 'PATCH' && r.path === path && r.body?.status !== 429 && ready(r.body));
  }

  followUpsFor(interactionId: string): Recorded[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === `/webhooks/${this.applicationId}/${tokenOf(interactionId)}`);
  }

  private member(userId: string, permissions: string) {
    return {
      user: { id: userId, username: `user${userId.slice(-4)}`, discriminator: '0', global_name: null, avatar: null },
      roles: [],
      permissions,
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    };
  }

  private baseInteraction(type: number, data: object, user: { userId?: string; permissions?: string; guildId?: string }) {
    const id = nextId();
    const guildId = user.guildId ?? this.guildId;
    return {
      id,
      application_id: this.applicationId,
      type,
      data,
      guild_id: guildId,
      channel_id: this.channelId,
      channel: { id: this.channelId, type: 0, guild_id: guildId, name: 'general' },
      member: this.member(user.userId ?? '700000000000000001', user.permissions ?? '0'),
      token: tokenOf(id),
      version: 1,
      app_permissions: '0',
      locale: 'zh-CN',
      guild_locale: 'zh-CN',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
    };
  }

  private commandId(name: string): string {
    const registered = this.requests.filter((r) => r.method === 'PUT' && /\/commands$/u.test(r.path)).at(-1);
    const index = (registered?.body as { name: string }[] | undefined)?.findIndex((c) => c.name === name) ?? -1;
    return String(800000000000000000n + BigInt(index + 1));
  }

  /** Sends a slash command; options are name → value (strings, numbers, booleans by their type); from the fake's guild unless another is named. */
  sendCommand(name: string, options: Record<string, OptionValue> = {}, user: { userId?: string; permissions?: string; guildId?: string } = {}): SentInteraction {
    const data = {
      id: this.commandId(name),
      name,
      type: 1,
      options: Object.entries(options).map(([n, value]) => ({ name: n, type: optionType(value), value })),
    };
    return this.dispatchInteraction(this.baseInteraction(2, data, user));
  }

  sendAutocomplete(name: string, option: string, value: string): SentInteraction {
    const data = { id: this.commandId(name), name, type: 1, options: [{ name: option, type: 3, value, focused: true }] };
    return this.dispatchInteraction(this.baseInteraction(4, data, {}));
  }

  sendButton(customId: string, user: { userId?: string } = {}): SentInteraction {
    const interaction = {
      ...this.baseInteraction(3, { custom_id: customId, component_type: 2 }, user),
      message: this.message('answer', [], nextId()),
    };
    return this.dispatchInteraction(interaction);
  }

  private dispatchInteraction(interaction: { id: string; token: string }): SentInteraction {
    this.dispatch('INTERACTION_CREATE', interaction);
    return { id: interaction.id, token: interaction.token, sentAt: Date.now() };
  }

  private dispatch(t: string, d: unknown): void {
    if (!this.socket) throw new Error('fake Discord: no gateway connection');
    this.socket.send(JSON.stringify({ op: 0, t, s: ++this.seq, d }));
  }

  private onConnection(ws: WebSocket): void {
    this.socket = ws;
    this.readyFlag = false;
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: HEARTBEAT_MS }, s: null, t: null }));
    ws.on('message', (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: any };
      if (payload.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (payload.op === 2 && this.refuseWith !== null) return void ws.close(this.refuseWith, 'fake refusal');
      if (payload.op === 2) {
        this.identifies++;
        this.dispatch('READY', {
          v: 10,
          user: { id: this.botUserId, username: 'wenda', discriminator: '0', bot: true, avatar: null, global_name: null },
          guilds: [{ id: this.guildId, unavailable: true }],
          session_id: this.sessionId,
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
        });
        this.dispatch('GUILD_CREATE', this.guild());
        this.readyFlag = true;
        this.emit('session');
      }
      if (payload.op === 6) {
        this.resumes++;
        this.dispatch('RESUMED', {});
        this.readyFlag = true;
        this.emit('session');
      }
    });
  }

  private guild() {
    return {
      id: this.guildId,
      name: 'Fake guild',
      icon: null,
      owner_id: '700000000000000000',
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      premium_tier: 0,
      system_channel_flags: 0,
      nsfw_level: 0,
      preferred_locale: 'zh-CN',
      roles: [{ id: this.guildId, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      emojis: [],
      stickers: [],
      features: [],
      member_count: 2,
      large: false,
      unavailable: false,
      joined_at: new Date(0).toISOString(),
      channels: [{ id: this.channelId, type: 0, name: 'general', position: 0, permission_overwrites: [], guild_id: this.guildId }],
      threads: [],
      members: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private message(content: string, embeds: unknown[], id = nextId()) {
    return {
      id,
      channel_id: this.channelId,
      guild_id: this.guildId,
      author: { id: this.botUserId, username: 'wenda', discriminator: '0', bot: true, avatar: null, global_name: null },
      content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds,
      components: [],
      pinned: false,
      type: 20,
      flags: 0,
      application_id: this.applicationId,
    };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/u, '');
    const method = req.method ?? 'GET';
    const body = text && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text;
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      // as Discord does: a 204 has no body and no content type
      res.writeHead(status, json === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const record = (recordedBody: unknown = body) => {
      const r = { method, path, body: recordedBody, at: Date.now() };
      this.requests.push(r);
      this.emit('request', r);
    };

    if (this.tokenRefused) {
      record();
      return send(401, { message: '401: Unauthorized', code: 0 });
    }
    if (method === 'GET' && path === '/gateway/bot') {
      record();
      return send(200, {
        url: `ws://127.0.0.1:${this.port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/applications/@me') {
      record();
      return send(200, { id: this.applicationId, name: 'wenda', description: '', bot_public: true, bot_require_code_grant: false, verify_key: '', flags: 0 });
    }
    const guild = /^\/applications\/\d+\/guilds\/(\d+)\/commands$/u.exec(path)?.[1];
    if (method === 'PUT' && guild && guild !== this.guildId) {
      record();
      return send(404, { message: 'Unknown Guild', code: 10004 });
    }
    if (method === 'PUT' && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/u.test(path)) {
      record();
      const commands = (body as { name: string }[]).map((c, i) => ({
        ...c,
        id: String(800000000000000000n + BigInt(i + 1)),
        application_id: this.applicationId,
        version: '1',
      }));
      return send(200, commands);
    }
    const callback = method === 'POST' ? /^\/interactions\/(\d+)\/[^/]+\/callback$/u.exec(path)?.[1] : undefined;
    if (callback) {
      if (this.acknowledged.has(callback)) {
        record({ status: 400, attempted: body });
        return send(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      }
      this.acknowledged.add(callback);
      if (this.lostCallbacks > 0) {
        this.lostCallbacks--;
        record({ status: 500, attempted: body });
        return send(500, { message: '500: Internal Server Error', code: 0 });
      }
      record();
      return send(204);
    }
    if (method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/u.test(path)) {
      if (this.refusedEdits > 0) {
        this.refusedEdits--;
        record({ status: 400, attempted: body });
        return send(400, { message: 'Invalid Form Body', code: 50035 });
      }
      if (this.failEdits > 0) {
        this.failEdits--;
        record({ status: 429, attempted: body });
        return send(
          429,
          { message: 'You are being rate limited.', retry_after: this.retryAfter, global: false },
          { 'retry-after': String(this.retryAfter), 'x-ratelimit-scope': 'user' },
        );
      }
      record();
      return send(200, this.message(body.content ?? '', body.embeds ?? []));
    }
    if (method === 'DELETE' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/u.test(path)) {
      record();
      return send(204);
    }
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/u.test(path)) {
      record();
      return send(200, this.message(body.content ?? '', body.embeds ?? []));
    }
    record();
    return send(404, { message: `fake Discord has no route ${method} ${path}`, code: 0 });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

function optionType(value: OptionValue): number {
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

/** Interaction tokens are derived from ids so that a test can find the requests of an interaction. */
function tokenOf(id: string): string {
  return `token-${id}`;
}
