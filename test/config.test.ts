import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
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
    expect(loadConfig({ DISCORD_TOKEN: '', DISCORD_GUILD_ID: ' ' }, none)).toEqual({
      WENDA_ARTICLES: 'data/articles',
      WENDA_INDEX: 'data/index',
      WENDA_MODEL: 'Xenova/multilingual-e5-small',
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

  it('names every bad value', () => {
    const bad = { WENDA_ARTICLES: ' ', DISCORD_TOKEN: 'abc', DISCORD_GUILD_ID: 'my-guild', DISCORD_API_URL: 'ftp://x', LOG_LEVEL: 'loud' };
    let message = '';
    try {
      loadConfig(bad, none);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.split('\n').slice(1).map((l) => l.trim().split(':')[0])).toEqual([
      'WENDA_ARTICLES',
      'DISCORD_TOKEN',
      'DISCORD_GUILD_ID',
      'DISCORD_API_URL',
      'LOG_LEVEL',
    ]);
    expect(message).toContain('DISCORD_GUILD_ID: must be a Discord id (17 to 20 digits)');
    expect(message).not.toContain('abc');
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
    expect(problem('1.5')).toBe('WENDA_BUILD_WORKERS: must be a whole number');
    expect(problem('-1')).toBe('WENDA_BUILD_WORKERS: must be 0 or more');
    expect(problem('two')).toBe('WENDA_BUILD_WORKERS: must be a number');
  });
});
