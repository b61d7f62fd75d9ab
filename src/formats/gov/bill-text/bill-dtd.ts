import { localName } from "../../dom";
import type { Sniff } from "../sniff";
import { emptyMetadata, type GovDocument, type GovDocumentType } from "../types";
import { walkBillText } from "./bill-text-walker";
import { addTitle, chamberFrom, finishBillMetadata, isoDate, parseCitableAs, setBill, versionFrom } from "./common";
import { readPeople } from "./people";
import { citationsFromMarks } from "./references";
import { attr, child, children, readXml, text } from "./xml-doc";

const DOCUMENT_TYPES: Record<string, GovDocumentType> = {
  bill: "bill",
  resolution: "resolution",
  "amendment-doc": "amendment",
};

/**
 * The legacy House and Senate bill DTD (`<bill>`, `<resolution>`, `<amendment-doc>` without namespace): identity
 * from the Dublin Core title (`117 HR 2008 IH: …`) or the form (`<legis-num>`, `<congress>`, `bill-stage`), people
 * and committees from the form's actions, short titles from `<short-title>` outside quoted blocks. Throws
 * `AppError("unprocessable")` for unreadable XML.
 */
export async function parseBillDtd(bytes: Uint8Array): Promise<GovDocument> {
  const doc = readXml(bytes);
  const meta = emptyMetadata(DOCUMENT_TYPES[localName(doc.root)] ?? "bill");
  const dublinCore = child(child(doc.root, "metadata"), "dublincore");
  const form = child(doc.root, "form", "engrossed-amendment-form", "amendment-form") ?? doc.root;
  const dcTitle = text(child(dublinCore, "title"));
  const colon = dcTitle.indexOf(":");
  const cited = parseCitableAs([colon > 0 ? dcTitle.slice(0, colon) : dcTitle]);
  if (cited) setBill(meta, { congress: cited.congress, type: cited.type, number: cited.number });
  else {
    const legisNum = /^(.*?)\s*(\d+)$/.exec(text(child(form, "legis-num")));
    const congress = /\d+/.exec(text(child(form, "congress")))?.[0];
    setBill(meta, { congress, type: legisNum?.[1], number: legisNum?.[2] });
  }
  meta.version = versionFrom(cited?.version) ?? versionFrom(attr(doc.root, "bill-stage"));
  meta.chamber = chamberFrom(text(child(form, "current-chamber")));
  addTitle(meta, "official", text(child(form, "official-title")));
  if (meta.titles.length === 0 && colon > 0) addTitle(meta, "official", dcTitle.slice(colon + 1));
  const dates = children(form, "action")
    .map((a) => isoDate(attr(child(a, "action-date"), "date")) ?? isoDate(text(child(a, "action-date"))))
    .filter((d): d is string => d !== undefined);
  const introduced = meta.version && /^i[hs]$/.test(meta.version.code);
  meta.date = (introduced ? dates[0] : dates.at(-1)) ?? isoDate(text(child(dublinCore, "date")));
  const people = readPeople(form === doc.root ? [] : form.children);
  meta.people = people.people;
  meta.committees = people.committees;
  const walked = walkBillText(doc.root.children, ["short-title"]);
  for (const short of walked.collected) addTitle(meta, "short", text(short));
  meta.citations = citationsFromMarks(walked.references, walked.text);
  finishBillMetadata(meta, walked.text);
  return { parser: "bill-dtd-xml", text: walked.text, title: meta.title, sections: walked.sections, metadata: meta };
}

export function acceptsBillDtd(sniff: Sniff): boolean {
  const root = sniff.root;
  if (!root || root.namespace || root.name.includes(":")) return false;
  if (!(root.localName in DOCUMENT_TYPES)) return false;
  // The DTD's own markers: its DOCTYPE, its stage and type attributes, or its form and body elements.
  return /bill\.dtd|amend\.dtd|res\.dtd|bill-stage=|<legis-body|<resolution-body|<form>|<engrossed-amendment-body/.test(
    sniff.text,
  );
}
