import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { packageRoot } from '../../src/paths.js';

/**
 * Tests that spawn the CLI run dist/: compile the sources before any test, so that `npx vitest` after an edit can
 * never pass on yesterday's build.
 */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageRoot, stdio: 'inherit' });
}
