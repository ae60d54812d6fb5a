import { availableParallelism } from 'node:os';
import path from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { TASKS, type AnalysisContext, type TaskInput, type TaskName, type TaskOutput } from './analysis.js';
import { WendaError } from '../errors.js';
import { packageRoot } from '../paths.js';

/** Beyond this many workers, each one's memory (about 200 MB with every dictionary) buys too little. */
const MAX_WORKERS = 4;

/**
 * Worker threads a build uses by default: one per core (up to MAX_WORKERS), none on one core. Not one fewer: while
 * files are read the main thread mostly waits for them (at 26,252 passages it spent 1 s of CPU to their 11 s).
 */
export function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, MAX_WORKERS) : 0;
}

/**
 * Below this many batches a task runs in this thread: a worker's start (its modules, and when the task needs them
 * jieba's dictionaries with the learned words and the lexicon: seconds and up to about 200 MB) is not won back by a
 * small rebuild.
 */
export const PARALLEL_FROM_BATCHES = 3;

/** Batches in flight per worker: one being worked on and one waiting, so that a worker never idles for the next. */
const IN_FLIGHT = 2;

/**
 * The compiled worker beside this module (dist/); under vitest this module runs from its source, and the worker from
 * the compiled file (test/helpers/build-first.ts compiles it before any test).
 */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  const compiled = here.endsWith('.ts') ? path.join(packageRoot, 'dist', path.relative(packageRoot, here)) : here;
  return path.join(path.dirname(compiled), 'analysis-worker.js');
}

interface Pending {
  resolve: (result: unknown[]) => void;
  reject: (error: Error) => void;
}

/** One worker thread and the batches it owes, answered in the order they were posted. */
class AnalysisWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private next = 0;
  private failure: Error | null = null;

  constructor(context: AnalysisContext) {
    this.worker = new Worker(workerScript(), { workerData: context });
    this.worker.on('message', ({ id, result, error }: { id: number; result?: unknown[]; error?: string }) => {
      // an answer after the worker failed: its batch was already rejected
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      if (error !== undefined) p.reject(new WendaError(`a build worker failed: ${error}`));
      else p.resolve(result!);
    });
    this.worker.on('messageerror', (e) => this.fail(`a build worker's answer could not be read: ${e.message}`));
    this.worker.on('error', (e) => this.fail(`a build worker failed: ${e.message}`));
    this.worker.on('exit', (code) => this.fail(`a build worker stopped (exit code ${code})`));
  }

  private fail(message: string): void {
    this.failure ??= new WendaError(message);
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  setContext(context: AnalysisContext): void {
    this.worker.postMessage({ context });
  }

  run(task: TaskName, input: unknown[]): Promise<unknown[]> {
    const result = this.failure
      ? Promise.reject(this.failure)
      : new Promise<unknown[]>((resolve, reject) => {
          const id = this.next++;
          this.pending.set(id, { resolve, reject });
          this.worker.postMessage({ id, task, input });
        });
    // a batch posted ahead may fail before it is awaited: the one awaited reports it
    result.catch(() => {});
    return result;
  }

  async close(): Promise<void> {
    this.failure ??= new WendaError('the build workers were closed');
    await this.worker.terminate();
  }
}

/**
 * Runs analysis.ts's tasks over batches, on worker threads (started when a task first has enough batches to be worth
 * it) or in this thread, and gives the results back in the order of the batches, a bounded number of batches ahead:
 * the caller writes them in order, so the index is the same whichever ran them.
 */
export class AnalysisPool {
  private workers: AnalysisWorker[] | null = null;

  constructor(
    private readonly size: number,
    private context: AnalysisContext,
    private readonly fromBatches = PARALLEL_FROM_BATCHES,
  ) {}

  setContext(context: Partial<AnalysisContext>): void {
    this.context = { ...this.context, ...context };
    for (const w of this.workers ?? []) w.setContext(this.context);
  }

  /** Whether a task of this many batches goes to the workers (there are some, and it is worth their start). */
  parallel(batches: number): boolean {
    return this.size > 0 && (this.workers !== null || batches >= this.fromBatches);
  }

  /**
   * Each batch with the results of its items, in order (the batch may carry more than its items: it stays here).
   * `batches` is pulled as workers take batches, up to IN_FLIGHT a worker
   * ahead of the one given back; `expected` is how many batches there will be, to choose where they run.
   */
  async *map<T extends TaskName, B extends { items: TaskInput<T>[] }>(task: T, batches: Iterable<B>, expected: number): AsyncGenerator<[B, TaskOutput<T>[]]> {
    const run = TASKS[task] as (input: TaskInput<T>[], context: AnalysisContext) => TaskOutput<T>[];
    if (!this.parallel(expected)) {
      for (const batch of batches) {
        yield [batch, run(batch.items, this.context)];
        await turn(); // signals are heard between batches
      }
      return;
    }
    const workers = (this.workers ??= Array.from({ length: this.size }, () => new AnalysisWorker(this.context)));
    const source = batches[Symbol.iterator]();
    const ahead: { batch: B; result: Promise<unknown[]> }[] = [];
    let posted = 0;
    const fill = () => {
      while (ahead.length < IN_FLIGHT * workers.length) {
        const next = source.next();
        if (next.done) return;
        ahead.push({ batch: next.value, result: workers[posted++ % workers.length]!.run(task, next.value.items) });
      }
    };
    fill();
    while (ahead.length > 0) {
      const { batch, result } = ahead.shift()!;
      const done = (await result) as TaskOutput<T>[];
      fill();
      yield [batch, done];
    }
  }

  async close(): Promise<void> {
    const workers = this.workers ?? [];
    this.workers = null;
    await Promise.all(workers.map((w) => w.close()));
  }
}
