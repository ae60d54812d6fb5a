// What a `.jsonl` parse files its notes under, after the file's name: a line (`:3`) or an article (`#7`)
const LINE_OR_ARTICLE = /^(?::\d+$|#.)/su;

/**
 * The file a skip note is about, among the files `has` knows: the note's own source when it is one, else the longest
 * `.jsonl` file of which it names a line or an article (an id may hold a `#` or a `:`); null when there is none.
 */
export function noteOwner(source: string, has: (file: string) => boolean): string | null {
  if (has(source)) return source;
  for (let at = source.length - 1; at > 0; at--) {
    const owner = source.slice(0, at);
    if (LINE_OR_ARTICLE.test(source.slice(at)) && /\.jsonl$/iu.test(owner) && has(owner)) return owner;
  }
  return null;
}
