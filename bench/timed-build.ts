/** A build of the CLI timed from outside, as a user runs it (bench/scale.ts, bench/hnsw.ts --build). */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from '../src/paths.js';

export interface TimedBuild {
  seconds: number;
  userSeconds: number;
  peakMB: number;
  /** Seconds from the start at which each phase began and at which its count was reached (the progress lines). */
  phases: { name: string; total: number; began: number; counted: number }[];
}

/**
 * `wenda index build` under /usr/bin/time: wall and user CPU seconds (on a shared machine the CPU is the steadier
 * figure), peak resident memory, and its progress lines read as they come to time its phases. `model` 'none' is a
 * lexical build; `modelsDir` is where a model is found.
 */
export async function timedBuild(articles: string, index: string, model = 'none', modelsDir?: string): Promise<TimedBuild> {
  const cli = path.join(packageRoot, 'bin', 'wenda.js');
  const child = spawn('/usr/bin/time', ['-f', '%e %U %M', process.execPath, cli, 'index', 'build', '--articles', articles, '--index', index, '--model', model], {
    env: { PATH: process.env.PATH ?? '', WENDA_OFFLINE: '1', ...(modelsDir ? { WENDA_MODELS_DIR: modelsDir } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const started = performance.now();
  const phases: TimedBuild['phases'] = [];
  let last = '';
  for await (const line of createInterface({ input: child.stderr })) {
    last = line;
    // skipped files and notices come between a phase's lines; time's own line comes last
    if (/^(skipped |wenda: )|^[\d.]+ [\d.]+ \d+$/u.test(line)) continue;
    const at = (performance.now() - started) / 1000;
    // a phase's lines are "NAME: DONE/TOTAL" (or "NAME" alone)
    const [, name = line, done, total = '0'] = /^(.+): (\d+)\/(\d+)$/u.exec(line) ?? [];
    if (phases.at(-1)?.name !== name) phases.push({ name, total: Number(total), began: at, counted: at });
    if (done === total) phases.at(-1)!.counted = at;
  }
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const [seconds, userSeconds, kb] = last.split(' ').map(Number);
  if (status !== 0 || seconds === undefined || userSeconds === undefined || kb === undefined) throw new Error(`the build failed: ${last}`);
  return { seconds, userSeconds, peakMB: Math.round(kb / 1024), phases };
}

/** The phase whose name starts so: its count, and its seconds until its count was reached or the next phase began. */
export function phaseOf(build: TimedBuild, prefix: string, until: 'counted' | 'next'): { total: number; seconds: number } {
  const i = build.phases.findIndex((p) => p.name.startsWith(prefix));
  if (i < 0) throw new Error(`no phase "${prefix}" in ${build.phases.map((p) => p.name).join(', ')}`);
  const end = until === 'counted' ? build.phases[i]!.counted : (build.phases[i + 1]?.began ?? build.seconds);
  return { total: build.phases[i]!.total, seconds: Math.round((end - build.phases[i]!.began) * 10) / 10 };
}

/** Seconds of every phase, from its start to the next one's (the last to the end of the build), rounded to 0.1 s. */
export function phaseSeconds(build: TimedBuild): Record<string, number> {
  return Object.fromEntries(build.phases.map((p, i) => [p.name, Math.round(((build.phases[i + 1]?.began ?? build.seconds) - p.began) * 10) / 10]));
}
