/** Share of the cosine similarity in a hybrid score. Uncalibrated: set without a real model here (see DESIGN.md). */
const DENSE_WEIGHT = 0.3;

/**
 * The hybrid score of each passage of the pool: a convex combination of its lexical score, min-max scaled over the
 * pool, and its cosine similarity to the question. A passage beyond the dense list is at most as similar as the
 * list's last entry. Reciprocal rank fusion was tried first and was too flat: a dense rank 1 outweighed the only
 * passage naming the person asked about, which the lexical side ranked first.
 */
export function fuse(lexical: { id: number; score: number }[], near: { id: number; similarity: number }[]): { id: number; score: number }[] {
  const similarity = new Map(near.map((n) => [n.id, n.similarity]));
  const floor = near.at(-1)?.similarity ?? 0;
  const scores = lexical.map((c) => c.score);
  const min = Math.min(...scores);
  const range = Math.max(...scores) - min || 1;
  return lexical
    .map((c) => ({ id: c.id, score: (1 - DENSE_WEIGHT) * ((c.score - min) / range) + DENSE_WEIGHT * Math.max(0, similarity.get(c.id) ?? floor) }))
    .sort((a, b) => b.score - a.score);
}
