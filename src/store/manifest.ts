import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { WendaError } from '../errors.js';
import { FileRecord } from './integrity.js';
import { indexFolderOf, rebuildCommand } from './rebuild-hint.js';
import { FORMAT_VERSION, MANIFEST_FILE } from './schema.js';

export const Manifest = z.object({
  formatVersion: z.number(),
  builtAt: z.string(),
  articlesDir: z.string(),
  mode: z.enum(['lexical', 'hybrid']),
  counts: z.object({
    /** Every file of the folder, each counted once (BuildReport's files): indexed, unchanged or skipped. */
    files: z.number(),
    articles: z.number(),
    passages: z.number(),
    passageSources: z.number(),
    /** Files that gave no article (BuildReport's skippedFiles); a file that lost only a paragraph is not one. */
    skipped: z.number(),
  }),
  settings: z.object({
    chunking: z.object({ minChars: z.number(), maxChars: z.number() }),
    /** The limits each file was read under (ReadLimits): under others, a file kept might be read otherwise. */
    limits: z.object({ maxFileBytes: z.number(), maxParagraphChars: z.number(), maxDepth: z.number(), maxFileSeconds: z.number() }),
    /** Changes whenever tokens would come out differently: stored tokens are reused only under the same one. */
    vocabularyHash: z.string(),
    /** The model and graph behind the vectors of a hybrid index; null for a lexical one. */
    dense: z
      .object({
        model: z.string(),
        dimension: z.number().int().positive(),
        space: z.literal('cosine'),
        M: z.number(),
        efConstruction: z.number(),
        efSearch: z.number(),
        quantized: z.boolean(),
        deleted: z.number().int().nonnegative(),
      })
      .nullable(),
  }),
  buildSeconds: z.number(),
  /** Size and checksum of every other file of the generation, checked before any of them is opened. */
  files: z.record(z.string(), FileRecord),
});
export type Manifest = z.infer<typeof Manifest>;

/** Reads and checks a generation's manifest; an index of another format is refused with what to do about it. */
export function readManifest(dir: string): Manifest {
  const file = path.join(dir, MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new WendaError(`the index at ${indexFolderOf(dir)} has no readable ${MANIFEST_FILE} (${(e as Error).message}); rebuild it with "${rebuildCommand(dir, ' --articles <the articles folder>')}"`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success || parsed.data.formatVersion !== FORMAT_VERSION) {
    throw new WendaError(`the index at ${indexFolderOf(dir)} was written by another version of wenda; rebuild it with "${rebuildCommand(dir)}"`);
  }
  return parsed.data;
}
