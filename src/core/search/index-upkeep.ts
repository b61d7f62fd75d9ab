import type { SqlDatabase } from "../ports";
import { acronymField } from "./acronyms";

/** Chunks whose acronyms one step fills: 9 ms of work on Node on average, 73 ms at most (19,499 chunks). */
const FILL_BATCH = 200;
/**
 * Pages of 4 KB one merge step writes. At 100k chunks 64 took 148 steps and 1.0 s in all, 22 ms at most a step; 256
 * took 44 steps but up to 185 ms, a stall a search would feel.
 */
const MERGE_PAGES = 64;
/** Set in `index_meta` while the keyword index is to be merged into one segment. */
export const MERGE_PENDING = "keyword_merge";

export type UpkeepStep = "fill" | "merge";

/**
 * One step of the keyword index's background upkeep, for the runtimes to repeat until it returns null: first the
 * acronyms of chunks stored before they were indexed (migrations/0010_acronyms.sql), then, once a fill has rewritten
 * chunks, merging the index into one segment. FTS5 keeps a rewritten row's old entries and their deletion in
 * separate segments until they merge: filling 81 % of a 1M-chunk index left 921 MB of index where one segment holds
 * 453 MB, and plain FTS5 queries took twice as long (a pasted summary 1.4 s against 0.6 s). Each step is a statement
 * or a batch, idempotent, so a crash or a second process only repeats a little work; merging 100k chunks took 148
 * steps and 1.0 s. Ordinary writes are left to FTS5's own merging: each processed document adds a few segments (from
 * one, the index held 4 to 23 over 300 documents), and merging them all into one each time would rewrite the whole
 * index again and again.
 */
export async function searchIndexUpkeep(db: SqlDatabase): Promise<UpkeepStep | null> {
  if ((await fillAcronyms(db, FILL_BATCH)) > 0) return "fill";
  const pending = await db.prepare("SELECT 1 AS pending FROM index_meta WHERE key = ?").bind(MERGE_PENDING).first();
  if (!pending) return null;
  if ((await keywordIndexSegments(db)) > 1) {
    // A negative size merges segments of every level, as 'optimize' does, but a bounded amount at a time.
    await db.prepare("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('merge', ?)").bind(-MERGE_PAGES).run();
    return "merge";
  }
  await db.prepare("DELETE FROM index_meta WHERE key = ?").bind(MERGE_PENDING).run();
  return null;
}

/** What the upkeep has left, for monitoring: the index's segments, and chunks whose acronyms are still to fill. */
export async function searchIndexState(db: SqlDatabase): Promise<{ segments: number; chunksToFill: number }> {
  const chunksToFill = await db.prepare("SELECT count(*) AS n FROM chunks WHERE acronyms IS NULL").first<number>("n");
  return { segments: await keywordIndexSegments(db), chunksToFill: chunksToFill ?? 0 };
}

/** How many segments the keyword index is in: every term is looked up in each. */
export async function keywordIndexSegments(db: SqlDatabase): Promise<number> {
  return (await db.prepare("SELECT count(DISTINCT segid) AS n FROM chunks_fts_idx").first<number>("n")) ?? 0;
}

/**
 * Fills the acronyms of up to `limit` chunks stored before they were indexed (`acronyms IS NULL`, see
 * migrations/0010_acronyms.sql) and adds them to the chunks' `units`; returns how many chunks it filled, 0 once none
 * is left. Only chunks that have acronyms are indexed again, and then a merge is made pending. Three
 * statements whatever the limit (D1 counts each statement of a batch against an invocation's queries); each call is
 * one batch, idempotent: a crash loses at most the call's work, which the next call does.
 */
export async function fillAcronyms(db: SqlDatabase, limit: number): Promise<number> {
  const { results } = await db
    .prepare("SELECT id, text FROM chunks WHERE acronyms IS NULL ORDER BY id LIMIT ?")
    .bind(limit)
    .all<{ id: number; text: string }>();
  if (results.length === 0) return 0;
  const found = results.map((chunk) => [chunk.id, acronymField(chunk.text)] as const);
  const indexed = found.filter(([, a]) => a !== "");
  const fill = (set: string, rows: (readonly [number, string])[]) =>
    db
      .prepare(
        `UPDATE chunks SET ${set} FROM json_each(?) AS f
         WHERE chunks.id = f.value ->> 0 AND chunks.acronyms IS NULL`,
      )
      .bind(JSON.stringify(rows));
  await db.batch([
    fill("acronyms = f.value ->> 1, units = trim((f.value ->> 1) || ' ' || units)", indexed),
    // Not `units`: naming it would index the chunk again (migrations/0010_acronyms.sql).
    fill(
      "acronyms = ''",
      found.filter(([, a]) => a === ""),
    ),
    ...(indexed.length > 0
      ? [db.prepare("INSERT OR REPLACE INTO index_meta (key, value) VALUES (?, 'pending')").bind(MERGE_PENDING)]
      : []),
  ]);
  return results.length;
}
