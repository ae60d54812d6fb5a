import { noAnswerLine, type SearchResult } from './retrieval/search.js';
import { moreLine, notFoundLine, personHeading, type WhoResult } from './retrieval/who.js';
import { plural } from './plural.js';
import { printable } from './text/text.js';

/** A search result as text for a terminal: each passage with its title, place and the sentence that answers. */
export function formatResult(result: SearchResult): string {
  if (result.noAnswer) return `${noAnswerLine(printable(result.question), result.closest.map(printable))}\n`;
  return result.answers
    .map((a, i) => {
      const head = `${i + 1}. ${printable(a.title)}${a.date ? ` (${a.date})` : ''}`;
      const place = `   ${printable(a.source)} · paragraph ${a.paragraph} · score ${a.score}${a.sources.length > 1 ? ` · also in ${a.sources.length - 1} more` : ''}`;
      // the passage under its answering sentence, unless that sentence is all of it
      const quote =
        a.text.trim() === a.highlight.trim()
          ? ''
          : a.text
              .split('\n')
              .map((line) => `\n   │ ${printable(line)}`)
              .join('');
      return `${head}\n${place}\n   » ${printable(a.highlight)}${quote}${a.url ? `\n   ${printable(a.url)}` : ''}\n`;
    })
    .join('\n');
}

/** A /who result as text: each person's titles with how many articles state them, the articles, a few quotes. */
export function formatWho(result: WhoResult): string {
  if (!result.found) return printable(notFoundLine(result, result.query, result.suggestions)) + '\n';
  const people = result.people.map((p) => {
    const lines = [personHeading(p)];
    for (const t of p.titles) lines.push(`  ${t.title} — ${plural(t.sources.length, 'article')}`);
    lines.push(`  named in ${plural(p.articles.length, 'article')}:`);
    for (const a of p.articles.slice(0, 10)) lines.push(`    ${a.title}${a.date ? ` (${a.date})` : ''} · ${a.source}${a.sources.length > 1 ? ` · also in ${a.sources.length - 1} more` : ''}`);
    if (p.articles.length > 10) lines.push(`    … and ${p.articles.length - 10} more`);
    for (const m of p.mentions) lines.push(`  » ${m.text} (${m.source} · paragraph ${m.paragraph})`);
    return lines.map(printable).join('\n') + '\n';
  });
  const more = moreLine(result, result.people.length, printable(result.query));
  return [...people, ...(more ? [more + '\n'] : [])].join('\n');
}
