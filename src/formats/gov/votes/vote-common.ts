import { billId } from "../bill-id";
import { renderBlocks } from "../status/render";
import { type Chamber, emptyMetadata, type GovDocument, type PersonMention, type VoteRecord } from "../types";

/** The four positions every chamber's spelling is normalised to. */
export const POSITIONS = ["Yea", "Nay", "Present", "Not Voting"] as const;

const POSITION_SPELLINGS: Record<string, string> = {
  yea: "Yea",
  aye: "Yea",
  yes: "Yea",
  "+": "Yea",
  nay: "Nay",
  no: "Nay",
  "-": "Nay",
  present: "Present",
  p: "Present",
  "not voting": "Not Voting",
  notvoting: "Not Voting",
  "0": "Not Voting",
};

/**
 * "Aye" and "Yea" are the same vote, as are "No" and "Nay"; anything else (a name in an election of the Speaker,
 * "Guilty") is kept as the chamber wrote it.
 */
export function normalisePosition(raw: string): string {
  const key = raw.trim().toLowerCase().replace(/\s+/g, " ");
  return POSITION_SPELLINGS[key] ?? raw.trim();
}

/** Bioguide ids are a letter and six digits (`A000374`); Senate LIS ids are `S` and three digits (`S289`). */
export function isBioguideId(id: string): boolean {
  return /^[A-Z]\d{6}$/.test(id);
}

export function chamberOfVote(code: string | undefined): Chamber | undefined {
  const c = code?.trim().toLowerCase();
  if (c === "h" || c === "house") return "house";
  if (c === "s" || c === "senate") return "senate";
  return undefined;
}

/**
 * The session of a congress a calendar year falls in: a congress's first session starts in the odd year after
 * its election (the 1st Congress met in 1789), its second in the following year. Undefined for other years.
 */
export function sessionOfYear(congress: number, year: number | undefined): number | undefined {
  if (!year) return undefined;
  const first = 1789 + 2 * (congress - 1);
  return year === first ? 1 : year === first + 1 ? 2 : undefined;
}

// GovTrack's roll XML spells bill types with its own short codes; "hr" there is a House resolution.
const GOVTRACK_TYPES: Record<string, string> = {
  h: "hr",
  s: "s",
  hr: "hres",
  sr: "sres",
  hj: "hjres",
  sj: "sjres",
  hc: "hconres",
  sc: "sconres",
};

/** A bill id from GovTrack's short type codes (`h`, `hr`, `sj`…). */
export function govtrackBillId(congress: string | number, type: string, number: string | number): string | null {
  const mapped = GOVTRACK_TYPES[type.trim().toLowerCase()];
  return mapped ? billId(congress, mapped, number) : null;
}

export interface VoteInput {
  parser: string;
  vote: VoteRecord;
  date?: string;
  billId?: string;
  voters: PersonMention[];
  /** What was voted on besides a bill (a nomination, an amendment), for the text. */
  subject?: string;
}

/** Counts from the voters themselves, for records that do not state them. */
export function countPositions(voters: readonly PersonMention[]): VoteRecord["counts"] {
  const counts = { yea: 0, nay: 0, present: 0, notVoting: 0 };
  for (const voter of voters) {
    if (voter.position === "Yea") counts.yea++;
    else if (voter.position === "Nay") counts.nay++;
    else if (voter.position === "Present") counts.present++;
    else if (voter.position === "Not Voting") counts.notVoting++;
  }
  return counts;
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

function voterLine(voter: PersonMention): string {
  const where = [voter.party, voter.state].filter(Boolean).join("-");
  const id = voter.bioguideId ?? voter.lisId;
  const name = voter.name !== id && id ? `${voter.name} [${id}]` : voter.name;
  return where ? `${name} (${where})` : name;
}

/** A roll-call vote as a document: metadata plus a readable summary, then the members by position. */
export function voteDocument(input: VoteInput): GovDocument {
  const { vote } = input;
  const metadata = emptyMetadata("roll-call-vote");
  metadata.vote = vote;
  metadata.congress = vote.congress;
  metadata.chamber = vote.chamber;
  if (input.date) {
    metadata.date = input.date;
    metadata.dateKind = "vote";
  }
  if (input.billId) {
    metadata.billId = input.billId;
    const [, type, number] = input.billId.split("-");
    metadata.billType = type;
    metadata.billNumber = Number(number);
  }
  metadata.people = input.voters;
  const chamberName = vote.chamber === "house" ? "House" : "Senate";
  const title = `${chamberName} Roll Call ${vote.rollNumber}${vote.question ? `: ${vote.question}` : ""}`;
  metadata.title = title;
  const { yea, nay, present, notVoting } = vote.counts;
  const summary = [
    `${chamberName}, ${ordinal(vote.congress)} Congress${vote.session ? `, session ${vote.session}` : ""}, roll call ${vote.rollNumber}`,
    input.date ? `Date: ${input.date}` : "",
    vote.question ? `Question: ${vote.question}` : "",
    input.subject ? `Subject: ${input.subject}` : "",
    input.billId ? `Bill: ${input.billId}` : "",
    vote.result ? `Result: ${vote.result}` : "",
    `Yea ${yea}, Nay ${nay}, Present ${present}, Not Voting ${notVoting}`,
  ];
  const groups = new Map<string, PersonMention[]>();
  for (const position of POSITIONS) groups.set(position, []);
  for (const voter of input.voters) {
    const key = voter.position ?? "Unknown";
    const list = groups.get(key) ?? [];
    list.push(voter);
    groups.set(key, list);
  }
  const blocks = [{ heading: "Vote", level: 1, lines: summary }];
  for (const [position, voters] of groups) {
    blocks.push({ heading: `${position} (${voters.length})`, level: 1, lines: voters.map(voterLine) });
  }
  const rendered = renderBlocks(title, blocks);
  return { parser: input.parser, text: rendered.text, title, sections: rendered.sections, metadata };
}
