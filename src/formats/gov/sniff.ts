import type { DocumentFormat } from "../types";
import type { GovDocument } from "./types";

/** What a parser looks at to decide whether a file is its own: content only, never the file name. */
export interface Sniff {
  /** The generic format from `detectFormat` (xml, html, pdf, text…). */
  format: DocumentFormat;
  head: Uint8Array;
  /**
   * The whole file, for PDF only: a PDF saved more than once keeps its document information (creator, producer) in
   * an update that may lie anywhere after the first page.
   */
  pdf?: Uint8Array;
  /** The head decoded as text (empty for PDF). */
  text: string;
  /** The root element of an XML document, when there is one. */
  root?: XmlRoot;
}

export interface XmlRoot {
  /** As written, prefix included (`uslm:bill`, `FEDREG`, `billStatus`). */
  name: string;
  /** The name without its prefix. */
  localName: string;
  /** The default namespace or the namespace of the root's prefix. */
  namespace?: string;
  attributes: Record<string, string>;
}

/** A format-specific parser. `accepts` decides by content; `parse` is pure: bytes in, documents out. */
export interface GovParser {
  /** Stable name recorded with each document: `uslm-xml`, `billstatus-xml`… */
  name: string;
  accepts(sniff: Sniff): boolean;
  /** Throws `AppError("unprocessable", reason)` for input it cannot read. */
  parse(bytes: Uint8Array): Promise<GovDocument>;
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/**
 * The root element of an XML text: skips the declaration, comments, processing instructions and the DOCTYPE
 * (without resolving anything), then reads the first start tag. Null when there is none in the text given.
 */
export function xmlRoot(text: string): XmlRoot | null {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    const lt = text.indexOf("<", i);
    if (lt < 0) return null;
    const next = text.slice(lt, lt + 9);
    if (next.startsWith("<?")) {
      const end = text.indexOf("?>", lt);
      if (end < 0) return null;
      i = end + 2;
    } else if (next.startsWith("<!--")) {
      const end = text.indexOf("-->", lt);
      if (end < 0) return null;
      i = end + 3;
    } else if (next.toUpperCase().startsWith("<!DOCTYPE")) {
      i = skipDoctype(text, lt);
      if (i < 0) return null;
    } else {
      const end = text.indexOf(">", lt);
      if (end < 0) return null;
      const tag = text.slice(lt + 1, end).replace(/\/$/, "");
      const name = /^[\w:.-]+/.exec(tag)?.[0];
      if (!name) return null;
      const attributes: Record<string, string> = {};
      for (const m of tag.slice(name.length).matchAll(ATTRIBUTE)) {
        attributes[m[1] as string] = m[3] ?? m[4] ?? "";
      }
      const colon = name.indexOf(":");
      const prefix = colon > 0 ? name.slice(0, colon) : "";
      const namespace = prefix ? attributes[`xmlns:${prefix}`] : attributes.xmlns;
      return { name, localName: colon > 0 ? name.slice(colon + 1) : name, namespace, attributes };
    }
  }
}

/** The index after a DOCTYPE declaration, internal subset included, or -1 when it does not end in the text. */
function skipDoctype(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 2; i < text.length; i++) {
    const c = text[i];
    if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === ">" && depth <= 0) return i + 1;
  }
  return -1;
}
