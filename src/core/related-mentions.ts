import type { PersonMention } from "../formats/gov";
import type { Deps } from "./deps";
import { ownPageSql } from "./documents";
import { createRelatedPeopleMatcher, isAnonymousPersonId, type RelatedMention } from "./people";
import type { SqlStatement } from "./ports";

/** A sponsor, cosponsor or speaker stored for a related document, where it is stored. */
export interface StoredRelatedMention extends RelatedMention {
  documentId: string;
  ord: number;
  personId: string;
}

/** Where a document stands among others: its bill, and for the Record its day and the pages it is printed on. */
export interface RelatedScope {
  billId?: string | null;
  /** The date of a Record document. */
  recordDate?: string | null;
  /** The Record pages it is printed on (`ownRecordPages`). */
  recordPages?: string[];
  /** The chamber of a Record page (a Daily Digest page has none). */
  recordChamber?: string | null;
  /** A Record document of the whole day that says which chamber each speaker sat in: the issue's MODS record. */
  recordIssue?: boolean;
}

const COLUMNS = `p.document_id AS documentId, p.ord, p.person_id AS personId, p.role, p.name,
  p.bioguide_id AS bioguideId, p.lis_id AS lisId, p.party, p.state`;

/** The chamber of a Record page by its letter (`crec/151/s8583`): Senate, House, Extensions of Remarks (House). */
const PAGE_CHAMBER_SQL = `(SELECT CASE substr(c.target, 6 + instr(substr(c.target, 6), '/'), 1)
    WHEN 's' THEN 'senate' WHEN 'h' THEN 'house' WHEN 'e' THEN 'house' END
  FROM citations c WHERE c.document_id = d.id AND ${ownPageSql("c")} LIMIT 1)`;

/** Another Record document (`d`) of the day (?2) than the one stored (?1). */
const SAME_DAY_RECORD_SQL = "d.document_type = 'congressional-record' AND d.document_date = ?2 AND d.id <> ?1";

/** A Record document of the day that states no page of its own: the issue's MODS (or METS) record. */
const ISSUE_RECORD_SQL = `${SAME_DAY_RECORD_SQL}
  AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.document_id = d.id AND ${ownPageSql("c")})`;

/**
 * The people documents related to one (other than `documentId`) name: the sponsors and cosponsors of the bill's other
 * documents; for a Record page, the speakers of the other documents printed on one of its pages (its HTML and JSON
 * renderings, the other speeches on it) and those its issue's MODS record lists, with their chamber; for that MODS
 * record, the speakers the day's pages name without an id, with their page's chamber.
 */
export async function relatedMentions(
  deps: Deps,
  documentId: string,
  scope: RelatedScope,
): Promise<StoredRelatedMention[]> {
  const pages = scope.recordPages ?? [];
  const date = scope.recordDate ?? null;
  if (!scope.billId && !date) return [];
  const { db } = deps;
  const queries: Promise<StoredRelatedMention[]>[] = [];
  if (scope.billId) {
    queries.push(
      rows(
        db
          .prepare(
            `SELECT ${COLUMNS} FROM documents d JOIN document_people p ON p.document_id = d.id
             WHERE d.bill_id = ?2 AND d.id <> ?1 AND p.role IN ('sponsor', 'cosponsor')`,
          )
          .bind(documentId, scope.billId),
      ),
    );
  }
  if (date && pages.length > 0) {
    queries.push(
      rows(
        db
          .prepare(
            `SELECT ${COLUMNS} FROM document_people p
             WHERE p.role = 'speaker' AND p.document_id <> ?1 AND p.document_id IN (
               SELECT c.document_id FROM citations c
               WHERE c.target IN (SELECT value FROM json_each(?2)) AND ${ownPageSql("c")})`,
          )
          .bind(documentId, JSON.stringify(pages)),
      ),
    );
    if (scope.recordChamber) queries.push(issueSpeakers(deps, documentId, date, scope.recordChamber));
  }
  if (date && scope.recordIssue) {
    // Pages without a chamber (the Daily Digest) are left out: the day's members of both chambers would fit them.
    queries.push(
      rowsWithChamber(
        db
          .prepare(
            `SELECT ${COLUMNS}, ${PAGE_CHAMBER_SQL} AS chamber FROM documents d
             JOIN document_people p ON p.document_id = d.id
             WHERE ${SAME_DAY_RECORD_SQL} AND p.role = 'speaker' AND p.person_id LIKE 'name:%'`,
          )
          .bind(documentId, date),
      ),
    );
  }
  return (await Promise.all(queries)).flat();
}

async function rows(statement: SqlStatement): Promise<StoredRelatedMention[]> {
  return (await statement.all<StoredRelatedMention>()).results;
}

async function rowsWithChamber(statement: SqlStatement): Promise<StoredRelatedMention[]> {
  return (await rows(statement)).filter((r) => r.chamber);
}

/**
 * The speakers the issue's MODS record of the day lists as sitting in `chamber`: read from its metadata, where the
 * chamber is kept (one JSON of a few hundred members a day).
 */
async function issueSpeakers(
  deps: Deps,
  documentId: string,
  date: string,
  chamber: string,
): Promise<StoredRelatedMention[]> {
  const { results } = await deps.db
    .prepare(
      `SELECT d.id, m.metadata ->> '$.people' AS people FROM documents d
       JOIN document_metadata m ON m.document_id = d.id WHERE ${ISSUE_RECORD_SQL}`,
    )
    .bind(documentId, date)
    .all<{ id: string; people: string | null }>();
  return results.flatMap((r) =>
    (JSON.parse(r.people ?? "[]") as PersonMention[]).flatMap((p, ord) =>
      p.role === "speaker" && p.bioguideId && p.chamber === chamber
        ? [
            {
              documentId: r.id,
              ord,
              personId: p.bioguideId,
              role: p.role,
              name: p.name,
              bioguideId: p.bioguideId,
              party: p.party ?? null,
              state: p.state ?? null,
              chamber: p.chamber,
            },
          ]
        : [],
    ),
  );
}

/** A name-only mention of another document that turned out to be a member: [document, ord, old id, bioguide, LIS]. */
type Relink = [string, number, string, string, string | null];

/**
 * Joins the people documents name without an id to the members related documents identify (see
 * `createRelatedPeopleMatcher`), both ways: this document's name-only sponsors and speakers take an id another gives,
 * and other documents' name-only ones take one this document gives. `chamber` is the document's, for its people who
 * have none of their own. `linked` are this document's mentions so named.
 */
export function linkRelatedPeople(people: PersonMention[], others: StoredRelatedMention[], chamber?: string) {
  const linked = new Set<PersonMention>();
  if (others.length === 0) return { people, linked, relinks: [] as Relink[] };
  const own = people.map((p) => ({ ...p, chamber: p.chamber ?? chamber }));
  const match = createRelatedPeopleMatcher([...own, ...others]);
  const named = people.map((p, i) => {
    const found = match(own[i] as RelatedMention);
    if (!found) return p;
    const out = { ...p, ...found };
    linked.add(out);
    return out;
  });
  const relinks = others.flatMap((m): Relink[] => {
    const found = isAnonymousPersonId(m.personId) ? match(m) : null;
    return found ? [[m.documentId, m.ord, m.personId, found.bioguideId, found.lisId ?? null]] : [];
  });
  return { people: named, linked, relinks };
}

/**
 * Other documents' mentions moved to the member's record, with his ids (which their documents' people show: see
 * `withStoredIds`); the name-only records no mention is left on go with their last
 * (migrations/0021_people_without_documents.sql).
 */
export function relinkStatements(deps: Deps, relinks: Relink[]): SqlStatement[] {
  return [
    deps.db
      .prepare(
        `UPDATE document_people SET person_id = j.value ->> 3, bioguide_id = j.value ->> 3,
           lis_id = coalesce(document_people.lis_id, j.value ->> 4)
         FROM json_each(?) j
         WHERE document_people.document_id = j.value ->> 0 AND document_people.ord = j.value ->> 1
           AND document_people.person_id = j.value ->> 2`,
      )
      .bind(JSON.stringify(relinks)),
  ];
}
