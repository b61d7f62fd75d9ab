import type { FilterSql } from "../document-filters";
import type { SqlDatabase, SqlValue } from "../ports";
import { ftsExpression, titleExpression } from "./fts-expression";
import type { KeywordHit } from "./keyword";
import type { ParsedQuery, QueryGroup } from "./query-parser";

/**
 * Document-level ranking for queries of several words. A passage rarely holds every word of a bill's title or
 * summary, and the document that does is often not the one meant: in `npm run eval`, scoring whole documents lifted
 * nDCG@10 (keyword mode) on official titles from 0.66 to 0.82 and on 80-word summaries from 0.70 to 0.83.
 */

/**
 * bm25's term-frequency saturation and length normalisation. A document's length counts in characters (its last
 * chunk's end): its chunk count alone ranked a law's longer rendering above the bill's, and lost 0.03 nDCG@10 on
 * official titles. b = 0.9 beat 0.75 by 0.03 on titles and summaries, and cost 0.001 on titles quoted from the text.
 */
const K1 = 1.2;
const B = 0.9;
/**
 * A title match counts as this many more matching passages (the title's column weight in passage ranking), so a
 * document named by the words ranks above one that only mentions them. 2 made no difference to `npm run eval`,
 * whose titles are stripped, but let a short memo outrank the bill it quotes; a bonus outside bm25's saturation
 * (rather than more passages) lost 0.01 nDCG@10 on summaries.
 */
const TITLE_WEIGHT = 8;
/**
 * The best passage's share beside the document's score: it rewards words found together. 0.3 beat 0 by 0.007
 * nDCG@10 overall (titles quoted from the text); 0.5 lost 0.03 on official titles.
 */
const PASSAGE_WEIGHT = 0.3;

export interface ScoredGroup {
  group: QueryGroup;
  /** Chunks it matches, below the frequent bound: it bounds the rows this reads. */
  matches: number;
}

/** A ranked document, with the scored groups its title holds. */
export interface DocumentHit extends KeywordHit {
  titled: QueryGroup[];
}

/**
 * Documents ranked by bm25 where a group's frequency in a document is how many of its chunks match it, and a
 * document's length is its characters over the mean characters per chunk of the documents ranked. Only rare groups
 * are scored, each through at most `limit` chunks (its whole posting list, as it is rare), so the cost is bounded by
 * the rare words whatever the corpus size; frequent words weigh little in bm25 anyway. Each document comes with its first matching chunk. Empty when no group is rare, or when
 * `all` is set and no document has every scored group.
 */
export async function documentHits(
  db: SqlDatabase,
  input: {
    parsed: ParsedQuery;
    scored: ScoredGroup[];
    filter: FilterSql;
    limit: number;
    candidates: number;
    /**
     * `all`: only documents that match every scored group. `most`: any, those matching more of them first (see
     * `scoreDocuments`). `any`: any, by bm25 alone.
     */
    match: "all" | "most" | "any";
  },
): Promise<DocumentHit[]> {
  if (input.scored.length === 0) return [];
  // Row ids only ever grow, so these are upper bounds read in O(1); bm25 needs only rough corpus statistics. Lengths
  // are read from the matching documents' rows (from their last chunk for a row written without it).
  const size = await db
    .prepare("SELECT (SELECT max(id) FROM chunks) AS chunks, (SELECT max(rowid) FROM documents) AS documents")
    .first<{ chunks: number | null; documents: number | null }>();
  const total = Math.max(1, size?.chunks ?? 1);
  const average = total / Math.max(1, size?.documents ?? 1);
  const params: SqlValue[] = [];
  const matches = input.scored.flatMap(({ group, matches }, i) => {
    const expression = ftsExpression(input.parsed, [group], "AND") as string;
    const weight = Math.log(1 + (total - matches + 0.5) / (matches + 0.5));
    // Bound, not written inline, so a query of as many groups reuses the prepared statement (a new one cost 0.2-0.5
    // ms to prepare, and filled the statement cache). D1 binds at most 100 parameters: three per group, for at most
    // 24 probed groups, leaves room for the filters.
    params.push(weight, expression, weight, titleExpression(input.parsed, group));
    const select = (tf: number) =>
      `SELECT ${i} AS g, ? AS w, ${tf} AS tf, rowid AS id FROM (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ${input.limit})`;
    // A title match counts as that many more matching passages, as the title's column weight does in passages.
    return [select(1), select(TITLE_WEIGHT)];
  });
  const where = input.filter.where.length > 0 ? `WHERE ${input.filter.where.join(" AND ")}` : "";
  // One row per document and group matched, with the document's size; scored here rather than in SQL, where the
  // mean length over the matching documents needed a second pass over them and cost twice as much.
  const { results } = await db
    .prepare(
      `WITH m AS (${unionAll(matches)}),
       per AS (SELECT c.document_id AS doc, m.g AS g, m.w AS w, sum(m.tf) AS tf, min(m.id) AS chunk,
                      max(m.tf) = ${TITLE_WEIGHT} AS titled
               FROM m JOIN chunks c ON c.id = m.id GROUP BY c.document_id, m.g)
       SELECT per.doc, per.g, per.w, per.tf, per.chunk, per.titled, d.chunk_count AS n, coalesce(d.text_chars,
              (SELECT end_offset FROM chunks WHERE document_id = per.doc AND ord = d.chunk_count - 1)) AS len
       FROM per JOIN documents d ON d.id = per.doc ${where}`,
    )
    .bind(...params, ...input.filter.params)
    .all<DocumentRow>();
  return scoreDocuments(results, {
    average,
    groups: input.scored.map((s) => s.group),
    match: input.match,
    candidates: input.candidates,
  });
}

/** A document's match of one scored group (`g`, its index): rows matched, and whether its title is one of them. */
interface DocumentRow {
  doc: string;
  g: number;
  w: number;
  tf: number;
  chunk: number;
  titled: number;
  n: number;
  len: number | null;
}

/**
 * bm25 per document from its matched groups: a document's length in mean chunk lengths of the matching documents
 * (its chunk count when its length is unknown) over `average` chunks per document. With `match: "all"`, documents
 * matching fewer than `groups` groups are left out; with `"most"`, a document's score is scaled by the share of the
 * groups it matches: for a few words no document holds together, bm25 alone put a two-passage resolution saying one of
 * them above the appropriations acts saying two (`hurricane katrina levee contractors`, where no document says
 * `levee`). The best `candidates` are kept, each with its first matching chunk.
 */
function scoreDocuments(
  rows: DocumentRow[],
  options: { average: number; groups: QueryGroup[]; match: "all" | "most" | "any"; candidates: number },
): DocumentHit[] {
  const documents = new Map<string, { n: number; len: number | null; parts: DocumentRow[]; chunk: number }>();
  for (const row of rows) {
    const known = documents.get(row.doc);
    if (known) {
      known.parts.push(row);
      known.chunk = Math.min(known.chunk, row.chunk);
    } else documents.set(row.doc, { n: row.n, len: row.len, parts: [row], chunk: row.chunk });
  }
  let chars = 0;
  let chunks = 0;
  for (const d of documents.values()) {
    chars += d.len ?? 0;
    chunks += d.n;
  }
  const charsPerChunk = chars / chunks;
  const groups = options.groups.length;
  const hits: DocumentHit[] = [];
  for (const [documentId, d] of documents) {
    if (options.match === "all" && d.parts.length < groups) continue;
    const length = d.len !== null && charsPerChunk > 0 ? d.len / charsPerChunk : d.n;
    const norm = K1 * (1 - B + (B * length) / options.average);
    const bm25 = d.parts.reduce((sum, { w, tf }) => sum + (w * tf * (K1 + 1)) / (tf + norm), 0);
    const score = options.match === "most" ? (bm25 * d.parts.length) / groups : bm25;
    const titled = d.parts.flatMap((p) => (p.titled ? [options.groups[p.g] as QueryGroup] : []));
    hits.push({ documentId, chunkId: d.chunk, score, titled });
  }
  hits.sort((a, b) => b.score - a.score || (a.documentId < b.documentId ? -1 : a.documentId > b.documentId ? 1 : 0));
  return hits.slice(0, options.candidates);
}

/**
 * One hit per ranked document, best first: its document score (scaled to the best) plus `PASSAGE_WEIGHT` times its
 * best passage's (scaled likewise). Passages only add to documents already ranked, so a conjunctive ranking stays
 * conjunctive; the passage's chunk is kept when there is one, as it holds the words together for the snippet.
 * `together`: the documents holding every word of a short query in one passage (or their title and one passage), which
 * rank above the rest. For `health insurance for children` the pages naming "State children's health insurance
 * programs" came below tributes that say "insurance" in one paragraph and "children" in another, short pages that
 * whole-document bm25 favours; on the gold queries (titles, whose words a bill holds together anyway) it moved one
 * query's nDCG@10 by 0.03, and no average.
 */
export function blendDocumentHits(
  documents: DocumentHit[],
  passages: KeywordHit[],
  together: Set<string>,
): KeywordHit[] {
  // Scores are at most 1 + PASSAGE_WEIGHT below this: documents with every word together come first.
  const first = 1 + PASSAGE_WEIGHT;
  const top = (list: KeywordHit[]) => Math.max(Number.MIN_VALUE, ...list.map((h) => h.score));
  const documentTop = top(documents);
  const passageTop = top(passages);
  const out = new Map<string, KeywordHit>();
  for (const { titled: _, ...hit } of documents) {
    out.set(hit.documentId, { ...hit, score: (together.has(hit.documentId) ? first : 0) + hit.score / documentTop });
  }
  const seen = new Set<string>();
  for (const hit of passages) {
    const ranked = out.get(hit.documentId);
    if (!ranked || seen.has(hit.documentId)) continue;
    seen.add(hit.documentId);
    out.set(hit.documentId, { ...hit, score: ranked.score + (PASSAGE_WEIGHT * hit.score) / passageTop });
  }
  return [...out.values()].sort((a, b) => b.score - a.score || (a.documentId < b.documentId ? -1 : 1));
}

/**
 * `UNION ALL` of the selects as a balanced tree of pairs: D1 caps the terms of one compound SELECT (at a handful),
 * and each nested pair is a compound of its own.
 */
function unionAll(selects: string[]): string {
  if (selects.length <= 2) return selects.join(" UNION ALL ");
  const half = Math.ceil(selects.length / 2);
  return `SELECT * FROM (${unionAll(selects.slice(0, half))}) UNION ALL SELECT * FROM (${unionAll(selects.slice(half))})`;
}
