import type { SqlDatabase } from "../ports";

/**
 * Facets, each named as the filter its values select (`year` selects a date range: `dateFrom` and `dateTo` of that
 * year), in the order a reader narrows by them.
 */
export const FACET_NAMES = [
  "documentType",
  "congress",
  "billType",
  "version",
  "sponsor",
  "party",
  "sponsorState",
  "policyArea",
  "year",
] as const;
export type FacetName = (typeof FACET_NAMES)[number];

export interface FacetValue {
  value: string;
  count: number;
  /** How to show a value that is a code: the sponsor's name for their bioguide or LIS id. */
  label?: string;
}

/** Per facet, its values among the matching documents, most frequent first (years: newest first). */
export type Facets = Record<FacetName, FacetValue[]>;

/** Values kept per facet; the rest are rarely worth a filter button. */
const FACET_VALUES = 20;

function emptyFacets(): Facets {
  return Object.fromEntries(FACET_NAMES.map((name) => [name, []])) as unknown as Facets;
}

/** A document's value for each facet (null where it has none). */
export type FacetRow = Record<FacetName, string | null>;

/** What search reads of a matched document besides its passage. */
export interface MatchedDocument {
  facets: FacetRow;
  /** Labels of its facet values that are codes (see `FacetValue.label`). */
  labels: Partial<Record<FacetName, string>>;
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
 * out. Sponsor, party and state are the first sponsor's (the sponsor only when they have a bioguide or LIS id, which
 * the filter takes, named as the people table names them, one name for all their documents); policy area the bill's; year the document's date's. Rows in `known` are not read again:
 * successive searches share most of their documents.
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
  const { results } = await db
    .prepare(
      `SELECT d.id, d.bill_id AS billId, d.document_date AS date, d.text_key AS textKey, d.document_type AS documentType,
              d.congress, d.bill_type AS billType, d.version_code AS version,
              (SELECT json_array(coalesce(p.bioguide_id, p.lis_id),
                        coalesce((SELECT pe.name FROM people pe WHERE pe.id = p.person_id), p.name),
                        upper(substr(p.party, 1, 1)), upper(p.state))
               FROM document_people p WHERE p.document_id = d.id AND p.role = 'sponsor' ORDER BY p.ord LIMIT 1) AS sponsor,
              (SELECT b.policy_area FROM bills b WHERE b.bill_id = d.bill_id) AS policyArea
       FROM json_each(?) j JOIN documents d ON d.id = j.value`,
    )
    .bind(JSON.stringify(unknown))
    .all<{
      id: string;
      billId: string | null;
      date: string | null;
      textKey: string | null;
      documentType: string | null;
      congress: number | null;
      billType: string | null;
      version: string | null;
      sponsor: string | null;
      policyArea: string | null;
    }>();
  const text = (value: string | number | null | undefined) =>
    value === null || value === undefined || value === "" ? null : String(value);
  for (const { id, billId, date, textKey, sponsor, ...values } of results) {
    const [sponsorId, sponsorName, party, sponsorState] = sponsor
      ? (JSON.parse(sponsor) as (string | null)[])
      : [null, null, null, null];
    const year = date?.match(/^\d{4}(?=-)/)?.[0] ?? null;
    const facets: FacetRow = {
      documentType: text(values.documentType),
      congress: text(values.congress),
      billType: text(values.billType),
      version: text(values.version),
      sponsor: text(sponsorId),
      party: text(party),
      sponsorState: text(sponsorState),
      policyArea: text(values.policyArea),
      year,
    };
    const labels = facets.sponsor && sponsorName ? { sponsor: sponsorName } : {};
    const row = { facets, labels, billId, date, textKey };
    rows.set(id, row);
    known?.set(id, row);
  }
  return rows;
}

/** Facet counts over the given documents, from their rows (see `readMatchedDocuments`). */
export function countFacets(documentIds: string[], rows: Map<string, MatchedDocument>): Facets {
  const facets = emptyFacets();
  const counts = new Map<FacetName, Map<string, FacetValue>>(FACET_NAMES.map((name) => [name, new Map()]));
  for (const id of documentIds) {
    const row = rows.get(id);
    if (!row) continue;
    for (const name of FACET_NAMES) {
      const value = row.facets[name];
      if (value === null) continue;
      const facet = counts.get(name) as Map<string, FacetValue>;
      const counted = facet.get(value);
      if (counted) counted.count++;
      else {
        const label = row.labels[name];
        facet.set(value, label ? { value, count: 1, label } : { value, count: 1 });
      }
    }
  }
  for (const name of FACET_NAMES) {
    const values = [...(counts.get(name) as Map<string, FacetValue>).values()];
    values.sort(
      name === "year"
        ? (a, b) => b.value.localeCompare(a.value)
        : (a, b) => b.count - a.count || a.value.localeCompare(b.value),
    );
    facets[name] = values.slice(0, FACET_VALUES);
  }
  return facets;
}
