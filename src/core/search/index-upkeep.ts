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
/** The index's write counter at the upkeep's last look (`index_meta`), to tell a settled index from a busy one. */
export const WRITES_SEEN = "keyword_writes";
/**
 * The share of a settled index's pages outside its largest segment from which it is merged into one. Each merge
 * rewrites the whole index, so about ten pages at most are rewritten for each page written since the last. A query
 * looks each term up in every segment: the corpus as ingested (15 segments, 68 % of its pages outside the largest)
 * answered keyword searches 7 to 9 % faster once merged, and plain FTS5 queries 1.3 to 1.6 times faster.
 */
const SCATTERED = 0.1;

export type UpkeepStep = "fill" | "merge";

/**
 * One step of the keyword index's background upkeep, for the runtimes to repeat until it returns null:
 * 1. the acronyms of chunks stored before they were indexed (migrations/0010_acronyms.sql);
 * 2. merging the index into one segment, once a fill has rewritten chunks, or once the index has settled (no write
 *    since the upkeep's last look, a minute before on Node) with a tenth of its pages or more outside its largest
 *    segment.
 * FTS5 keeps a rewritten row's old entries and their deletion in separate segments until they merge: filling 81 % of
 * a 1M-chunk index left 921 MB of index where one segment holds 453 MB, and plain FTS5 queries took twice as long (a
 * pasted summary 1.4 s against 0.6 s). Its own merging keeps a busy index in a few segments (4 to 23 over 300
 * documents processed one by one); merging them into one after each write would rewrite the whole index again and
 * again, hence waiting for the index to settle. Each step is a statement or a batch, idempotent, so a crash or a
 * second process only repeats a little work; merging 100k chunks took 148 steps and 1.0 s.
 */
export async function searchIndexUpkeep(db: SqlDatabase): Promise<UpkeepStep | null> {
  if ((await fillAcronyms(db, FILL_BATCH)) > 0) return "fill";
  const { results: meta } = await db
    .prepare("SELECT key, value FROM index_meta WHERE key IN (?, ?)")
    .bind(MERGE_PENDING, WRITES_SEEN)
    .all<{ key: string; value: string }>();
  const index = await keywordIndexStructure(db);
  const value = (key: string) => meta.find((row) => row.key === key)?.value;
  if (value(MERGE_PENDING) === undefined) {
    if (value(WRITES_SEEN) !== String(index.writes)) {
      await setMeta(db, WRITES_SEEN, String(index.writes)).run();
      return null;
    }
    if (!scattered(index.segments)) return null;
    await setMeta(db, MERGE_PENDING, "settled").run();
  }
  if (index.segments.length > 1) {
    // A negative size merges segments of every level, as 'optimize' does, but a bounded amount at a time.
    await db.prepare("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('merge', ?)").bind(-MERGE_PAGES).run();
    return "merge";
  }
  await db.prepare("DELETE FROM index_meta WHERE key = ?").bind(MERGE_PENDING).run();
  return null;
}

function scattered(segments: readonly number[]): boolean {
  const { pages, pagesOutsideLargest } = pageCounts(segments);
  return segments.length > 1 && pagesOutsideLargest >= SCATTERED * pages;
}

function pageCounts(segments: readonly number[]): { pages: number; pagesOutsideLargest: number } {
  const pages = segments.reduce((sum, n) => sum + n, 0);
  return { pages, pagesOutsideLargest: segments.length > 0 ? pages - Math.max(...segments) : 0 };
}

function setMeta(db: SqlDatabase, key: string, value: string) {
  return db.prepare("INSERT OR REPLACE INTO index_meta (key, value) VALUES (?, ?)").bind(key, value);
}

/** What the upkeep has left, for monitoring: the index's segments and pages, and chunks whose acronyms are to fill. */
export async function searchIndexState(
  db: SqlDatabase,
): Promise<{ segments: number; pages: number; pagesOutsideLargest: number; chunksToFill: number }> {
  const chunksToFill = await db.prepare("SELECT count(*) AS n FROM chunks WHERE acronyms IS NULL").first<number>("n");
  const { segments } = await keywordIndexStructure(db);
  return { segments: segments.length, ...pageCounts(segments), chunksToFill: chunksToFill ?? 0 };
}

/** The keyword index's structure: each term is looked up in every segment. */
export interface KeywordIndexStructure {
  /** Leaf pages written by ordinary writes since the index was made: it changes with every write, never by merging. */
  writes: number;
  /** The leaf pages (about 4 KB each) of each segment, still to be merged pages included. */
  segments: number[];
}

/** Reads the keyword index's structure record (`chunks_fts_data`, id 10), as hex: D1 and SQLite return it alike. */
export async function keywordIndexStructure(db: SqlDatabase): Promise<KeywordIndexStructure> {
  const hex = await db.prepare("SELECT hex(block) AS hex FROM chunks_fts_data WHERE id = 10").first<string>("hex");
  if (!hex) return { writes: 0, segments: [] };
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return decodeFts5Structure(bytes);
}

/**
 * Decodes an FTS5 structure record (fts5_index.c): a 4-byte cookie, the marker FF 00 00 01 in its second version,
 * then varints: levels, segments, the write counter, and per level the segments being merged, the segments, and per
 * segment its id, first and last leaf page (and five more values in the second version). Throws on a record that
 * does not add up, rather than reporting a wrong state.
 */
export function decodeFts5Structure(bytes: Uint8Array): KeywordIndexStructure {
  let at = 4;
  const second = bytes[4] === 0xff && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 1;
  if (second) at = 8;
  // SQLite's varint: big-endian 7 bits a byte while the high bit is set, all 8 bits of a ninth byte.
  const varint = (): number => {
    let value = 0;
    for (let n = 0; n < 9; n++) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error("the FTS5 structure record ends early");
      if (n === 8) return value * 256 + byte;
      value = value * 128 + (byte & 0x7f);
      if (byte < 0x80) return value;
    }
    return value;
  };
  const levels = varint();
  const total = varint();
  const writes = varint();
  const segments: number[] = [];
  for (let level = 0; level < levels; level++) {
    varint(); // segments of this level being merged into the next
    const count = varint();
    for (let s = 0; s < count; s++) {
      varint(); // segment id
      const first = varint();
      const last = varint();
      if (second) for (let k = 0; k < 5; k++) varint(); // origins and tombstones
      segments.push(last - first + 1);
    }
  }
  if (segments.length !== total || at !== bytes.length) throw new Error("the FTS5 structure record does not add up");
  return { writes, segments };
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
    ...(indexed.length > 0 ? [setMeta(db, MERGE_PENDING, "filled")] : []),
  ]);
  return results.length;
}
