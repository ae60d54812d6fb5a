/** The k best-scoring ids of a stream, without sorting the whole stream (a question can touch every passage). */
export class TopK {
  private readonly items: { id: number; score: number }[] = [];
  private min = -Infinity;

  constructor(private readonly k: number) {}

  offer(id: number, score: number): void {
    if (this.items.length === this.k && score <= this.min) return;
    const items = this.items;
    let i = items.length;
    if (i === this.k) i--;
    else items.push({ id, score });
    // insertion into the descending list: k is small, so this beats a heap
    while (i > 0 && items[i - 1]!.score < score) {
      items[i] = items[i - 1]!;
      i--;
    }
    items[i] = { id, score };
    if (items.length === this.k) this.min = items[this.k - 1]!.score;
  }

  /** The score an offer must beat once k are held (-Infinity before). */
  get floor(): number {
    return this.min;
  }

  /** Best first. */
  sorted(): { id: number; score: number }[] {
    return [...this.items];
  }
}
