import { AppError, errorMessage } from "../../../core/errors";
import { declaredCharset, decodeText, sniffBom } from "../../decode";
import {
  type DomDocument,
  type DomElement,
  type DomNode,
  type DomText,
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
  const source = decodeMarkup(bytes);
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

/**
 * What `decodeText` with the declared charset gives, faster: UTF-8 in one pass when the bytes are valid UTF-8
 * (nearly always), and the declaration is looked for only when they are not.
 */
export function decodeMarkup(bytes: Uint8Array): string {
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
  const attribs = node.attribs;
  for (const key in attribs) {
    const colon = key.lastIndexOf(":");
    // Most keys differ in length from the name wanted: no need to lower-case them.
    if (key.length - colon - 1 !== wanted.length) continue;
    if ((colon >= 0 ? key.slice(colon + 1) : key).toLowerCase() === wanted) return attribs[key];
  }
  return undefined;
}

/** Text content of an element, whitespace collapsed; "" for null. */
export function text(node: DomElement | null | undefined): string {
  if (!node) return "";
  return collapse(rawText(node));
}

/** The text of the element's text and CDATA descendants, as written; without recursion. */
export function rawText(node: DomElement): string {
  let out = "";
  const stack: DomNode[][] = [node.children];
  const indexes: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const nodes = stack[top] as DomNode[];
    const i = indexes[top] as number;
    if (i >= nodes.length) {
      stack.pop();
      indexes.pop();
      continue;
    }
    indexes[top] = i + 1;
    const n = nodes[i] as DomNode;
    if (n.type === "text") out += (n as DomText).data;
    else if ("children" in n && (isElement(n) || n.type === "cdata")) {
      stack.push(n.children as DomNode[]);
      indexes.push(0);
    }
  }
  return out;
}

const SPACES = /\s+/g;

/** Whitespace runs to single spaces, trimmed. */
export function collapse(raw: string): string {
  return raw.replace(SPACES, " ").trim();
}
