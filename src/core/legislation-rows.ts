import type { BillAction, GovMetadata, VoteRecord } from "../formats/gov/types";
import type { Deps } from "./deps";
import { nowIso } from "./deps";
import type { SqlStatement } from "./ports";
import { SEARCH_TITLE_SQL } from "./search/index-statements";

/** Document types whose documents are versions of a bill's text (one row each in `bill_versions`). */
export const BILL_TEXT_TYPES = ["bill", "resolution", "public-law", "statute-compilation", "amendment"] as const;

const TEXT_TYPES_SQL = BILL_TEXT_TYPES.map((t) => `'${t}'`).join(", ");

/**
 * The statements that replace a document's rows in `bill_versions`, `bill_actions` and `votes` and recompute its
 * bill's `bills` row. They read the document's row, so they go after the statement that updates it, in the same
 * batch; running them again gives the same rows.
 */
export function legislationStatements(deps: Deps, documentId: string, meta: GovMetadata | null): SqlStatement[] {
  const { db } = deps;
  const statements = [
    db.prepare("DELETE FROM bill_versions WHERE document_id = ?").bind(documentId),
    db.prepare("DELETE FROM bill_actions WHERE document_id = ?").bind(documentId),
    db.prepare("DELETE FROM votes WHERE document_id = ?").bind(documentId),
  ];
  if (!meta) return statements;
  statements.push(...versionDateStatements(deps, documentId, meta));
  if (meta.billId) {
    statements.push(
      db
        .prepare(
          `INSERT INTO bill_versions (document_id, bill_id, version_code, version_name, date, format, parser)
           SELECT id, bill_id, version_code, ?, document_date, format, parser FROM documents
           WHERE id = ? AND bill_id IS NOT NULL AND document_type IN (${TEXT_TYPES_SQL})`,
        )
        .bind(meta.version?.name ?? null, documentId),
    );
  }
  if (meta.billId && meta.actions.length > 0) {
    const rows = chronological(meta.actions).map((a) => [a.date, a.chamber, a.code, a.text]);
    statements.push(
      db
        .prepare(
          `INSERT INTO bill_actions (document_id, bill_id, ord, date, chamber, code, text)
           SELECT ?, ?, key, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?)`,
        )
        .bind(documentId, meta.billId, JSON.stringify(rows)),
    );
  }
  const vote = meta.vote;
  if (vote) {
    statements.push(
      db
        .prepare(
          `INSERT INTO votes (document_id, bill_id, congress, session, chamber, roll_number, date, question, result,
             yea, nay, present, not_voting)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          documentId,
          meta.billId ?? null,
          vote.congress,
          vote.session ?? null,
          vote.chamber,
          vote.rollNumber,
          meta.date ?? null,
          vote.question ?? null,
          vote.result ?? null,
          vote.counts.yea,
          vote.counts.nay,
          vote.counts.present,
          vote.counts.notVoting,
        ),
    );
  }
  statements.push(...billRefreshStatements(deps, { target: "current", documentId, billId: meta.billId ?? null }));
  return statements;
}

/** What dates a version of a bill's text: each of its renderings, and the MODS record describing it. */
const VERSION_DATE_SOURCES_SQL = `${TEXT_TYPES_SQL}, 'bill-mods'`;

/**
 * Renderings of one bill version share its date. Some say none (USLM converted from GPO's bill XML, enrolled bills
 * among them, leave `dc:date` empty), which left them out of date filters, year facets and date sorting: the
 * document takes the date another rendering or the MODS record of the same version gives, and, when it has one,
 * gives it to the renderings stored without. They go after the statement that writes the document's row and before
 * its `bill_versions` row, which copies the date.
 */
function versionDateStatements(deps: Deps, documentId: string, meta: GovMetadata): SqlStatement[] {
  const { db } = deps;
  const version = meta.version?.code;
  if (!meta.billId || !version) return [];
  if (!meta.date) {
    return [
      db
        .prepare(
          `UPDATE documents SET document_date = (
             SELECT max(s.document_date) FROM documents s
             WHERE s.bill_id = documents.bill_id AND s.version_code = documents.version_code AND s.id <> documents.id
               AND s.document_type IN (${VERSION_DATE_SOURCES_SQL}))
           WHERE id = ? AND document_date IS NULL AND document_type IN (${TEXT_TYPES_SQL})`,
        )
        .bind(documentId),
    ];
  }
  return [
    db
      .prepare(
        `UPDATE documents SET document_date = ?
         WHERE bill_id = ? AND version_code = ? AND document_date IS NULL AND id <> ?
           AND document_type IN (${TEXT_TYPES_SQL})`,
      )
      .bind(meta.date, meta.billId, version, documentId),
    db
      .prepare("UPDATE bill_versions SET date = ? WHERE bill_id = ? AND version_code = ? AND date IS NULL")
      .bind(meta.date, meta.billId, version),
  ];
}

/** Oldest first: bill status lists its actions newest first, other sources oldest first. */
function chronological(actions: BillAction[]): BillAction[] {
  const first = actions[0]?.date ?? "";
  const last = actions.at(-1)?.date ?? "";
  return first > last ? [...actions].reverse() : actions;
}

/**
 * The statements that recompute one bill's `bills` row from its documents, and delete it when none is left.
 * - `current`: the bill `billId` (if any), from every document it has, after the document's rows are written.
 * - `previous`: the bill the document `documentId` belongs to now, if it is not `billId`, from its other
 *   documents: goes before the statement that moves the document to another bill (or to none).
 * - `deleted`: the bill `billId`, after the document was deleted.
 */
export function billRefreshStatements(
  deps: Deps,
  input: { target: "current" | "previous" | "deleted"; documentId: string; billId: string | null },
): SqlStatement[] {
  const { db } = deps;
  const targets =
    input.target === "previous"
      ? "SELECT bill_id FROM documents WHERE id = ?2 AND bill_id IS NOT NULL AND bill_id IS NOT ?1"
      : "SELECT ?1 WHERE ?1 IS NOT NULL";
  if (input.target !== "previous" && !input.billId) return [];
  // Only `previous` leaves the document out: elsewhere it is in the bill (current) or gone (deleted).
  const excluded = input.target === "previous" ? input.documentId : null;
  const refresh = db.prepare(billRefreshSql(targets)).bind(input.billId, excluded, nowIso(deps));
  // The law a bill became is in the search title of each of its documents: written anew with the bill's row.
  const titles = db
    .prepare(
      `UPDATE chunks SET title = ${SEARCH_TITLE_SQL}
       WHERE ord = 0 AND title <> ${SEARCH_TITLE_SQL}
         AND document_id IN (SELECT id FROM documents WHERE bill_id IN (${targets}) AND id IS NOT ?2)`,
    )
    .bind(input.billId, excluded);
  // The bill of a document just written has that document: no row to delete.
  if (input.target === "current") return [refresh, titles];
  return [
    refresh,
    db
      .prepare(
        `DELETE FROM bills WHERE bill_id IN (${targets})
         AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.bill_id = bills.bill_id AND d.id IS NOT ?2)`,
      )
      .bind(input.billId, excluded),
    titles,
  ];
}

/** The documents of a bill from the best source down: the newest bill status, the newest text, the rest. */
const BEST = "s.rank, s.document_date DESC, s.updated_at DESC, s.id";

/**
 * Recomputes the `bills` rows of the bills `targets` (a SELECT of bill ids, which may use ?1 and ?2) from their
 * documents other than ?2, stamped ?3. Every field comes from the best source that has it; a bill with no document
 * left gets no row (its old row is deleted by a separate statement). Migration 0003 holds a copy, to fill the table.
 */
function billRefreshSql(targets: string): string {
  return `WITH src AS (
  SELECT d.id, d.bill_id, d.title, d.document_date, d.updated_at, m.metadata,
    CASE WHEN d.document_type = 'bill-status' THEN 0 WHEN d.document_type IN (${TEXT_TYPES_SQL}) THEN 1 ELSE 2 END
      AS rank
  FROM documents d LEFT JOIN document_metadata m ON m.document_id = d.id
  WHERE d.bill_id IN (${targets}) AND d.id IS NOT ?2
), b AS (
  SELECT bill_id, substr(bill_id, instr(bill_id, '-') + 1) AS rest FROM src GROUP BY bill_id
), f AS (
  SELECT b.bill_id,
    CAST(substr(b.bill_id, 1, instr(b.bill_id, '-') - 1) AS INTEGER) AS congress,
    substr(b.rest, 1, instr(b.rest, '-') - 1) AS bill_type,
    CAST(substr(b.rest, instr(b.rest, '-') + 1) AS INTEGER) AS number,
    coalesce(
      (SELECT t.value ->> 'text' FROM src s, json_each(s.metadata, '$.titles') t
       WHERE s.bill_id = b.bill_id AND s.rank = 0 AND t.value ->> 'type' = 'display' ORDER BY ${BEST}, t.key LIMIT 1),
      (SELECT trim(s.title) FROM src s WHERE s.bill_id = b.bill_id AND s.rank <= 1 AND trim(s.title) != ''
       ORDER BY ${BEST} LIMIT 1)) AS title,
    (SELECT s.metadata ->> 'policyArea' FROM src s
     WHERE s.bill_id = b.bill_id AND s.metadata ->> 'policyArea' IS NOT NULL ORDER BY ${BEST} LIMIT 1) AS policy_area,
    coalesce(
      (SELECT s.document_date FROM src s
       WHERE s.bill_id = b.bill_id AND s.metadata ->> 'dateKind' = 'introduced' AND s.document_date IS NOT NULL
       ORDER BY s.rank, s.document_date LIMIT 1),
      (SELECT min(a.date) FROM bill_actions a JOIN src s ON s.id = a.document_id WHERE s.bill_id = b.bill_id))
      AS introduced_date,
    (SELECT json_array(a.date, a.text) FROM bill_actions a JOIN src s ON s.id = a.document_id
     WHERE s.bill_id = b.bill_id ORDER BY s.rank, s.document_date DESC, s.updated_at DESC, s.id, a.date DESC, a.ord DESC
     LIMIT 1) AS latest,
    coalesce(
      (SELECT s.metadata ->> 'publicLaw' FROM src s
       WHERE s.bill_id = b.bill_id AND s.metadata ->> 'publicLaw' IS NOT NULL ORDER BY ${BEST} LIMIT 1),
      (SELECT replace(substr(c.value ->> 'target', 4), '/', '-') FROM src s, json_each(s.metadata, '$.citations') c
       WHERE s.bill_id = b.bill_id AND s.rank = 0 AND c.value ->> 'kind' = 'public-law' AND c.value ->> 'start' IS NULL
       ORDER BY ${BEST}, c.key LIMIT 1)) AS public_law
  FROM b
)
INSERT OR REPLACE INTO bills (bill_id, congress, bill_type, number, title, policy_area, introduced_date,
  latest_action_date, latest_action_text, public_law, updated_at)
SELECT bill_id, congress, bill_type, number, title, policy_area, introduced_date, latest ->> 0, latest ->> 1,
  public_law, ?3
FROM f WHERE congress IS NOT NULL AND bill_type != '' AND number IS NOT NULL`;
}

/** A row of `votes` as a query selects it beside a document's columns (see `VOTE_COLUMNS`). */
export interface VoteColumns {
  vote_congress: number;
  session: number | null;
  vote_chamber: VoteRecord["chamber"];
  roll_number: number;
  question: string | null;
  result: string | null;
  yea: number;
  nay: number;
  present: number;
  not_voting: number;
}

/** The columns of `votes` a query selects beside a document's, named apart from the document's own. */
export const VOTE_COLUMNS = `v.congress AS vote_congress, v.session, v.chamber AS vote_chamber, v.roll_number,
  v.question, v.result, v.yea, v.nay, v.present, v.not_voting`;

export function toVoteRecord(row: VoteColumns): VoteRecord {
  return {
    congress: row.vote_congress,
    ...(row.session === null ? {} : { session: row.session }),
    chamber: row.vote_chamber,
    rollNumber: row.roll_number,
    ...(row.question === null ? {} : { question: row.question }),
    ...(row.result === null ? {} : { result: row.result }),
    counts: { yea: row.yea, nay: row.nay, present: row.present, notVoting: row.not_voting },
  };
}
