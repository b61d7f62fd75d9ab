import { committeeCodeForms } from "../formats/gov/committees";
import { AppError } from "./errors";
import type { SqlValue } from "./ports";

/** What the documents list and search results can be narrowed to: one set of names, one meaning. */
export interface DocumentFilters {
  /** A bill's id (`116-hr-2000`): its own documents (texts, status, statements, votes). */
  bill?: string;
  congress?: number;
  billType?: string;
  version?: string;
  documentType?: string;
  /** Inclusive bounds on the document's date (ISO, `YYYY-MM-DD`); a range that ends before it starts is refused. */
  dateFrom?: string;
  dateTo?: string;
  /** Bioguide or LIS id of the sponsor. */
  sponsor?: string;
  /** Party (`D`, `R`, `I`) and state (postal code) of the sponsor (`state` alone is a document's processing state). */
  party?: string;
  sponsorState?: string;
  /** A committee's code (`hsif00`, in any spelling: `HIF00`, `HSIF`) or name, as the document lists it. */
  committee?: string;
  /** The bill's policy area, as Congress.gov names it (`Health`). */
  policyArea?: string;
}

export const FILTER_NAMES = [
  "bill",
  "congress",
  "billType",
  "version",
  "documentType",
  "dateFrom",
  "dateTo",
  "sponsor",
  "party",
  "sponsorState",
  "committee",
  "policyArea",
] as const satisfies readonly (keyof DocumentFilters)[];

export interface FilterSql {
  /** Conditions on the documents table aliased `d`, to be joined with AND; empty when nothing filters. */
  where: string[];
  params: SqlValue[];
}

/**
 * The day a bound of a date range stands for: a day as it is; a month or year (`2020-02`, `2020`) as its first day to
 * start a range, its last (`2020-02-29`) to end one. Null when the value is not a date of those forms.
 */
export function boundDay(value: string, bound: "first" | "last"): string | null {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? (bound === "first" ? 1 : 12) : Number(match[2]);
  // Day 0 of the next month is the month's last (setUTCFullYear, unlike Date.UTC, keeps years below 100 as such).
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  const days = month >= 1 && month <= 12 ? last.getUTCDate() : 0;
  const day = match[3] === undefined ? (bound === "first" ? 1 : days) : Number(match[3]);
  if (day < 1 || day > days) return null;
  return [year, month, day].map((n, i) => String(n).padStart(i === 0 ? 4 : 2, "0")).join("-");
}

/**
 * A sponsor's party and state, as SQL over their `document_people` row `p` and `people` record `pe`: as the document
 * gives them, else as their record holds them. A bill's text names its sponsor without party ("Mrs. Lowey"); the
 * legislators data supplies the party of members it holds, and a former member's record takes it from a bill status,
 * vote or speech that gives it, which then counts for the texts naming them too.
 */
export const SPONSOR_PARTY = "coalesce(p.party, pe.party)";
export const SPONSOR_STATE = "coalesce(p.state, pe.state)";

/** The SQL of the filters, as conditions on the documents table aliased `d`. */
export function filterSql(filters: DocumentFilters): FilterSql {
  if (filters.dateFrom && filters.dateTo && filters.dateFrom > filters.dateTo) {
    throw new AppError("bad_request", `dateFrom (${filters.dateFrom}) is after dateTo (${filters.dateTo})`);
  }
  const where: string[] = [];
  const params: SqlValue[] = [];
  const equal = (column: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(`d.${column} = ?`);
    params.push(value);
  };
  equal("bill_id", filters.bill?.toLowerCase());
  equal("congress", filters.congress);
  equal("bill_type", filters.billType?.toLowerCase());
  equal("version_code", filters.version?.toLowerCase());
  equal("document_type", filters.documentType);
  if (filters.dateFrom) {
    where.push("d.document_date >= ?");
    params.push(filters.dateFrom);
  }
  if (filters.dateTo) {
    where.push("d.document_date <= ?");
    params.push(filters.dateTo);
  }
  if (filters.sponsor || filters.party || filters.sponsorState) {
    const sponsor: string[] = ["p.document_id = d.id", "p.role = 'sponsor'"];
    if (filters.sponsor) {
      sponsor.push("(p.bioguide_id = ? OR p.lis_id = ?)");
      params.push(filters.sponsor, filters.sponsor);
    }
    if (filters.party) {
      sponsor.push(`upper(substr(${SPONSOR_PARTY}, 1, 1)) = upper(substr(?, 1, 1))`);
      params.push(filters.party);
    }
    if (filters.sponsorState) {
      sponsor.push(`upper(${SPONSOR_STATE}) = upper(?)`);
      params.push(filters.sponsorState);
    }
    where.push(
      `EXISTS (SELECT 1 FROM document_people p LEFT JOIN people pe ON pe.id = p.person_id WHERE ${sponsor.join(" AND ")})`,
    );
  }
  if (filters.committee) {
    // A code in any of its spellings (`hsif00` = GPO's `HIF00` = GovTrack's `HSIF`), or a name as documents give it.
    const forms = committeeCodeForms(filters.committee);
    where.push(`EXISTS (SELECT 1 FROM document_committees k WHERE k.document_id = d.id
      AND (k.code IN (${forms.map(() => "?").join(", ")}) OR k.name = ?))`);
    params.push(...forms, filters.committee);
  }
  if (filters.policyArea) {
    where.push("EXISTS (SELECT 1 FROM bills b WHERE b.bill_id = d.bill_id AND lower(b.policy_area) = lower(?))");
    params.push(filters.policyArea);
  }
  return { where, params };
}

/**
 * The filters for a statement over chunks aliased `c`: a join of their documents (`d`) and an `AND …` clause to
 * append to its WHERE; both empty when nothing filters.
 */
export function chunkFilterClause(filter: FilterSql): { join: string; where: string } {
  if (filter.where.length === 0) return { join: "", where: "" };
  return {
    join: "JOIN documents d ON d.id = c.document_id",
    where: `AND ${filter.where.join(" AND ")}`,
  };
}
