import path from 'node:path';
import { packageRoot } from '../src/paths.js';

/** The shared material the benches read (corpus, question and label sets): ../shared beside the checkout, or WENDA_BENCH_SHARED. */
export const shared = path.resolve(process.env.WENDA_BENCH_SHARED ?? path.join(packageRoot, '..', 'shared'));
