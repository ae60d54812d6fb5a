import { VarintReader, VarintWriter } from './varint.js';

/**
 * A passage with its place in file order (`rank`), as the people tables keep the passages that name someone, and
 * `order`: where the grouping listed it among the person's (a listing breaks ties by it).
 */
export interface PlacedPassage {
  rank: number;
  passage: number;
  order: number;
}

/** Passages as columns (the writer makes hundreds of thousands: no object each); `orders` increasing, else by index. */
export interface PlacedColumns {
  ranks: ArrayLike<number>;
  passages: ArrayLike<number>;
  orders?: ArrayLike<number>;
}

/**
 * A person's passages (or the passages that give one of their titles) as one blob, by increasing order (a row a
 * passage made writing the people tables a third of a small rebuild at 250,000 passages): rank, id and the order's
 * step from the one before. Repeats are kept (a title a passage gives twice).
 */
export function encodePlaced({ ranks, passages, orders }: PlacedColumns): Buffer {
  const out = new VarintWriter();
  let order = 0;
  for (let i = 0; i < ranks.length; i++) {
    const next = orders ? orders[i]! : i;
    if (next < order) throw new Error('placed passages are encoded by increasing order');
    out.varint(ranks[i]!);
    out.varint(passages[i]!);
    out.varint(next - order);
    order = next;
  }
  return out.finish();
}

export function decodePlaced(blob: Uint8Array): PlacedPassage[] {
  const reader = new VarintReader(blob);
  const placed: PlacedPassage[] = [];
  let order = 0;
  while (!reader.done) {
    const rank = reader.varint();
    const passage = reader.varint();
    order += reader.varint();
    placed.push({ rank, passage, order });
  }
  return placed;
}
