import { mkdirSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, modelFor, readLimits } from '../src/config.js';
import { tempDir } from './helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
let none: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  none = path.join(dir, 'none.env');
});
afterEach(() => cleanup());

describe('loadConfig', () => {
  it('uses the defaults when nothing is set, and treats blank values as unset', () => {
    const blank = { DISCORD_TOKEN: '', DISCORD_GUILD_ID: ' ', WENDA_ARTICLES: ' ', WENDA_INDEX: '', WENDA_MODEL: '', WENDA_MODELS_DIR: ' ', WENDA_OFFLINE: '', LOG_LEVEL: '' };
    expect(loadConfig(blank, none)).toEqual({
      // unset: the folder the index was built from (articlesFolder)
      WENDA_INDEX: 'data/index',
      WENDA_MODELS_DIR: 'models',
      WENDA_OFFLINE: false,
      LOG_LEVEL: 'info',
    });
  });

  it('lets the environment override .env', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, 'WENDA_ARTICLES=from-file\nWENDA_INDEX=index-from-file\nDISCORD_GUILD_ID=123456789012345678\n');
    expect(loadConfig({ WENDA_INDEX: 'from-env' }, file)).toMatchObject({
      WENDA_ARTICLES: 'from-file',
      WENDA_INDEX: 'from-env',
      DISCORD_GUILD_ID: '123456789012345678',
    });
  });

  it('builds with the model named, else the one a hybrid index was built with, else the default', () => {
    const config = loadConfig({}, none);
    expect(modelFor({ ...config, WENDA_MODEL: 'a/b' }, { articlesDir: null, model: 'c/d' })).toBe('a/b');
    expect(modelFor(config, { articlesDir: null, model: 'c/d' })).toBe('c/d');
    expect(modelFor(config, { articlesDir: null, model: null })).toBe('Xenova/multilingual-e5-small');
  });

  it('reads a .env saved as UTF-16 or GBK and refuses one it cannot read', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('WENDA_INDEX=index-from-file\r\n', 'utf16le')]));
    expect(loadConfig({}, file).WENDA_INDEX).toBe('index-from-file');
    // a line or two in GBK, which Big5 would read as other characters
    writeFileSync(file, iconv.encode('WENDA_ARTICLES=/data/新闻稿\n', 'gbk'));
    expect(loadConfig({}, file).WENDA_ARTICLES).toBe('/data/新闻稿');
    const folder = path.join(dir, 'folder.env');
    mkdirSync(folder);
    expect(() => loadConfig({}, folder)).toThrow(`${folder} is a folder, not a file of settings`);
  });

  it('lets a variable set blank leave .env its value, as unset does', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, 'WENDA_INDEX=index-from-file\n');
    expect(loadConfig({ WENDA_INDEX: '' }, file).WENDA_INDEX).toBe('index-from-file');
  });

  it('reads ~ in a folder setting as the home folder', () => {
    const config = loadConfig({ WENDA_INDEX: '~/news-index', WENDA_ARTICLES: '~/news', WENDA_MODELS_DIR: '~' }, none);
    expect(config).toMatchObject({ WENDA_INDEX: path.join(os.homedir(), 'news-index'), WENDA_ARTICLES: path.join(os.homedir(), 'news'), WENDA_MODELS_DIR: os.homedir() });
    expect(loadConfig({ WENDA_INDEX: 'a~/b' }, none).WENDA_INDEX).toBe('a~/b');
  });

  it('says which names .env sets that are no setting', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, 'DISCORD_BOT_TOKEN=x\nWENDA_INDEX=i\nwenda_index=j\n');
    const warnings: string[] = [];
    loadConfig({}, file, { warn: (message) => void warnings.push(message) });
    expect(warnings).toEqual([`${file} sets DISCORD_BOT_TOKEN, wenda_index, which are no settings of wenda (see .env.example)`]);
    // a line dotenv passes over without a word; comments, blank lines, NAME: value and a quoted value over several
    // lines are read
    warnings.length = 0;
    writeFileSync(file, '# settings\n\nWENDA_INDEX:/srv/index\nLOG_LEVEL: debug\nexport WENDA_ARTICLES=a\nDISCORD_TOKEN\nNOTES="one\nstill quoted\n"\n');
    expect(loadConfig({}, file, { warn: (message) => void warnings.push(message) }).LOG_LEVEL).toBe('debug');
    expect(warnings).toEqual([
      `${file} sets NOTES, which is no setting of wenda (see .env.example)`,
      `${file} has line 3 (WENDA_INDEX:/srv/index), line 6 (DISCORD_TOKEN), which set nothing: write NAME=value`,
    ]);
    // a name set twice: dotenv keeps the last, without a word
    warnings.length = 0;
    writeFileSync(file, 'WENDA_INDEX=/srv/a\nLOG_LEVEL=warn\nexport WENDA_INDEX=/srv/b\n');
    expect(loadConfig({}, file, { warn: (message) => void warnings.push(message) }).WENDA_INDEX).toBe('/srv/b');
    expect(warnings).toEqual([`${file} sets WENDA_INDEX on lines 1, 3: the last one holds`]);
    // .env.example, copied as it is, names settings only
    warnings.length = 0;
    loadConfig({}, path.join(import.meta.dirname, '..', '.env.example'), { warn: (message) => void warnings.push(message) });
    expect(warnings).toEqual([]);
  });

  it('names every bad value', () => {
    const bad = { WENDA_OFFLINE: 'maybe', DISCORD_TOKEN: 'abc', DISCORD_GUILD_ID: 'my-guild', DISCORD_API_URL: 'ftp://x', WENDA_MODEL: '../../etc', LOG_LEVEL: 'loud' };
    let message = '';
    try {
      loadConfig(bad, none);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').slice(1).map((l) => l.trim().split(':')[0])).toEqual([
      'DISCORD_TOKEN',
      'DISCORD_GUILD_ID',
      'DISCORD_API_URL',
      'WENDA_MODEL',
      'WENDA_OFFLINE',
      'LOG_LEVEL',
    ]);
    expect(message).toContain('DISCORD_GUILD_ID: must be a Discord id (17 to 20 digits)');
    expect(message).toContain('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent');
    // a model is a folder under WENDA_MODELS_DIR too: nothing that leaves it
    expect(message).toContain('WENDA_MODEL: must be a Hugging Face hub id (owner/name, or a name alone) or none');
    expect(message).not.toContain('abc');
  });

  it('says what was pasted around a bot token, once', () => {
    const token = `MTIz.${'x'.repeat(60)}`;
    const problem = (value: string) => () => loadConfig({ DISCORD_TOKEN: value }, none);
    expect(problem(`Bot ${token}`)).toThrow(/^bad configuration:\n {2}DISCORD_TOKEN: starts with "Bot ": give the token alone \(wenda adds the prefix\)$/u);
    expect(problem(`"${token}"`)).toThrow(/^bad configuration:\n {2}DISCORD_TOKEN: is in quotes that are part of the value .*: remove them$/u);
    expect(problem(`"${token}`)).toThrow(/DISCORD_TOKEN: is in quotes that are part of the value/u);
    expect(problem(`${token}\nx`)).toThrow(/^bad configuration:\n {2}DISCORD_TOKEN: holds a space, a line break or a character no bot token has$/u);
    expect(problem(`${token}\u200b`)).toThrow(/DISCORD_TOKEN: holds a space, a line break or a character no bot token has/u);
    expect(loadConfig({ DISCORD_TOKEN: ` ${token}\n` }, none).DISCORD_TOKEN).toBe(token);
  });

  it('says which bad values came from .env', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, 'WENDA_MAX_FILE_MB=ten\nLOG_LEVEL=loud\n');
    // LOG_LEVEL from the environment, over the file's
    let message = '';
    try {
      loadConfig({ LOG_LEVEL: 'louder' }, file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(
      `bad configuration:\n  WENDA_MAX_FILE_MB: must be a number in decimal digits (such as 30 or 2.5) (set in ${file})\n  LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent`,
    );
  });

  it('reads yes-or-no and log levels in any case', () => {
    expect(loadConfig({ WENDA_OFFLINE: 'TRUE', LOG_LEVEL: 'Debug' }, none)).toMatchObject({ WENDA_OFFLINE: true, LOG_LEVEL: 'debug' });
    for (const [value, offline] of [['yes', true], ['On', true], ['no', false], ['off', false]] as const) expect(loadConfig({ WENDA_OFFLINE: value }, none).WENDA_OFFLINE, value).toBe(offline);
    expect(loadConfig({ WENDA_MODEL: 'None' }, none)).toMatchObject({ WENDA_MODEL: 'none' });
  });

  it('leaves the Discord settings unchecked for a command that does not talk to Discord', () => {
    const discordOnly = { DISCORD_TOKEN: 'abc', DISCORD_GUILD_ID: 'x', DISCORD_API_URL: 'ftp://x', WENDA_INDEX: 'my-index' };
    const config = loadConfig(discordOnly, none, { discord: false });
    expect(config.WENDA_INDEX).toBe('my-index');
    expect([config.DISCORD_TOKEN, config.DISCORD_GUILD_ID, config.DISCORD_API_URL]).toEqual([undefined, undefined, undefined]);
    // still checked for the commands that do
    expect(() => loadConfig(discordOnly, none)).toThrow(/DISCORD_GUILD_ID/u);
    // and the others' settings are checked either way
    expect(() => loadConfig({ WENDA_OFFLINE: 'maybe' }, none, { discord: false })).toThrow(/WENDA_OFFLINE: must be 1, true, yes or on, or 0, false, no or off/u);
  });

  it('takes a whole number of build workers up to 16, and says what is wrong with any other', () => {
    expect(loadConfig({ WENDA_BUILD_WORKERS: '3' }, none).WENDA_BUILD_WORKERS).toBe(3);
    expect(loadConfig({ WENDA_BUILD_WORKERS: '0' }, none).WENDA_BUILD_WORKERS).toBe(0);
    const problem = (value: string) => {
      try {
        loadConfig({ WENDA_BUILD_WORKERS: value }, none);
      } catch (e) {
        return (e as Error).message.split('\n')[1]!.trim();
      }
      return 'accepted';
    };
    expect(problem('1000')).toBe('WENDA_BUILD_WORKERS: must be at most 16');
    // nesting limits past what the parsers take in a bounded time
    expect(() => loadConfig({ WENDA_MAX_DEPTH: '100000' }, none)).toThrow('WENDA_MAX_DEPTH: must be at most 1,000');
    expect(loadConfig({ WENDA_MAX_DEPTH: '1000' }, none).WENDA_MAX_DEPTH).toBe(1000);
    // a file size limit below a byte would skip every file as over a limit of 0 MB
    expect(() => loadConfig({ WENDA_MAX_FILE_MB: '0.0000001' }, none)).toThrow('WENDA_MAX_FILE_MB: must be at least 0.000001 (a byte)');
    expect(readLimits(loadConfig({ WENDA_MAX_FILE_MB: '0.000001' }, none)).maxFileBytes).toBe(1);
    expect(problem('1.5')).toBe('WENDA_BUILD_WORKERS: must be a whole number');
    expect(problem('-1')).toBe('WENDA_BUILD_WORKERS: must be 0 or more');
    expect(problem('two')).toBe('WENDA_BUILD_WORKERS: must be a number in decimal digits (such as 30 or 2.5)');
    // written in decimal digits: what Number would also read (hexadecimal, exponents, Infinity) is no setting's way
    for (const value of ['0x2', '1e1', 'Infinity']) expect(problem(value)).toBe('WENDA_BUILD_WORKERS: must be a number in decimal digits (such as 30 or 2.5)');
  });
});
