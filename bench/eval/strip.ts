/**
 * What the retrieval evaluation does to the corpus before ingest, so that ranking cannot lean on the text the gold
 * queries were taken from: title fields are cut out of XML and HTML, and bill status documents are left out (they
 * hold the titles and CRS summaries the queries quote). The product itself never sees this: it receives the
 * transformed bytes under an opaque name.
 */
import { Buffer } from "node:buffer";
import { detectFormat } from "../../src/formats";
import { xmlRoot } from "../../src/formats/gov/sniff";

/** Elements removed wherever they are, whatever their namespace prefix (`uslm:officialTitle` as `officialTitle`). */
const TITLE_ELEMENTS = new Set([
  "official-title",
  "officialTitle",
  "short-title",
  "shortTitle",
  "longTitle",
  "titleInfo",
  // MODS extension: the official, short and display titles joined by semicolons.
  "searchTitle",
]);
/** `title` is removed only in these namespaces: in bill XML a bare `<title>` is a level of the bill (Title I…). */
const DUBLIN_CORE = ["http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"];
const OFFICIAL_TITLE_ROLE = /(?:^|\s)role\s*=\s*(["'])official-title\1/;
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;

export interface Stripped {
  text: string;
  /** How many elements were cut out. */
  removed: number;
}

/** Namespace prefixes bound to Dublin Core anywhere in the document (`dc`, `dcterms`, or any other name). */
function dublinCorePrefixes(text: string): Set<string> {
  const prefixes = new Set<string>();
  for (const m of text.matchAll(/xmlns:([\w.-]+)\s*=\s*(["'])([^"']*)\2/g)) {
    if (DUBLIN_CORE.includes(m[3] as string)) prefixes.add(m[1] as string);
  }
  return prefixes;
}

function isTitleElement(name: string, attributes: string, dcPrefixes: Set<string>): boolean {
  const colon = name.indexOf(":");
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  if (TITLE_ELEMENTS.has(local)) return true;
  if (local === "title" && colon > 0 && dcPrefixes.has(name.slice(0, colon))) return true;
  return OFFICIAL_TITLE_ROLE.test(attributes);
}

/** The index just past a markup declaration, comment, CDATA section or processing instruction at `lt`, or -1. */
function skipSpecial(text: string, lt: number): number {
  const close = (marker: string) => {
    const end = text.indexOf(marker, lt);
    return end < 0 ? text.length : end + marker.length;
  };
  if (text.startsWith("<!--", lt)) return close("-->");
  if (text.startsWith("<![CDATA[", lt)) return close("]]>");
  if (text.startsWith("<?", lt)) return close("?>");
  if (text.startsWith("<!", lt)) {
    // A DOCTYPE may carry an internal subset in brackets, with `>` inside it.
    let depth = 0;
    for (let i = lt + 2; i < text.length; i++) {
      const c = text[i];
      if (c === "[") depth++;
      else if (c === "]") depth--;
      else if (c === ">" && depth <= 0) return i + 1;
    }
    return text.length;
  }
  return -1;
}

/**
 * Removes title elements from XML text, with everything inside them: Dublin Core `title` (any prefix bound to the
 * Dublin Core namespaces), `official-title`/`officialTitle`, `short-title`/`shortTitle`, `longTitle`, MODS
 * `titleInfo` and `searchTitle`, and any element with `role="official-title"`. Everything else is left byte for
 * byte, so the result stays well-formed when the input was.
 */
export function stripXmlTitles(text: string): Stripped {
  const dcPrefixes = dublinCorePrefixes(text);
  const stack: string[] = [];
  const cuts: [number, number][] = [];
  let cutFrom = -1;
  let cutDepth = 0;
  let i = 0;
  for (;;) {
    const lt = text.indexOf("<", i);
    if (lt < 0) break;
    const special = skipSpecial(text, lt);
    if (special >= 0) {
      i = special;
      continue;
    }
    TAG.lastIndex = lt;
    const tag = TAG.exec(text);
    if (!tag) {
      i = lt + 1;
      continue;
    }
    i = TAG.lastIndex;
    const [, slash, name = "", rest = ""] = tag;
    if (slash) {
      const at = stack.lastIndexOf(name);
      if (at >= 0) stack.length = at;
      if (cutFrom >= 0 && stack.length < cutDepth) {
        cuts.push([cutFrom, i]);
        cutFrom = -1;
      }
      continue;
    }
    const selfClosing = rest.trimEnd().endsWith("/");
    const title = cutFrom < 0 && isTitleElement(name, rest, dcPrefixes);
    if (selfClosing) {
      if (title) cuts.push([lt, i]);
      continue;
    }
    stack.push(name);
    if (title) {
      cutFrom = lt;
      cutDepth = stack.length;
    }
  }
  return { text: applyCuts(text, cuts), removed: cuts.length };
}

/** Removes `<title>` elements from HTML: the only title field GPO's HTML and XHTML renderings mark up. */
export function stripHtmlTitles(text: string): Stripped {
  let removed = 0;
  const stripped = text.replace(/<title\b[^>]*>[\s\S]*?<\/title\s*>/gi, () => {
    removed++;
    return "";
  });
  return { text: stripped, removed };
}

function applyCuts(text: string, cuts: [number, number][]): string {
  if (cuts.length === 0) return text;
  let out = "";
  let from = 0;
  for (const [start, end] of cuts) {
    out += text.slice(from, start);
    from = end;
  }
  return out + text.slice(from);
}

export type PreparedKind = "xml" | "html" | "pdf" | "other";

export interface Prepared {
  kind: PreparedKind;
  /** Bill status: the evaluation leaves it out of the index. */
  billStatus: boolean;
  /** The bytes to ingest: title elements removed from XML and HTML, anything else as it was. */
  bytes: Uint8Array;
  removed: number;
}

/** True when the bytes are a bill status document (root element `billStatus`), whatever the file is called. */
export function isBillStatus(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  if (detectFormat({ head })?.format !== "xml") return false;
  return xmlRoot(new TextDecoder().decode(head))?.localName === "billStatus";
}

/**
 * Prepares one corpus file for the evaluation. The text is handled as Latin-1, one character per byte, so that the
 * bytes outside the removed elements come out exactly as they went in, whatever the file's encoding (tags are
 * ASCII in every ASCII-compatible encoding). PDFs and other formats are returned unchanged.
 */
export function prepareForEval(bytes: Uint8Array): Prepared {
  const format = detectFormat({ head: bytes.subarray(0, 8192) })?.format;
  const kind: PreparedKind = format === "xml" || format === "html" || format === "pdf" ? format : "other";
  if (kind === "xml" && isBillStatus(bytes)) return { kind, billStatus: true, bytes, removed: 0 };
  if (kind !== "xml" && kind !== "html") return { kind, billStatus: false, bytes, removed: 0 };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  const result = kind === "xml" ? stripXmlTitles(text) : stripHtmlTitles(text);
  if (result.removed === 0) return { kind, billStatus: false, bytes, removed: 0 };
  return {
    kind,
    billStatus: false,
    bytes: new Uint8Array(Buffer.from(result.text, "latin1")),
    removed: result.removed,
  };
}
