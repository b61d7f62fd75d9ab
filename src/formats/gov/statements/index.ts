import type { ParsedDocument } from "../../types";
import { billId, congressOn, normaliseBillType } from "../bill-id";
import { isoDateFromWords } from "../dates";
import { emptyMetadata, type GovDocument, type PersonMention, type StructuredSection } from "../types";

const MARKER = "STATEMENT OF ADMINISTRATION POLICY";
/**
 * `H.R. 6760 – Title`, `S.J. Res. 15 – Title`, `S. 2372—Title` at the start of a line, or after a prefix such as
 * `House Amendment to the Senate Amendment to`.
 */
const BILL_LINE =
  /^(?:[A-Z][A-Za-z ]*? to )?(H\.\s?R\.|S\.|H\.\s?J\.\s?Res\.|S\.\s?J\.\s?Res\.|H\.\s?Con\.\s?Res\.|S\.\s?Con\.\s?Res\.|H\.\s?Res\.|S\.\s?Res\.)\s*(\d{1,5})\s*[–—-]\s*(.+)$/;
/** `(Rep. Davis, R-IL, and 40 cosponsors)`, `(Sen. Van Hollen, D-MD)`. */
const SPONSOR = /^\((Rep\.|Sen\.)\s+([^,()]+),\s*([DRI])-([A-Z]{2})\b[^)]*\)/;

/**
 * A Statement of Administration Policy, recognised in the text of a PDF (OMB publishes them as PDFs with no
 * metadata): the date, the chamber it is addressed to, and each bill it concerns with its sponsor. The first bill
 * is the statement's own; the others are related.
 */
export function recogniseStatement(doc: ParsedDocument): GovDocument | null {
  const head = doc.text.slice(0, 3000);
  const marker = head.indexOf(MARKER);
  if (marker < 0) return null;
  const metadata = emptyMetadata("statement-of-administration-policy");
  const date = isoDateFromWords(head.slice(0, marker));
  if (date) {
    metadata.date = date;
    metadata.dateKind = "publication";
    metadata.congress = congressOn(date);
  }
  const chamber = /\((House|Senate)[^)]*\)|^(House|Senate)$/m.exec(head.slice(0, marker));
  if (chamber) metadata.chamber = (chamber[1] ?? chamber[2])?.toLowerCase() === "senate" ? "senate" : "house";

  const people: PersonMention[] = [];
  const bills: string[] = [];
  const titles: string[] = [];
  const body = doc.text.slice(marker);
  // Bill lines come before the first paragraph of prose; later mentions are citations, not subjects.
  const prose = body.search(/\n\n(?!\(|H\.|S\.)[A-Z][a-z]/);
  const listing = prose > 0 ? body.slice(0, prose) : body.slice(0, 1500);
  const lines = listing.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const match = BILL_LINE.exec(lines[i] as string);
    if (!match) continue;
    const type = normaliseBillType(match[1] as string);
    const id = type && metadata.congress ? billId(metadata.congress, type, match[2] as string) : null;
    if (!id || bills.includes(id)) continue;
    // A long title wraps onto the following lines, up to the sponsor line or a blank line.
    let title = (match[3] as string).trim();
    let next = i + 1;
    while (
      next < lines.length &&
      lines[next] &&
      !lines[next]?.startsWith("(") &&
      !BILL_LINE.test(lines[next] as string)
    ) {
      title += ` ${(lines[next] as string).trim()}`;
      next++;
    }
    while (next < lines.length && lines[next] === "") next++;
    bills.push(id);
    titles.push(`${(match[1] as string).replace(/\s+/g, " ")} ${match[2]} – ${title}`);
    const sponsor = SPONSOR.exec(lines[next] ?? "");
    if (sponsor) {
      people.push({
        name: `${sponsor[1]} ${(sponsor[2] as string).trim()}`,
        role: "sponsor",
        party: sponsor[3],
        state: sponsor[4],
      });
    }
  }
  const [first, ...rest] = bills;
  if (first) {
    const parts = /^(\d+)-([a-z]+)-(\d+)$/.exec(first) as RegExpExecArray;
    metadata.billId = first;
    metadata.billType = parts[2];
    metadata.billNumber = Number(parts[3]);
  }
  metadata.relatedBills = rest;
  metadata.people = people;
  metadata.title = titles[0]
    ? `Statement of Administration Policy: ${titles[0]}`
    : "Statement of Administration Policy";
  metadata.titles = titles.map((text) => ({ type: "official", text }));
  const sections: StructuredSection[] = doc.sections.map((s) => ({ ...s, path: s.heading }));
  return { ...doc, title: metadata.title, parser: "sap-pdf", metadata, sections };
}
