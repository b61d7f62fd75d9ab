import type { SqlDatabase } from "../ports";

export const FACET_NAMES = [
  "documentType",
  "congress",
  "billType",
  "version",
  "party",
  "sponsorState",
  "policyArea",
] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export interface FacetValue {
  value: string;
  count: number;
}

/** Per facet, its values among the matching documents, most frequent first. */
export type Facets = Record<FacetName, FacetValue[]>;

/** Values kept per facet; the rest are rarely worth a filter button. */
const FACET_VALUES = 20;

function emptyFacets(): Facets {
  return { documentType: [], congress: [], billType: [], version: [], party: [], sponsorState: [], policyArea: [] };
}

/** A document's value for each facet (null where it has none). */
export type FacetRow = Record<FacetName, string | null>;

/** What search reads of a matched document besides its passage. */
export interface MatchedDocument {
  facets: FacetRow;
  billId: string | null;
  /** The document's date (ISO), as its type means it. */
  date: string | null;
  /** Documents of one key say the same thing (migrations/0012_text_key.sql); null before it was written. */
  textKey: string | null;
}

/**
 * Matched documents already read, by id. A caller keeps them for one index generation: every change to a document or
 * its bill advances it.
 */
export interface KnownDocuments {
  get(documentId: string): MatchedDocument | undefined;
  set(documentId: string, row: MatchedDocument): unknown;
}

/**
 * The rows of the given documents (the matching ones, which search bounds to a few hundred); missing ones are left
 * out. Party and state are the sponsor's; policy area the bill's. Rows in `known` are not read again: successive
 * searches share most of their documents.
 */
export async function readMatchedDocuments(
  db: SqlDatabase,
  documentIds: string[],
  known?: KnownDocuments,
): Promise<Map<string, MatchedDocument>> {
  const rows = new Map<string, MatchedDocument>();
  for (const id of documentIds) {
    const row = known?.get(id);
    if (row) rows.set(id, row);
  }
  const unknown = [...new Set(documentIds.filter((id) => !rows.has(id)))];
  if (unknown.length === 0) return rows;
  const sponsor = (field: string) =>
    `(SELECT ${field} FROM document_people p WHERE p.document_id = d.id AND p.role = 'sponsor' ORDER BY p.ord LIMIT 1)`;
  const { results } = await db
    .prepare(
      `SELECT d.id, d.bill_id AS billId, d.document_date AS date, d.text_key AS textKey, d.document_type AS documentType, d.congress,
              d.bill_type AS billType, d.version_code AS version, ${sponsor("upper(substr(p.party, 1, 1))")} AS party,
              ${sponsor("upper(p.state)")} AS sponsorState,
              (SELECT b.policy_area FROM bills b WHERE b.bill_id = d.bill_id) AS policyArea
       FROM json_each(?) j JOIN documents d ON d.id = j.value`,
    )
    .bind(JSON.stringify(unknown))
    .all<
      { id: string; billId: string | null; date: string | null; textKey: string | null } & Record<
        FacetName,
        string | number | null
      >
    >();
  for (const { id, billId, date, textKey, ...values } of results) {
    const facets = Object.fromEntries(
      FACET_NAMES.map((name) => {
        const value = values[name];
        return [name, value === null || value === "" ? null : String(value)];
      }),
    ) as FacetRow;
    const row = { facets, billId, date, textKey };
    rows.set(id, row);
    known?.set(id, row);
  }
  return rows;
}

/** Facet counts over the given documents, from their rows (see `readMatchedDocuments`). */
export function countFacets(documentIds: string[], rows: Map<string, MatchedDocument>): Facets {
  const facets = emptyFacets();
  const counts = new Map<FacetName, Map<string, number>>(FACET_NAMES.map((name) => [name, new Map()]));
  for (const id of documentIds) {
    const row = rows.get(id)?.facets;
    if (!row) continue;
    for (const name of FACET_NAMES) {
      const value = row[name];
      if (value === null) continue;
      const facet = counts.get(name) as Map<string, number>;
      facet.set(value, (facet.get(value) ?? 0) + 1);
    }
  }
  for (const [name, values] of counts) facets[name] = [...values].map(([value, count]) => ({ value, count }));
  for (const name of FACET_NAMES) {
    facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    facets[name] = facets[name].slice(0, FACET_VALUES);
  }
  return facets;
}
