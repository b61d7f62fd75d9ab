import { stateCode } from "../../formats/gov/states";
import { congressDates } from "./congress-dates";
import type { Legislator, LegislatorTerm } from "./legislators";
import { type NameReading, nameKey, type PersonChamber, parseMentionName } from "./mention-name";

/** A person as a document names them, with whatever context the document gives. */
export interface PersonQuery {
  name: string;
  bioguideId?: string;
  lisId?: string;
  /** GovTrack's numeric person id. */
  govtrackId?: string | number;
  /** THOMAS member id; leading zeros may be missing (`1802` is `01802`). */
  thomasId?: string;
  /** Postal code or state name. */
  state?: string;
  /** "D", "R", "I" or a party name. */
  party?: string;
  chamber?: PersonChamber;
  district?: number;
  /** ISO date the document speaks of: only members serving that day match. */
  date?: string;
  /** The Congress the document belongs to, when its date is not known. */
  congress?: number;
}

export interface ResolvedPerson {
  bioguideId: string;
  lisId?: string;
  name: string;
  /** 1 for an id match; below 1 for a name match, higher the more context agreed. */
  confidence: number;
}

export interface PeopleResolver {
  /**
   * The one legislator a mention designates, or null when none or more than one fits: an ambiguous name is left
   * unresolved rather than guessed. Ids (bioguide, LIS, GovTrack, THOMAS, in that order) win when the data knows
   * them; otherwise the name, narrowed by gender (Mr./Ms.), state, chamber, party, district and the date or Congress
   * (a term must cover it).
   */
  resolve(query: PersonQuery): ResolvedPerson | null;
  /** The legislator with this bioguide or LIS id, or null. */
  get(id: string): Legislator | null;
}

interface TermFilter {
  state?: string;
  chamber?: PersonChamber;
  party?: string;
  district?: number;
  from?: string;
  to?: string;
}

function termFits(term: LegislatorTerm, f: TermFilter): boolean {
  if (f.state && term.state !== f.state) return false;
  if (f.chamber && term.type !== (f.chamber === "senate" ? "sen" : "rep")) return false;
  if (f.party && term.party && term.party[0]?.toUpperCase() !== f.party) return false;
  if (f.district !== undefined && term.type === "rep" && term.district !== f.district) return false;
  if (f.from && f.to && !(term.start < f.to && term.end > f.from)) return false;
  return true;
}

function givenNames(l: Legislator): string[] {
  const n = l.name;
  const full = n.officialFull ? nameKey(n.officialFull).split(" ")[0] : undefined;
  return [n.first, n.nickname, n.middle, full].filter((x): x is string => !!x).map(nameKey);
}

function firstFits(l: Legislator, firsts: string[]): boolean {
  if (firsts.length === 0) return true;
  const known = givenNames(l);
  // "Ben" for "Benjamin", "B." for "Brian": a given name matches when one is a prefix of the other.
  return firsts.some((f) => known.some((k) => k === f || k.startsWith(f) || f.startsWith(k)));
}

/** A legislator's name as the data gives it in full ("Yvette D. Clarke"), else first and last. */
export function legislatorName(l: Legislator): string {
  return l.name.officialFull ?? `${l.name.first} ${l.name.last}`;
}

/**
 * The term a legislator served on `date`, or (without a date) the last one overlapping the Congress; undefined when
 * neither is known or no term fits.
 */
export function servingTerm(l: Legislator, when: { date?: string; congress?: number }): LegislatorTerm | undefined {
  const range = when.date
    ? { start: when.date, end: when.date }
    : when.congress
      ? congressDates(when.congress)
      : undefined;
  if (!range) return undefined;
  return l.terms.findLast((t) => t.start <= range.end && range.start < t.end);
}

/** GovTrack ids as canonical digits: `"0400652"`, `400652` and `"400652"` are one key. */
function govtrackKey(id: string | number | undefined): string | undefined {
  const text = typeof id === "number" ? String(id) : id?.trim();
  return text && /^\d{1,9}$/.test(text) ? String(Number(text)) : undefined;
}

/** THOMAS ids are five digits with leading zeros, which files written as numbers lose. */
function thomasKey(id: string | undefined): string | undefined {
  const text = id?.trim();
  return text && /^\d{1,5}$/.test(text) ? text.padStart(5, "0") : undefined;
}

/** A resolver over legislators (from `parseLegislators`); built once, it answers each query from in-memory maps. */
export function createPeopleResolver(legislators: Legislator[]): PeopleResolver {
  const byId = new Map<string, Legislator>();
  const byGovtrack = new Map<string, Legislator>();
  const byThomas = new Map<string, Legislator>();
  const byLast = new Map<string, Legislator[]>();
  for (const l of legislators) {
    byId.set(l.bioguideId, l);
    if (l.lisId) byId.set(l.lisId, l);
    const govtrack = govtrackKey(l.govtrackId);
    if (govtrack) byGovtrack.set(govtrack, l);
    const thomas = thomasKey(l.thomasId);
    if (thomas) byThomas.set(thomas, l);
    const key = nameKey(l.name.last);
    const list = byLast.get(key);
    if (list) list.push(l);
    else byLast.set(key, [l]);
  }

  function byIdResult(l: Legislator): ResolvedPerson {
    const out: ResolvedPerson = { bioguideId: l.bioguideId, name: legislatorName(l), confidence: 1 };
    if (l.lisId) out.lisId = l.lisId;
    return out;
  }

  function matches(reading: NameReading, filter: TermFilter, gender?: string): Legislator[] {
    return (byLast.get(reading.last) ?? []).filter(
      (l) =>
        (!gender || !l.gender || l.gender === gender) &&
        firstFits(l, reading.firsts) &&
        l.terms.some((t) => termFits(t, filter)),
    );
  }

  return {
    get: (id) => byId.get(id) ?? null,
    resolve(query) {
      const known =
        (query.bioguideId && byId.get(query.bioguideId)) ||
        (query.lisId && byId.get(query.lisId)) ||
        byGovtrack.get(govtrackKey(query.govtrackId) ?? "") ||
        byThomas.get(thomasKey(query.thomasId) ?? "");
      if (known) return byIdResult(known);
      const parsed = parseMentionName(query.name);
      const filter: TermFilter = {
        state: parsed.state ?? (query.state ? (stateCode(query.state) ?? undefined) : undefined),
        chamber: parsed.chamber ?? query.chamber,
        party: parsed.party ?? (query.party ? query.party.trim()[0]?.toUpperCase() : undefined),
        district: parsed.district ?? query.district,
      };
      if (query.date && /^\d{4}-\d{2}-\d{2}/.test(query.date)) {
        const day = query.date.slice(0, 10);
        filter.from = day;
        // A term covers a day when it starts on or before it and ends after it.
        filter.to = `${day}\u0000`;
      } else if (query.congress !== undefined && Number.isInteger(query.congress) && query.congress > 0) {
        const { start, end } = congressDates(query.congress);
        filter.from = start;
        filter.to = end;
      }
      for (const reading of parsed.readings) {
        const found = matches(reading, filter, parsed.gender);
        if (found.length === 0) continue;
        if (found.length > 1) return null;
        const l = found[0] as Legislator;
        let confidence = 0.7;
        if (filter.state) confidence += 0.1;
        if (filter.from) confidence += 0.1;
        if (filter.chamber || filter.party) confidence += 0.05;
        if (reading.firsts.length > 0) confidence += 0.04;
        return { ...byIdResult(l), confidence: Math.min(0.99, Number(confidence.toFixed(2))) };
      }
      return null;
    },
  };
}
