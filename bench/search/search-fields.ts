/**
 * The derived search fields the product fills as it processes a document (migrations/0004_search.sql,
 * src/core/search/index-statements.ts): each chunk's `units`, the normalised tokens of the bill numbers and
 * citations in it (`hr2000`, `usc42s1395`, `pl116n136`), and the first chunk's `title` (the document's title and
 * bill designation, weighted above the body). The benchmark writes chunks straight into the tables, so it fills
 * them here; without them a citation query finds nothing in keyword mode and is timed on an empty answer.
 * Units come from the chunk's text (the pipeline also adds citations its markup states; the text holds most).
 */
import type Database from "better-sqlite3";
import { findUnits } from "../../src/core/search/units";

const BATCH = 5000;

/** Fills `units` and the first chunks' `title` where they differ; returns how many chunks changed. */
export function fillSearchFields(raw: Database.Database): { units: number; titles: number; seconds: number } {
  const t0 = performance.now();
  const read = raw.prepare("SELECT id, text, units FROM chunks WHERE id > ? ORDER BY id LIMIT ?");
  const write = raw.prepare("UPDATE chunks SET units = ? WHERE id = ?");
  let units = 0;
  for (let after = 0; ; ) {
    const rows = read.all(after, BATCH) as { id: number; text: string; units: string }[];
    const last = rows.at(-1);
    if (!last) break;
    after = last.id;
    const changed = rows.flatMap((row) => {
      const tokens = [...new Set(findUnits(row.text).map((u) => u.token))].join(",");
      return tokens === row.units ? [] : [{ id: row.id, tokens }];
    });
    raw.transaction(() => {
      for (const c of changed) write.run(c.tokens, c.id);
    })();
    units += changed.length;
  }
  const title = "coalesce((SELECT title FROM document_search_titles WHERE document_id = chunks.document_id), '')";
  const titles = raw.prepare(`UPDATE chunks SET title = ${title} WHERE ord = 0 AND title <> ${title}`).run().changes;
  return { units, titles, seconds: (performance.now() - t0) / 1000 };
}
