import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { acronymTokens, fillAcronyms } from "./acronyms";

describe("acronym tokens", () => {
  it("takes words in capitals amid ordinary text, unstemmed", () => {
    expect(acronymTokens("Loans under the CARES Act (Public Law 116–136) and the Veterans CARE Act.")).toEqual([
      "acrcares0",
      "acrcare0",
    ]);
    expect(acronymTokens("grants from the U.S. EPA, NASA’s budget, COVID–19 relief")).toEqual([
      "acrepa0",
      "acrnasa0",
      "acrcovid0",
    ]);
  });

  it("leaves out headings set in capitals and section designations", () => {
    const heading = "SEC. 2. AMENDMENTS TO THE MCKINNEY-VENTO HOMELESS ASSISTANCE ACT.\n\n(a) In General.—The Act";
    expect(acronymTokens(heading)).toEqual([]);
    expect(acronymTokens("TITLE I— SECURE PAYMENTS FOR STATES\nSEC. 101. Short title.")).toEqual([]);
    expect(acronymTokens("SEC. 2. Short title. Filings with the SEC are public.")).toEqual(["acrsec0"]);
    expect(acronymTokens("A word, a Capitalised one, and I.")).toEqual([]);
    expect(acronymTokens("117TH CONGRESS\n1ST SESSION\nH. R. 2002\nMr. BISHOP of Georgia introduced")).toEqual([]);
  });
});

describe("filling the acronyms of chunks stored before them", () => {
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
    // As migration 0010 leaves them: no acronyms yet, citation units already there.
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
    db.raw.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')");
  });
});
