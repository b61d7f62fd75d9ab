import { AppError } from "../../../core/errors";
import { decodeText } from "../../decode";
import { parseHtmlDom } from "../../dom";
import { appendHtmlNodes } from "../../html";
import { TextBuilder } from "../../text-builder";
import { parseRecordXml, type XmlElement, type XmlNode } from "./record-xml";

/**
 * Navigation over record-like XML (bill status, votes, GovTrack): lookups by local name among direct children, so
 * a layout's nesting is spelled out where it is read. Names compare case-insensitively.
 */

/**
 * Decodes and parses an XML record, returning its root element. No DTD is read and no external entity resolved
 * (see `parseRecordXml`), so hostile input fails alone with `AppError("unprocessable")`.
 */
export function parseXmlRecord(bytes: Uint8Array): XmlElement {
  if (bytes.length === 0) throw new AppError("unprocessable", "the document is empty");
  const doc = parseRecordXml(decodeText(bytes));
  const root = doc.children.find(isElement);
  if (!root) throw new AppError("unprocessable", "the document has no XML root element");
  return root;
}

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== "string";
}

export function elements(parent: XmlElement | null | undefined): XmlElement[] {
  if (!parent) return [];
  return parent.children.filter(isElement);
}

function same(a: string, b: string): boolean {
  return a === b || a.toLowerCase() === b.toLowerCase();
}

/** The first direct child element with this local name. */
export function child(parent: XmlElement | null | undefined, name: string): XmlElement | null {
  if (!parent) return null;
  for (const node of parent.children) if (typeof node !== "string" && same(node.local, name)) return node;
  return null;
}

/** Follows a path of direct children: `at(bill, "subjects", "policyArea", "name")`. */
export function at(parent: XmlElement | null | undefined, ...names: string[]): XmlElement | null {
  let current: XmlElement | null = parent ?? null;
  for (const name of names) current = child(current, name);
  return current;
}

/** Every direct child element with this local name. */
export function childrenNamed(parent: XmlElement | null | undefined, name: string): XmlElement[] {
  if (!parent) return [];
  const out: XmlElement[] = [];
  for (const node of parent.children) if (typeof node !== "string" && same(node.local, name)) out.push(node);
  return out;
}

/** All text under an element, in document order, without recursion. */
export function rawText(element: XmlElement): string {
  if (element.children.length === 1 && typeof element.children[0] === "string") return element.children[0];
  const parts: string[] = [];
  const stack: XmlNode[] = [...element.children].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node === "string") parts.push(node);
    else for (let k = node.children.length - 1; k >= 0; k--) stack.push(node.children[k] as XmlNode);
  }
  return parts.join(" ");
}

/** The text of an element, whitespace collapsed; undefined when absent or blank. */
export function textIn(element: XmlElement | null | undefined): string | undefined {
  if (!element) return undefined;
  const text = rawText(element).replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text;
}

/** The text of the child at a path, or undefined. */
export function textAt(parent: XmlElement | null | undefined, ...names: string[]): string | undefined {
  return textIn(at(parent, ...names));
}

/** An attribute's trimmed value, or undefined when absent or blank. */
export function attr(element: XmlElement | null | undefined, name: string): string | undefined {
  const value = element?.attribs[name]?.trim();
  return value ? value : undefined;
}

/** A positive integer from text, or undefined. */
export function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*\d{1,9}\s*$/.test(text)) return undefined;
  return Number(text);
}

/** The ISO date (YYYY-MM-DD) at the start of a date or date-time, or undefined. */
export function isoDate(text: string | undefined): string | undefined {
  const match = text ? /^(\d{4}-\d{2}-\d{2})/.exec(text.trim()) : null;
  return match?.[1];
}

/**
 * Plain text from a field that may hold HTML (CRS summaries carry it in CDATA or escaped): paragraphs become
 * blank-line-separated lines, markup goes.
 */
export function plainTextOf(element: XmlElement | null | undefined): string | undefined {
  if (!element) return undefined;
  return htmlToPlainText(rawText(element));
}

/** Text that may hold HTML as plain text with paragraphs on lines of their own; undefined when blank. */
export function htmlToPlainText(raw: string): string | undefined {
  if (!/\S/.test(raw)) return undefined;
  const builder = new TextBuilder();
  if (/<[a-zA-Z/][^<>]*>/.test(raw)) appendHtmlNodes(builder, parseHtmlDom(raw).children, { sections: false });
  else builder.append(raw);
  const text = builder.finish().text;
  return text === "" ? undefined : text;
}
