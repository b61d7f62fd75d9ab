import { TextBuilder } from "../../text-builder";
import type { Sniff } from "../sniff";
import { type Citation, emptyMetadata, type GovDocument, type PersonMention } from "../types";
import { addTitle, chamberFrom, finishBillMetadata, isoDate, setBill, versionFrom } from "./common";
import { attr, child, children, descendants, readXml, text } from "./xml-doc";

export const MODS_NAMESPACE = "http://www.loc.gov/mods/v3";

const ROLES: Record<string, PersonMention["role"]> = { sponsor: "sponsor", cosponsor: "cosponsor" };

/**
 * GPO's MODS record of one bill version (collection BILLS): bill id from `docClass`/`congress`/`billNumber`,
 * version from `billVersion`, members with bioguide ids, party and state from `congMember`, committees from
 * `congCommittee`, U.S. Code references from `USCode`, and the issue date. Its text is the titles and actions, since
 * a MODS record has no body. Throws `AppError("unprocessable")` for unreadable XML.
 */
export async function parseBillMods(bytes: Uint8Array): Promise<GovDocument> {
  const doc = readXml(bytes);
  const meta = emptyMetadata("bill-mods");
  const extensions = children(doc.root, "extension");
  const ext = extensions.find((e) => child(e, "billnumber") || child(e, "docclass")) ?? null;
  setBill(meta, {
    congress: text(child(ext, "congress")),
    type: text(child(ext, "docclass")),
    number: text(child(ext, "billnumber")),
  });
  meta.version = versionFrom(text(child(ext, "billversion")));
  meta.chamber = chamberFrom(text(child(ext, "currentchamber")));
  addTitle(meta, "official", text(child(ext, "officialtitle")));
  for (const short of children(ext, "shorttitle")) addTitle(meta, "short", text(short));
  for (const action of children(ext, "action")) {
    const date = isoDate(attr(action, "date"));
    if (date) meta.actions.push({ date, text: text(action) });
  }
  meta.date = isoDate(text(child(child(doc.root, "origininfo"), "dateissued"))) ?? meta.actions.at(-1)?.date;
  for (const member of children(ext, "congmember")) {
    const role = ROLES[(attr(member, "role") ?? "").toLowerCase()];
    if (!role) continue;
    const names = children(member, "name");
    const name = text(names.find((n) => attr(n, "type") === "authority-fnf") ?? names[0] ?? null);
    const person: PersonMention = { name, role };
    const bioguide = attr(member, "bioGuideId");
    if (bioguide && /^[A-Z]\d{6}$/.test(bioguide)) person.bioguideId = bioguide;
    const party = attr(member, "party");
    if (party) person.party = party;
    const state = attr(member, "state");
    if (state) person.state = state;
    meta.people.push(person);
  }
  for (const committee of children(ext, "congcommittee")) {
    const names = children(committee, "name");
    const name = text(names.find((n) => attr(n, "type") === "authority-standard") ?? names[0] ?? null);
    const code = attr(committee, "authorityId");
    const chamber = chamberFrom(attr(committee, "chamber"));
    meta.committees.push({ name, ...(code ? { code: code.toLowerCase() } : {}), ...(chamber ? { chamber } : {}) });
  }
  meta.citations = uscCitations(descendants(ext?.children ?? [], ["uscode"]));
  finishBillMetadata(meta);
  const builder = new TextBuilder();
  for (const line of [meta.titles.map((t) => t.text), meta.actions.map((a) => `${a.date}: ${a.text}`)].flat()) {
    builder.append(line);
    builder.requestBreak(2);
  }
  return { parser: "bill-mods-xml", text: builder.finish().text, title: meta.title, sections: [], metadata: meta };
}

function uscCitations(elements: ReturnType<typeof descendants>): Citation[] {
  const citations: Citation[] = [];
  for (const usc of elements) {
    const title = attr(usc, "title");
    if (!title) continue;
    for (const section of children(usc, "section")) {
      const number = attr(section, "number");
      if (!number) continue;
      const written = `${title} U.S.C. ${number}${attr(section, "detail") ?? ""}`;
      citations.push({ kind: "usc", target: `usc/${title}/${number.toLowerCase()}`, text: written });
    }
  }
  return citations;
}

/** A MODS record of the BILLS collection (Congressional Record MODS are another parser's). */
export function acceptsBillMods(sniff: Sniff): boolean {
  if (sniff.root?.localName !== "mods" || sniff.root.namespace !== MODS_NAMESPACE) return false;
  return /<collectionCode>\s*BILLS\s*</.test(sniff.text) || /<billVersion\b/.test(sniff.text);
}
