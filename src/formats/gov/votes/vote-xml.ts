import { AppError } from "../../../core/errors";
import type { GovParser } from "../sniff";
import { at, attr, childrenNamed, integer, isoDate, parseXmlRecord, textAt, textIn } from "../status/nav";
import type { GovDocument, PersonMention } from "../types";
import {
  chamberOfVote,
  countPositions,
  govtrackBillId,
  isBioguideId,
  normalisePosition,
  sessionOfYear,
  voteDocument,
} from "./vote-common";

/**
 * Reads a roll-call vote in GovTrack's `<roll>` XML (the unitedstates/congress scrapers' `data.xml`): chamber,
 * congress, roll number, question, result, the counts the record states, the bill voted on, and every member's
 * position. Members are named only by id there: House ids are bioguide ids, Senate ids are LIS ids (`S289`).
 * Throws `AppError("unprocessable")` when the root is not `<roll>` or the chamber, congress or roll number is missing.
 */
export function parseVoteXml(bytes: Uint8Array): GovDocument {
  const roll = parseXmlRecord(bytes);
  if (roll.local !== "roll") throw new AppError("unprocessable", `expected a <roll> vote record, found <${roll.name}>`);
  const chamber = chamberOfVote(attr(roll, "where"));
  // GovTrack's `session` attribute on <roll> is the congress; the session proper follows from the year.
  const congress = integer(attr(roll, "session"));
  const rollNumber = integer(attr(roll, "roll"));
  if (!chamber || !congress || !rollNumber) {
    throw new AppError("unprocessable", "the vote record does not state its chamber, congress and roll number");
  }
  const voters: PersonMention[] = [];
  const options = new Map<string, string>();
  for (const option of childrenNamed(roll, "option")) {
    const key = attr(option, "key");
    const value = textIn(option);
    if (key && value) options.set(key, value);
  }
  for (const voter of childrenNamed(roll, "voter")) {
    const id = attr(voter, "id");
    const value = attr(voter, "value") ?? options.get(attr(voter, "vote") ?? "") ?? attr(voter, "vote");
    if (!id || id === "0" || !value) continue;
    const person: PersonMention = { name: id, role: "voter", position: normalisePosition(value) };
    if (isBioguideId(id)) person.bioguideId = id;
    else if (chamber === "senate") person.lisId = id;
    const party = attr(voter, "party");
    const state = attr(voter, "state");
    const district = attr(voter, "district");
    if (party) person.party = party;
    if (state) person.state = state;
    if (district) person.district = district;
    voters.push(person);
  }
  const stated = [attr(roll, "aye"), attr(roll, "nay"), attr(roll, "present"), attr(roll, "nv")].map(integer);
  const counts = stated.every((n) => n !== undefined)
    ? {
        yea: stated[0] as number,
        nay: stated[1] as number,
        present: stated[2] as number,
        notVoting: stated[3] as number,
      }
    : countPositions(voters);
  const bill = at(roll, "bill");
  const billId = bill
    ? govtrackBillId(attr(bill, "session") ?? congress, attr(bill, "type") ?? "", attr(bill, "number") ?? "")
    : null;
  const session = sessionOfYear(congress, integer(attr(roll, "year")));
  const question = textAt(roll, "question");
  const result = textAt(roll, "result");
  return voteDocument({
    parser: "vote-xml",
    vote: {
      congress,
      ...(session ? { session } : {}),
      chamber,
      rollNumber,
      ...(question ? { question } : {}),
      ...(result ? { result } : {}),
      counts,
    },
    date: isoDate(attr(roll, "datetime")),
    billId: billId ?? undefined,
    voters,
  });
}

export const voteXmlParser: GovParser = {
  name: "vote-xml",
  accepts: (sniff) =>
    sniff.format === "xml" && sniff.root?.localName === "roll" && sniff.root.attributes.where !== undefined,
  parse: async (bytes) => parseVoteXml(bytes),
};
