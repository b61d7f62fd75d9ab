import { AppError } from "../../../core/errors";
import { billId } from "../bill-id";
import type { GovParser } from "../sniff";
import { at, attr, childrenNamed, elements, integer, isoDate, parseXmlRecord, textAt } from "../status/nav";
import type { XmlElement } from "../status/record-xml";
import { type RenderBlock, renderBlocks } from "../status/render";
import { emptyMetadata, type GovDocument, type GovMetadata, type PersonMention } from "../types";

/** "H.R. 4435" and the like, as committee meeting documents name bills. */
const LEGIS_NUM =
  /^\s*(H\.?\s*R\.?|S\.?|H\.?\s*J\.?\s*Res\.?|S\.?\s*J\.?\s*Res\.?|H\.?\s*Con\.?\s*Res\.?|S\.?\s*Con\.?\s*Res\.?|H\.?\s*Res\.?|S\.?\s*Res\.?)\s*(\d{1,5})\s*$/i;

function meeting(root: XmlElement, metadata: GovMetadata): RenderBlock[] {
  const details = at(root, "meeting-details");
  const congress = integer(attr(root, "congress-num"));
  if (congress) metadata.congress = congress;
  if (attr(root, "meeting-type") === "HMTG") metadata.chamber = "house";
  const title = textAt(details, "meeting-title");
  if (title) metadata.title = title;
  const date = isoDate(textAt(details, "meeting-date", "calendar-date"));
  if (date) {
    metadata.date = date;
    metadata.dateKind = "hearing";
  }
  for (const name of childrenNamed(at(details, "committees"), "committee-name")) {
    const text = textAt(name);
    const code = attr(name, "id");
    if (text) metadata.committees.push(code ? { name: text, code: code.toLowerCase() } : { name: text });
  }
  const documents: string[] = [];
  const bills = new Set<string>();
  for (const doc of childrenNamed(at(root, "meeting-documents"), "meeting-document")) {
    const description = textAt(doc, "description");
    if (description) documents.push(description);
    const legis = LEGIS_NUM.exec(textAt(doc, "legis-num") ?? "");
    const id = legis && congress ? billId(congress, legis[1] as string, legis[2] as string) : null;
    if (id) bills.add(id);
  }
  metadata.relatedBills = [...bills];
  if (metadata.relatedBills.length === 1) metadata.billId = metadata.relatedBills[0];
  const room = [
    textAt(details, "meeting-location", "capitol-complex", "room"),
    textAt(details, "meeting-location", "capitol-complex", "building"),
  ];
  const lines = [
    date
      ? `Date: ${date}${textAt(details, "meeting-date", "start-time") ? ` ${textAt(details, "meeting-date", "start-time")}` : ""}`
      : "",
    room.some(Boolean) ? `Location: ${room.filter(Boolean).join(", ")}` : "",
    ...metadata.committees.map((c) => `Committee: ${c.name}`),
  ];
  return [
    { heading: "Meeting", level: 1, lines },
    { heading: "Documents", level: 1, lines: documents },
  ];
}

function witnesses(root: XmlElement, metadata: GovMetadata): RenderBlock[] {
  const lines: string[] = [];
  for (const panel of childrenNamed(root, "panel")) {
    for (const witness of childrenNamed(panel, "witness")) {
      const name = ["honorific", "firstname", "middlename", "lastname"]
        .map((part) => textAt(witness, part))
        .filter(Boolean)
        .join(" ");
      if (!name) continue;
      const person: PersonMention = { name, role: "witness" };
      metadata.people.push(person);
      const where = [textAt(witness, "position"), textAt(witness, "organization")].filter(Boolean).join(", ");
      lines.push(where ? `${name}, ${where}` : name);
    }
  }
  metadata.title = `Witness list${attr(root, "meeting-id") ? ` for meeting ${attr(root, "meeting-id")}` : ""}`;
  return [{ heading: "Witnesses", level: 1, lines }];
}

/**
 * Reads a House committee repository record (docs.house.gov): a `<committee-meeting>` (congress, date, title,
 * committees with their codes, the bills among its documents) or a `<witness-list>` (witnesses by name, with
 * position and organisation in the text). Throws `AppError("unprocessable")` for any other root.
 */
export function parseHearing(bytes: Uint8Array): GovDocument {
  const root = parseXmlRecord(bytes);
  const metadata = emptyMetadata("hearing");
  let blocks: RenderBlock[];
  if (root.local === "committee-meeting") blocks = meeting(root, metadata);
  else if (root.local === "witness-list") blocks = witnesses(root, metadata);
  else throw new AppError("unprocessable", `expected <committee-meeting> or <witness-list>, found <${root.name}>`);
  if (elements(root).length === 0) throw new AppError("unprocessable", "the hearing record is empty");
  const rendered = renderBlocks(metadata.title, blocks);
  return { parser: "hearing-xml", text: rendered.text, title: metadata.title, sections: rendered.sections, metadata };
}

export const hearingParser: GovParser = {
  name: "hearing-xml",
  accepts: (sniff) =>
    sniff.format === "xml" &&
    (sniff.root?.localName === "committee-meeting" || sniff.root?.localName === "witness-list") &&
    sniff.root.attributes["meeting-id"] !== undefined,
  parse: async (bytes) => parseHearing(bytes),
};
