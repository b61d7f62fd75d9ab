import { AppError } from "../../../core/errors";
import { normaliseBillType } from "../bill-id";
import { publicLawCitation, publicLawId } from "../citations/laws";
import type { GovParser } from "../sniff";
import { billRecordBlocks } from "../status/bill-record-text";
import { chamberOf } from "../status/billstatus-fields";
import { at, attr, childrenNamed, elements, integer, isoDate, parseXmlRecord, textAt, textIn } from "../status/nav";
import type { XmlElement } from "../status/record-xml";
import { renderBlocks } from "../status/render";
import { emptyMetadata, type GovDocument, type PersonMention, type TitleEntry } from "../types";
import { govtrackBillId } from "../votes/vote-common";
import { usDate } from "./legacy-codes";

const TITLE_TYPES = new Set<TitleEntry["type"]>(["official", "short", "popular", "display"]);

/**
 * Reads GovTrack's bill XML (`<bill session type number>`, written by the unitedstates/congress scrapers until
 * 2013): bill id, titles with what they were titled as, the introduced date, sponsor and cosponsors, committees with
 * their codes, actions (the status code as the action's code), the public law it became, related bills, subjects and
 * the CRS summary. People there carry only GovTrack's numeric ids and no names, so their mentions have an empty name
 * and a `govtrackId` for the legislators data to resolve. Throws `AppError("unprocessable")` when the root is not a
 * GovTrack `<bill>` with congress, type and number.
 */
export function parseGovtrackBill(bytes: Uint8Array): GovDocument {
  const bill = parseXmlRecord(bytes);
  const id =
    bill.local === "bill"
      ? govtrackBillId(attr(bill, "session") ?? "", attr(bill, "type") ?? "", attr(bill, "number") ?? "")
      : null;
  if (!id) throw new AppError("unprocessable", "not a GovTrack bill record: <bill session type number> expected");
  const [congress, type, number] = id.split("-") as [string, string, string];
  const metadata = emptyMetadata("bill-status");
  metadata.billId = id;
  metadata.congress = Number(congress);
  metadata.billType = normaliseBillType(type) ?? undefined;
  metadata.billNumber = Number(number);
  metadata.chamber = type.startsWith("h") ? "house" : "senate";
  for (const title of childrenNamed(at(bill, "titles"), "title")) {
    const kind = attr(title, "type") as TitleEntry["type"] | undefined;
    const text = textIn(title);
    if (!kind || !TITLE_TYPES.has(kind) || !text) continue;
    const as = attr(title, "as");
    metadata.titles.push(as ? { type: kind, text, as } : { type: kind, text });
  }
  // Short titles are listed stage by stage, the whole bill's first: the first of the latest stage names it.
  const latestStage = metadata.titles.filter((t) => t.type === "short").at(-1)?.as;
  const short = metadata.titles.find((t) => t.type === "short" && t.as === latestStage);
  const title = short?.text ?? metadata.titles.find((t) => t.type === "official")?.text;
  if (title) metadata.title = title;
  const introduced = isoDate(attr(at(bill, "introduced"), "datetime"));
  if (introduced) {
    metadata.date = introduced;
    metadata.dateKind = "introduced";
  }
  const sponsor = govtrackPerson(at(bill, "sponsor"), "sponsor");
  if (sponsor) metadata.people.push(sponsor);
  for (const cosponsor of childrenNamed(at(bill, "cosponsors"), "cosponsor")) {
    const person = govtrackPerson(cosponsor, "cosponsor");
    if (person) metadata.people.push(person);
  }
  for (const committee of childrenNamed(at(bill, "committees"), "committee")) {
    const name = attr(committee, "name");
    if (!name) continue;
    const code = attr(committee, "code");
    const chamber = chamberOf(name);
    metadata.committees.push({ name, ...(code ? { code: code.toLowerCase() } : {}), ...(chamber ? { chamber } : {}) });
  }
  for (const action of elements(at(bill, "actions"))) {
    const date = isoDate(attr(action, "datetime"));
    const text = textAt(action, "text");
    if (!date || !text) continue;
    const code = attr(action, "state");
    const chamber = { h: "house", s: "senate" }[attr(action, "where") ?? ""] as "house" | "senate" | undefined;
    metadata.actions.push({ date, text, ...(chamber ? { chamber } : {}), ...(code ? { code } : {}) });
  }
  // `<enacted number="112-96" type="public" …>Became Public Law No: 112-96.</enacted>` among the actions.
  const enacted = elements(at(bill, "actions")).find((a) => a.local === "enacted" && attr(a, "type") === "public");
  const law = publicLawId(attr(enacted, "number"));
  if (law) {
    metadata.publicLaw = law;
    metadata.citations.push(publicLawCitation(law));
  }
  const related = new Set<string>();
  for (const other of childrenNamed(at(bill, "relatedbills"), "bill")) {
    const otherId = govtrackBillId(
      attr(other, "session") ?? "",
      attr(other, "type") ?? "",
      attr(other, "number") ?? "",
    );
    if (otherId && otherId !== id) related.add(otherId);
  }
  metadata.relatedBills = [...related];
  metadata.subjects = childrenNamed(at(bill, "subjects"), "term")
    .map((term) => attr(term, "name"))
    .filter((name): name is string => name !== undefined);
  const summary = at(bill, "summary")?.children.find((c): c is string => typeof c === "string");
  if (summary?.trim()) {
    // The summary opens with the version it describes: "5/24/2011--Introduced."
    const head = /^\s*(\d{1,2}\/\d{1,2}\/\d{4})--([^.\n]*)\.\s*/.exec(summary);
    const text = (head ? summary.slice(head[0].length) : summary).trim().replace(/[ \t]*\n[ \t]*/g, "\n");
    const date = usDate(head?.[1]);
    const description = head?.[2]?.trim();
    if (text) metadata.summaries.push({ text, ...(date ? { date } : {}), ...(description ? { description } : {}) });
  }
  const rendered = renderBlocks(title, billRecordBlocks(metadata));
  return { parser: "govtrack-bill-xml", text: rendered.text, title, sections: rendered.sections, metadata };
}

/** `<sponsor id="400652"/>`, `<cosponsor id="300052" joined="2011-05-12" withdrawn="2012-01-23"/>`. */
function govtrackPerson(element: XmlElement | null, role: "sponsor" | "cosponsor"): PersonMention | null {
  const id = attr(element, "id")?.trim();
  if (!id || !/^\d{1,7}$/.test(id)) return null;
  const person: PersonMention = { name: "", role, govtrackId: String(Number(id)) };
  if (role === "cosponsor") {
    const joined = isoDate(attr(element, "joined"));
    if (joined) person.date = joined;
    person.withdrawn = attr(element, "withdrawn") !== undefined;
  }
  return person;
}

export const govtrackBillParser: GovParser = {
  name: "govtrack-bill-xml",
  accepts: (sniff) => {
    const root = sniff.root;
    if (sniff.format !== "xml" || root?.localName !== "bill" || root.namespace) return false;
    const { session, type, number } = root.attributes;
    return integer(session) !== undefined && integer(number) !== undefined && /^[hs][rjc]?$/.test(type ?? "");
  },
  parse: async (bytes) => parseGovtrackBill(bytes),
};
