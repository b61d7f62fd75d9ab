import { AppError } from "../../../core/errors";
import { decodeText } from "../../decode";
import { billId as makeBillId } from "../bill-id";
import type { GovParser } from "../sniff";
import { isoDate } from "../status/nav";
import type { GovDocument, PersonMention } from "../types";
import {
  chamberOfVote,
  countPositions,
  isBioguideId,
  normalisePosition,
  sessionOfYear,
  voteDocument,
} from "./vote-common";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== ""
    ? value.trim()
    : typeof value === "number"
      ? String(value)
      : undefined;
const int = (value: unknown): number | undefined => {
  const text = str(value);
  return text && /^\d{1,9}$/.test(text) ? Number(text) : undefined;
};

function readVoter(entry: unknown, position: string, senate: boolean): PersonMention | null {
  // The Vice President breaking a tie appears as the bare string "VP".
  if (!isObject(entry)) return null;
  const id = str(entry.id);
  // Senate display names repeat party and state ("Corker (R-TN)"); the given and family names read better.
  const first = str(entry.first_name);
  const last = str(entry.last_name);
  const name = first && last ? `${first} ${last}` : (str(entry.display_name) ?? id);
  if (!name) return null;
  const person: PersonMention = { name, role: "voter", position };
  if (id && id !== "0") {
    if (isBioguideId(id)) person.bioguideId = id;
    else if (senate) person.lisId = id;
  }
  const party = str(entry.party);
  const state = str(entry.state);
  if (party) person.party = party;
  if (state) person.state = state;
  return person;
}

function subjectOf(record: Json): string | undefined {
  const nomination = isObject(record.nomination) ? record.nomination : undefined;
  if (nomination) return [`PN${str(nomination.number) ?? ""}`, str(nomination.title)].filter(Boolean).join(": ");
  const amendment = isObject(record.amendment) ? record.amendment : undefined;
  return amendment ? str(amendment.author) : str(record.subject);
}

/**
 * Reads a roll-call vote in the JSON of the unitedstates/congress scrapers (`data.json`): chamber, congress, roll
 * number, question, result, the bill voted on, and each member's position (keys of `votes`) with bioguide ids for
 * the House and LIS ids for the Senate, party and state. Counts are those of the member lists. Throws
 * `AppError("unprocessable")` for text that is not JSON or lacks the chamber, congress, number or member lists.
 */
export function parseVoteJson(bytes: Uint8Array): GovDocument {
  let record: unknown;
  try {
    record = JSON.parse(decodeText(bytes));
  } catch {
    throw new AppError("unprocessable", "the vote record is not valid JSON");
  }
  if (!isObject(record) || !isObject(record.votes)) {
    throw new AppError("unprocessable", "the JSON is not a roll-call vote record (no `votes` object)");
  }
  const chamber = chamberOfVote(str(record.chamber));
  const congress = int(record.congress);
  const rollNumber = int(record.number);
  if (!chamber || !congress || !rollNumber) {
    throw new AppError("unprocessable", "the vote record does not state its chamber, congress and roll number");
  }
  const voters: PersonMention[] = [];
  for (const [raw, entries] of Object.entries(record.votes)) {
    if (!Array.isArray(entries)) continue;
    const position = normalisePosition(raw);
    for (const entry of entries) {
      const voter = readVoter(entry, position, chamber === "senate");
      if (voter) voters.push(voter);
    }
  }
  const bill = isObject(record.bill) ? record.bill : undefined;
  const billId = bill ? makeBillId(str(bill.congress) ?? "", str(bill.type) ?? "", str(bill.number) ?? "") : null;
  // `session` is the calendar year here.
  const session = sessionOfYear(congress, int(record.session));
  const question = str(record.question);
  const result = str(record.result) ?? str(record.result_text);
  return voteDocument({
    parser: "vote-json",
    vote: {
      congress,
      ...(session ? { session } : {}),
      chamber,
      rollNumber,
      ...(question ? { question } : {}),
      ...(result ? { result } : {}),
      counts: countPositions(voters),
    },
    date: isoDate(str(record.date)),
    billId: billId ?? undefined,
    voters,
    subject: subjectOf(record),
  });
}

export const voteJsonParser: GovParser = {
  name: "vote-json",
  accepts: (sniff) =>
    sniff.format !== "pdf" &&
    /^\s*\{/.test(sniff.text) &&
    /"vote_id"\s*:/.test(sniff.text) &&
    /"chamber"\s*:\s*"[hs]"/.test(sniff.text),
  parse: async (bytes) => parseVoteJson(bytes),
};
