import { AppError } from "../../../core/errors";
import { billId } from "../bill-id";
import type { GovParser } from "../sniff";
import { at, attr, childrenNamed, integer, parseXmlRecord, textAt, textIn } from "../status/nav";
import type { XmlElement } from "../status/record-xml";
import type { GovDocument, PersonMention, VoteRecord } from "../types";
import { countPositions, isBioguideId, normalisePosition, voteDocument } from "./vote-common";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** `10-Sep-2025` (House) or `November 10, 2025,  08:58 PM` (Senate) as `2025-09-10`. */
export function officialVoteDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const house = /^\s*(\d{1,2})-([A-Za-z]{3})[a-z]*-(\d{4})/.exec(text);
  const senate = /^\s*([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})/.exec(text);
  const [day, month, year] = house ? [house[1], house[2], house[3]] : senate ? [senate[2], senate[1], senate[3]] : [];
  const m = MONTHS.indexOf((month ?? "").toLowerCase()) + 1;
  if (!day || !year || m === 0) return undefined;
  return `${year}-${String(m).padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** "H R 3838", "H RES 961", "S 2372" as the House Clerk writes the measure voted on. */
function measureId(congress: number, text: string | undefined): string | undefined {
  const match = text ? /^\s*([A-Za-z. ]+?)\s*(\d{1,5})\s*$/.exec(text) : null;
  return (match && billId(congress, match[1] as string, match[2] as string)) || undefined;
}

function stated(values: (string | undefined)[]): VoteRecord["counts"] | null {
  const [yea, nay, present, notVoting] = values.map((v) => integer(v) ?? (v === undefined ? undefined : 0));
  if (yea === undefined || nay === undefined) return null;
  return { yea, nay, present: present ?? 0, notVoting: notVoting ?? 0 };
}

function houseVote(root: XmlElement): GovDocument {
  const meta = at(root, "vote-metadata");
  const congress = integer(textAt(meta, "congress"));
  const rollNumber = integer(textAt(meta, "rollcall-num"));
  if (!congress || !rollNumber)
    throw new AppError("unprocessable", "the House vote does not state its congress and roll number");
  const voters: PersonMention[] = [];
  for (const recorded of childrenNamed(at(root, "vote-data"), "recorded-vote")) {
    const legislator = at(recorded, "legislator");
    const id = attr(legislator, "name-id");
    const position = textAt(recorded, "vote");
    const name = textIn(legislator) ?? id;
    if (!name || !position) continue;
    const person: PersonMention = { name, role: "voter", position: normalisePosition(position) };
    if (id && isBioguideId(id)) person.bioguideId = id;
    const party = attr(legislator, "party");
    const state = attr(legislator, "state");
    if (party) person.party = party;
    if (state) person.state = state;
    voters.push(person);
  }
  const totals = at(meta, "vote-totals", "totals-by-vote");
  const counts =
    stated(["yea-total", "nay-total", "present-total", "not-voting-total"].map((n) => textAt(totals, n))) ??
    countPositions(voters);
  const session = integer(/^\d+/.exec(textAt(meta, "session") ?? "")?.[0]);
  const question = textAt(meta, "vote-question");
  const result = textAt(meta, "vote-result");
  return voteDocument({
    parser: "house-vote-xml",
    vote: {
      congress,
      ...(session ? { session } : {}),
      chamber: "house",
      rollNumber,
      ...(question ? { question } : {}),
      ...(result ? { result } : {}),
      counts,
    },
    date: officialVoteDate(textAt(meta, "action-date")),
    billId: measureId(congress, textAt(meta, "legis-num")),
    voters,
    subject: textAt(meta, "amendment-author") ?? textAt(meta, "vote-desc"),
  });
}

function senateVote(root: XmlElement): GovDocument {
  const congress = integer(textAt(root, "congress"));
  const rollNumber = integer(textAt(root, "vote_number"));
  if (!congress || !rollNumber)
    throw new AppError("unprocessable", "the Senate vote does not state its congress and vote number");
  const voters: PersonMention[] = [];
  for (const member of childrenNamed(at(root, "members"), "member")) {
    const first = textAt(member, "first_name");
    const last = textAt(member, "last_name");
    const name = first && last ? `${first} ${last}` : textAt(member, "member_full");
    const position = textAt(member, "vote_cast");
    if (!name || !position) continue;
    const person: PersonMention = { name, role: "voter", position: normalisePosition(position) };
    const lisId = textAt(member, "lis_member_id");
    const bioguideId = textAt(member, "bioguide_id");
    if (lisId) person.lisId = lisId;
    if (bioguideId && isBioguideId(bioguideId)) person.bioguideId = bioguideId;
    const party = textAt(member, "party");
    const state = textAt(member, "state");
    if (party) person.party = party;
    if (state) person.state = state;
    voters.push(person);
  }
  const count = at(root, "count");
  const counts =
    stated(["yeas", "nays", "present", "absent"].map((n) => (at(count, n) ? (textAt(count, n) ?? "0") : undefined))) ??
    countPositions(voters);
  const document = at(root, "document");
  const documentId = billId(
    textAt(document, "document_congress") ?? congress,
    textAt(document, "document_type") ?? "",
    textAt(document, "document_number") ?? "",
  );
  const session = integer(textAt(root, "session"));
  const question = textAt(root, "vote_question_text") ?? textAt(root, "question");
  const result = textAt(root, "vote_result");
  return voteDocument({
    parser: "senate-vote-xml",
    vote: {
      congress,
      ...(session ? { session } : {}),
      chamber: "senate",
      rollNumber,
      ...(question ? { question } : {}),
      ...(result ? { result } : {}),
      counts,
    },
    date: officialVoteDate(textAt(root, "vote_date")),
    billId: documentId ?? undefined,
    voters,
    subject: textAt(root, "vote_title") ?? textAt(document, "document_title"),
  });
}

/**
 * Reads a roll-call vote as the chambers publish it: the House Clerk's `<rollcall-vote>` (members by bioguide id,
 * `name-id`) or the Senate's `<roll_call_vote>` (members by LIS id, `lis_member_id`). Positions are normalised
 * (Aye → Yea, No → Nay); counts are the record's totals. Throws `AppError("unprocessable")` for other roots or a
 * record without its congress and roll number.
 */
export function parseOfficialVoteXml(bytes: Uint8Array): GovDocument {
  const root = parseXmlRecord(bytes);
  if (root.local === "rollcall-vote") return houseVote(root);
  if (root.local === "roll_call_vote") return senateVote(root);
  throw new AppError("unprocessable", `expected <rollcall-vote> or <roll_call_vote>, found <${root.name}>`);
}

export const houseVoteXmlParser: GovParser = {
  name: "house-vote-xml",
  accepts: (sniff) => sniff.format === "xml" && sniff.root?.localName === "rollcall-vote",
  parse: async (bytes) => parseOfficialVoteXml(bytes),
};

export const senateVoteXmlParser: GovParser = {
  name: "senate-vote-xml",
  accepts: (sniff) => sniff.format === "xml" && sniff.root?.localName === "roll_call_vote",
  parse: async (bytes) => parseOfficialVoteXml(bytes),
};
