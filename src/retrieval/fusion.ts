/**
 * Reciprocal rank fusion of two rankings (ids, best first): each id scores the sum of 1/(k + rank) over the rankings
 * that hold it. Ranks, not scores: BM25 and cosine similarity live on scales that shift with every question.
 */
export function fuse(a: number[], b: number[], k: number): { id: number; score: number }[] {
  const fused = new Map<number, number>();
  for (const ranking of [a, b]) ranking.forEach((id, rank) => fused.set(id, (fused.get(id) ?? 0) + 1 / (k + rank + 1)));
  return [...fused].map(([id, score]) => ({ id, score })).sort((x, y) => y.score - x.score);
}
