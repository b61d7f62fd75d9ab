import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { filterSql } from "../document-filters";
import { excludedDocuments } from "./document-words";
import { alternativeExpression, ftsExpression } from "./fts-expression";
import { highlightQuery } from "./highlight";
import { FREQUENT, keywordHits } from "./keyword";
import { MAX_PREFIX_TERMS, withPrefixTerms } from "./prefixes";
import { type Alternative, type PrefixTerm, parseQuery } from "./query-parser";

// Words under `con`, as frequent together as a prefix must be to stand for its terms; `congressional` is stored as
// `congression`, a stem that stems further.
const CON_WORDS = ["congress", "congressional", "conference", "consider", "control"];
const FILLER = FREQUENT + 100;
/** More words under `qxz` than a prefix may stand for, each in one passage: as frequent, but too many terms. */
const QX_WORDS = Array.from({ length: MAX_PREFIX_TERMS + 300 }, (_, i) => `qxz${i.toString(36).padStart(3, "0")}t`);
/** Words under `vxz`, each in one passage: a frequent prefix of rare words. */
const VX_WORDS = Array.from({ length: FREQUENT + 50 }, (_, i) => `vxz${i.toString(36).padStart(3, "0")}t`);

let db: NodeSqlDatabase;

beforeAll(() => {
  db = openSqliteDatabase({ path: ":memory:" });
  applyMigrations(db.raw);
  const doc = db.raw.prepare(
    `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by, created_at,
       updated_at, chunk_count) VALUES (?, ?, ?, 'text/plain', 'text', 1, 'k', 'ready', 'test', ?, ?, ?)`,
  );
  const chunk = db.raw.prepare(
    "INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text, title, units) VALUES (?, ?, 0, 0, '', ?, '', '')",
  );
  const at = new Date(0).toISOString();
  const add = (id: string, texts: string[]) => {
    doc.run(id, id, `${id}.txt`, at, at, texts.length);
    for (const [ord, text] of texts.entries()) chunk.run(id, ord, text);
  };
  db.raw.transaction(() => {
    for (let i = 0; i < FILLER; i++) add(`filler${i}`, [`The ${CON_WORDS[i % CON_WORDS.length]} met on day ${i}.`]);
    for (let i = 0; i < QX_WORDS.length; i += 5) add(`qx${i}`, [QX_WORDS.slice(i, i + 5).join(" ")]);
    for (let i = 0; i < VX_WORDS.length; i += 5) add(`vx${i}`, ["The levy.", VX_WORDS.slice(i, i + 5).join(" ")]);
    add("zeppelins", ["Zeppelins and a zeppelin were inspected."]);
    // Tokens of the units column (citations, acronyms) are not words a prefix matches.
    add("across", ["Across the river."]);
    add("acronym", ["The EPA rules."]);
    db.raw.prepare("UPDATE chunks SET units = 'acrepa0 conxyz0' WHERE document_id = 'acronym'").run();
    // Documents saying `tax`: one also a frequent word under `con`, one a rare one in its second passage, one neither.
    add("taxConference", ["The tax was set in conference."]);
    add("taxContagion", ["The tax on imports.", "A contagion spread."]);
    add("taxOnly", ["The tax on imports was repealed."]);
  })();
});

afterAll(async () => {
  await db.close();
});

const alternative = async (q: string): Promise<Alternative> =>
  (await withPrefixTerms(db, parseQuery(q))).groups[0]?.alternatives[0] as Alternative;
const matched = (expression: string) =>
  db.raw.prepare("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rowid").pluck().all(expression);

describe("prefixes matched as the terms under them", () => {
  it("gives a frequent prefix the words of its terms, most frequent first, matching what the prefix does", async () => {
    const con = await alternative("con*");
    expect(con).toMatchObject({ kind: "prefix", term: "con" });
    const terms = con.kind === "prefix" ? (con.terms ?? []) : [];
    // Each filler word in a fifth of the filler (and `conference` in a `tax` document); the rare word last.
    expect(terms.slice(0, 5).map((t) => t.word)).toEqual(["confer", "congress", "congressione", "consid", "control"]);
    expect(terms.slice(0, 5).map((t) => t.passages)).toEqual([
      FILLER / 5 + 1,
      FILLER / 5,
      FILLER / 5,
      FILLER / 5,
      FILLER / 5,
    ]);
    expect(terms.slice(5)).toEqual([{ word: "contagion", passages: 1 }]);
    expect(alternativeExpression(con)).toBe(`{title heading text} : (${terms.map((t) => `"${t.word}"`).join(" OR ")})`);
    // `congression` as written would be stemmed to `congress`; its `e` form is stored as it is.
    const expanded = matched(alternativeExpression(con));
    expect(expanded).toEqual(matched('{title heading text} : "con"*'));
    expect(expanded.length).toBeGreaterThan(FILLER);
    expect(matched('"congressione"')).toEqual(matched('"congressional"'));
  });

  it("takes a prefix of two letters alike, and highlights its words", async () => {
    const co = await alternative("co*");
    const words = co.kind === "prefix" ? (co.terms ?? []).map((t) => t.word) : [];
    expect(words).toEqual(expect.arrayContaining(["congressione", "contagion"]));
    expect(matched(alternativeExpression(co))).toEqual(matched('{title heading text} : "co"*'));
    const text = "A contagion, the Congress and a cow.";
    expect(highlightQuery(text, parseQuery("co*")).map(([a, b]) => text.slice(a, b))).toEqual([
      "contagion",
      "Congress",
      "cow",
    ]);
  });

  it("matches the words of titles, headings and text, not the units column's tokens", async () => {
    const con = await alternative("con*");
    expect(con.kind === "prefix" && con.terms?.map((t) => t.word)).not.toContain("conxyz0");
    const words = async (q: string) =>
      (await keywordHits(db, parseQuery(q), filterSql({}))).hits.map((h) => h.documentId);
    expect(await words("acr*")).toEqual(["across"]);
    expect(await excludedDocuments(db, parseQuery("rules -con*"), ["acronym"])).toEqual(new Set());
    expect(await excludedDocuments(db, parseQuery("rules -acr*"), ["acronym", "across"])).toEqual(new Set(["across"]));
    // The acronym itself is found by its own syntax.
    expect(await words("EPA")).toEqual(["acronym"]);
  });

  it("leaves a rare prefix, one of too many terms and one beyond ASCII as prefixes", async () => {
    for (const q of ["zeppel*", "qxz*", "zéppel*"]) {
      const parsed = parseQuery(q);
      expect(await withPrefixTerms(db, parsed)).toBe(parsed);
    }
  });

  it("expands the prefixes of exclusions too, and keeps the lists it is given for the index generation", async () => {
    const known = new Map<string, PrefixTerm[]>();
    const parsed = await withPrefixTerms(db, parseQuery("tax -con* -zeppel*"), known);
    expect(parsed.excluded.map((g) => g.alternatives[0])).toMatchObject([
      { kind: "prefix", term: "con", terms: expect.arrayContaining([{ word: "congressione", passages: FILLER / 5 }]) },
      { kind: "prefix", term: "zeppel" },
    ]);
    expect([...known.keys()].sort()).toEqual(["con", "zeppel"]);
    expect(known.get("zeppel")).toEqual([]);
    const control = [{ word: "control", passages: 1 }];
    known.set("con", control);
    const again = await withPrefixTerms(db, parseQuery("con*"), known);
    expect(again.groups[0]?.alternatives[0]).toEqual({ kind: "prefix", term: "con", terms: control });
  });

  it("excludes the documents holding any word under an excluded prefix, in any passage", async () => {
    const candidates = ["taxConference", "taxContagion", "taxOnly", "filler0", "zeppelins"];
    const excluded = await excludedDocuments(db, parseQuery("tax -con*"), candidates);
    expect([...excluded].sort()).toEqual(["filler0", "taxConference", "taxContagion"]);
    // Whichever way the words are looked up (sought document by document, their matches read, the prefix read),
    // the documents are those FTS5 finds under the prefix.
    const everyDocument = db.raw.prepare("SELECT id FROM documents").pluck().all() as string[];
    for (const prefix of ["con", "vxz", "qxz", "zeppel"]) {
      const holding = db.raw
        .prepare(
          "SELECT DISTINCT c.document_id FROM chunks_fts f JOIN chunks c ON c.id = f.rowid WHERE chunks_fts MATCH ?",
        )
        .pluck()
        .all(`{title heading text} : "${prefix}"*`) as string[];
      expect(holding.length).toBeGreaterThan(0);
      for (const among of [everyDocument, [...candidates, "qx0", "vx5", "vx10"]]) {
        const found = await excludedDocuments(db, parseQuery(`tax -${prefix}*`), among);
        expect([...found].sort()).toEqual(holding.filter((id) => among.includes(id)).sort());
      }
    }
    const { hits } = await keywordHits(db, parseQuery("tax -con*"), filterSql({}));
    // Ranking excludes the passages; the search then the documents (the contagion is in another passage).
    expect(hits.map((h) => h.documentId).sort()).toEqual(["taxContagion", "taxOnly"]);
  });

  it("leaves an exclusion of many words to the documents' check, which still applies it", async () => {
    const parsed = await withPrefixTerms(db, parseQuery("levy -vxz*"));
    expect(parsed.excluded[0]?.alternatives[0]).toMatchObject({ kind: "prefix", terms: expect.any(Array) });
    // 1,050 words under `vxz`: more than a ranking statement checks each match against.
    expect(ftsExpression(parsed, parsed.groups, "AND")).toBe('"levy"');
    const documents = async (q: string) =>
      new Set((await keywordHits(db, parseQuery(q), filterSql({}))).hits.map((h) => h.documentId));
    expect((await documents("levy")).size).toBeGreaterThan(0);
    const candidates = [...(await documents("levy"))];
    const excluded = await excludedDocuments(db, parseQuery("levy -vxz*"), candidates);
    expect([...excluded].sort()).toEqual(candidates.sort());
    // `tax -con*` keeps its exclusion in the expression: 7 words.
    const con = await withPrefixTerms(db, parseQuery("tax -con*"));
    expect(ftsExpression(con, con.groups, "AND")).toMatch(/^\("tax"\) NOT \(\{title heading text\} : \(/);
  });

  it("ranks a frequent prefix as it ranked the prefix itself", async () => {
    const { hits, parsed } = await keywordHits(db, parseQuery("con*"), filterSql({}));
    expect(hits.length).toBeGreaterThan(0);
    expect(parsed.groups[0]?.alternatives[0]).toMatchObject({ kind: "prefix", terms: expect.any(Array) });
    const listed = db.raw
      .prepare("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH '{title heading text} : \"con\"*' LIMIT ?")
      .pluck()
      .all(hits.length);
    expect(hits.map((h) => h.chunkId)).toEqual(listed);
  });
});
