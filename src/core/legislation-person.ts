import type { Deps } from "./deps";
import { type DocumentRow, toDocument } from "./documents";
import type { DocumentRecord } from "./domain";
import { AppError } from "./errors";
import type { LegislatorTerm } from "./people";

export interface PersonVote {
  documentId: string;
  billId: string | null;
  date: string | null;
  position: string | null;
  /** The roll call, from `votes`. */
  chamber: string | null;
  rollNumber: number | null;
  question: string | null;
  result: string | null;
}

export interface PersonSponsorship {
  billId: string;
  role: "sponsor" | "cosponsor";
  /** The bill's title, from `bills`. */
  title: string | null;
  date: string | null;
  original: boolean | null;
  withdrawn: boolean | null;
}

export interface PersonView {
  id: string;
  bioguideId: string | null;
  lisId: string | null;
  name: string;
  party: string | null;
  state: string | null;
  /** The member's terms from the legislators data, when it knows them. */
  terms: LegislatorTerm[];
  /** Bill ids, in the order of the sponsorships. */
  sponsored: string[];
  cosponsored: string[];
  sponsorships: PersonSponsorship[];
  speeches: DocumentRecord[];
  votes: PersonVote[];
}

type MentionRow = DocumentRow & {
  person_id: string;
  role: string;
  name: string;
  bioguide_id: string | null;
  lis_id: string | null;
  party: string | null;
  person_state: string | null;
  position: string | null;
  vote_chamber: string | null;
  roll_number: number | null;
  question: string | null;
  result: string | null;
};

interface SponsorshipRow {
  bill_id: string;
  role: "sponsor" | "cosponsor";
  title: string | null;
  date: string | null;
  original: number | null;
  withdrawn: number | null;
}

/**
 * Everything a member did in the documents, by bioguide id, LIS id or the `name:` id of someone named without one.
 * Throws `not_found` when neither the documents, the people records nor the legislators data know the id.
 */
export function createPersonView(deps: Deps) {
  const { db } = deps;
  const flag = (value: number | null) => (value === null ? null : value === 1);

  return async function person(id: string): Promise<PersonView> {
    const { results } = await db
      .prepare(
        `SELECT p.person_id, p.role, p.name, p.bioguide_id, p.lis_id, p.party, p.state AS person_state, p.position,
           v.chamber AS vote_chamber, v.roll_number, v.question, v.result, d.*
         FROM document_people p JOIN documents d ON d.id = p.document_id
         LEFT JOIN votes v ON v.document_id = d.id AND p.role = 'voter'
         WHERE p.person_id = ?1 OR p.bioguide_id = ?1 OR p.lis_id = ?1 ORDER BY d.document_date, d.id, p.ord`,
      )
      .bind(id)
      .all<MentionRow>();
    const record = await db
      .prepare("SELECT * FROM people WHERE id = ?1 OR bioguide_id = ?1 OR lis_id = ?1 LIMIT 1")
      .bind(id)
      .first<{ id: string; name: string; party: string | null; state: string | null }>();
    const personIds = [...new Set([...results.map((r) => r.person_id), ...(record ? [record.id] : [])])];
    // The view picks each bill's best source, so a member is counted once per bill and role. The ids are listed
    // rather than read from JSON so the person filter reaches inside the view and uses the index.
    const { results: sponsorships } =
      personIds.length === 0
        ? { results: [] as SponsorshipRow[] }
        : await db
            .prepare(
              `SELECT s.bill_id, s.role, b.title, s.date, s.original, s.withdrawn FROM sponsorships s
               LEFT JOIN bills b ON b.bill_id = s.bill_id
               WHERE s.person_id IN (${personIds.map(() => "?").join(", ")})
               ORDER BY s.date IS NULL, s.date, s.bill_id`,
            )
            .bind(...personIds)
            .all<SponsorshipRow>();
    const legislator = deps.people ? (await deps.people()).get(id) : null;
    if (results.length === 0 && !legislator && !record) throw new AppError("not_found", `no person ${id}`);
    const named = results.find((r) => r.bioguide_id) ?? results[0];
    const bills = (role: string) => [...new Set(sponsorships.filter((s) => s.role === role).map((s) => s.bill_id))];
    const term = legislator?.terms.at(-1);
    return {
      id,
      bioguideId: legislator?.bioguideId ?? named?.bioguide_id ?? null,
      lisId: legislator?.lisId ?? results.find((r) => r.lis_id)?.lis_id ?? null,
      name: legislator
        ? (legislator.name.officialFull ?? `${legislator.name.first} ${legislator.name.last}`)
        : (record?.name ?? (named?.name as string)),
      party: term?.party ?? record?.party ?? named?.party ?? null,
      state: term?.state ?? record?.state ?? named?.person_state ?? null,
      terms: legislator?.terms ?? [],
      sponsored: bills("sponsor"),
      cosponsored: bills("cosponsor"),
      sponsorships: sponsorships.map((s) => ({
        billId: s.bill_id,
        role: s.role,
        title: s.title,
        date: s.date,
        original: flag(s.original),
        withdrawn: flag(s.withdrawn),
      })),
      speeches: results.filter((r) => r.role === "speaker").map(toDocument),
      votes: results
        .filter((r) => r.role === "voter")
        .map((r) => ({
          documentId: r.id,
          billId: r.bill_id,
          date: r.document_date,
          position: r.position,
          chamber: r.vote_chamber,
          rollNumber: r.roll_number,
          question: r.question,
          result: r.result,
        })),
    };
  };
}
