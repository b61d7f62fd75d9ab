import { stateCode } from "../../formats/gov/states";
import { type NameReading, parseMentionName } from "./mention-name";

/** A person a document names, in a role, with the ids and affiliation it gives. */
export interface RelatedMention {
  role: string;
  name: string;
  bioguideId?: string | null;
  lisId?: string | null;
  party?: string | null;
  state?: string | null;
  /** "house" or "senate", where the document says. */
  chamber?: string | null;
}

/** The member a name-only mention turned out to be. */
export interface RelatedPerson {
  bioguideId: string;
  lisId?: string;
}

interface Candidate extends RelatedPerson {
  role: string;
  readings: NameReading[];
  genders: Set<string>;
  states: Set<string>;
  parties: Set<string>;
  chambers: Set<string>;
}

/**
 * Roles related documents agree on: a bill's text, MODS record, status and statements name the same sponsors; the
 * renderings of a Record page (GPO's HTML, the scraper's JSON) and its issue's MODS record the same speakers.
 */
const LINKED_ROLES = new Set(["sponsor", "cosponsor", "speaker"]);

/** Last names compared without spaces, so a text's broken "JOHN- SON" is Johnson. */
const compact = (last: string) => last.replaceAll(" ", "");

function readingsFit(a: NameReading, b: NameReading): boolean {
  if (compact(a.last) !== compact(b.last)) return false;
  if (a.firsts.length === 0 || b.firsts.length === 0) return true;
  return a.firsts.some((x) => b.firsts.some((y) => x.startsWith(y) || y.startsWith(x)));
}

/** Both sides known and different. */
const disagree = (known: Set<string>, value: string | undefined) =>
  value !== undefined && known.size > 0 && !known.has(value);

const partyLetter = (party: string | null | undefined) => party?.trim()[0]?.toUpperCase();
const stateOf = (state: string | null | undefined) => (state ? (stateCode(state) ?? undefined) : undefined);

/**
 * Names the members documents give no id for by the ones related documents identify (the other documents of a bill,
 * the Record's other documents printed on the same page and the MODS record of its issue): a bill's PDF text says "Mr. CUMMINGS", its MODS record
 * "Elijah E. Cummings" with his bioguide id; GPO's HTML of a Senate page "Mr. LEVIN", its JSON rendering "Mr. LEVIN"
 * with Carl Levin's bioguide id; the MODS record "Carl Levin", a senator that day. A name-only sponsor,
 * cosponsor or speaker is the one member of the same role among `known` whose names fit (last name, given names when
 * both give one) and whose gender, state, party and chamber do not contradict it; with none or several it stays
 * unresolved.
 */
export function createRelatedPeopleMatcher(known: RelatedMention[]): (mention: RelatedMention) => RelatedPerson | null {
  const candidates = new Map<string, Candidate>();
  for (const m of known) {
    if (!m.bioguideId || !LINKED_ROLES.has(m.role)) continue;
    const key = `${m.role} ${m.bioguideId}`;
    let c = candidates.get(key);
    if (!c) {
      c = {
        role: m.role,
        bioguideId: m.bioguideId,
        readings: [],
        genders: new Set(),
        states: new Set(),
        parties: new Set(),
        chambers: new Set(),
      };
      candidates.set(key, c);
    }
    if (m.lisId) c.lisId = m.lisId;
    const parsed = parseMentionName(m.name);
    c.readings.push(...parsed.readings);
    if (parsed.gender) c.genders.add(parsed.gender);
    const state = parsed.state ?? stateOf(m.state);
    if (state) c.states.add(state);
    const party = parsed.party ?? partyLetter(m.party);
    if (party) c.parties.add(party);
    const chamber = parsed.chamber ?? m.chamber;
    if (chamber) c.chambers.add(chamber);
  }

  return (mention) => {
    if (mention.bioguideId || !LINKED_ROLES.has(mention.role)) return null;
    const parsed = parseMentionName(mention.name);
    const state = parsed.state ?? stateOf(mention.state);
    const party = parsed.party ?? partyLetter(mention.party);
    const chamber = parsed.chamber ?? mention.chamber ?? undefined;
    let found: Candidate | null = null;
    for (const c of candidates.values()) {
      if (c.role !== mention.role) continue;
      if (disagree(c.genders, parsed.gender) || disagree(c.states, state) || disagree(c.parties, party)) continue;
      if (disagree(c.chambers, chamber)) continue;
      if (!parsed.readings.some((r) => c.readings.some((k) => readingsFit(r, k)))) continue;
      if (found) return null;
      found = c;
    }
    return (
      found && (found.lisId ? { bioguideId: found.bioguideId, lisId: found.lisId } : { bioguideId: found.bioguideId })
    );
  };
}
