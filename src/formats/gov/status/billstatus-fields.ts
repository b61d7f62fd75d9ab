import { billId } from "../bill-id";
import type {
  BillAction,
  Chamber,
  Citation,
  Committee,
  CrsSummary,
  PersonMention,
  PersonRole,
  TitleEntry,
} from "../types";
import { at, childrenNamed, integer, isoDate, plainTextOf, textAt } from "./nav";
import type { XmlElement } from "./record-xml";

/**
 * Readers for the parts of a BILLSTATUS `<bill>` element. Both layouts are read by the same code: the legacy one
 * wraps some lists once more (`committees/billCommittees/item`, `summaries/billSummaries/item`,
 * `subjects/billSubjects/…`) and names the bill's number and type `billNumber`/`billType`; 3.0.0 does not.
 */

export function chamberOf(text: string | undefined): Chamber | undefined {
  if (!text) return undefined;
  if (/^\s*(house|h)\b/i.test(text)) return "house";
  if (/^\s*(senate|s)\b/i.test(text)) return "senate";
  return undefined;
}

/** The items of a list, under the legacy extra wrapper when there is one. */
function items(list: XmlElement | null, legacyWrapper: string, itemName = "item"): XmlElement[] {
  const wrapped = at(list, legacyWrapper);
  return childrenNamed(wrapped ?? list, itemName);
}

const TITLE_TYPES: [RegExp, TitleEntry["type"]][] = [
  [/display/i, "display"],
  [/popular/i, "popular"],
  [/official/i, "official"],
  [/short/i, "short"],
];

export function readTitles(bill: XmlElement): TitleEntry[] {
  const titles: TitleEntry[] = [];
  for (const item of childrenNamed(at(bill, "titles"), "item")) {
    const text = textAt(item, "title");
    const kind = textAt(item, "titleType") ?? "";
    const type = TITLE_TYPES.find(([pattern]) => pattern.test(kind))?.[1];
    if (!text || !type) continue;
    const as =
      / as (.+?)(?: for portions of (?:this|a) bill)?$/i.exec(kind)?.[1] ?? textAt(item, "billTextVersionName");
    titles.push(as ? { type, text, as } : { type, text });
  }
  return titles;
}

/** `[D-CA-12]` at the end of a full name: party, state, district as the record prints them. */
const FULL_NAME_TAG = /\[([A-Z]{1,3})-([A-Z]{2})(?:-(\d+|At Large))?\]\s*$/;

function readPerson(item: XmlElement, role: PersonRole): PersonMention | null {
  const bioguideId = textAt(item, "bioguideId") ?? textAt(item, "identifiers", "bioguideId");
  const fullName = textAt(item, "fullName") ?? textAt(item, "name");
  const name =
    fullName ?? [textAt(item, "firstName"), textAt(item, "lastName")].filter((part) => part !== undefined).join(" ");
  if (!name && !bioguideId) return null;
  const person: PersonMention = { name: name || (bioguideId as string), role };
  if (bioguideId) person.bioguideId = bioguideId;
  // `identifiers/lisID` is Congress.gov's own member number, not the Senate's LIS id (`S289`): left out.
  const tag = fullName ? FULL_NAME_TAG.exec(fullName) : null;
  const party = textAt(item, "party") ?? tag?.[1];
  const state = textAt(item, "state") ?? tag?.[2];
  const district = textAt(item, "district") ?? tag?.[3];
  if (party) person.party = party;
  if (state) person.state = state;
  if (district) person.district = district;
  if (role === "cosponsor") {
    const date = isoDate(textAt(item, "sponsorshipDate"));
    if (date) person.date = date;
    const original = textAt(item, "isOriginalCosponsor");
    if (original) person.original = /^(true|y|yes)$/i.test(original);
    person.withdrawn = isoDate(textAt(item, "sponsorshipWithdrawnDate")) !== undefined;
  }
  return person;
}

export function readPeople(bill: XmlElement): PersonMention[] {
  const people: PersonMention[] = [];
  for (const [list, role] of [
    ["sponsors", "sponsor"],
    ["cosponsors", "cosponsor"],
  ] as const) {
    for (const item of childrenNamed(at(bill, list), "item")) {
      const person = readPerson(item, role);
      if (person) people.push(person);
    }
  }
  return people;
}

export function readCommittees(bill: XmlElement): Committee[] {
  const committees: Committee[] = [];
  const add = (item: XmlElement, chamber: Chamber | undefined) => {
    const name = textAt(item, "name");
    if (!name) return;
    const committee: Committee = { name };
    const code = textAt(item, "systemCode");
    if (code) committee.code = code;
    if (chamber) committee.chamber = chamber;
    committees.push(committee);
  };
  for (const item of items(at(bill, "committees"), "billCommittees")) {
    const chamber = chamberOf(textAt(item, "chamber"));
    add(item, chamber);
    // A subcommittee belongs to its committee's chamber.
    for (const sub of childrenNamed(at(item, "subcommittees"), "item")) add(sub, chamber);
  }
  return committees;
}

export function readActions(bill: XmlElement): BillAction[] {
  const actions: BillAction[] = [];
  for (const item of childrenNamed(at(bill, "actions"), "item")) {
    const date = isoDate(textAt(item, "actionDate"));
    const text = textAt(item, "text");
    if (!date || !text) continue;
    const action: BillAction = { date, text };
    const chamber = chamberOf(textAt(item, "sourceSystem", "name"));
    if (chamber) action.chamber = chamber;
    const code = textAt(item, "actionCode") ?? textAt(item, "type");
    if (code) action.code = code;
    actions.push(action);
  }
  return actions;
}

export function readSubjects(bill: XmlElement): { subjects: string[]; policyArea?: string } {
  const subjects = at(bill, "subjects");
  const lists = at(subjects, "billSubjects") ?? subjects;
  const names = new Set<string>();
  for (const list of ["legislativeSubjects", "otherSubjects"]) {
    for (const item of childrenNamed(at(lists, list), "item")) {
      const name = textAt(item, "name");
      if (name) names.add(name);
    }
  }
  // The oldest legacy files call the policy area the primary subject.
  const policyArea =
    textAt(bill, "policyArea", "name") ??
    textAt(lists, "policyArea", "name") ??
    textAt(bill, "primarySubject", "name") ??
    textAt(lists, "primarySubject", "name");
  return policyArea ? { subjects: [...names], policyArea } : { subjects: [...names] };
}

export function readSummaries(bill: XmlElement): CrsSummary[] {
  const summaries: CrsSummary[] = [];
  for (const item of items(at(bill, "summaries"), "billSummaries", "item").concat(
    childrenNamed(at(bill, "summaries"), "summary"),
  )) {
    const text = plainTextOf(at(item, "text"));
    if (!text) continue;
    const summary: CrsSummary = { text };
    const date = isoDate(textAt(item, "actionDate"));
    if (date) summary.date = date;
    const description = textAt(item, "actionDesc") ?? textAt(item, "name");
    if (description) summary.description = description;
    summaries.push(summary);
  }
  return summaries;
}

export function readRelatedBills(bill: XmlElement): string[] {
  const ids = new Set<string>();
  for (const item of childrenNamed(at(bill, "relatedBills"), "item")) {
    const id = billId(textAt(item, "congress") ?? "", textAt(item, "type") ?? "", textAt(item, "number") ?? "");
    if (id) ids.add(id);
  }
  return [...ids];
}

/** Public laws the bill became, as citations `pl/{congress}/{number}`. */
export function readLaws(bill: XmlElement): Citation[] {
  const citations: Citation[] = [];
  for (const item of childrenNamed(at(bill, "laws"), "item")) {
    const type = textAt(item, "type") ?? "";
    const match = /^(\d{1,3})-(\d{1,5})$/.exec(textAt(item, "number") ?? "");
    if (!match || !/public/i.test(type)) continue;
    const [congress, number] = [integer(match[1]), integer(match[2])];
    if (!congress || !number) continue;
    citations.push({
      kind: "public-law",
      target: `pl/${congress}/${number}`,
      text: `Public Law ${congress}-${number}`,
    });
  }
  return citations;
}
