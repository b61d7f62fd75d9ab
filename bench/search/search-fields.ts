/**
 * The derived search fields the product fills as it processes a document (migrations/0004_search.sql,
 * src/core/search/index-statements.ts): each chunk's acronyms (`acrcares0`, see src/core/search/acronyms.ts) and
 * `units`, those acronyms and the normalised tokens of the bill numbers and citations in it (`hr2000`,
 * `usc42s1395`, `pl116n136`), and the first chunk's `title` (the document's title and bill designation, weighted
 * above the body). The benchmark writes chunks straight into the tables, so it works them out here and writes each
 * chunk with them, as the product does (an index built before they changed is filled in place); without them a
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
  /** Chunks whose `units` changed (or, written with them, are not empty), and those with acronyms. */
  units: number;
  acronyms: number;
  titles: number;
  /** Working them out, for chunks written with them (part of writing the text); filling them in place otherwise. */
  seconds: number;
}

/** A chunk's `acronyms`, and its `units`: those acronyms and the tokens of the citations in its text. */
export function chunkSearchFields(text: string): { acronyms: string; units: string } {
  const acronyms = acronymField(text);
  const tokens = [...new Set(findUnits(text).map((u) => u.token))].join(",");
  return { acronyms, units: `${acronyms} ${tokens}`.trim() };
}

/** SQL of a first chunk's `title`, read from the row of the document whose id `documentId` (SQL) gives. */
export const firstChunkTitle = (documentId: string) =>
  `coalesce((SELECT title FROM document_search_titles WHERE document_id = ${documentId}), '')`;

/**
 * Merges the keyword index into one segment, as the product's upkeep does over time (src/core/search/index-upkeep.ts):
 * every run then times the same index, however its rows were written.
 */
export function mergeKeywordIndex(raw: Database.Database): void {
  raw.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('optimize')");
}

/** Fills `acronyms`, `units` and the first chunks' `title` where they differ, in an index written without them. */
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
        const { acronyms: found, units: value } = chunkSearchFields(row.text);
        if (found !== "") acronyms++;
        if (value !== row.units) {
          writeUnits.run(value, found, row.id);
          units++;
        } else if (found !== row.acronyms) writeAcronyms.run(found, row.id);
      }
    })();
  }
  const title = firstChunkTitle("chunks.document_id");
  const titles = raw.prepare(`UPDATE chunks SET title = ${title} WHERE ord = 0 AND title <> ${title}`).run().changes;
  // The rows rewritten here are merged away, as the product merges them after an upgrade's fill.
  mergeKeywordIndex(raw);
  return { version: SEARCH_FIELDS_VERSION, units, acronyms, titles, seconds: (performance.now() - t0) / 1000 };
}
