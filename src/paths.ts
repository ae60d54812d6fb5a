import { existsSync, readlinkSync, realpathSync } from 'node:fs';
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

/** As many links as the system follows in one path (Linux's MAXSYMLINKS): more is a loop. */
const MAX_LINKS = 40;

/**
 * A path with its symbolic links resolved as far as it exists (the parts of a folder not made yet kept as written),
 * a link to what does not exist yet resolved to where a write through it would go.
 */
export function realPathOf(file: string, links = 0): string {
  const resolved = path.resolve(file);
  try {
    return realpathSync(resolved);
  } catch {
    if (links < MAX_LINKS) {
      try {
        return realPathOf(path.resolve(path.dirname(resolved), readlinkSync(resolved)), links + 1);
      } catch {
        // not a link
      }
    }
    const parent = path.dirname(resolved);
    return parent === resolved ? resolved : path.join(realPathOf(parent, links), path.basename(resolved));
  }
}

/** Where target is within folder (links resolved), '' for the folder itself; null when it is elsewhere. */
export function pathWithin(folder: string, target: string): string | null {
  const within = path.relative(realPathOf(folder), realPathOf(target));
  // ..d.jsonl is a name within it; .. and ../x are outside
  return within === '..' || within.startsWith(`..${path.sep}`) || path.isAbsolute(within) ? null : within;
}
