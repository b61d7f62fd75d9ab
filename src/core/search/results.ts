import type { SqlDatabase } from "../ports";
import { highlightQuery, makeSnippet, type Range, unitMatcher } from "./highlight";
import type { ParsedQuery } from "./query-parser";

/** What found a result: its words (keyword ranking) or its meaning (the model's nearest passages). */
export type MatchSource = "keywords" | "meaning";

export interface SearchResult {
  documentId: string;
  filename: string;
  title: string | null;
  /** `[start, end)` ranges of what the query matched in `title`: words, phrases, bill numbers and citations. */
  titleHighlights: [number, number][];
  format: string;
  state: string;
  score: number;
  /** Plain text; never HTML, so document text cannot inject markup. */
  snippet: string;
  /** `[start, end)` ranges of matches within `snippet`; a phrase is one range. */
  highlights: [number, number][];
  /**
   * Where the snippet lies in the document's text (`GET /v1/documents/{id}/text`), and its section's heading, with
   * the ranges the query matched in it (a passage found by its heading may not show the words in its snippet), and
   * who speaks in it when the document says (the Congressional Record's `Mr. PRICE of Georgia`; absent otherwise),
   * with their person id (`GET /v1/people/{id}`) when the document names them among its people.
   */
  passage: {
    start: number;
    end: number;
    heading: string;
    headingHighlights: [number, number][];
    speaker?: string;
    speakerId?: string;
  };
  billId: string | null;
  /**
   * Set when the query is the number of this document's bill (or of the law it became): `H.R. 2000` names the bill of
   * its status, titled by its short title, whose number neither the title nor the passage may show. Absent otherwise.
   */
  namedBill?: true;
  /** What the document is (`bill`, `bill-status`, `congressional-record`, `rule`…), when its parser says. */
  documentType: string | null;
  /** A bill text's version, as GPO codes it (`ih`, `eh`, `enr`): versions of one bill are results of their own. */
  version: string | null;
  /** The document's date (ISO), as its type means it: introduced, enacted, published, voted… */
  date: string | null;
  /**
   * Which rankings found the document: `["keywords"]` in keyword mode, `["meaning"]` in semantic mode; in hybrid
   * mode either or both. A hybrid result found by its meaning alone may lack the query's words altogether.
   */
  matchedBy: MatchSource[];
  /**
   * Other documents folded into this result, best first: other renderings of the same bill version, those of the same
   * text (see `text_key`) and, with `group=bill`, the bill's other documents. Absent when none.
   */
  collapsed?: string[];
}

/** A ranked hit, as results are made from it: its passage by chunk id, or by its document and number in it. */
interface PresentedHit {
  chunkId: number | null;
  documentId: string;
  ord?: number;
  score: number;
  matchedBy: MatchSource[];
  collapsed?: string[];
}

interface ChunkRow {
  id: number;
  document_id: string;
  start_offset: number;
  end_offset: number;
  heading: string;
  speaker: string | null;
  /** The person the document names as the speaker (a presiding officer by the name in parentheses). */
  speaker_id: string | null;
  text: string;
  filename: string;
  title: string | null;
  format: string;
  state: string;
  bill_id: string | null;
  document_type: string | null;
  version_code: string | null;
  document_date: string | null;
}

/**
 * Search results for ranked hits, in their order: each passage's snippet, highlights and offsets. A hit whose passage
 * no longer exists (its document read again into fewer passages since the model's index was queried) is left out.
 */
export async function presentHits(db: SqlDatabase, hits: PresentedHit[], parsed: ParsedQuery): Promise<SearchResult[]> {
  if (hits.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT j.key AS at, c.id, c.document_id, c.start_offset, c.end_offset, c.heading, c.speaker, c.text,
              d.filename, d.title, d.format, d.state, d.bill_id, d.document_type, d.version_code, d.document_date,
              CASE WHEN c.speaker IS NOT NULL THEN (SELECT p.person_id FROM document_people p
                WHERE p.document_id = c.document_id AND p.role = 'speaker'
                  AND (p.name = c.speaker OR c.speaker LIKE '%(' || p.name || ')') LIMIT 1) END AS speaker_id
       FROM json_each(?) j
       JOIN chunks c ON c.id = coalesce(j.value ->> 0,
         (SELECT k.id FROM chunks k WHERE k.document_id = j.value ->> 1 AND k.ord = j.value ->> 2))
       JOIN documents d ON d.id = c.document_id`,
    )
    .bind(JSON.stringify(hits.map((h) => [h.chunkId, h.documentId, h.ord ?? null])))
    .all<ChunkRow & { at: number }>();
  const rows = new Map(results.map((r) => [r.at, r]));
  const cited = await citedRanges(db, results, parsed);
  return hits.flatMap((hit, at) => {
    const row = rows.get(at);
    if (!row) return [];
    const { snippet, highlights, start, end } = makeSnippet(row.text, parsed, cited.get(row.id));
    return [
      {
        documentId: row.document_id,
        filename: row.filename,
        title: row.title,
        titleHighlights: row.title ? highlightQuery(row.title, parsed) : [],
        format: row.format,
        state: row.state,
        score: hit.score,
        snippet,
        highlights,
        passage: {
          start: row.start_offset + start,
          end: row.start_offset + end,
          heading: row.heading,
          headingHighlights: highlightQuery(row.heading, parsed),
          ...(row.speaker ? { speaker: row.speaker } : {}),
          ...(row.speaker_id ? { speakerId: row.speaker_id } : {}),
        },
        billId: row.bill_id,
        documentType: row.document_type,
        version: row.version_code,
        date: row.document_date,
        matchedBy: hit.matchedBy,
        ...(hit.collapsed ? { collapsed: hit.collapsed } : {}),
      },
    ];
  });
}

/**
 * Where, in each passage, the document's markup cites a unit the query asked for, however the text words it
 * (`section 552 of title 5, United States Code`): the index matched those citations, so the snippet shows them.
 */
async function citedRanges(db: SqlDatabase, rows: ChunkRow[], parsed: ParsedQuery): Promise<Map<number, Range[]>> {
  const wanted = unitMatcher(parsed);
  const ranges = new Map<number, Range[]>();
  if (!wanted || rows.length === 0) return ranges;
  const { results } = await db
    .prepare(
      `SELECT k.id AS chunk, c.start_offset - k.start_offset AS start, c.end_offset - k.start_offset AS end, t.token
       FROM json_each(?) j JOIN chunks k ON k.id = j.value
       JOIN citation_tokens t ON t.document_id = k.document_id
         AND t.start_offset >= k.start_offset AND t.start_offset < k.end_offset
       JOIN citations c ON c.document_id = t.document_id AND c.start_offset = t.start_offset`,
    )
    .bind(JSON.stringify(rows.map((r) => r.id)))
    .all<{ chunk: number; start: number; end: number | null; token: string }>();
  for (const r of results) {
    // An empty range is where a page the document is printed on begins: it marks nothing, but the snippet shows it.
    if (r.end === null || !wanted(r.token)) continue;
    ranges.set(r.chunk, [...(ranges.get(r.chunk) ?? []), [r.start, r.end]]);
  }
  return ranges;
}
