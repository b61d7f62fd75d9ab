import { AppError, errorMessage } from "../../../core/errors";
import { declaredCharset, decodeText, sniffBom } from "../../decode";
import {
  type DomDocument,
  type DomElement,
  type DomNode,
  isElement,
  localName,
  parseXmlDom,
  traverse,
} from "../../dom";
import { xmlRoot } from "../sniff";

/** A parsed XML file: its DOM and its root element. */
export interface XmlDoc {
  dom: DomDocument;
  root: DomElement;
}

/**
 * Decodes and parses an XML file without resolving anything: the DOCTYPE is skipped, external entities are never
 * fetched and only the predefined and HTML character entities are decoded, so neither XXE nor entity expansion can
 * happen. Throws `AppError("unprocessable")` for empty input, input without a root element, a root element that never
 * closes (a truncated file) and nesting deeper than the DOM's bound.
 */
export function readXml(bytes: Uint8Array): XmlDoc {
  if (bytes.length === 0) throw new AppError("unprocessable", "the file is empty");
  const source = decodeXml(bytes);
  const declared = xmlRoot(source);
  if (!declared) throw new AppError("unprocessable", "the file has no XML root element");
  const trimmed = source.trimEnd();
  if (!trimmed.endsWith(`</${declared.name}>`) && !trimmed.endsWith("/>")) {
    throw new AppError("unprocessable", `the XML ends before its root element <${declared.name}> closes (truncated?)`);
  }
  let dom: DomDocument;
  try {
    dom = parseXmlDom(source);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("unprocessable", `the XML could not be parsed: ${errorMessage(error)}`);
  }
  const root = dom.children.find(isElement);
  if (!root) throw new AppError("unprocessable", "the file has no XML root element");
  return { dom, root };
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** UTF-8 in one pass when the bytes are valid UTF-8 (nearly always); else the declared charset or windows-1252. */
function decodeXml(bytes: Uint8Array): string {
  if (!sniffBom(bytes)) {
    try {
      return UTF8.decode(bytes);
    } catch {
      // Not UTF-8: fall through to the declared charset.
    }
  }
  return decodeText(bytes, { declaredCharset: declaredCharset(bytes) });
}

export function childElements(node: DomElement): DomElement[] {
  return node.children.filter(isElement);
}

/** The first child element with one of the local names, or null. */
export function child(node: DomElement | null | undefined, ...names: string[]): DomElement | null {
  if (!node) return null;
  for (const c of node.children) if (isElement(c) && names.includes(localName(c))) return c;
  return null;
}

export function children(node: DomElement | null | undefined, ...names: string[]): DomElement[] {
  if (!node) return [];
  return node.children.filter((c): c is DomElement => isElement(c) && names.includes(localName(c)));
}

/**
 * Every element below the nodes with one of the local names, in document order, without recursion. Elements named
 * in `skip` are not entered.
 */
export function descendants(
  nodes: readonly DomNode[],
  names: readonly string[],
  skip: readonly string[] = [],
): DomElement[] {
  const found: DomElement[] = [];
  traverse<true>(nodes, true, {
    enter(node) {
      if (!isElement(node)) return null;
      const name = localName(node);
      if (skip.includes(name)) return null;
      if (names.includes(name)) found.push(node);
      return true;
    },
  });
  return found;
}

/** An attribute by local name, case-insensitive (`bioGuideId`, `bioguideid`, `name-id`). */
export function attr(node: DomElement | null | undefined, name: string): string | undefined {
  if (!node) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(node.attribs)) {
    const colon = key.lastIndexOf(":");
    if ((colon >= 0 ? key.slice(colon + 1) : key).toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** Text content of an element, whitespace collapsed; "" for null. */
export function text(node: DomElement | null | undefined): string {
  if (!node) return "";
  const parts: string[] = [];
  traverse<true>(node.children, true, {
    enter(n) {
      if (n.type === "text" || n.type === "cdata") {
        if ("data" in n) parts.push(String(n.data));
      }
      return isElement(n) || n.type === "cdata" ? true : null;
    },
  });
  return parts.join("").replace(/\s+/g, " ").trim();
}
