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

/**
 * Facet counts over the given documents (the matching ones, which search bounds to a few hundred, so this stays
 * fast). Party and state are the sponsor's; policy area the bill's. A database without the bills table (an older
 * schema) simply has no policy-area counts.
 */
export async function countFacets(db: SqlDatabase, documentIds: string[]): Promise<Facets> {
  const facets = emptyFacets();
  if (documentIds.length === 0) return facets;
  const ids = JSON.stringify(documentIds);
  // One row per document, counted here: a few hundred rows, and no compound SELECT (D1 caps their terms).
  const sponsor = (field: string) =>
    `(SELECT ${field} FROM document_people p WHERE p.document_id = d.id AND p.role = 'sponsor' ORDER BY p.ord LIMIT 1)`;
  const [rows, policy] = await Promise.all([
    db
      .prepare(
        `SELECT d.document_type AS documentType, d.congress, d.bill_type AS billType, d.version_code AS version,
                ${sponsor("upper(substr(p.party, 1, 1))")} AS party, ${sponsor("upper(p.state)")} AS sponsorState
         FROM json_each(?) j JOIN documents d ON d.id = j.value`,
      )
      .bind(ids)
      .all<Record<Exclude<FacetName, "policyArea">, string | number | null>>(),
    db
      .prepare(
        `SELECT b.policy_area AS value, count(*) AS n FROM json_each(?) j
         JOIN documents d ON d.id = j.value JOIN bills b ON b.bill_id = d.bill_id
         WHERE b.policy_area IS NOT NULL GROUP BY b.policy_area`,
      )
      .bind(ids)
      .all<{ value: string; n: number }>(),
  ]);
  const counts = new Map<FacetName, Map<string, number>>(FACET_NAMES.map((name) => [name, new Map()]));
  for (const row of rows.results) {
    for (const [name, value] of Object.entries(row) as [FacetName, string | number | null][]) {
      if (value === null || value === "") continue;
      const facet = counts.get(name);
      facet?.set(String(value), (facet.get(String(value)) ?? 0) + 1);
    }
  }
  for (const { value, n } of policy.results) counts.get("policyArea")?.set(value, n);
  for (const [name, values] of counts) facets[name] = [...values].map(([value, count]) => ({ value, count }));
  for (const name of FACET_NAMES) {
    facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    facets[name] = facets[name].slice(0, FACET_VALUES);
  }
  return facets;
}
