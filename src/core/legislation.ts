import type { GovMetadata, VoteRecord } from "../formats/gov/types";
import type { Deps } from "./deps";
import { type DocumentRow, ownPageSql, toDocument } from "./documents";
import type { DocumentRecord } from "./domain";
import { AppError } from "./errors";
import { createPersonView } from "./legislation-person";
import { BILL_TEXT_TYPES, toVoteRecord, VOTE_COLUMNS, type VoteColumns } from "./legislation-rows";
import { withStoredIds } from "./stored-mentions";
import { chronological } from "./version-order";

export interface BillVersion {
  version: string | null;
  /** GPO's name of the version ("Introduced in House"). */
  name: string | null;
  date: string | null;
  /** The same version in each rendering GPO publishes (USLM, DTD XML, HTML, PDF…). */
  renderings: DocumentRecord[];
}

export interface BillActionEntry {
  date: string;
  text: string;
  chamber: string | null;
  code: string | null;
}

/** A sponsor or cosponsor as the bill's best source names them (its status when there is one). */
export interface Sponsorship {
  personId: string;
  name: string;
  bioguideId: string | null;
  lisId: string | null;
  party: string | null;
  state: string | null;
  /** When they joined (cosponsors, from the bill status). */
  date: string | null;
  original: boolean | null;
  withdrawn: boolean | null;
}

export interface BillView {
  billId: string;
  congress: number | null;
  billType: string | null;
  number: number | null;
  title: string | null;
  policyArea: string | null;
  introducedDate: string | null;
  latestAction: { date: string; text: string } | null;
  /** `116-136`, when the bill became law. */
  publicLaw: string | null;
  /** Oldest first; a version without a date where its stage puts it among the dated ones (see `chronological`). */
  versions: BillVersion[];
  /** From the best source that lists actions (the newest bill status first), oldest first. */
  actions: BillActionEntry[];
  sponsors: Sponsorship[];
  cosponsors: Sponsorship[];
  /** From the newest bill status document, when there is one. */
  status:
    | (Pick<
        GovMetadata,
        "titles" | "people" | "committees" | "actions" | "subjects" | "policyArea" | "summaries" | "relatedBills"
      > & { documentId: string })
    | null;
  /** Roll calls on the bill, oldest first. */
  votes: (DocumentRecord & { vote: VoteRecord })[];
  related: DocumentRecord[];
}

export interface CitingBill {
  billId: string;
  title: string | null;
  latestActionDate: string | null;
  publicLaw: string | null;
}

interface BillRow {
  bill_id: string;
  congress: number;
  bill_type: string;
  number: number;
  title: string | null;
  policy_area: string | null;
  introduced_date: string | null;
  latest_action_date: string | null;
  latest_action_text: string | null;
  public_law: string | null;
}

const TEXT_TYPES_SQL = BILL_TEXT_TYPES.map((t) => `'${t}'`).join(", ");

/**
 * Views across documents, read from the legislation tables (migration 0003): a bill with its versions, actions,
 * sponsors and votes; a person's record; a cited law's citers. Each view reads with several statements, so one
 * taken while a document of the bill is being processed may mix its old and new rows.
 */
export function createLegislation(deps: Deps) {
  const { db } = deps;

  return {
    /** Throws `not_found` when no document belongs to the bill or cites it. */
    async bill(requested: string): Promise<BillView> {
      const billId = requested.toLowerCase();
      const [bill, versions, actions, sponsors, votes, status, others, citing] = await Promise.all([
        db.prepare("SELECT * FROM bills WHERE bill_id = ?").bind(billId).first<BillRow>(),
        db
          .prepare(
            `SELECT v.version_name, v.date AS version_date, d.* FROM bill_versions v
             JOIN documents d ON d.id = v.document_id
             WHERE v.bill_id = ? ORDER BY v.date IS NULL, v.date, d.created_at, d.id`,
          )
          .bind(billId)
          .all<DocumentRow & { version_name: string | null; version_date: string | null }>(),
        // One source's actions: the best document listing any (several sources list the same actions).
        db
          .prepare(
            `SELECT date, text, chamber, code FROM bill_actions WHERE document_id = (
               SELECT a.document_id FROM bill_actions a JOIN documents d ON d.id = a.document_id WHERE a.bill_id = ?1
               ORDER BY d.document_type = 'bill-status' DESC, d.document_type IN (${TEXT_TYPES_SQL}) DESC,
                 d.document_date DESC, d.updated_at DESC, d.id LIMIT 1)
             ORDER BY ord`,
          )
          .bind(billId)
          .all<BillActionEntry>(),
        db
          .prepare("SELECT * FROM sponsorships WHERE bill_id = ? ORDER BY date IS NULL, date, document_id, ord")
          .bind(billId)
          .all<SponsorshipRow>(),
        db
          .prepare(
            `SELECT ${VOTE_COLUMNS}, d.* FROM votes v JOIN documents d ON d.id = v.document_id
             WHERE v.bill_id = ? ORDER BY v.date, v.chamber, v.roll_number`,
          )
          .bind(billId)
          .all<DocumentRow & VoteColumns>(),
        db
          .prepare(
            `SELECT d.id, m.metadata FROM documents d JOIN document_metadata m ON m.document_id = d.id
             WHERE d.bill_id = ? AND d.document_type = 'bill-status'
             ORDER BY d.document_date DESC, d.created_at DESC, d.id DESC LIMIT 1`,
          )
          .bind(billId)
          .first<{ id: string; metadata: string }>(),
        db
          .prepare(
            `SELECT d.* FROM documents d WHERE d.bill_id = ?
               AND NOT EXISTS (SELECT 1 FROM bill_versions v WHERE v.document_id = d.id)
               AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.document_id = d.id)
               AND d.document_type IS NOT 'bill-status'
             ORDER BY d.document_date, d.created_at, d.id`,
          )
          .bind(billId)
          .all<DocumentRow>(),
        // Documents about several bills (a statement, a vote on another bill) name the others as citations.
        db
          .prepare(
            `SELECT DISTINCT d.* FROM citations c JOIN documents d ON d.id = c.document_id
             WHERE c.target = ? AND d.bill_id IS NOT ? ORDER BY d.document_date, d.created_at, d.id`,
          )
          .bind(`bill/${billId}`, billId)
          .all<DocumentRow>(),
      ]);
      const lists = [versions, others, votes, citing].map((r) => r.results.length);
      if (!bill && !status && lists.every((n) => n === 0)) {
        throw new AppError("not_found", `no document of bill ${billId}`);
      }
      const grouped = new Map<string, BillVersion>();
      for (const row of versions.results) {
        const key = row.version_code ?? "";
        const entry = grouped.get(key) ?? { version: row.version_code, name: null, date: null, renderings: [] };
        entry.name ??= row.version_name;
        entry.date ??= row.version_date;
        entry.renderings.push(toDocument(row));
        grouped.set(key, entry);
      }
      const meta = status ? (JSON.parse(status.metadata) as GovMetadata) : null;
      const fallback = versions.results[0] ?? others.results[0] ?? votes.results[0] ?? citing.results[0];
      return {
        billId,
        congress: bill?.congress ?? null,
        billType: bill?.bill_type ?? null,
        number: bill?.number ?? null,
        title: bill?.title ?? fallback?.title ?? null,
        policyArea: bill?.policy_area ?? null,
        introducedDate: bill?.introduced_date ?? null,
        latestAction:
          bill?.latest_action_date && bill.latest_action_text
            ? { date: bill.latest_action_date, text: bill.latest_action_text }
            : null,
        publicLaw: bill?.public_law ?? null,
        versions: chronological([...grouped.values()]),
        actions: actions.results,
        sponsors: sponsors.results.filter((s) => s.role === "sponsor").map(toSponsorship),
        cosponsors: sponsors.results.filter((s) => s.role === "cosponsor").map(toSponsorship),
        status:
          status && meta
            ? {
                documentId: status.id,
                titles: meta.titles,
                people: await withStoredIds(db, status.id, meta.people),
                committees: meta.committees,
                actions: meta.actions,
                subjects: meta.subjects,
                policyArea: meta.policyArea,
                summaries: meta.summaries,
                relatedBills: meta.relatedBills,
              }
            : null,
        votes: votes.results.map((row) => ({ ...toDocument(row), vote: toVoteRecord(row) })),
        related: [...others.results, ...citing.results].map(toDocument),
      };
    },

    person: createPersonView(deps),

    /** Bills and documents citing a target (`usc/42/1395`, `pl/116/136`…), with the cited bills' records. */
    async citing(target: string) {
      const normalised = target.toLowerCase().replace(/^\/+|\/+$/g, "");
      // A Federal Register or Record page is also a citation of its own, without a place in the text, of the
      // documents printed on it (see their parsers): those are listed apart.
      const { results } = await db
        .prepare(
          `SELECT d.*, b.title AS bill_title, b.latest_action_date, b.public_law,
             max(${ownPageSql("c")}) AS printed
           FROM citations c JOIN documents d ON d.id = c.document_id LEFT JOIN bills b ON b.bill_id = d.bill_id
           WHERE c.target = ? GROUP BY d.id ORDER BY d.bill_id, d.document_date, d.id`,
        )
        .bind(normalised)
        .all<
          DocumentRow & { bill_title: string | null; printed: number } & Pick<
              BillRow,
              "latest_action_date" | "public_law"
            >
        >();
      const citing = results.filter((r) => !r.printed);
      const bills = new Map<string, CitingBill>();
      for (const r of citing) {
        if (!r.bill_id || bills.has(r.bill_id)) continue;
        bills.set(r.bill_id, {
          billId: r.bill_id,
          title: r.bill_title,
          latestActionDate: r.latest_action_date,
          publicLaw: r.public_law,
        });
      }
      return {
        target: normalised,
        bills: [...bills.keys()],
        /** The citing bills' records (from `bills`), in the order of `bills`. */
        billRecords: [...bills.values()],
        documents: citing.map(toDocument),
        /** For a Federal Register or Record page: the documents printed on it. */
        printed: results.filter((r) => r.printed).map(toDocument),
      };
    },
  };
}

interface SponsorshipRow {
  bill_id: string;
  person_id: string;
  role: string;
  date: string | null;
  original: number | null;
  withdrawn: number | null;
  name: string;
  bioguide_id: string | null;
  lis_id: string | null;
  party: string | null;
  state: string | null;
}

function toSponsorship(row: SponsorshipRow): Sponsorship {
  return {
    personId: row.person_id,
    name: row.name,
    bioguideId: row.bioguide_id,
    lisId: row.lis_id,
    party: row.party,
    state: row.state,
    date: row.date,
    original: row.original === null ? null : row.original === 1,
    withdrawn: row.withdrawn === null ? null : row.withdrawn === 1,
  };
}

export type LegislationService = ReturnType<typeof createLegislation>;
