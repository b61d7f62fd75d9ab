import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import {
  fillAcronyms,
  keywordIndexSegments,
  MERGE_PENDING,
  searchIndexState,
  searchIndexUpkeep,
  type UpkeepStep,
} from "./index-upkeep";

describe("the keyword index's upkeep", () => {
  let db: NodeSqlDatabase;

  beforeEach(() => {
    db = openSqliteDatabase({ path: ":memory:" });
    applyMigrations(db.raw);
    const at = new Date(0).toISOString();
    db.raw
      .prepare(
        `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by, created_at,
           updated_at) VALUES ('d', 'd', 'd.txt', 'text/plain', 'text', 1, 'k', 'ready', 'test', ?, ?)`,
      )
      .run(at, at);
    // As migration 0010 leaves them: no acronyms yet, citation units already there. Each insert is its own
    // transaction, so the index is in several segments.
    const chunk = db.raw.prepare(
      "INSERT INTO chunks (document_id, ord, start_offset, end_offset, text, units, acronyms) VALUES ('d', ?, 0, 1, ?, ?, NULL)",
    );
    chunk.run(0, "Loans under the CARES Act (Public Law 116–136) are forgiven.", "pl116n136");
    chunk.run(1, "The program cares for veterans who need care.", "");
    for (let ord = 2; ord < 7; ord++) chunk.run(ord, `Passage ${ord} of the FEMA report.`, "");
  });
  afterEach(async () => db.close());

  const matching = (token: string) =>
    db.raw.prepare("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?").pluck().all(`"${token}"`);

  it("fills every chunk batch by batch, adds their acronyms to the keyword index, and then has nothing left", async () => {
    expect(matching("acrcares0")).toEqual([]);
    expect(await fillAcronyms(db, 4)).toBe(4);
    expect(await fillAcronyms(db, 4)).toBe(3);
    expect(await fillAcronyms(db, 4)).toBe(0);
    const rows = db.raw.prepare("SELECT ord, acronyms, units FROM chunks ORDER BY ord").all();
    expect(rows.slice(0, 3)).toEqual([
      { ord: 0, acronyms: "acrcares0", units: "acrcares0 pl116n136" },
      { ord: 1, acronyms: "", units: "" },
      { ord: 2, acronyms: "acrfema0", units: "acrfema0" },
    ]);
    expect(matching("acrcares0")).toHaveLength(1);
    expect(matching("acrfema0")).toHaveLength(5);
    // The citation is still found, and the text as before.
    expect(matching("pl116n136")).toHaveLength(1);
    expect(matching("care")).toHaveLength(2);
  });

  it("fills, then merges the rewritten index into one segment, then rests", async () => {
    const before = await searchIndexState(db);
    expect(before.chunksToFill).toBe(7);
    expect(before.segments).toBeGreaterThan(1);
    const steps: UpkeepStep[] = [];
    for (let step = await searchIndexUpkeep(db); step; step = await searchIndexUpkeep(db)) steps.push(step);
    expect(steps[0]).toBe("fill");
    expect(steps).toContain("merge");
    expect(steps.lastIndexOf("fill")).toBeLessThan(steps.indexOf("merge"));
    expect(await searchIndexState(db)).toEqual({ segments: 1, chunksToFill: 0 });
    expect(db.raw.prepare("SELECT count(*) FROM index_meta WHERE key = ?").pluck().get(MERGE_PENDING)).toBe(0);
    expect(await searchIndexUpkeep(db)).toBeNull();
    db.raw.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')");
    expect(matching("acrcares0")).toHaveLength(1);
    expect(matching("care")).toHaveLength(2);
  });

  it("leaves an index no fill rewrote to FTS5's own merging", async () => {
    db.raw.prepare("UPDATE chunks SET acronyms = ''").run();
    const segments = await keywordIndexSegments(db);
    expect(segments).toBeGreaterThan(1);
    expect(await searchIndexUpkeep(db)).toBeNull();
    expect(await keywordIndexSegments(db)).toBe(segments);
  });
});
