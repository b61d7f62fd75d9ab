import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { type DocumentFilters, filterSql } from "../document-filters";
import { countFacets, FACET_NAMES, type FacetRow, type MatchedDocument, readMatchedDocuments } from "./facets";

let db: NodeSqlDatabase;

beforeAll(() => {
  db = openSqliteDatabase({ path: ":memory:" });
  applyMigrations(db.raw);
  const at = new Date(0).toISOString();
  const doc = db.raw.prepare(
    `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by, created_at,
       updated_at, document_type, congress, bill_type, version_code, bill_id)
     VALUES (?, ?, ?, 'text/xml', 'uslm', 1, 'k', 'ready', 'test', ?, ?, ?, ?, ?, ?, ?)`,
  );
  doc.run("a", "a", "a.xml", at, at, "bill", 117, "hr", "ih", "117-hr-1");
  doc.run("b", "b", "b.xml", at, at, "bill", 117, "hr", "rh", "117-hr-1");
  doc.run("c", "c", "c.xml", at, at, "bill", 116, "s", "is", null);
  // Another rendering of a's version (GPO's HTML), and the version's MODS record.
  doc.run("d", "d", "d.htm", at, at, "bill", 117, "hr", "ih", "117-hr-1");
  doc.run("e", "e", "e.xml", at, at, "bill-mods", 117, "hr", "ih", "117-hr-1");
  // Two status files of one bill (two days' snapshots), and one of another bill.
  doc.run("f", "f", "f.xml", at, at, "bill-status", 117, "hr", null, "117-hr-1");
  doc.run("g", "g", "g.xml", at, at, "bill-status", 117, "hr", null, "117-hr-1");
  doc.run("h", "h", "h.xml", at, at, "bill-status", 117, "hr", null, "117-hr-2");
  db.raw.prepare("UPDATE documents SET text_key = id WHERE id IN ('d', 'e', 'f', 'g', 'h')").run();
  db.raw.prepare("UPDATE documents SET text_key = 'same' WHERE id IN ('a', 'b')").run();
  db.raw.prepare("UPDATE documents SET document_date = '2021-03-01' WHERE id IN ('a', 'b')").run();
  db.raw.prepare("UPDATE documents SET document_date = '2019-12-31' WHERE id = 'c'").run();
  db.raw
    .prepare(
      "INSERT INTO bills (bill_id, congress, bill_type, number, policy_area, updated_at) VALUES ('117-hr-1', 117, 'hr', 1, 'Health', ?)",
    )
    .run(at);
  const person = db.raw.prepare(
    `INSERT INTO document_people (document_id, ord, person_id, role, name, party, state, bioguide_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  person.run("a", 0, "p1", "sponsor", "One", "Democratic", "ny", "O000001");
  person.run("a", 1, "p2", "sponsor", "Two", "Republican", "tx", "T000002");
  person.run("b", 0, "p4", "sponsor", "Four", "Independent", "vt", null);
  person.run("c", 0, "p3", "cosponsor", "Three", "Republican", "ca", "T000003");
  // The record's party and state are another term's: the document's own, where it gives them, count.
  db.raw
    .prepare(
      "INSERT INTO people (id, bioguide_id, name, party, state, updated_at) VALUES ('p1', 'O000001', 'Rep. One', 'R', 'TX', ?)",
    )
    .run(at);
  // A bill text naming its sponsor without party or state ("Mrs. Five"): their record has them from elsewhere.
  doc.run("i", "i", "i.xml", at, at, "bill", 116, "hr", "ih", "116-hr-5");
  person.run("i", 0, "p5", "sponsor", "Mrs. Five", null, null, "F000005");
  db.raw
    .prepare(
      "INSERT INTO people (id, bioguide_id, name, party, state, updated_at) VALUES ('p5', 'F000005', 'Five F. Former', 'Democrat', 'ca', ?)",
    )
    .run(at);
  const metadata = db.raw.prepare("INSERT INTO document_metadata (document_id, metadata) VALUES (?, ?)");
  // One committee as GPO's bill XML and Congress.gov spell it, and one known only by name.
  metadata.run("a", JSON.stringify({ committees: [{ name: "Energy and Commerce", code: "hif00" }] }));
  metadata.run(
    "b",
    JSON.stringify({
      committees: [
        { name: "Committee on Energy and Commerce", code: "hsif00" },
        { name: "Energy and Commerce", code: "HIF00" },
        { name: "Subcommittee on Health" },
      ],
    }),
  );
  // Committees as migration 0017 fills them from documents stored before it (codes in their documents' spellings).
  const migration = readFileSync(new URL("../../../migrations/0017_document_committees.sql", import.meta.url), "utf8");
  db.raw.exec(migration.slice(migration.indexOf("INSERT INTO document_committees")));
});

afterAll(async () => {
  await db.close();
});

const facetsOf = async (ids: string[], known?: Map<string, MatchedDocument>) =>
  countFacets(
    ids.map((id) => [id]),
    await readMatchedDocuments(db, ids, known),
  );

describe("facet counts", () => {
  it("counts each facet over the documents, the first sponsor's party and state, the bill's policy area", async () => {
    const facets = await facetsOf(["a", "b", "c", "missing"]);
    expect(facets.congress).toEqual([
      { value: "117", count: 2 },
      { value: "116", count: 1 },
    ]);
    expect(facets.version).toEqual([
      { value: "ih", count: 1 },
      { value: "is", count: 1 },
      { value: "rh", count: 1 },
    ]);
    // Named as the people table names them; a sponsor without a bioguide or LIS id cannot be filtered by, so is no
    // sponsor value, while their party and state count.
    expect(facets.sponsor).toEqual([{ value: "O000001", count: 1, label: "Rep. One" }]);
    expect(facets.party).toEqual([
      { value: "D", count: 1 },
      { value: "I", count: 1 },
    ]);
    expect(facets.sponsorState).toEqual([
      { value: "NY", count: 1 },
      { value: "VT", count: 1 },
    ]);
    expect(facets.policyArea).toEqual([{ value: "Health", count: 2 }]);
    // A committee counts once per document whatever its spelling, under its fullest name.
    expect(facets.committee).toEqual([
      { value: "hsif00", count: 2, label: "Committee on Energy and Commerce" },
      { value: "Subcommittee on Health", count: 1 },
    ]);
    // Years newest first, whatever their counts.
    expect(facets.year).toEqual([
      { value: "2021", count: 2 },
      { value: "2019", count: 1 },
    ]);
    expect(await facetsOf([])).toEqual(await facetsOf(["missing"]));
  });

  it("takes a sponsor's party and state from their record where the document gives none, and filters alike", async () => {
    const facets = await facetsOf(["i"]);
    expect(facets.sponsor).toEqual([{ value: "F000005", count: 1, label: "Five F. Former" }]);
    expect(facets.party).toEqual([{ value: "D", count: 1 }]);
    expect(facets.sponsorState).toEqual([{ value: "CA", count: 1 }]);
    const filtered = (filters: DocumentFilters) => {
      const { where, params } = filterSql(filters);
      const rows = db.raw
        .prepare(`SELECT d.id FROM documents d WHERE ${where.join(" AND ")} ORDER BY d.id`)
        .all(...params);
      return rows.map((r) => (r as { id: string }).id);
    };
    expect(filtered({ party: "D" })).toEqual(["a", "i"]);
    expect(filtered({ party: "R", sponsorState: "tx" })).toEqual(["a"]);
    expect(filtered({ sponsorState: "CA" })).toEqual(["i"]);
  });

  it("counts a value once per result, from any of the documents collapsed into it", async () => {
    // d, GPO's HTML of a's version, names no committee; led by it, the result still counts a's.
    const ids = ["d", "a"];
    const facets = countFacets([ids], await readMatchedDocuments(db, ids));
    expect(facets.committee.map(({ value, count }) => ({ value, count }))).toEqual([{ value: "hsif00", count: 1 }]);
    expect(facets.congress).toEqual([{ value: "117", count: 1 }]);
  });

  it("keeps the 20 most frequent values of a facet, and every year", () => {
    const rows = new Map<string, MatchedDocument>();
    for (let i = 0; i < 30; i++) {
      const facets = Object.fromEntries(FACET_NAMES.map((name) => [name, []])) as unknown as FacetRow;
      facets.year = [{ value: String(1990 + i) }];
      facets.policyArea = [{ value: `Area ${i}` }];
      rows.set(`d${i}`, { facets, billId: null, date: null, resultKey: null, publicLaw: null });
    }
    const facets = countFacets(
      [...rows.keys()].map((id) => [id]),
      rows,
    );
    expect(facets.year.map((y) => y.value)).toEqual(Array.from({ length: 30 }, (_, i) => String(2019 - i)));
    expect(facets.policyArea).toHaveLength(20);
  });

  it("reads each document's bill and result key beside its facets", async () => {
    const rows = await readMatchedDocuments(db, ["a", "b", "c", "d", "e", "f", "g", "h", "missing"]);
    expect([...rows.keys()].sort()).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
    expect(rows.get("a")).toMatchObject({
      billId: "117-hr-1",
      resultKey: "117-hr-1@ih",
      facets: { congress: [{ value: "117" }] },
    });
    // Renderings of one version are one result; another version, or the version's MODS record, is not.
    expect(rows.get("d")?.resultKey).toBe("117-hr-1@ih");
    expect(rows.get("b")?.resultKey).toBe("117-hr-1@rh");
    expect(rows.get("e")?.resultKey).toBe("e");
    // A bill's status files are one result, whatever their text.
    expect(rows.get("f")?.resultKey).toBe("117-hr-1@status");
    expect(rows.get("g")?.resultKey).toBe("117-hr-1@status");
    expect(rows.get("h")?.resultKey).toBe("117-hr-2@status");
    // Without a bill version, documents of one text key are one result.
    expect(rows.get("c")).toMatchObject({ billId: null, resultKey: null });
  });

  it("reads only the documents whose rows it does not know yet, and keeps the rows it reads", async () => {
    const known = new Map<string, MatchedDocument>();
    const first = await facetsOf(["a", "c"], known);
    expect([...known.keys()].sort()).toEqual(["a", "c"]);
    // A row it knows is not read again: the database's own value no longer counts.
    db.raw.prepare("UPDATE documents SET congress = 118 WHERE id = 'a'").run();
    try {
      expect(await facetsOf(["a", "c"], known)).toEqual(first);
      expect((await facetsOf(["a", "c"])).congress.map((f) => f.value)).toContain("118");
      expect((await facetsOf(["a", "b"], known)).congress).toEqual([{ value: "117", count: 2 }]);
      expect(known.has("b")).toBe(true);
    } finally {
      db.raw.prepare("UPDATE documents SET congress = 117 WHERE id = 'a'").run();
    }
  });
});
