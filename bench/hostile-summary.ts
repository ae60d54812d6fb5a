import type { BuildReport } from '../src/index/build.js';
import { plural } from '../src/plural.js';

/**
 * What the hostile bench says of its build: the files counted as `wenda index build` counts them (each once: read,
 * unchanged or skipped), then the lines of what was left out grouped by reason. Those lines are not files: a JSONL
 * file gives one a bad line, and a file indexed but for a paragraph gives one too.
 */
export function buildSummary(report: BuildReport, seconds: number): string[] {
  const reasons = new Map<string, number>();
  for (const s of report.skipped) {
    // figures as N, so that reasons group; not the digits of a name (UTF-8, GB18030, Big5)
    const reason = s.reason.replace(/(?<![\p{L}\d-])\d[\d.,]*/gu, 'N');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return [
    `build finished in ${seconds.toFixed(1)} s: ${plural(report.articles, 'article')}, ${plural(report.passages, 'passage')} from ${plural(report.files, 'file')}` +
      ` (${report.parsedFiles} read, ${report.skippedFiles} skipped)`,
    `left out, by reason (${plural(report.skipped.length, 'line')}):`,
    ...[...reasons].map(([reason, n]) => `  ${n} × ${reason}`),
  ];
}
