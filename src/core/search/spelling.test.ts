import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { oneEditAway, spellingSuggestions } from "./spelling";

// Passages by count: which word documents hold, and how often.
const PASSAGES: [string, number][] = [
  ["Health care for veterans of the armed forces.", 6],
  ["A veteran's benefits.", 1],
  ["The heath and moorland are protected.", 1],
  ["Medical devices are reviewed by the agency.", 4],
  ["Medicaid expansion in the States.", 2],
  ["A government shutdown ends the program.", 3],
  // `over` and `govern` are what `overment` and `governent` (one letter from `goverment`) stem to.
  ["Payments over the cap; States govern their programs.", 5],
  ["The crypt was sealed.", 1],
  // Passages of other words, so that a word held once is rare (see COMMON_SHARE).
  ["Lorem ipsum dolor.", 4000],
];

let db: NodeSqlDatabase;

beforeAll(() => {
  db = openSqliteDatabase({ path: ":memory:" });
  applyMigrations(db.raw);
  const at = new Date(0).toISOString();
  const doc = db.raw.prepare(
    `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by, created_at,
       updated_at) VALUES (?, ?, ?, 'text/plain', 'text', 1, 'k', 'ready', 'test', ?, ?)`,
  );
  const chunk = db.raw.prepare(
    "INSERT INTO chunks (document_id, ord, start_offset, end_offset, text) VALUES (?, 0, 0, ?, ?)",
  );
  db.raw.transaction(() =>
    PASSAGES.forEach(([text, times], p) => {
      for (let i = 0; i < times; i++) {
        const id = `d${p}-${i}`;
        doc.run(id, id, `${id}.txt`, at, at);
        chunk.run(id, text.length, text);
      }
    }),
  )();
});

afterAll(() => db.close());

describe("oneEditAway", () => {
  it("swaps, replaces, adds and removes one letter, never giving the word back", () => {
    const near = oneEditAway("helth");
    for (const word of ["hetlh", "heath", "health", "helt", "ehlth"]) expect(near).toContain(word);
    expect(near).not.toContain("helth");
    expect(new Set(near).size).toBe(near.length);
    // Swaps come first: equally frequent words are offered in this order.
    expect(near[0]).toBe("ehlth");
  });
});

describe("spellingSuggestions", () => {
  it("replaces a word no document holds by those a letter away that documents hold, most frequent first", async () => {
    expect((await spellingSuggestions(db, "helth care", ["helth"])).suggestions).toEqual(["health care", "heath care"]);
    expect((await spellingSuggestions(db, "Medicad expansion", ["medicad"])).suggestions).toEqual([
      "Medical expansion",
      "Medicaid expansion",
    ]);
  });

  it("tells a likely correction, to a common word, from a coincidence with a rare one", async () => {
    expect(await spellingSuggestions(db, "helth", ["helth"])).toEqual({
      suggestions: ["health", "heath"],
      likely: true,
    });
    // `crypto`, which no document holds, is one letter from a word one passage in 4,000 holds.
    expect(await spellingSuggestions(db, "crypto", ["crypto"])).toEqual({ suggestions: ["crypt"], likely: false });
  });

  it("offers only words documents hold as written, not words that only share their stem", async () => {
    // `governent` and `overment` match `govern` and `over` by their stems, and no document says them.
    expect((await spellingSuggestions(db, "goverment shutdown", ["goverment"])).suggestions).toEqual([
      "government shutdown",
    ]);
  });

  it("offers one word per stem (veterans, not also veteran), keeps the rest of the query as typed and corrects every unmatched word", async () => {
    expect((await spellingSuggestions(db, "veteranz", ["veteranz"])).suggestions).toEqual(["veterans"]);
    expect((await spellingSuggestions(db, '"armed forces" helth -programs', ["helth"])).suggestions).toEqual([
      '"armed forces" health -programs',
      '"armed forces" heath -programs',
    ]);
    // A query typed in capitals is corrected in capitals.
    expect((await spellingSuggestions(db, "GOVERMENT HELTH", ["goverment", "helth"])).suggestions).toEqual([
      "GOVERNMENT HEALTH",
      "GOVERNMENT HEATH",
    ]);
  });

  it("offers nothing for words with no neighbour, short words, and what is not a plain word", async () => {
    expect((await spellingSuggestions(db, "zeppelin", ["zeppelin"])).suggestions).toEqual([]);
    expect((await spellingSuggestions(db, "hea", ["hea"])).suggestions).toEqual([]);
    expect((await spellingSuggestions(db, "helth*", ["helth*"])).suggestions).toEqual([]);
    expect((await spellingSuggestions(db, '"helth care"', ['"helth care"'])).suggestions).toEqual([]);
    expect((await spellingSuggestions(db, "hélth", ["hélth"])).suggestions).toEqual([]);
    // Nor in a long query, whose unknown words are names and terms.
    const pasted = "The bill requires the agency to report on helth outcomes for veterans in rural areas.";
    expect((await spellingSuggestions(db, pasted, ["helth"])).suggestions).toEqual([]);
  });
});
