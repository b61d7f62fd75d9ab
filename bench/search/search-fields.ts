/**
 * The derived search fields the product fills as it processes a document (migrations/0004_search.sql,
 * src/core/search/index-statements.ts): each chunk's acronyms (`acrcares0`, see src/core/search/acronyms.ts) and
 * `units`, those acronyms and the normalised tokens of the bill numbers and citations in it (`hr2000`,
 * `usc42s1395`, `pl116n136`), and the first chunk's `title` (the document's title and bill designation, weighted
 * above the body). The benchmark writes chunks straight into the tables, so it fills them here; without them a
 * citation query finds nothing in keyword mode and is timed on an empty answer, and the server would fill the
 * acronyms while it is timed. Units come from the chunk's text (the pipeline also adds citations its markup states;
 * the text holds most).
 */
import type Database from "better-sqlite3";
import { acronymField } from "../../src/core/search/acronyms";
import { findUnits } from "../../src/core/search/units";

const BATCH = 5000;
/** What the fields hold, raised when the product changes them: an index filled under another version is refilled. */
export const SEARCH_FIELDS_VERSION = 4;

export interface FilledFields {
  version: number;
  /** Chunks whose `units` changed, and those with acronyms. */
  units: number;
  acronyms: number;
  titles: number;
  seconds: number;
}

/** Fills `acronyms`, `units` and the first chunks' `title` where they differ. */
export function fillSearchFields(raw: Database.Database): FilledFields {
  const t0 = performance.now();
  const read = raw.prepare("SELECT id, text, units, acronyms FROM chunks WHERE id > ? ORDER BY id LIMIT ?");
  // `units` only where it changes: writing it indexes the chunk again.
  const writeUnits = raw.prepare("UPDATE chunks SET units = ?, acronyms = ? WHERE id = ?");
  const writeAcronyms = raw.prepare("UPDATE chunks SET acronyms = ? WHERE id = ?");
  let units = 0;
  let acronyms = 0;
  for (let after = 0; ; ) {
    const rows = read.all(after, BATCH) as { id: number; text: string; units: string; acronyms: string | null }[];
    const last = rows.at(-1);
    if (!last) break;
    after = last.id;
    raw.transaction(() => {
      for (const row of rows) {
        const found = acronymField(row.text);
        const tokens = [...new Set(findUnits(row.text).map((u) => u.token))].join(",");
        const value = `${found} ${tokens}`.trim();
        if (found !== "") acronyms++;
        if (value !== row.units) {
          writeUnits.run(value, found, row.id);
          units++;
        } else if (found !== row.acronyms) writeAcronyms.run(found, row.id);
      }
    })();
  }
  const title = "coalesce((SELECT title FROM document_search_titles WHERE document_id = chunks.document_id), '')";
  const titles = raw.prepare(`UPDATE chunks SET title = ${title} WHERE ord = 0 AND title <> ${title}`).run().changes;
  // The product writes acronyms with each chunk, so its index holds no rows rewritten for them; rewritten here, they
  // are merged away as the product merges them after an upgrade's fill (src/core/search/index-upkeep.ts).
  raw.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('optimize')");
  return { version: SEARCH_FIELDS_VERSION, units, acronyms, titles, seconds: (performance.now() - t0) / 1000 };
}
