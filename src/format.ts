import type { SearchResult } from './retrieval/search.js';

/** A search result as text for a terminal: each passage with its title, place and the sentence that answers. */
export function formatResult(result: SearchResult): string {
  if (result.noAnswer) return `No answer in the articles for: ${result.question}\n`;
  return result.answers
    .map((a, i) => {
      const head = `${i + 1}. ${a.title}${a.date ? ` (${a.date})` : ''}`;
      const place = `   ${a.source} · paragraph ${a.paragraph} · score ${a.score}${a.sources.length > 1 ? ` · also in ${a.sources.length - 1} more` : ''}`;
      const quote = a.text
        .split('\n')
        .map((line) => `   │ ${line}`)
        .join('\n');
      return `${head}\n${place}\n   » ${a.highlight}\n${quote}${a.url ? `\n   ${a.url}` : ''}\n`;
    })
    .join('\n');
}
