import type { MatchedDocument } from "./facets";
import type { Hit } from "./hits";
import type { ParsedQuery } from "./query-parser";
import { billToken, lawToken, tokenNames } from "./units";

/** What a query of citations names: bill designations (`hr2000`) and law numbers (`pl116n136`), as unit tokens. */
export interface NamedBills {
  bills: Set<string>;
  laws: Set<string>;
}

/** The bills and laws a query names, when it is made of citations only and names at least one; else null. */
export function namedBills(parsed: ParsedQuery): NamedBills | null {
  const named: NamedBills = { bills: new Set(), laws: new Set() };
  for (const group of parsed.groups) {
    for (const alternative of group.alternatives) {
      if (alternative.kind !== "unit") return null;
      const { token } = alternative.unit;
      const kind = tokenNames(token);
      if (kind) named[kind === "bill" ? "bills" : "laws"].add(token);
    }
  }
  return named.bills.size + named.laws.size > 0 ? named : null;
}

/**
 * How telling each kind of a bill's documents is of it, most first: its text, then the law's (first when the law is
 * what the query names), its record, what was said of it, the votes on it.
 */
const KINDS = [
  "bill",
  "resolution",
  "public-law",
  "amendment",
  "bill-status",
  "bill-mods",
  "statement-of-administration-policy",
  "roll-call-vote",
];

function kindRank(documentType: string | undefined, byLaw: boolean): number {
  if (byLaw && documentType === "public-law") return -1;
  const at = documentType ? KINDS.indexOf(documentType) : -1;
  return at >= 0 ? at : KINDS.length;
}

/** Whether the document's bill became a law the query names. */
function lawNamed(document: MatchedDocument, named: NamedBills): boolean {
  return document.publicLaw !== null && named.laws.has(lawNumber(document.publicLaw));
}

/** Whether the document is one of a bill the query names, or of the bill that became a law it names. */
function ownDocument(document: MatchedDocument | undefined, named: NamedBills): boolean {
  return Boolean(document?.billId && (named.bills.has(designation(document.billId)) || lawNamed(document, named)));
}

/**
 * The results of a named bill's own documents, marked `namedBill`: the number the query gave is theirs, where neither
 * their title nor their passage may show it (a bill's status, titled by its short title).
 */
export function markNamedBills<R extends { documentId: string }>(
  results: R[],
  documents: Map<string, MatchedDocument>,
  named: NamedBills | null,
): (R & { namedBill?: true })[] {
  if (!named) return results;
  return results.map((r) => (ownDocument(documents.get(r.documentId), named) ? { ...r, namedBill: true } : r));
}

/** The bill's designation as a unit token: `116-hr-2000` → `hr2000`. */
function designation(billId: string): string {
  const [, type, number] = billId.split("-");
  return billToken(type ?? "", Number(number));
}

/** A law's number as a unit token: `116-136` → `pl116n136`. */
function lawNumber(publicLaw: string): string {
  const [congress, law] = publicLaw.split("-");
  return lawToken(Number(congress), Number(law));
}

/**
 * A query naming a bill or a law (`H.R. 2000`, `Pub. L. 116-136`) lists that bill's own documents first: its newest
 * Congress's first (a bare number names one bill per Congress), then by kind (see `KINDS`: the text, which bm25
 * ranked below the short roll calls holding its number beside a title), newest first within a kind; then the
 * documents citing it, as ranked. Scores are raised where the new order needs it, so they still descend with the
 * page (cursors resume by score).
 */
export function billDocumentsFirst(hits: Hit[], documents: Map<string, MatchedDocument>, named: NamedBills): Hit[] {
  const bills: Hit[] = [];
  const others: Hit[] = [];
  for (const hit of hits) (ownDocument(documents.get(hit.documentId), named) ? bills : others).push(hit);
  if (bills.length === 0) return hits;
  const key = (hit: Hit) => {
    const document = documents.get(hit.documentId) as MatchedDocument;
    return {
      congress: Number(document.facets.congress[0]?.value ?? 0),
      kind: kindRank(document.facets.documentType[0]?.value, lawNamed(document, named)),
      date: document.date ?? "",
    };
  };
  const keys = new Map(bills.map((hit) => [hit, key(hit)]));
  // A stable sort: within a congress, kind and date, the ranking's order.
  bills.sort((a, b) => {
    const x = keys.get(a) as ReturnType<typeof key>;
    const y = keys.get(b) as ReturnType<typeof key>;
    return y.congress - x.congress || x.kind - y.kind || (x.date < y.date ? 1 : x.date > y.date ? -1 : 0);
  });
  const ordered = [...bills, ...others];
  for (let i = ordered.length - 2; i >= 0; i--) {
    const hit = ordered[i] as Hit;
    const next = (ordered[i + 1] as Hit).score;
    if (hit.score <= next) ordered[i] = { ...hit, score: next + Math.max(1e-6, Math.abs(next) * 1e-9) };
  }
  return ordered;
}
