import path from 'node:path';

/** Text as a shell reads it back as one word: quoted when it holds anything but plain characters (a space, a quote). */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./~-]+$/u.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** The index folder a generation belongs to: generations live in `<index>/generations/<id>`. */
export function indexFolderOf(generation: string): string {
  return path.dirname(path.dirname(path.resolve(generation)));
}

/** The command that builds the index in a folder, with any flags it needs besides. */
export function buildCommand(indexDir: string, flags = ''): string {
  return `wenda index build --index ${shellWord(indexDir)}${flags}`;
}

/** The command that rebuilds the index holding a generation, with any flags it needs besides. */
export function rebuildCommand(generation: string, flags = ''): string {
  return buildCommand(indexFolderOf(generation), flags);
}
