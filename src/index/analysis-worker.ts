/** A build's worker thread (analysis-pool.ts): runs analysis.ts's tasks on the batches posted to it, in order. */
import { parentPort, workerData } from 'node:worker_threads';
import { TASKS, type AnalysisContext, type TaskName } from './analysis.js';

let context = workerData as AnalysisContext;

parentPort!.on('message', (message: { context: AnalysisContext } | { id: number; task: TaskName; input: never[] }) => {
  if ('context' in message) {
    context = message.context;
    return;
  }
  const { id, task, input } = message;
  // a test hook: WENDA_BUILD_WORKER_EXIT=<task> ends the worker as a crash would when it is given that task
  if (process.env.WENDA_BUILD_WORKER_EXIT === task) process.exit(1);
  try {
    parentPort!.postMessage({ id, result: TASKS[task](input, context) });
  } catch (e) {
    parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
