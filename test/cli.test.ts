import { spawn, spawnSync } from 'node:child_process';
import { on, once } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articlesWith, childEnv, CLI, GIVEN_ARTICLE, plainArticle, TAX_ARTICLE, tempDir, writeFiles } from './helpers/fixtures.js';
import { FakeDiscord } from './helpers/fake-discord.js';
import { writeTinyModel } from './helpers/tiny-model.js';

let dir: string;
let cleanup: () => void;
let index: string;

function wenda(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir, // no .env here: only what the test passes counts
    input: options.input ?? '',
    encoding: 'utf8',
    env: childEnv(options.env),
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** wenda() for a child that talks to a server of this process (spawnSync would block the server). */
async function wendaAsync(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = await once(child, 'close');
  return { code, stdout, stderr };
}

/** A failing command says why on one line, and never shows a stack trace. */
function expectOneLineError(result: ReturnType<typeof wenda>, reason: RegExp) {
  expect(result.code).not.toBe(0);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(reason);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  index = path.join(dir, 'index');
  const articles = articlesWith(dir);
  const built = wenda(['index', 'build', '--articles', articles, '--index', index]);
  expect(built.stdout).toMatch(/^indexed 1 article as \d+ passages from 1 file in .*; lexical\)/);
  expect(built.code).toBe(0);
  // the default model cannot be had here: one line says so, and how to get it
  expect(built.stderr.split('\n').filter((l) => l.startsWith('wenda: '))).toEqual([
    expect.stringMatching(/^wenda: the model Xenova\/multilingual-e5-small is not available .*"wenda model fetch Xenova\/multilingual-e5-small".*; building a lexical index$/),
  ]);
});
afterAll(() => cleanup());

describe('wenda --version', () => {
  it('prints the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(CLI, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(wenda(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

describe('wenda help and unknown commands', () => {
  it('shows the help asked for: of wenda, of a command, of a subcommand', () => {
    for (const [args, usage] of [
      [['--help'], 'wenda [options] [command]'],
      [['help'], 'wenda [options] [command]'],
      [['ask', '--help'], 'wenda ask [options] [question...]'],
      [['index', 'build', '-h'], 'wenda index build [options]'],
      [['help', 'who'], 'wenda who [options] <query...>'],
    ]) {
      const result = wenda(args as string[]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout.split('\n')[0]).toBe(`Usage: ${usage}`);
    }
  });

  it('names a command it does not know on one line, with --help after it too', () => {
    for (const args of [['console'], ['console', '--help'], ['console', '-h', 'x']]) {
      const result = wenda(args);
      expectOneLineError(result, /^wenda: unknown command 'console'\n$/);
      expect(result.stdout).toBe('');
    }
    expectOneLineError(wenda(['askk', '--help']), /^wenda: unknown command 'askk' \(Did you mean ask\?\)\n$/);
    expectOneLineError(wenda(['index', 'bulid', '--help']), /^wenda: unknown command 'bulid' \(Did you mean build\?\)\n$/);
    // a subcommand's errors are said the same way
    expectOneLineError(wenda(['ask', '--k', 'abc', 'x']), /^wenda: option '-k, --k <n>' argument 'abc' is invalid\. [^\n]+\n$/);
  });
});

describe('wenda ask', () => {
  it('prints one JSON object with the answering passage', () => {
    const result = wenda(['ask', '--index', index, '--json', '--k', '2', '中央网信办主题教育动员大会是哪天召开的']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ question: '中央网信办主题教育动员大会是哪天召开的', mode: 'lexical', noAnswer: false });
    expect(json.answers).toHaveLength(2);
    expect(Object.keys(json.answers[0]).sort()).toEqual(
      ['date', 'highlight', 'paragraph', 'passage', 'score', 'source', 'sources', 'text', 'title', 'url'].sort(),
    );
    expect(json.answers[0]).toMatchObject({ source: GIVEN_ARTICLE, paragraph: 1 });
    expect(json.answers[0].text).toContain('6月11日');
  });

  it('takes the index from WENDA_INDEX when no flag is given', () => {
    const result = wenda(['ask', '庄荣文作动员讲话'], { env: { WENDA_INDEX: index } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(GIVEN_ARTICLE);
  });

  it('keeps standard output to JSON lines when it builds the index first', () => {
    // articles of its own: writing the suite's again would move their stamps, and the suite's index would no longer be
    // up to date when a loaded machine had taken more than 2 s to start its first build (file-stamp.ts, SETTLED_MS)
    const articles = articlesWith(path.join(dir, 'first-run'));
    const result = wenda(['ask', '--json'], { input: '动员大会哪天开的\n', env: { WENDA_ARTICLES: articles, WENDA_INDEX: path.join(dir, 'first-run-index') } });
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { question: string }).question)).toEqual(['动员大会哪天开的']);
    expect(result.stderr).toMatch(/^indexed 1 article as \d+ passages from 1 file in /mu);
  });

  it('answers each line of its input when given no question', () => {
    const result = wenda(['ask', '--index', index, '--k', '1'], { input: '动员大会哪天开的\n\n上海迪士尼乐园的门票多少钱一张？\n/who\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('6月11日');
    // each answer under its question, so that piped questions can be read back; a blank line asks nothing
    expect(result.stdout.split('\n').filter((l) => l.startsWith('Q: '))).toEqual(['Q: 动员大会哪天开的', 'Q: 上海迪士尼乐园的门票多少钱一张？', 'Q: /who']);
    // piped, exit is a question: the usage says nothing of how to quit
    expect(result.stdout).toMatch(/\nQ: \/who\nType a question, or \/ask QUESTION, or \/who NAME-OR-TITLE\.\n+$/u);
    expect(result.stdout).toMatch(/^Q: 动员大会哪天开的\n1\. /u);
    // with the titles that came nearest, as the bot shows them
    expect(result.stdout).toContain('No answer in the articles for: 上海迪士尼乐园的门票多少钱一张？\nClosest topics: “中央网信办召开“不忘初心、牢记使命”主题教育动员大会”\n');
  });

  it('with --json prints one JSON object a line for the questions of its input', () => {
    const result = wenda(['ask', '--index', index, '--json', '--k', '1'], { input: '动员大会哪天开的\n\n上海迪士尼门票多少钱\n/ask\nquit\n动员大会哪天开的\n' });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // piped, quit is a line like any other: the questions after it are answered too
    expect(lines).toHaveLength(5);
    expect(lines[3]).toMatchObject({ question: 'quit' });
    expect(lines[4]).toEqual(lines[0]);
    expect(lines[0]).toMatchObject({ question: '动员大会哪天开的', noAnswer: false });
    expect(lines[0].answers[0].text).toContain('6月11日');
    expect(lines[1]).toMatchObject({ question: '上海迪士尼门票多少钱', noAnswer: true, answers: [] });
    // a command without its question: the usage, not the console's word on how to quit
    expect(lines[2]).toEqual({ error: 'Type a question, or /ask QUESTION, or /who NAME-OR-TITLE.' });
  });

  it('answers a question given as arguments (a one-shot reader) as the same line of its input', () => {
    const questions = ['中央網信辦主題教育動員大會是哪天召開的', '谁作动员讲话'];
    const lines = wenda(['ask', '--index', index, '--json'], { input: questions.join('\n') + '\n' }).stdout.trim().split('\n');
    questions.forEach((question, i) => {
      const oneShot = wenda(['ask', '--index', index, '--json', '-k', '5', question]);
      expect(oneShot.code).toBe(0);
      expect(JSON.parse(oneShot.stdout), question).toEqual(JSON.parse(lines[i]!));
    });
    expect(JSON.parse(lines[0]!).answers[0].text).toContain('6月11日');
    // one that cannot be answered: its line too, and the exit and the one line on stderr that say it failed
    const refused = wenda(['ask', '--index', index, '--json', '？？']);
    expect(refused).toMatchObject({ code: 1, stdout: '{"question":"？？","error":"the question has no words"}\n', stderr: 'wenda: the question has no words\n' });
  });

  it('fails with one line for a missing index, an empty question and a bad --k', () => {
    expectOneLineError(wenda(['ask', '--index', path.join(dir, 'nowhere'), '问题']), /no index at .*nowhere: build one/);
    // reading questions, too: an --index that holds none is not built (from the sample articles) as on a first run
    expectOneLineError(wenda(['ask', '--index', path.join(dir, 'nowhere')], { input: '问题\n' }), /no index at .*nowhere: build one/);
    expect(existsSync(path.join(dir, 'nowhere'))).toBe(false);
    // a file is no folder to build an index in either
    const file = path.join(dir, 'not-an-index');
    writeFileSync(file, 'x');
    expectOneLineError(wenda(['ask', '--index', file, '问题']), /not-an-index is a file, not an index folder/);
    // nor a folder of other files, whose build would be refused: no build is offered there
    const notes = path.join(dir, 'notes');
    mkdirSync(notes, { recursive: true });
    writeFileSync(path.join(notes, 'notes.txt'), 'x');
    expectOneLineError(wenda(['ask', '--index', notes, '问题']), /no index at .*notes, a folder of other files \(notes\.txt\): name the folder "wenda index build" wrote, or build one in a new or empty folder/);
    // the link to the generation in use, named for the index folder, names the folder that holds it
    expectOneLineError(wenda(['ask', '--index', path.join(index, 'current'), '问题']), /current is a part of the index folder .*: name that folder\n$/u);
    // a folder of that name that is no part of an index is one with no index yet
    const named = path.join(dir, 'indexes', 'current');
    mkdirSync(named, { recursive: true });
    expectOneLineError(wenda(['ask', '--index', named, '问题']), /no index at .*indexes\/current: build one/u);
    expectOneLineError(wenda(['ask', '--index', index, ' ']), /the question is empty/);
    expectOneLineError(wenda(['ask', '--index', index, '--k', 'ten', '问题']), /--k.*whole number from 1 to 50/);
    for (const bad of ['', '../../etc', '/abs/model', 'foo bar']) {
      expectOneLineError(wenda(['ask', '--index', index, '--model', bad, '问题']), /--model.*must be a Hugging Face hub id \(owner\/name, or a name alone\) or none/);
    }
    for (const bad of ['51', '1e1', '0x5']) expectOneLineError(wenda(['ask', '--index', index, '--k', bad, '问题']), /--k.*whole number from 1 to 50/);
    expectOneLineError(wenda(['who', '--index', index, '庄'.repeat(101)]), /^wenda: a name or title is at most 100 characters\.\n$/u);
    const most = wenda(['ask', '--index', index, '--json', '--k', '50', '庄荣文作动员讲话']);
    expect(most.code).toBe(0);
    expect(JSON.parse(most.stdout).answers[0].source).toBe(GIVEN_ARTICLE);
  });

  it('says that a model named with --model is not used by a lexical index, and answers lexically', () => {
    const named = wenda(['ask', '--index', index, '--json', '--model', 'Xenova/bge-m3', '庄荣文作动员讲话']);
    expect(named.code).toBe(0);
    const json = JSON.parse(named.stdout);
    expect([json.mode, json.answers[0].source]).toEqual(['lexical', GIVEN_ARTICLE]);
    expect(named.stderr).toBe(
      `wenda: the index is lexical (built without a model), so --model Xenova/bge-m3 is not used: rebuild it with "wenda index build --index ${index} --model Xenova/bge-m3" to answer with it\n`,
    );
    // the configured model (WENDA_MODEL) is no such request: a lexical index is what a machine without it builds
    expect(wenda(['ask', '--index', index, '--json', '庄荣文作动员讲话']).stderr).toBe('');
    expect(wenda(['ask', '--index', index, '--json', '--model', 'none', '庄荣文作动员讲话']).stderr).toBe('');
  });

  it('takes a flag over the environment', () => {
    const result = wenda(['ask', '--index', index, '--json', '庄荣文作动员讲话'], { env: { WENDA_INDEX: path.join(dir, 'nowhere') } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).answers[0].source).toBe(GIVEN_ARTICLE);
  });

  it('stops quietly when its reader goes away (a pipe into head)', async () => {
    const child = spawn(process.execPath, [CLI, 'ask', '--index', index, '--k', '5'], { cwd: dir, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end('庄荣文作动员讲话\n'.repeat(2000));
    await once(child.stdout, 'data');
    child.stdout.destroy();
    const [code] = await once(child, 'exit');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it.skipIf(!existsSync('/dev/full'))('says in one line that its output cannot be written (a full disk)', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const result = spawnSync(process.execPath, [CLI, 'ask', '--index', index, '动员大会哪天开的'], { cwd: dir, env: childEnv(), stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 60_000 });
      expectOneLineError({ code: result.status, stdout: '', stderr: result.stderr }, /^wenda: cannot write the output: ENOSPC/);
    } finally {
      closeSync(full);
    }
  });
});

describe('a hybrid index from the command line', () => {
  it('builds with --model and answers in hybrid mode', () => {
    const models = path.join(dir, 'models');
    const model = writeTinyModel(models);
    const hybrid = path.join(dir, 'hybrid');
    const env = { WENDA_MODELS_DIR: models, WENDA_MODEL: model };
    const built = wenda(['index', 'build', '--articles', path.join(dir, 'articles'), '--index', hybrid], { env });
    expect(built.stdout).toMatch(/, \d+ embedded; hybrid\)/);
    const result = JSON.parse(wenda(['ask', '--index', hybrid, '--json', '动员大会是哪天开的'], { env }).stdout);
    expect(result.mode).toBe('hybrid');
    const lexical = JSON.parse(wenda(['ask', '--index', hybrid, '--json', '--model', 'none', '动员大会是哪天开的'], { env }).stdout);
    expect(lexical.mode).toBe('lexical');
    expectOneLineError(wenda(['ask', '--index', hybrid, '--model', 'Xenova/bge-m3', '问题'], { env }), /was built with the model wenda-test\/tiny-bert/);
    // with no model named, a rebuild keeps the index's model (not the default, which is not here) and a question uses it
    const rebuilt = wenda(['index', 'build', '--index', hybrid], { env: { WENDA_MODELS_DIR: models } });
    expect(rebuilt.stdout).toMatch(/^the index is up to date: .*; hybrid\)/u);
    expect(JSON.parse(wenda(['ask', '--index', hybrid, '--json', '动员大会是哪天开的'], { env: { WENDA_MODELS_DIR: models } }).stdout).mode).toBe('hybrid');
  });
});

describe('wenda model fetch', () => {
  it('refuses to download when offline, in one line', () => {
    expectOneLineError(wenda(['model', 'fetch']), /WENDA_OFFLINE is set: unset it to download a model/);
    // the id checked as --model is, and WENDA_MODEL taken when none is given
    expectOneLineError(wenda(['model', 'fetch', '../x']), /argument 'id'.*must be a Hugging Face hub id/);
    expectOneLineError(wenda(['model', 'fetch'], { env: { WENDA_MODEL: 'none' } }), /no model to fetch: WENDA_MODEL is none/);
  });
});

describe('wenda who', () => {
  it('prints one JSON object with the titles, articles and mentions of a person', () => {
    const result = wenda(['who', '--index', index, '--json', '杨小伟']);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ query: '杨小伟', found: true, suggestions: [] });
    expect(json.people).toHaveLength(1);
    expect(Object.keys(json.people[0]).sort()).toEqual(['articles', 'mentions', 'name', 'reporter', 'titles']);
    expect(json.people[0].titles).toEqual([
      { title: '中央网信办副主任', sources: [GIVEN_ARTICLE] },
      { title: '国家网信办副主任', sources: [GIVEN_ARTICLE] },
    ]);
    expect(json.people[0].mentions[0]).toEqual({ source: GIVEN_ARTICLE, paragraph: 6, text: '中央网信办副主任、国家网信办副主任杨小伟主持会议。' });
  });

  it('gives --json a line for a query it cannot look up, beside its one-line error: a mention is no name', () => {
    for (const query of ['<@123456789012345678>', '😀']) {
      const result = wenda(['who', '--index', index, '--json', query]);
      expectOneLineError(result, /there is no name or title in it/);
      expect(JSON.parse(result.stdout)).toEqual({ query, error: expect.stringMatching(/^there is no name or title in it/) });
    }
  });

  it('says plainly when nobody has the name, with close names', () => {
    const result = wenda(['who', '--index', index, '庄荣闻']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Nobody called 庄荣闻 in the articles. Did you mean 庄荣文?\n');
  });
});

describe('wenda commands deploy', () => {
  it('registers the slash commands in one guild, or globally', async () => {
    const fake = await FakeDiscord.start();
    try {
      const env = { DISCORD_TOKEN: `fake.${'x'.repeat(64)}`, DISCORD_API_URL: fake.apiUrl };
      const guild = await wendaAsync(['commands', 'deploy', '--guild', fake.guildId], env);
      expect(guild).toMatchObject({ code: 0, stdout: `registered /ask, /who, /reindex in guild ${fake.guildId}\n` });
      const global = await wendaAsync(['commands', 'deploy'], env);
      expect(global).toMatchObject({ code: 0, stdout: 'registered /ask, /who, /reindex globally\n' });
      const puts = fake.requests.filter((r) => r.method === 'PUT');
      expect(puts.map((r) => r.path)).toEqual([`/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`, `/applications/${fake.applicationId}/commands`]);
      for (const put of puts) expect(put.body.map((c: { name: string }) => c.name)).toEqual(['ask', 'who', 'reindex']);
    } finally {
      await fake.close();
    }
  });
});

describe('wenda index build', () => {
  it('rebuilds an index from the folder it was built from when none is named, and says when another replaces it', () => {
    // a data/articles beside, as a checkout has: a rebuild naming no folder used to replace the index with it
    const other = articlesWith(path.join(dir, 'data'), { '另一篇.txt': '另一篇文章\n区里召开了另一次会议，部署了下一阶段的工作任务和责任分工。' });
    const rebuilt = wenda(['index', 'build', '--index', index]);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toContain(`wenda: rebuilding from ${path.join(dir, 'articles')}, the folder the index was built from (name another with --articles)`);
    expect(rebuilt.stdout).toMatch(/^the index is up to date: no file it indexes changed since it was built \(1 article /u);
    const elsewhere = path.join(dir, 'elsewhere-index');
    expect(wenda(['index', 'build', '--articles', path.join(dir, 'articles'), '--index', elsewhere]).code).toBe(0);
    const replaced = wenda(['index', 'build', '--articles', other, '--index', elsewhere]);
    expect(replaced.stderr).toContain(`wenda: the index was built from ${path.join(dir, 'articles')}; it now holds the articles of ${other} instead`);
    expect(replaced.stdout).toMatch(/^indexed 2 articles /u);
    // an index an older wenda wrote is rebuilt from its own folder too (its manifest is read for that alone)
    const manifest = path.join(elsewhere, 'current', 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ ...JSON.parse(readFileSync(manifest, 'utf8')), formatVersion: 1 }));
    const upgraded = wenda(['index', 'build', '--index', elsewhere]);
    expect(upgraded.stderr).toContain(`wenda: rebuilding from ${other}, the folder the index was built from (name another with --articles)`);
    expect(upgraded.stdout).toMatch(/^indexed 2 articles /u);
    // one whose manifest is lost does not say where its articles are: data/articles does not replace them
    writeFileSync(manifest, '{bad');
    expectOneLineError(wenda(['ask', '--index', elsewhere, '会议']), /has no readable manifest\.json .*; rebuild it with "wenda index build --index \S+ --articles <the articles folder>"/u);
    expectOneLineError(wenda(['index', 'build', '--index', elsewhere]), /does not say which folder it was built from .*: name it with --articles/u);
    expect(wenda(['index', 'build', '--index', elsewhere, '--articles', other]).stdout).toMatch(/^indexed 2 articles /u);
  });

  it('refuses an index folder inside the articles folder, unless hidden there', () => {
    const articles = path.join(dir, 'articles');
    expectOneLineError(wenda(['index', 'build', '--articles', articles, '--index', path.join(articles, 'index')]), /is inside the articles folder .*: put it elsewhere/u);
    expectOneLineError(wenda(['index', 'build', '--articles', articles, '--index', articles]), /is inside the articles folder/u);
    // however a link leads there
    const link = path.join(dir, 'articles-link');
    symlinkSync(articles, link);
    expectOneLineError(wenda(['index', 'build', '--articles', link, '--index', path.join(articles, 'index')]), /is inside the articles folder/u);
    const hidden = wenda(['index', 'build', '--articles', articles, '--index', path.join(articles, '.index')]);
    expect(hidden.code).toBe(0);
    expect(hidden.stdout).toMatch(/^indexed 1 article /u);
  });

  it('names the index folder to rebuild, quoted for the shell, when the index is of another version or missing', () => {
    const spaced = path.join(dir, 'news index');
    expect(wenda(['index', 'build', '--articles', path.join(dir, 'articles'), '--index', spaced]).code).toBe(0);
    const manifest = path.join(readlinkSync(path.join(spaced, 'current')).replace(/^(?!\/)/u, `${spaced}/`), 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/"formatVersion": \d+/u, '"formatVersion": 1'));
    expectOneLineError(wenda(['ask', '--index', spaced, '问题']), new RegExp(`^wenda: the index at ${spaced} was written by another version of wenda; rebuild it with "wenda index build --index '${spaced}'"\n$`, 'u'));
    expectOneLineError(wenda(['ask', '--index', `${spaced} 2`, '问题']), /build one with "wenda index build --index '.*news index 2'"\n$/u);
  });

  it('refuses a folder flag that names no folder, which would have meant the working folder', () => {
    expectOneLineError(wenda(['index', 'build', '--articles', '', '--index', index]), /^wenda: option '--articles <dir>' argument '' is invalid\. An empty value names no folder\.\n$/u);
    expectOneLineError(wenda(['ask', '--index', ' ', '问题']), /^wenda: option '--index <dir>' argument ' ' is invalid\. An empty value names no folder\.\n$/u);
  });

  it('fails with one line for an articles folder that does not exist, or is a file', () => {
    expectOneLineError(wenda(['index', 'build', '--articles', path.join(dir, 'none'), '--index', index]), /the articles folder .*none does not exist\n$/u);
    const file = path.join(dir, 'an-article.txt');
    writeFileSync(file, '标题\n正文');
    expectOneLineError(wenda(['index', 'build', '--articles', file, '--index', index]), /an-article\.txt is a file, not a folder: name the folder that holds the articles/);
  });

  it('fails at once with one line naming an --index that is not a folder or cannot be created', () => {
    const articles = path.join(dir, 'articles');
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    const build = (at: string) => wenda(['index', 'build', '--articles', articles, '--index', at]);
    expectOneLineError(build(file), new RegExp(`^wenda: the index folder ${file} is not a folder\n$`, 'u'));
    expectOneLineError(build(path.join(file, 'index')), new RegExp(`^wenda: cannot create the index folder ${file}/index: ${file} is not a folder\n$`, 'u'));
    expectOneLineError(build('/dev/null/x'), /^wenda: cannot create the index folder \/dev\/null\/x: \/dev\/null is not a folder\n$/u);
    // where Node's recursive mkdir spun without end
    expectOneLineError(build(`/proc/wenda-${process.pid}/index`), new RegExp(`^wenda: cannot create the index folder /proc/wenda-${process.pid}/index: /proc (does not take new folders \\(ENOENT\\)|is not writable)`, 'u'));
    // a folder of other files, where a build would have written its own among them (a typo: --index ~)
    const other = path.join(dir, 'papers');
    writeFiles(other, { 'a.txt': 'x', 'b.txt': 'x', 'c.txt': 'x', 'd.txt': 'x' });
    expectOneLineError(build(other), new RegExp(`^wenda: the index folder ${other} holds other files \\(a\\.txt, b\\.txt, c\\.txt, …\\) and no index: name a new or empty folder for the index\n$`, 'u'));
    expect(readdirSync(other)).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt']);
    // the index's link to its generation in use, where a build would have written a new index inside the old one
    expectOneLineError(build(path.join(index, 'current')), new RegExp(`^wenda: ${index}/current is a part of the index folder ${index}: name that folder\n$`, 'u'));
  });
});

describe('the console', () => {
  it('answers from the index built again since it started, as the bot does', async () => {
    const folder = articlesWith(path.join(dir, 'console'), { 'tax.txt': TAX_ARTICLE });
    const consoleIndex = path.join(dir, 'console-index');
    expect(wenda(['index', 'build', '--articles', folder, '--index', consoleIndex, '--model', 'none']).code).toBe(0);
    const child = spawn(process.execPath, [CLI, 'ask', '--index', consoleIndex, '--json'], { cwd: dir, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = on(createInterface({ input: child.stdout }), 'line');
    const question = '防汛工作会议排查了多少隐患点';
    /** The sources of the answer to one question, waited for at most 30 s. */
    const sourcesOf = async () => {
      child.stdin.write(`${question}\n`);
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer in 30 s')), 30_000).unref());
      const { value } = await Promise.race([lines.next(), timeout]);
      const result = JSON.parse(String((value as string[])[0])) as { answers: { source: string }[]; withheld: { source: string }[] };
      return [...result.answers, ...result.withheld].map((a) => a.source);
    };
    try {
      expect(await sourcesOf()).not.toContain('flood.txt');
      writeFiles(folder, { 'flood.txt': plainArticle('南平市防汛工作会议', ['南平市召开防汛工作会议，部署今年汛期各项工作，要求各县区派出工作组深入一线，排查隐患点三百余处。']) });
      expect(wenda(['index', 'build', '--index', consoleIndex, '--model', 'none']).code).toBe(0);
      expect((await sourcesOf())[0]).toBe('flood.txt');
    } finally {
      child.stdin.end();
      await once(child, 'close');
    }
  });
});

describe('wenda start', () => {
  it('says that it answers standard input when DISCORD_TOKEN is not set, rather than ending without a word', () => {
    const result = wenda(['start'], { env: { WENDA_INDEX: index } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('wenda: DISCORD_TOKEN is not set: answering /ask and /who lines from standard input instead of running the bot\n');
  });
});

describe('wenda eval', () => {
  it('reports the figures of a question set as JSON', () => {
    const file = path.join(dir, 'questions.jsonl');
    writeFileSync(
      file,
      [
        { id: 1, question: '中央网信办主题教育动员大会是哪天召开的', answer: '6月11日上午', source: GIVEN_ARTICLE },
        { id: 2, question: '上海迪士尼门票多少钱', answer: null, source: null },
      ]
        .map((q) => JSON.stringify(q))
        .join('\n'),
    );
    const result = wenda(['eval', '--index', index, '--questions', file, '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ n: 2, recall1: 1, recall5: 1, recall10: 1, mrr10: 1, noAnswer: 1 });
    expect(report.p50Ms).toBeGreaterThan(0);
    expect(report.p95Ms).toBeGreaterThanOrEqual(report.p50Ms);
  });

  it('labels what --k 1 did not measure, and writes one details line per question', () => {
    const file = path.join(dir, 'k1.jsonl');
    writeFileSync(file, [{ id: 1, question: '中央网信办主题教育动员大会是哪天召开的', answer: '6月11日上午', source: GIVEN_ARTICLE }, { id: 2, question: '上海迪士尼门票多少钱' }].map((q) => JSON.stringify(q)).join('\n'));
    const details = path.join(dir, 'details.jsonl');
    const text = wenda(['eval', '--index', index, '--questions', file, '--k', '1', '--details', details]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^recall@1 +100\.0 %$/mu);
    expect(text.stdout).toMatch(/^recall@5 +not measured \(--k 1\)$/mu);
    expect(text.stdout).toMatch(/^MRR@10 +not measured \(--k 1\)$/mu);
    const lines = readFileSync(details, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['1', '2']);
    expect(lines[0]).toMatchObject({ rank: 1, articleRank: 1, noAnswer: false, top: [{ source: GIVEN_ARTICLE, paragraph: 1 }] });
    // said before the index is even opened, not after the evaluation
    expectOneLineError(wenda(['eval', '--index', path.join(dir, 'no-index'), '--questions', file, '--details', path.join(dir, 'none', 'd.jsonl')]), /cannot write the details to .*\(ENOENT\)/);
    expectOneLineError(wenda(['eval', '--index', path.join(dir, 'no-index'), '--questions', file, '--details', dir]), /cannot write the details to .*\(EISDIR\)/);
    expect(readFileSync(details, 'utf8').trim().split('\n')).toHaveLength(2);
    // nor over the question set or into the index, which the run would destroy
    const kept = readFileSync(file, 'utf8');
    expectOneLineError(wenda(['eval', '--index', index, '--questions', file, '--details', file]), /the details file .* is the question set/);
    // a name that starts with two dots is still inside
    expectOneLineError(wenda(['eval', '--index', index, '--questions', file, '--details', path.join(index, '..d.jsonl')]), /the details file .* is inside the index folder/);
    // nor through a link to a file not made yet in it
    const link = path.join(dir, 'details-link.jsonl');
    symlinkSync(path.join(index, 'current', 'linked.jsonl'), link);
    expectOneLineError(wenda(['eval', '--index', index, '--questions', file, '--details', link]), /the details file .* is inside the index folder/);
    expect(existsSync(path.join(index, 'current', 'linked.jsonl'))).toBe(false);
    const inIndex = path.join(index, 'current', 'details.jsonl');
    expectOneLineError(wenda(['eval', '--index', index, '--questions', file, '--details', inIndex]), /the details file .* is inside the index folder/);
    expect(readFileSync(file, 'utf8')).toBe(kept);
    expect(existsSync(inIndex)).toBe(false);
  });

  it('says recall and MRR were not measured on a set of unanswerable questions only', () => {
    const file = path.join(dir, 'unanswerable.jsonl');
    writeFileSync(file, JSON.stringify({ id: 1, question: '上海迪士尼门票多少钱' }));
    const text = wenda(['eval', '--index', index, '--questions', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^recall@1 +not measured \(no question has an answer\)$/mu);
    expect(text.stdout).toMatch(/^MRR@10 +not measured \(no question has an answer\)$/mu);
    expect(text.stdout).toMatch(/^noAnswer +1 \(1 of 1 unanswerable, 0 answerable\)$/mu);
  });

  it('warns of questions whose source the index does not hold, and still measures', () => {
    const file = path.join(dir, 'typo.jsonl');
    writeFileSync(file, [{ id: 'a', question: '中央网信办主题教育动员大会是哪天召开的', source: GIVEN_ARTICLE }, { id: 'b', question: '动员大会', source: 'no/such-article.txt' }].map((q) => JSON.stringify(q)).join('\n'));
    const result = wenda(['eval', '--index', index, '--questions', file, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('wenda: 1 question names a source the index holds no article of, so it cannot be found: b (no/such-article.txt)\n');
    expect(JSON.parse(result.stdout)).toMatchObject({ n: 2, recall1: 0.5 });
  });

  it('fails with one line naming a bad line of the question set', () => {
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, '{"id":1,"question":"好问题"}\n{"id":2}\n');
    expectOneLineError(wenda(['eval', '--index', index, '--questions', file]), /bad\.jsonl:2: question/);
    expectOneLineError(wenda(['eval', '--index', index, '--questions', path.join(dir, 'none.jsonl')]), /cannot read the question set/);
  });
});
