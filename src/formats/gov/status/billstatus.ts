import { AppError } from "../../../core/errors";
import { billId, normaliseBillType } from "../bill-id";
import type { GovParser } from "../sniff";
import { emptyMetadata, type GovDocument, type GovMetadata } from "../types";
import { billRecordBlocks } from "./bill-record-text";
import {
  chamberOf,
  readActions,
  readCommittees,
  readLaws,
  readPeople,
  readRelatedBills,
  readSubjects,
  readSummaries,
  readTitles,
} from "./billstatus-fields";
import { at, integer, isoDate, parseXmlRecord, textAt } from "./nav";
import { renderBlocks } from "./render";

/**
 * Reads a BILLSTATUS record (Congress.gov / GPO bulk data) in either layout into metadata: bill id, titles, the
 * introduced date, sponsors and cosponsors with their bioguide ids, committees, actions, subjects, CRS summaries,
 * related bills and the public laws it became (the first also as `publicLaw`). The text is a reading of the record:
 * titles, sponsors, summaries, actions. Throws `AppError("unprocessable")` when the root is not `<billStatus>` or
 * the bill has no number.
 */
export function parseBillStatus(bytes: Uint8Array): GovDocument {
  const root = parseXmlRecord(bytes);
  if (root.local !== "billStatus") {
    throw new AppError("unprocessable", `expected a <billStatus> record, found <${root.name}>`);
  }
  const bill = at(root, "bill");
  if (!bill) throw new AppError("unprocessable", "the bill status record has no <bill> element");
  // Legacy layout: <billNumber>/<billType>; 3.0.0: <number>/<type>.
  const congress = integer(textAt(bill, "congress"));
  const rawType = textAt(bill, "billType") ?? textAt(bill, "type");
  const billNumber = integer(textAt(bill, "billNumber") ?? textAt(bill, "number"));
  const id = congress && rawType && billNumber ? billId(congress, rawType, billNumber) : null;
  if (!id || !congress || !billNumber || !rawType) {
    throw new AppError("unprocessable", "the bill status record does not state a valid congress, bill type and number");
  }
  const metadata: GovMetadata = emptyMetadata("bill-status");
  metadata.billId = id;
  metadata.congress = congress;
  metadata.billType = normaliseBillType(rawType) ?? undefined;
  metadata.billNumber = billNumber;
  metadata.titles = readTitles(bill);
  const title = textAt(bill, "title") ?? metadata.titles.find((t) => t.type === "display")?.text;
  if (title) metadata.title = title;
  const introduced = isoDate(textAt(bill, "introducedDate"));
  if (introduced) {
    metadata.date = introduced;
    metadata.dateKind = "introduced";
  }
  const chamber = chamberOf(textAt(bill, "originChamber"));
  if (chamber) metadata.chamber = chamber;
  metadata.people = readPeople(bill);
  metadata.committees = readCommittees(bill);
  metadata.actions = readActions(bill);
  const { subjects, policyArea } = readSubjects(bill);
  metadata.subjects = subjects;
  if (policyArea) metadata.policyArea = policyArea;
  metadata.summaries = readSummaries(bill);
  metadata.relatedBills = readRelatedBills(bill).filter((related) => related !== id);
  metadata.citations = readLaws(bill);
  // `<laws>` lists every law the bill became, in the record's order; the single field keeps the first.
  const law = metadata.citations.find((c) => c.kind === "public-law")?.target.split("/");
  if (law) metadata.publicLaw = `${law[1]}-${law[2]}`;

  const rendered = renderBlocks(title, billRecordBlocks(metadata));
  return { parser: "billstatus-xml", text: rendered.text, title, sections: rendered.sections, metadata };
}

export const billStatusParser: GovParser = {
  name: "billstatus-xml",
  accepts: (sniff) => sniff.format === "xml" && sniff.root?.localName === "billStatus",
  parse: async (bytes) => parseBillStatus(bytes),
};
