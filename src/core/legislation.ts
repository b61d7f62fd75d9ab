import type { GovMetadata } from "../formats/gov/types";
import type { Deps } from "./deps";
import { type DocumentRow, toDocument } from "./documents";
import type { DocumentRecord } from "./domain";
import { AppError } from "./errors";

const TEXT_TYPES = new Set(["bill", "resolution", "public-law", "statute-compilation", "amendment"]);

export interface BillVersion {
  version: string | null;
  date: string | null;
  /** The same version in each rendering GPO publishes (USLM, DTD XML, HTML, PDF…). */
  renderings: DocumentRecord[];
}

export interface BillView {
  billId: string;
  congress: number | null;
  billType: string | null;
  title: string | null;
  versions: BillVersion[];
  /** From the newest bill status document, when there is one. */
  status:
    | (Pick<
        GovMetadata,
        "titles" | "people" | "committees" | "actions" | "subjects" | "policyArea" | "summaries" | "relatedBills"
      > & { documentId: string })
    | null;
  votes: (DocumentRecord & { vote: NonNullable<GovMetadata["vote"]> | null })[];
  related: DocumentRecord[];
}

interface MetaRow extends DocumentRow {
  metadata: string | null;
}

/** Views across documents: a bill with its versions, status and votes; a person's record; a cited law's citers. */
export function createLegislation(deps: Deps) {
  const { db } = deps;

  return {
    async bill(billId: string): Promise<BillView> {
      const { results } = await db
        .prepare(
          `SELECT d.*, m.metadata FROM documents d LEFT JOIN document_metadata m ON m.document_id = d.id
           WHERE d.bill_id = ? ORDER BY d.document_date, d.created_at`,
        )
        .bind(billId.toLowerCase())
        .all<MetaRow>();
      // Documents about several bills (a statement, a vote on another bill) name the others as citations.
      const { results: citing } = await db
        .prepare(
          `SELECT DISTINCT d.*, NULL AS metadata FROM citations c JOIN documents d ON d.id = c.document_id
           WHERE c.target = ? AND (d.bill_id IS NULL OR d.bill_id != ?)`,
        )
        .bind(`bill/${billId.toLowerCase()}`, billId.toLowerCase())
        .all<MetaRow>();
      if (results.length === 0 && citing.length === 0) {
        throw new AppError("not_found", `no document of bill ${billId}`);
      }
      const versions = new Map<string, BillVersion>();
      const votes: BillView["votes"] = [];
      const related: DocumentRecord[] = [];
      let status: BillView["status"] = null;
      for (const row of results) {
        const doc = toDocument(row);
        const meta = row.metadata ? (JSON.parse(row.metadata) as GovMetadata) : null;
        if (row.document_type && TEXT_TYPES.has(row.document_type)) {
          const key = row.version_code ?? "";
          const entry = versions.get(key) ?? { version: row.version_code, date: row.document_date, renderings: [] };
          entry.date ??= row.document_date;
          entry.renderings.push(doc);
          versions.set(key, entry);
        } else if (row.document_type === "bill-status" && meta) {
          // Rows come oldest first: the last status document read is the newest.
          status = {
            documentId: row.id,
            titles: meta.titles,
            people: meta.people,
            committees: meta.committees,
            actions: meta.actions,
            subjects: meta.subjects,
            policyArea: meta.policyArea,
            summaries: meta.summaries,
            relatedBills: meta.relatedBills,
          };
        } else if (row.document_type === "roll-call-vote") {
          votes.push({ ...doc, vote: meta?.vote ?? null });
        } else {
          related.push(doc);
        }
      }
      related.push(...citing.map(toDocument));
      const first = (results[0] ?? citing[0]) as MetaRow;
      const display =
        status?.titles.find((t) => t.type === "display")?.text ??
        results.find((r) => r.title && r.document_type && TEXT_TYPES.has(r.document_type))?.title ??
        first.title;
      return {
        billId: billId.toLowerCase(),
        congress: results[0] ? first.congress : null,
        billType: results[0] ? first.bill_type : null,
        title: display ?? null,
        versions: [...versions.values()],
        status,
        votes,
        related,
      };
    },

    /** Everything a member did in the documents: by bioguide or LIS id. */
    async person(id: string) {
      const { results } = await db
        .prepare(
          `SELECT p.role, p.name, p.bioguide_id, p.lis_id, p.party, p.state, p.position, d.*
           FROM document_people p JOIN documents d ON d.id = p.document_id
           WHERE p.person_id = ? OR p.bioguide_id = ? OR p.lis_id = ? ORDER BY d.document_date, d.id`,
        )
        .bind(id, id, id)
        .all<
          DocumentRow & {
            role: string;
            name: string;
            bioguide_id: string | null;
            lis_id: string | null;
            party: string | null;
            position: string | null;
          }
        >();
      const legislator = deps.people ? (await deps.people()).get(id) : null;
      const record = await db
        .prepare("SELECT * FROM people WHERE id = ? OR bioguide_id = ? OR lis_id = ? LIMIT 1")
        .bind(id, id, id)
        .first<{ id: string; name: string; party: string | null; state: string | null }>();
      if (results.length === 0 && !legislator && !record) throw new AppError("not_found", `no person ${id}`);
      const named = results.find((r) => r.bioguide_id) ?? results[0];
      const bills = (role: string) => [
        ...new Set(results.filter((r) => r.role === role && r.bill_id).map((r) => r.bill_id as string)),
      ];
      const term = legislator?.terms.at(-1);
      return {
        id,
        bioguideId: legislator?.bioguideId ?? named?.bioguide_id ?? null,
        lisId: legislator?.lisId ?? results.find((r) => r.lis_id)?.lis_id ?? null,
        name: legislator
          ? (legislator.name.officialFull ?? `${legislator.name.first} ${legislator.name.last}`)
          : (record?.name ?? (named?.name as string)),
        party: term?.party ?? record?.party ?? named?.party ?? null,
        state: term?.state ?? record?.state ?? named?.state ?? null,
        /** The member's terms from the legislators data, when it knows them. */
        terms: legislator?.terms ?? [],
        sponsored: bills("sponsor"),
        cosponsored: bills("cosponsor"),
        speeches: results.filter((r) => r.role === "speaker").map(toDocument),
        votes: results
          .filter((r) => r.role === "voter")
          .map((r) => ({ documentId: r.id, billId: r.bill_id, date: r.document_date, position: r.position })),
      };
    },

    /** Bills and documents citing a target (`usc/42/1395`, `pl/116/136`…). */
    async citing(target: string) {
      const normalised = target.toLowerCase().replace(/^\/+|\/+$/g, "");
      const { results } = await db
        .prepare(
          `SELECT DISTINCT d.* FROM citations c JOIN documents d ON d.id = c.document_id
           WHERE c.target = ? ORDER BY d.bill_id, d.document_date`,
        )
        .bind(normalised)
        .all<DocumentRow>();
      return {
        target: normalised,
        bills: [...new Set(results.flatMap((r) => (r.bill_id ? [r.bill_id] : [])))],
        documents: results.map(toDocument),
      };
    },
  };
}

export type LegislationService = ReturnType<typeof createLegislation>;
