import type { z } from 'zod';

/** A line of a JSON Lines text (numbered from 1): the row it holds, or what is wrong with it. */
export type JsonLine<Row> = { line: number; row: Row } | { line: number; problem: string };

/**
 * The lines of a JSON Lines text that hold something, each parsed and checked against `schema`: article files and
 * question sets are read alike, and each caller decides what a bad line costs (a skip, or the whole file).
 */
export function* jsonLines<Row>(text: string, schema: z.ZodType<Row, unknown>): Generator<JsonLine<Row>> {
  const lines = text.split(/\r\n?|\n/u);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      yield { line: i + 1, problem: `not JSON (${(e as Error).message})` };
      continue;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) {
      yield { line: i + 1, row: parsed.data };
    } else {
      // the first problem, as `field: message` (the line's own when it names no field)
      const issue = parsed.error.issues[0];
      yield { line: i + 1, problem: `${issue?.path.join('.') || 'line'}: ${issue?.message}` };
    }
  }
}
