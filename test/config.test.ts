import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { tempDir } from './helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    expect(loadConfig({}, path.join(dir, 'none.env'))).toEqual({ WENDA_ARTICLES: 'data/articles', WENDA_INDEX: 'data/index' });
  });

  it('lets the environment override .env', () => {
    const file = path.join(dir, '.env');
    writeFileSync(file, 'WENDA_ARTICLES=from-file\nWENDA_INDEX=index-from-file\n');
    expect(loadConfig({ WENDA_INDEX: 'from-env' }, file)).toEqual({ WENDA_ARTICLES: 'from-file', WENDA_INDEX: 'from-env' });
  });

  it('names every bad value', () => {
    expect(() => loadConfig({ WENDA_ARTICLES: ' ', WENDA_INDEX: '' }, path.join(dir, 'none.env'))).toThrow(
      /WENDA_ARTICLES: must name a folder\n\s+WENDA_INDEX: must name a folder/,
    );
  });
});
