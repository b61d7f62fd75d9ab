import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { extractCitations } from "../../formats/gov/citations";
import { findUnits, tokenNames } from "./units";

let db: NodeSqlDatabase;

beforeAll(() => {
  db = openSqliteDatabase({ path: ":memory:" });
  applyMigrations(db.raw);
  const at = new Date(0).toISOString();
  db.raw
    .prepare(
      `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by, created_at,
         updated_at) VALUES ('d', 'd', 'd.txt', 'text/plain', 'text', 1, 'k', 'ready', 'test', ?, ?)`,
    )
    .run(at, at);
});
afterAll(async () => db.close());

/** The token the index stores for each citation the text makes (migrations' `citation_tokens` view). */
function indexTokens(text: string): string[] {
  db.raw.prepare("DELETE FROM citations").run();
  const insert = db.raw.prepare(
    "INSERT INTO citations (document_id, ord, kind, target, text, start_offset, end_offset) VALUES ('d', ?, ?, ?, ?, ?, ?)",
  );
  extractCitations(text).forEach((c, i) => {
    insert.run(i, c.kind, c.target, c.text, c.start, c.end);
  });
  return db.raw
    .prepare("SELECT token FROM citation_tokens ORDER BY start_offset")
    .all()
    .map((r) => (r as { token: string }).token);
}

describe("search units", () => {
  it("are the tokens the index stores for the same citations", () => {
    for (const [text, token] of [
      ["42 U.S.C. 1395w-4", "usc42s1395w4"],
      ["42 U.S.C. 1395y", "usc42s1395y0"],
      ["Public Law 116-136", "pl116n136"],
      ["40 CFR part 52", "cfr40p52"],
      ["40 CFR 52.21(b)", "cfr40p52n21"],
      ["17 CFR 240.19b-4", "cfr17p240n19b4"],
      ["33 CFR 165.T11-157", "cfr33p165nt11157"],
      ["40 CFR 52.2220a", "cfr40p52n2220a0"],
      ["88 FR 52262", "fr88p52262"],
      ["84 Fed. Reg. 22,689", "fr84p22689"],
      ["151 Cong. Rec. H6110 (daily ed. July 20, 2005)", "crec151ph6110"],
      ["166 Cong. Rec. 1234", "crec166p1234"],
    ]) {
      expect(indexTokens(text as string), text).toEqual([token]);
      expect(
        findUnits(text as string).map((u) => u.token),
        text,
      ).toEqual([token]);
    }
  });

  it("read regulations, Federal Register and Record pages as users type them", () => {
    const tokens = (q: string) => findUnits(q).map((u) => u.token);
    for (const q of ["40 CFR 52.21", "40 C.F.R. 52.21", "40 C.F.R. § 52.21", "40 cfr 52.21", "40 CFR section 52.21"]) {
      expect(tokens(q), q).toEqual(["cfr40p52n21"]);
    }
    for (const q of ["40 CFR 52", "40 CFR part 52", "40 CFR Part 52", "40 CFR pt. 52"]) {
      expect(tokens(q), q).toEqual(["cfr40p52"]);
    }
    // A part widens to its sections when few passages cite it.
    expect(findUnits("40 CFR 52")[0]?.family).toEqual(["cfr40p52n"]);
    for (const q of ["88 FR 52262", "88 fr 52262", "88 F.R. 52262", "88 Fed. Reg. 52262", "88 Fed. Reg. 52,262"]) {
      expect(tokens(q), q).toEqual(["fr88p52262"]);
    }
    for (const q of ["151 Cong. Rec. H6110", "151 cong rec h6110", "151 Cong. Rec. H 6110"]) {
      expect(tokens(q), q).toEqual(["crec151ph6110"]);
    }
    expect(tokens("FR Doc. 2024-02934; 40 CFR; the FR; Cong. Rec. H1")).toEqual([]);
  });

  it("tell bills and laws from other citations", () => {
    const kinds = (q: string) => findUnits(q).map((u) => tokenNames(u.token));
    expect(kinds("H.R. 2000, S. 1, H.J.Res. 7, Pub. L. 116-136")).toEqual(["bill", "bill", "bill", "law"]);
    expect(kinds("42 U.S.C. 1395, 40 CFR 52.21, 88 FR 52262, 151 Cong. Rec. H6110")).toEqual([null, null, null, null]);
  });
});
