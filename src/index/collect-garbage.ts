import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, run as a build starts a phase. V8 lets garbage grow to a multiple of the live heap
 * before it collects, so one phase's garbage stood beside the next phase's data: about 250 MB of a million-passage
 * build's peak (DESIGN.md, Index folder). The flag, set after start, gives `gc` to contexts made after it: hence one.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
