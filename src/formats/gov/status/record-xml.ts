import { AppError } from "../../../core/errors";
import { MAX_NESTING_DEPTH } from "../../dom";

/**
 * A small XML reader for record-like documents (bill status, roll-call votes, GovTrack, hearings): elements,
 * attributes, text and CDATA, built by scanning with `indexOf` rather than character by character, which keeps it
 * well above 20 MB/s. It is safe by construction: a DOCTYPE is skipped unread, so no external entity or DTD is ever
 * resolved, only the five predefined and numeric character references are decoded (no entity expansion at all), and
 * nesting deeper than `MAX_NESTING_DEPTH` is refused. Like a browser it is lenient: unclosed elements close at the
 * end, stray end tags are ignored. Whitespace-only text between elements is dropped: records carry no mixed content.
 */
export interface XmlElement {
  /** As written, prefix included. */
  name: string;
  /** Without prefix, as written (case kept). */
  local: string;
  attribs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const MAX_END_TAG_SEARCH = 64;
const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function codePoint(n: number): string {
  return n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : "\ufffd";
}

export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, named: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (named) return PREDEFINED[named] ?? whole;
    return codePoint(dec !== undefined ? Number(dec) : Number.parseInt(hex as string, 16));
  });
}

function element(tag: string): XmlElement {
  let end = 0;
  while (end < tag.length && !/[\s/]/.test(tag.charAt(end))) end++;
  const name = tag.slice(0, end);
  const colon = name.indexOf(":");
  const attribs: Record<string, string> = {};
  if (tag.includes("=", end)) {
    for (const m of tag.slice(end).matchAll(ATTRIBUTE)) {
      attribs[m[1] as string] = decodeEntities(m[2] ?? m[3] ?? "");
    }
  }
  return { name, local: colon >= 0 ? name.slice(colon + 1) : name, attribs, children: [] };
}

/** The index just past the `>` that ends a start tag at `start`, quotes respected; -1 when it never ends. */
function tagEnd(s: string, start: number): number {
  let quote = 0;
  for (let i = start; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i + 1;
  }
  return -1;
}

function skipDoctype(s: string, start: number): number {
  let depth = 0;
  for (let i = start + 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93) depth--;
    else if (c === 62 && depth <= 0) return i + 1;
  }
  return s.length;
}

/** Parses XML text into a document node whose children are the top-level nodes. Never throws except on depth. */
export function parseRecordXml(s: string): XmlElement {
  const doc: XmlElement = { name: "#document", local: "#document", attribs: {}, children: [] };
  const stack: XmlElement[] = [doc];
  let top = doc;
  let i = 0;
  const addText = (text: string) => {
    if (/\S/.test(text)) top.children.push(text);
  };
  while (i < s.length) {
    const lt = s.indexOf("<", i);
    if (lt < 0) {
      addText(decodeEntities(s.slice(i)));
      break;
    }
    if (lt > i) addText(decodeEntities(s.slice(i, lt)));
    const next = s.charCodeAt(lt + 1);
    if (next === 47 /* / */) {
      const gt = s.indexOf(">", lt);
      const name = s.slice(lt + 2, gt < 0 ? s.length : gt).trim();
      // A stray end tag is matched against the nearest open elements only, so a flood of them stays linear.
      for (let d = stack.length - 1; d > 0 && d >= stack.length - MAX_END_TAG_SEARCH; d--) {
        if ((stack[d] as XmlElement).name === name) {
          stack.length = d;
          top = stack[d - 1] as XmlElement;
          break;
        }
      }
      i = gt < 0 ? s.length : gt + 1;
    } else if (next === 33 /* ! */) {
      if (s.startsWith("<!--", lt)) {
        const end = s.indexOf("-->", lt + 4);
        i = end < 0 ? s.length : end + 3;
      } else if (s.startsWith("<![CDATA[", lt)) {
        const end = s.indexOf("]]>", lt + 9);
        addText(s.slice(lt + 9, end < 0 ? s.length : end));
        i = end < 0 ? s.length : end + 3;
      } else if (/^<!doctype/i.test(s.slice(lt, lt + 9))) {
        i = skipDoctype(s, lt);
      } else {
        const gt = s.indexOf(">", lt);
        i = gt < 0 ? s.length : gt + 1;
      }
    } else if (next === 63 /* ? */) {
      const end = s.indexOf("?>", lt + 2);
      i = end < 0 ? s.length : end + 2;
    } else {
      const end = tagEnd(s, lt + 1);
      if (end < 0) break;
      const selfClosing = s.charCodeAt(end - 2) === 47;
      const el = element(s.slice(lt + 1, selfClosing ? end - 2 : end - 1));
      if (el.name === "") {
        addText("<");
        i = lt + 1;
        continue;
      }
      top.children.push(el);
      if (!selfClosing) {
        if (stack.length > MAX_NESTING_DEPTH) {
          throw new AppError("unprocessable", `the markup is nested more than ${MAX_NESTING_DEPTH} elements deep`);
        }
        stack.push(el);
        top = el;
      }
      i = end;
    }
  }
  return doc;
}
