import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireBuildLock, type BuildLock } from '../../src/store/build-lock.js';
import { childEnv } from '../helpers/fixtures.js';

const refusal = (dir: string) => {
  try {
    acquireBuildLock(dir).release();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('the lock was taken twice');
};

describe('acquireBuildLock', () => {
  let dir: string;
  let held: BuildLock;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wenda-lock-'));
    held = acquireBuildLock(dir);
  });
  afterEach(() => {
    held.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second build, naming the holder', () => {
    expect(refusal(dir)).toBe(`another build (process ${process.pid}) is writing ${dir}; wait for it to finish`);
  });

  it('waits for a holder that has not named itself yet rather than naming a build that has ended', () => {
    const ended = spawnSync(process.execPath, ['-e', ''], { env: childEnv() }).pid!;
    writeFileSync(path.join(dir, 'build.owner'), `${ended}\n`);
    // the holder names itself a moment after the refusal began (as a build that has just taken the lock does)
    const naming = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'build.owner'))}, '${process.pid}\\n')`], {
      env: childEnv(),
    });
    expect(refusal(dir)).toContain(`another build (process ${process.pid})`);
    naming.kill();
  });

  it('names no process when the one named has ended and none comes', () => {
    const ended = spawnSync(process.execPath, ['-e', ''], { env: childEnv() }).pid!;
    writeFileSync(path.join(dir, 'build.owner'), `${ended}\n`);
    expect(refusal(dir)).toBe(`another build is writing ${dir}; wait for it to finish`);
  });
});
