import { congressOn, type GovDocument, type GovMetadata } from "../formats/gov";
import { extractCitations } from "../formats/gov/citations";
import type { Citation, Committee, PersonMention } from "../formats/gov/types";
import type { ParsedDocument } from "../formats/types";
import {
  type CommitteeResolver,
  fullName,
  isAnonymousPersonId,
  legislatorName,
  type PeopleResolver,
  personId,
  servingTerm,
} from "./people";

/**
 * The citations of a document: those its markup states and those found in its prose, one per target and place. A
 * bill number in the prose belongs to the document's Congress, or to the one sitting on its date (a Record page states
 * its date, not its Congress).
 */
export function documentCitations(parsed: ParsedDocument, gov: GovDocument | null): Citation[] {
  const meta: Partial<GovMetadata> = gov?.metadata ?? {};
  return dedupe([...(meta.citations ?? []), ...extractCitations(parsed.text, { congress: congressOf(meta) })]);
}

function congressOf(meta: Partial<GovMetadata>): number | undefined {
  return meta.congress ?? (meta.date ? congressOn(meta.date) : undefined);
}

/**
 * What processing adds to the people and committees a document names: bioguide ids for people named without one,
 * resolved against the legislators data by their GovTrack or THOMAS id, else by name with the document's own context
 * (date, Congress, chamber). Ambiguous names stay unresolved; a person known only by an id gets the data's name when
 * resolved. A member the data knows gets the party and state of the term they served then, where the document does
 * not say (a bill's text names its sponsor without party); `names` holds the data's name for each of them by record
 * id (`personId`), for their people record (for someone it does not know, the document's own name when it is written
 * in full: "Last, Given" or "Given Last", see `fullName`). Committees the committees data knows take its system code
 * and name, however the document spells them (`HIF00`, "House Energy and Commerce").
 */
export function enrichMetadata(
  gov: GovDocument | null,
  people: PeopleResolver | null,
  committees: CommitteeResolver | null = null,
): { people: PersonMention[]; names: Map<string, string>; committees: Committee[] } {
  const meta: Partial<GovMetadata> = gov?.metadata ?? {};
  const congress = congressOf(meta);
  const mentions = (meta.people ?? []).map((mention) => {
    if (mention.bioguideId || !people) return mention;
    const found = people.resolve({
      name: mention.name,
      lisId: mention.lisId,
      govtrackId: mention.govtrackId,
      thomasId: mention.thomasId,
      state: mention.state,
      party: mention.party,
      chamber: meta.chamber,
      date: meta.date,
      congress,
    });
    if (!found) return mention;
    const resolved: PersonMention = { ...mention, bioguideId: found.bioguideId };
    const lisId = mention.lisId ?? found.lisId;
    if (lisId) resolved.lisId = lisId;
    // A document that names people only by id (GovTrack) gets the legislators data's name for them.
    if (!resolved.name) resolved.name = found.name;
    return resolved;
  });
  const names = new Map<string, string>();
  const completed = mentions.map((mention) => {
    const legislator = mention.bioguideId && people ? people.get(mention.bioguideId) : null;
    if (!legislator) {
      // A member the data does not know (a former one) is named as a document names them in full, in reading order:
      // "Rep. Green, Gene [D-TX-29]" names Gene Green's record, whatever "Mr. Green" a bill's text named it first;
      // "Sen Leahy, Patrick J." the record a THOMAS page's member id keys; a Senate vote's "Richard Shelby" the one
      // his LIS id keys, which a bill's text named "Mr. Shelby".
      const full = fullName(mention.name);
      const id = personId(mention);
      if (full && !isAnonymousPersonId(id)) names.set(id, full);
      return mention;
    }
    names.set(legislator.bioguideId, legislatorName(legislator));
    if (mention.party && mention.state) return mention;
    const term = servingTerm(legislator, { date: meta.date, congress });
    if (!term) return mention;
    const out: PersonMention = { ...mention };
    if (!out.party && term.party) out.party = term.party;
    if (!out.state) out.state = term.state;
    return out;
  });
  const named = (meta.committees ?? []).map((c) => (committees ? committees.resolve(c) : c));
  // Two spellings of one committee in a document (its form and its preface) are one committee.
  const unique = named.filter((c, i) => named.findIndex((o) => (o.code ?? o.name) === (c.code ?? c.name)) === i);
  return { people: completed, names, committees: unique };
}

/** One citation per target and place: markup and prose often name the same reference. */
function dedupe(citations: Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => {
    const key = `${c.target}@${c.start ?? c.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
