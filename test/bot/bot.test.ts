import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IndexReader } from '../../src/retrieval/index-reader.js';
import { FakeDiscord, type SentInteraction } from '../helpers/fake-discord.js';
import { childEnv, CLI, GIVEN_ARTICLE, TAX_ARTICLE, writeFiles } from '../helpers/fixtures.js';
import { memoryLog, startTestBot, TOKEN, type TestBot } from '../helpers/test-bot.js';
const QUESTION = '中央网信办主题教育动员大会是哪天召开的';
const ADMIN = '8';
const EPHEMERAL = 64;

let users = 0;
const newUser = () => String(710000000000000000n + BigInt(++users));

let t: TestBot;
let fake: FakeDiscord;
beforeAll(async () => {
  t = await startTestBot();
  fake = t.fake;
});
afterAll(() => t?.close());

async function ask(question: string, options: Record<string, string | number | boolean> = {}, on = fake) {
  const sent = on.sendCommand('ask', { question, ...options }, { userId: newUser() });
  const callback = await on.callbackFor(sent.id);
  const edit = await on.editFor(sent.id);
  return { sent, callback, edit };
}

describe('the bot against a fake Discord', () => {
  it('registers its commands in the configured guild', async () => {
    const put = await fake.waitForRequest((r) => r.method === 'PUT' && r.path === `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`);
    expect(put.body.map((c: { name: string }) => c.name)).toEqual(['ask', 'who', 'reindex']);
    const reindex = put.body.find((c: { name: string }) => c.name === 'reindex');
    expect(reindex.default_member_permissions).toBe(ADMIN);
  });

  it('acknowledges /ask at once, then edits in the passage that answers with its source', async () => {
    const { sent, callback, edit } = await ask(QUESTION);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(callback.at).toBeLessThanOrEqual(edit.at);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    const [first] = edit.body.embeds;
    expect(first.title).toBe('1. 中央网信办召开“不忘初心、牢记使命”主题教育动员大会');
    expect(first.description).toContain('**中央网信办“不忘初心、牢记使命”主题教育动员大会6月11日上午举行。**');
    expect(first.footer.text).toBe(`${GIVEN_ARTICLE} · ¶1`);
    const buttons = edit.body.components.flatMap((row: { components: { custom_id: string }[] }) => row.components.map((c) => c.custom_id));
    expect(buttons).toContain(`ask:more:${sent.id}:3`);
    expect(buttons.filter((id: string) => id.startsWith('ask:ctx:'))).toHaveLength(3);
  });

  it('answers privately when asked to, and within the count', async () => {
    const { callback, edit } = await ask(QUESTION, { count: 1, private: true });
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(edit.body.embeds).toHaveLength(1);
  });

  it('pings nobody, whatever the question says, and still answers it', async () => {
    const { edit } = await ask(`@everyone @here <@123456789012345678> <@&123456789012345678> <#123456789012345678> ${QUESTION}`);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit.body.content).toContain('@everyone');
    expect(edit.body.embeds[0].description).toContain('6月11日上午举行');
  });

  it('says plainly when the articles have no answer, with the closest topics, and shows the closest passages on request', async () => {
    const { sent, edit } = await ask('上海迪士尼乐园的门票多少钱一张？', { count: 2 });
    expect(edit.body.embeds).toEqual([]);
    expect(edit.body.content).toBe('No answer in the articles for: 上海迪士尼乐园的门票多少钱一张？\nClosest topics: “中央网信办召开“不忘初心、牢记使命”主题教育动员大会”');
    const ids = edit.body.components.flatMap((row: { components: { custom_id: string; label: string }[] }) => row.components.map((c) => [c.custom_id, c.label]));
    expect(ids).toEqual([[`ask:near:${sent.id}`, 'Closest passages']]);
    // the passages the refusal held back, to whoever pressed, said to be no sure answer
    const near = fake.sendButton(`ask:near:${sent.id}`, { userId: newUser() });
    expect((await fake.callbackFor(near.id)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const shown = await fake.editFor(near.id);
    expect(shown.body.content).toBe('The closest passages to **上海迪士尼乐园的门票多少钱一张？**, which the articles may not answer:');
    expect(shown.body.embeds.map((e: { title: string }) => e.title)).toEqual([expect.stringMatching(/^1\. /u), expect.stringMatching(/^2\. /u)]);
    expect(shown.body.embeds[0].footer.text).toMatch(/¶\d/u);
    // paged as answers are, and no second "Closest passages"
    const buttons = shown.body.components.flatMap((row: { components: { custom_id: string }[] }) => row.components.map((c) => c.custom_id));
    expect(buttons.filter((id: string) => !id.startsWith('ask:ctx:'))).toEqual([`ask:more:${sent.id}:2:near`]);
    const next = await fake.editFor(fake.sendButton(`ask:more:${sent.id}:2:near`, { userId: newUser() }).id);
    expect(next.body.content).toBe(shown.body.content);
    expect(next.body.embeds[0].title).toMatch(/^3\. /u);
    // an answered question offers no "Closest passages"
    const answered = await ask(QUESTION);
    expect(JSON.stringify(answered.edit.body.components)).not.toContain('ask:near:');
  });

  it('shows the next passages and a passage in its context from the buttons', async () => {
    const { sent } = await ask(QUESTION);
    const more = fake.sendButton(`ask:more:${sent.id}:3`);
    expect((await fake.callbackFor(more.id)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const moreEdit = await fake.editFor(more.id);
    expect(moreEdit.body.embeds[0].title).toMatch(/^4\. /);

    const contextId = (await fake.editFor(sent.id)).body.components
      .flatMap((row: { components: { custom_id: string }[] }) => row.components.map((c) => c.custom_id))
      .find((id: string) => id.startsWith('ask:ctx:') && id.endsWith(':0:1'));
    const context = fake.sendButton(contextId.replace(/:1$/u, ':2'));
    const contextEdit = await fake.editFor(context.id);
    expect(contextEdit.body.embeds[0].description).toMatch(/^¶1 [\s\S]*\*\*¶2\*\* 庄荣文指出[\s\S]*¶3 /);
    // the second of the three passages the third paragraph is cut into: under its paragraph's number
    const part = await fake.editFor(fake.sendButton(contextId.replace(/:1$/u, ':4')).id);
    expect(part.body.embeds[0].description).toMatch(/^¶3 庄荣文强调[^\n]*\n\n\*\*¶3\*\* 牢牢把握[^\n]*\n\n¶3 以力戒形式主义/u);
  });

  it('offers "More answers" while passages remain, and none after the last', async () => {
    const moreId = (edit: { body: { components: { components: { custom_id: string }[] }[] } }) =>
      edit.body.components.flatMap((row) => row.components.map((c) => c.custom_id)).find((id) => id.startsWith('ask:more:')) ?? null;
    const { edit } = await ask(QUESTION, { count: 1 });
    let next = moreId(edit);
    let pages = 1;
    // bounded: the bot offers at most 50 answers
    for (; next && pages < 60; pages++) {
      const press = await fake.editFor(fake.sendButton(next, { userId: newUser() }).id);
      expect(press.body.embeds).toHaveLength(1);
      expect(press.body.embeds[0].title).toMatch(new RegExp(`^${pages + 1}\\. `, 'u'));
      next = moreId(press);
    }
    expect(next).toBeNull();
    expect(pages).toBeGreaterThan(1);
  });

  it('answers /who with the titles and the articles', async () => {
    const sent = fake.sendCommand('who', { name: '庄荣文' }, { userId: newUser() });
    const edit = await fake.editFor(sent.id);
    const [person] = edit.body.embeds;
    expect(person.title).toBe('庄荣文');
    expect(person.fields.map((f: { name: string }) => f.name)).toEqual([
      '中央宣传部副部长',
      '中央网信办主任',
      '国家网信办主任',
      '中央网信办“不忘初心、牢记使命”主题教育领导小组组长',
    ]);
    // each title with the headline of the article that states it, not its file
    expect(person.fields[0].value).toBe('1 article: 中央网信办召开“不忘初心、牢记使命”主题教育动员大会');
    expect(person.description).toContain('中央网信办召开“不忘初心、牢记使命”主题教育动员大会');
  });

  it('completes names from the officials index', async () => {
    const sent = fake.sendAutocomplete('who', 'name', '杨');
    const callback = await fake.callbackFor(sent.id);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices.map((c: { value: string }) => c.value)).toEqual(['杨文明', '杨小伟']);
  });

  it('answers a failing command privately and keeps serving', async () => {
    const broken = fake.sendCommand('ask', {}, { userId: newUser() }); // no question: the handler throws
    const callback = await fake.callbackFor(broken.id);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(callback.body.data.content).toMatch(/^Sorry, that did not work/);
    expect((await ask(QUESTION)).edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('takes a public acknowledgement away when the command then fails, and gives the reason privately', async () => {
    fake.refuseNextEdits(1);
    const sent = fake.sendCommand('ask', { question: QUESTION }, { userId: newUser() });
    expect((await fake.callbackFor(sent.id)).body).toEqual({ type: 5, data: { flags: 0 } }); // public: "thinking…"
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${sent.token}`));
    expect(followUp.body).toMatchObject({ content: 'Sorry, that did not work: something went wrong on our side; it has been logged.', flags: EPHEMERAL });
    expect(fake.requests.filter((r) => r.method === 'DELETE' && r.path.includes(sent.token)).map((r) => r.path)).toEqual([expect.stringMatching(/\/messages\/@original$/u)]);
  });

  it('answers when Discord took the acknowledgement but answered it with a server error', async () => {
    fake.loseNextCallbacks(1);
    const sent = fake.sendCommand('ask', { question: QUESTION }, { userId: newUser() });
    const edit = await fake.editFor(sent.id);
    const callbacks = fake.requests.filter((r) => r.method === 'POST' && r.path.includes(`/interactions/${sent.id}/`));
    expect(callbacks.map((r) => r.body?.status ?? 204)).toEqual([500, 400]); // discord.js sent it again: 40060
    expect(edit.body.embeds[0].footer.text).toBe(`${GIVEN_ARTICLE} · ¶1`);
  });

  it('keeps a private answer private when its acknowledgement was taken with a server error and the command then fails', async () => {
    fake.loseNextCallbacks(1);
    fake.refuseNextEdits(1);
    const sent = fake.sendCommand('ask', { question: QUESTION, private: true }, { userId: newUser() });
    // the reason replaces the private "thinking…": nothing public to take away, no follow-up
    const edit = await fake.editFor(sent.id, (body) => /^Sorry/u.test(body.content ?? ''));
    expect(edit.body.content).toBe('Sorry, that did not work: something went wrong on our side; it has been logged.');
    expect(fake.requests.filter((r) => r.path.startsWith('/webhooks/') && r.path.includes(sent.token) && r.method !== 'PATCH')).toEqual([]);
  });

  it('retries an edit that Discord rate-limits', async () => {
    fake.rateLimitNextEdits(1, 0.3);
    const { sent, edit } = await ask(QUESTION);
    const attempts = fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(sent.token));
    expect(attempts.map((r) => r.body?.status ?? 200)).toEqual([429, 200]);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('resumes after the gateway connection drops and answers the next interaction', async () => {
    const resumes = fake.resumes;
    fake.dropConnection();
    await fake.ready(20_000);
    expect(fake.resumes).toBe(resumes + 1);
    expect((await ask(QUESTION)).edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('slows down one user who floods it', async () => {
    const user = newUser();
    const sent: SentInteraction[] = [];
    for (let i = 0; i < 6; i++) sent.push(fake.sendCommand('who', { name: '庄荣文' }, { userId: user }));
    const last = await fake.callbackFor(sent[5]!.id);
    expect(last.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(last.body.data.content).toMatch(/^You are asking too fast/);
  });

  it('acknowledges 50 concurrent /ask before answering each, and answers them all', async () => {
    const sent = Array.from({ length: 50 }, () => fake.sendCommand('ask', { question: QUESTION }, { userId: newUser() }));
    const callbacks = await Promise.all(sent.map((s) => fake.callbackFor(s.id)));
    const edits = await Promise.all(sent.map((s) => fake.editFor(s.id)));
    for (const [i, c] of callbacks.entries()) {
      expect(c.body.type).toBe(5);
      expect(c.at).toBeLessThanOrEqual(edits[i]!.at);
    }
    for (const e of edits) expect(e.body.embeds[0].description).toContain('6月11日');
  });
});

describe('/reindex', () => {
  let r: TestBot;
  beforeAll(async () => (r = await startTestBot()));
  afterAll(() => r?.close());

  it('lets only administrators rebuild, and picks the new index up without a restart', async () => {
    const refused = r.fake.sendCommand('reindex', {}, { userId: newUser(), permissions: '0' });
    expect((await r.fake.callbackFor(refused.id)).body).toMatchObject({ type: 4, data: { content: 'Only administrators can rebuild the index.', flags: EPHEMERAL } });
    // an administrator of another server the bot is in (DISCORD_GUILD_ID names its own)
    const elsewhere = r.fake.sendCommand('reindex', {}, { userId: newUser(), permissions: ADMIN, guildId: '900000000000000099' });
    expect((await r.fake.callbackFor(elsewhere.id)).body).toMatchObject({
      type: 4,
      data: { content: "Only the administrators of the bot's own server can rebuild the index.", flags: EPHEMERAL },
    });

    writeFiles(r.articles, { 'tax.txt': TAX_ARTICLE });
    const admin = r.fake.sendCommand('reindex', {}, { userId: newUser(), permissions: ADMIN });
    expect((await r.fake.callbackFor(admin.id)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const done = await r.fake.editFor(admin.id, (body) => /^(Done|The rebuild failed)/u.test(body.content ?? ''));
    expect(done.body.content).toMatch(/^Done: indexed 2 articles/);

    const { edit } = await ask('办税平均用时压缩到多少分钟', {}, r.fake);
    expect(edit.body.embeds[0].footer.text).toBe('tax.txt · ¶1');
    // a Context button of an answer from before the rebuild says so instead of showing another article
    const stale = r.fake.sendButton(`ask:ctx:an-old-generation:0:1`);
    expect((await r.fake.editFor(stale.id)).body.content).toBe('The articles have been indexed again since that answer: ask again with /ask.');
  });

  it('says how many files it skipped and why, the first few by name, without pointing at lines Discord does not show', async () => {
    writeFiles(r.articles, Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`note_${i}.doc`, 'not an article'])));
    const admin = r.fake.sendCommand('reindex', {}, { userId: newUser(), permissions: ADMIN });
    const done = await r.fake.editFor(admin.id, (body) => /^(Done|The rebuild failed)/u.test(body.content ?? ''));
    const [summary, ...rest] = done.body.content.split('\n');
    expect(summary).toMatch(/^Done: indexed \d+ articles .*, 7 skipped[;)]/u);
    expect(summary).not.toContain('listed above');
    expect(rest).toEqual([
      "Skipped, whole files or parts of them (the first 5 of 7 notes; all are in the bot's log):",
      ...[0, 1, 2, 3, 4].map((i) => `- note\\_${i}.doc: unsupported file type ".doc"`),
    ]);
  });

  it('says when a rebuild fails, and keeps answering from the previous index', async () => {
    rmSync(r.articles, { recursive: true });
    const admin = r.fake.sendCommand('reindex', {}, { userId: newUser(), permissions: ADMIN });
    const failed = await r.fake.editFor(admin.id, (body) => /^(Done|The rebuild failed)/u.test(body.content ?? ''));
    expect(failed.body.content).toMatch(/^The rebuild failed: the articles folder .* does not exist\. The index is as it was\.$/u);
    const { edit } = await ask('办税平均用时压缩到多少分钟', {}, r.fake);
    expect(edit.body.embeds[0].footer.text).toBe('tax.txt · ¶1');
  });

  it('does not rebuild an index whose manifest is lost from the default folder (a checkout has data/articles)', async () => {
    const { WENDA_ARTICLES } = r.config;
    delete r.config.WENDA_ARTICLES;
    const manifest = path.join(r.config.WENDA_INDEX, 'current', 'manifest.json');
    const kept = readFileSync(manifest);
    writeFileSync(manifest, '{bad');
    try {
      const admin = r.fake.sendCommand('reindex', {}, { userId: newUser(), permissions: ADMIN });
      const failed = await r.fake.editFor(admin.id, (body) => /^(Done|The rebuild failed)/u.test(body.content ?? ''));
      expect(failed.body.content).toMatch(/^The rebuild failed: the index at .* does not say which folder it was built from .*: name it with --articles/u);
    } finally {
      writeFileSync(manifest, kept);
      r.config.WENDA_ARTICLES = WENDA_ARTICLES;
    }
  });
});

describe('a bot whose index in use cannot be read', () => {
  let b: TestBot;
  const { log, entries } = memoryLog();
  beforeAll(async () => (b = await startTestBot({ log })));
  afterAll(() => b?.close());

  it('tells each user privately and the administrator once, in the log, what to run', async () => {
    // what SQLite says of a file damaged under a reader that opened it whole
    const read = vi.spyOn(IndexReader.prototype, 'passage').mockImplementation(() => {
      throw new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT');
    });
    try {
      const sent = [QUESTION, `${QUESTION}？`].map((question) => b.fake.sendCommand('ask', { question }, { userId: newUser() }));
      for (const s of sent) {
        const followUp = await b.fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith(`/${s.token}`));
        expect(followUp.body).toMatchObject({ content: 'Sorry, that did not work: the index cannot be read just now; an administrator has been told.', flags: EPHEMERAL });
      }
      expect(entries.filter((e) => e.msg === 'the index in use cannot be read')).toEqual([
        expect.objectContaining({ level: 50, interactionId: expect.toBeOneOf(sent.map((s) => s.id)), check: `wenda index verify --index ${b.config.WENDA_INDEX}`, rebuild: `wenda index build --index ${b.config.WENDA_INDEX}` }),
      ]);
    } finally {
      read.mockRestore();
    }
    expect((await ask(QUESTION, {}, b.fake)).edit.body.embeds.length).toBeGreaterThan(0);
  });
});

describe('a bot without an index yet', () => {
  let n: TestBot;
  const { log, entries } = memoryLog();
  beforeAll(async () => (n = await startTestBot({ log, index: false })));
  afterAll(() => n?.close());

  it('tells users privately that the articles are not indexed, and the administrator once, in the log, what to run', async () => {
    const sent = [
      n.fake.sendCommand('ask', { question: QUESTION }, { userId: newUser() }),
      n.fake.sendCommand('who', { name: '庄荣文' }, { userId: newUser() }),
      n.fake.sendCommand('ask', { question: QUESTION }, { userId: newUser() }),
    ];
    for (const s of sent) {
      const callback = await n.fake.callbackFor(s.id);
      expect(callback.body).toEqual({
        type: 4,
        data: expect.objectContaining({ content: 'Sorry, that did not work: the articles are not indexed yet; ask an administrator to index them.', flags: EPHEMERAL }),
      });
    }
    const told = entries.filter((e) => JSON.stringify(e).includes('wenda index build'));
    expect(told).toEqual([expect.objectContaining({ level: 40, detail: expect.stringContaining(`no index at ${n.config.WENDA_INDEX}`) })]);
    expect(entries.filter((e) => e.level >= 50)).toEqual([]);
  });

  it('says a failed /reindex left no index, and logs why with the interaction', async () => {
    rmSync(n.articles, { recursive: true });
    const admin = n.fake.sendCommand('reindex', {}, { userId: newUser(), permissions: ADMIN });
    const failed = await n.fake.editFor(admin.id, (body) => /^(Done|The rebuild failed)/u.test(body.content ?? ''));
    expect(failed.body.content).toMatch(/^The rebuild failed: the articles folder .* does not exist\. There is still no index\.$/u);
    expect(entries.filter((e) => e.msg === 'reindex failed')).toEqual([
      expect.objectContaining({ level: 40, interactionId: admin.id, reason: expect.stringMatching(/does not exist$/u) }),
    ]);
  });

  it('offers no names to complete, and logs nothing a keystroke', async () => {
    const before = entries.length;
    for (const typed of ['庄', '庄荣', '庄荣文']) {
      const sent = n.fake.sendAutocomplete('who', 'name', typed);
      expect((await n.fake.callbackFor(sent.id)).body).toEqual({ type: 8, data: { choices: [] } });
    }
    expect(entries.slice(before)).toEqual([]);
  });
});

describe('npx wenda bot', () => {
  it('registers the commands, answers, and shuts down cleanly on SIGTERM', async () => {
    const other = await FakeDiscord.start();
    const child = spawn(process.execPath, [CLI, 'bot'], {
      cwd: t.dir,
      env: childEnv({ WENDA_MODEL: 'none', DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: other.guildId, DISCORD_API_URL: other.apiUrl, WENDA_INDEX: t.config.WENDA_INDEX, LOG_LEVEL: 'info' }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    try {
      await other.ready(20_000);
      await other.waitForRequest((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
      const sent = other.sendCommand('ask', { question: QUESTION });
      expect((await other.editFor(sent.id)).body.embeds[0].description).toContain('6月11日');
      // the link a refusal to register the commands offers too (discord-errors' inviteLink), on Discord's own site
      expect(log).toContain(`https://discord.com/oauth2/authorize?client_id=${other.applicationId}&scope=bot+applications.commands`);
      expect(log).not.toContain(TOKEN);
    } finally {
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(0);
      await other.close();
    }
  });
});

describe('npm start with a token', () => {
  it('builds the index on first run, then runs the bot', async () => {
    const other = await FakeDiscord.start();
    const index = path.join(t.dir, 'first-run-index');
    const child = spawn(process.execPath, [CLI, 'start'], {
      cwd: t.dir,
      env: childEnv({ WENDA_MODEL: 'none', DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: other.guildId, DISCORD_API_URL: other.apiUrl, WENDA_ARTICLES: t.articles, WENDA_INDEX: index }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr.on('data', (c: Buffer) => (log += c.toString()));
    try {
      await other.ready(60_000);
      expect(log).toContain(`no index yet: building one from ${t.articles}`);
      const sent = other.sendCommand('ask', { question: QUESTION });
      expect((await other.editFor(sent.id)).body.embeds[0].description).toContain('6月11日');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
      await other.close();
    }
  });
});
