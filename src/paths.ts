import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package folder, found by walking up from this file (it runs from src/ under vitest and from dist/src/ when built). */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('wenda: cannot find the package folder');
    dir = parent;
  }
  return dir;
}

export const packageRoot = findPackageRoot();

/** A path with its symbolic links resolved as far as it exists (the parts of a folder not made yet kept as written). */
export function realPathOf(file: string): string {
  const resolved = path.resolve(file);
  try {
    return realpathSync(resolved);
  } catch {
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realPathOf(parent), path.basename(resolved));
  }
}

/** Where target is within folder (links resolved), '' for the folder itself; null when it is elsewhere. */
export function pathWithin(folder: string, target: string): string | null {
  const within = path.relative(realPathOf(folder), realPathOf(target));
  // ..d.jsonl is a name within it; .. and ../x are outside
  return within === '..' || within.startsWith(`..${path.sep}`) || path.isAbsolute(within) ? null : within;
}
