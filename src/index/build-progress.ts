import type { Skipped } from './article.js';

/** How a build tells what it is doing as it goes (buildProgress in src/progress.ts draws it on a terminal). */
export interface BuildProgress {
  /** A phase starts; total is known for the phases that count items. */
  phase(name: string, total?: number): void;
  tick(n?: number): void;
  skipped(item: Skipped): void;
  /** Something the user should know once (the model is missing, so the index is lexical). */
  notice(message: string): void;
  /** The build is over, finished or not: a bar still drawn is closed (on a terminal, the cursor it hid is shown again). */
  end(): void;
}
