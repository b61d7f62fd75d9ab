import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import {
  decodeFts5Structure,
  fillAcronyms,
  keywordIndexStructure,
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
    expect(await searchIndexState(db)).toMatchObject({ segments: 1, pagesOutsideLargest: 0, chunksToFill: 0 });
    expect(db.raw.prepare("SELECT count(*) FROM index_meta WHERE key = ?").pluck().get(MERGE_PENDING)).toBe(0);
    expect(await searchIndexUpkeep(db)).toBeNull();
    db.raw.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')");
    expect(matching("acrcares0")).toHaveLength(1);
    expect(matching("care")).toHaveLength(2);
  });

  const upkeepSteps = async () => {
    const steps: UpkeepStep[] = [];
    for (let step = await searchIndexUpkeep(db); step; step = await searchIndexUpkeep(db)) steps.push(step);
    return steps;
  };
  let ord = 100;
  // A chunk written after the fill, in a transaction of its own.
  const insertChunk = (text: string) =>
    db.raw
      .prepare(
        "INSERT INTO chunks (document_id, ord, start_offset, end_offset, text, units, acronyms) VALUES ('d', ?, 0, 1, ?, '', '')",
      )
      .run(ord++, text);

  it("merges an index that has settled into one segment, not one still being written", async () => {
    db.raw.prepare("UPDATE chunks SET acronyms = ''").run();
    expect((await keywordIndexStructure(db)).segments.length).toBeGreaterThan(1);
    // The first look only notes the index's write counter; a write since the last look means the index is busy.
    expect(await upkeepSteps()).toEqual([]);
    insertChunk("Written between two looks.");
    expect(await upkeepSteps()).toEqual([]);
    const steps = await upkeepSteps();
    expect(steps.length).toBeGreaterThan(0);
    expect(new Set(steps)).toEqual(new Set(["merge"]));
    expect(await searchIndexState(db)).toMatchObject({ segments: 1, pagesOutsideLargest: 0 });
    expect(await upkeepSteps()).toEqual([]);
    db.raw.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')");
    expect(matching("fema")).toHaveLength(5);
    expect(matching("written")).toHaveLength(1);
  });

  it("leaves a settled index to FTS5's own merging while little of it lies outside its largest segment", async () => {
    const words = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}`);
    let seed = 7;
    const word = () => {
      seed = (seed * 48271) % 2147483647;
      return words[seed % words.length];
    };
    db.raw.transaction(() => {
      for (let i = 0; i < 300; i++) insertChunk(Array.from({ length: 150 }, word).join(" "));
    })();
    db.raw.prepare("UPDATE chunks SET acronyms = ''").run();
    expect(await upkeepSteps()).toEqual([]);
    expect(await upkeepSteps()).toContain("merge");
    insertChunk("A short passage added later.");
    insertChunk("Another one.");
    const state = await searchIndexState(db);
    expect(state.segments).toBe(3);
    expect(state.pagesOutsideLargest).toBeGreaterThan(0);
    expect(state.pagesOutsideLargest).toBeLessThan(state.pages / 10);
    expect(await upkeepSteps()).toEqual([]);
    expect(await upkeepSteps()).toEqual([]);
    expect((await keywordIndexStructure(db)).segments).toHaveLength(3);
  });

  it("reads FTS5's structure record as FTS5 wrote it, in both versions", async () => {
    // Each leaf page is a row of chunks_fts_data whose id holds the segment id above bit 37, with no doclist-index
    // flag or height (bits 31 to 36).
    const leaves = () =>
      db.raw
        .prepare(
          "SELECT count(*) FROM chunks_fts_data WHERE id > 10 AND ((id >> 31) & 63) = 0 GROUP BY id >> 37 ORDER BY 1",
        )
        .pluck()
        .all();
    const read = async () => (await keywordIndexStructure(db)).segments.sort((a, b) => a - b);
    expect(await read()).toEqual(leaves());
    const writes = (await keywordIndexStructure(db)).writes;
    expect(writes).toBeGreaterThanOrEqual(7);
    db.raw.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('optimize')");
    expect(await read()).toEqual(leaves());
    expect(await read()).toHaveLength(1);
    // Merging does not count as a write; deleting does.
    expect((await keywordIndexStructure(db)).writes).toBe(writes);
    db.raw.prepare("DELETE FROM chunks WHERE ord = 3").run();
    expect((await keywordIndexStructure(db)).writes).toBeGreaterThan(writes);
    expect(await read()).toEqual(leaves());

    // The second version, which FTS5 writes for contentless tables that allow deletes.
    db.raw.exec("CREATE VIRTUAL TABLE scratch USING fts5 (x, content = '', contentless_delete = 1)");
    for (let i = 1; i <= 6; i++) db.raw.prepare("INSERT INTO scratch (rowid, x) VALUES (?, ?)").run(i, `alpha ${i}`);
    db.raw.exec("DELETE FROM scratch WHERE rowid < 3");
    const block: Buffer = db.raw.prepare("SELECT block FROM scratch_data WHERE id = 10").pluck().get() as Buffer;
    expect(block.subarray(4, 8)).toEqual(Buffer.from([0xff, 0, 0, 1]));
    const decoded = decodeFts5Structure(block);
    expect(decoded.segments).toHaveLength(
      db.raw.prepare("SELECT count(DISTINCT segid) FROM scratch_idx").pluck().get() as number,
    );
    expect(() => decodeFts5Structure(block.subarray(0, block.length - 1))).toThrow(/FTS5 structure record/);
  });

  it("leaves an index no fill rewrote and still being written to FTS5's own merging", async () => {
    db.raw.prepare("UPDATE chunks SET acronyms = ''").run();
    const segments = (await keywordIndexStructure(db)).segments.length;
    expect(segments).toBeGreaterThan(1);
    for (let i = 0; i < 3; i++) {
      expect(await searchIndexUpkeep(db)).toBeNull();
      insertChunk(`Busy ${i}.`);
    }
    expect((await keywordIndexStructure(db)).segments.length).toBeGreaterThan(1);
  });
});
