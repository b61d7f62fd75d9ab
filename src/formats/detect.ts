import { decodeWindows1252, isUtf8, sniffBom } from "./decode";
import type { DocumentFormat } from "./types";

/** How many leading bytes `detectFormat` needs: enough to get past an XML prolog, a doctype and long comments. */
export const DETECT_HEAD_BYTES = 8192;

export interface DetectInput {
  /** The first bytes of the file: `DETECT_HEAD_BYTES` of them, or the whole file when it is shorter. */
  head: Uint8Array;
  filename?: string;
  /** The media type the sender claimed, e.g. a Content-Type header. */
  declaredType?: string;
}

export interface DetectedFormat {
  format: DocumentFormat;
  /** The media type to store the original under. */
  mediaType: string;
}

const MEDIA_TYPES: Record<DocumentFormat, string> = {
  text: "text/plain",
  markdown: "text/markdown",
  html: "text/html",
  xml: "application/xml",
  pdf: "application/pdf",
};

// Signatures of common binary files, so that they are refused by name of kind rather than by byte statistics.
const BINARY_SIGNATURES: number[][] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x50, 0x4b, 0x03, 0x04], // ZIP, and so DOCX, XLSX, EPUB
  [0x50, 0x4b, 0x05, 0x06], // empty ZIP
  [0x1f, 0x8b], // gzip
  [0x42, 0x5a, 0x68], // bzip2
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x4d, 0x5a], // Windows executable
  [0xcf, 0xfa, 0xed, 0xfe], // Mach-O
  [0x00, 0x61, 0x73, 0x6d], // WebAssembly
  [0xd0, 0xcf, 0x11, 0xe0], // OLE: DOC, XLS, MSG
  [0x52, 0x49, 0x46, 0x46], // RIFF: WAV, AVI, WebP
  [0x49, 0x44, 0x33], // MP3
  [0x4f, 0x67, 0x67, 0x53], // Ogg
  [0x25, 0x21, 0x50, 0x53], // PostScript
  [0x7b, 0x5c, 0x72, 0x74, 0x66], // RTF: text, but control words throughout
];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function findAscii(bytes: Uint8Array, needle: string, limit: number): number {
  const end = Math.min(bytes.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    }
    return i;
  }
  return -1;
}

/**
 * PDF readers accept the header anywhere in the first kilobyte; past the very start, an object in the head must
 * confirm it, so that a text merely quoting "%PDF-" is not taken for a PDF.
 */
function isPdf(head: Uint8Array): boolean {
  const header = findAscii(head, "%PDF-", 1024);
  return header === 0 || (header > 0 && findAscii(head, " obj", head.length) > header);
}

/**
 * True when the code units look like a binary file rather than text. Real text is not perfectly clean — GPO's
 * Daily Digest pads with runs of NULs — so NULs count only in bulk; other control characters count from one in
 * twenty (compressed or machine data has about one in eight).
 */
function looksBinary(codes: ArrayLike<number>): boolean {
  let nuls = 0;
  let controls = 0;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] ?? 0;
    if (code === 0) nuls++;
    else if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d && code !== 0x1b) ||
      code === 0x7f
    ) {
      controls++;
    }
  }
  return nuls * 4 > codes.length || controls * 20 > codes.length - nuls;
}

/** Text in a single-byte encoding is mostly ASCII; bytes that are mostly high and not UTF-8 are data. */
function mostlyHighBytes(bytes: Uint8Array): boolean {
  let high = 0;
  for (const byte of bytes) if (byte >= 0x80) high++;
  return high * 10 > bytes.length * 3;
}

function decodeHead(head: Uint8Array): string | null {
  const bom = sniffBom(head);
  if (bom?.encoding === "utf-16le" || bom?.encoding === "utf-16be") {
    const units: number[] = [];
    for (let i = bom.length; i + 1 < head.length; i += 2) {
      const a = head[i] ?? 0;
      const b = head[i + 1] ?? 0;
      units.push(bom.encoding === "utf-16be" ? (a << 8) | b : (b << 8) | a);
    }
    return looksBinary(units) ? null : String.fromCharCode(...units);
  }
  const body = bom ? head.subarray(bom.length) : head;
  if (looksBinary(body)) return null;
  if (isUtf8(body, { truncated: true }))
    return new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(body);
  return mostlyHighBytes(body) ? null : decodeWindows1252(body);
}

const HTML_ROOTS = new Set(
  "html head body title meta link base style script noscript div p pre table h1 h2 h3 h4 h5 h6 span a br hr ul ol li form img center font b i section article header footer nav main iframe blockquote dl frameset".split(
    " ",
  ),
);

/** "xml-document" has an XML declaration or a doctype; "xml" only starts with an element HTML does not know. */
type Markup = "html" | "html-fragment" | "xml-document" | "xml" | null;

/** Classifies text by its first element, after any XML declaration, comments, processing instructions, doctype. */
function sniffMarkup(text: string): Markup {
  let rest = text.replace(/^\uFEFF?\s*/, "");
  const xmlDeclaration = rest.startsWith("<?xml");
  for (;;) {
    const prolog = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->)\s*/.exec(rest);
    if (!prolog) break;
    rest = rest.slice(prolog[0].length);
  }
  const doctype = /^<!DOCTYPE\s+([A-Za-z_][\w:.-]*)[^>]*>\s*/i.exec(rest);
  if (doctype) {
    if (doctype[1]?.toLowerCase() === "html") return "html";
    rest = rest.slice(doctype[0].length).replace(/^(<!--[\s\S]*?-->\s*)+/, "");
  }
  const root = /^<([A-Za-z_][\w:.-]*)[\s/>]/.exec(rest)?.[1];
  if (root?.toLowerCase() === "html") return "html";
  if (xmlDeclaration || doctype) return "xml-document";
  if (!root) return null;
  return HTML_ROOTS.has(root.toLowerCase()) ? "html-fragment" : "xml";
}

function namedMarkdown(input: DetectInput): boolean {
  const type = input.declaredType?.split(";")[0]?.trim().toLowerCase();
  if (type === "text/markdown" || type === "text/x-markdown") return true;
  return /\.(md|markdown|mdown|mkd|mkdn)$/i.test(input.filename ?? "");
}

/**
 * Detects a document's format from its first bytes. The content decides: `%PDF-`, an XML declaration or root
 * element, an HTML doctype or root; the file name or declared type only tells Markdown from plain text (and lets a
 * Markdown file open with inline HTML). Returns null for what cannot be read as a document: images, archives,
 * executables and other binary content. An empty head is an empty text file.
 */
export function detectFormat(input: DetectInput): DetectedFormat | null {
  const { head } = input;
  const result = (format: DocumentFormat): DetectedFormat => ({ format, mediaType: MEDIA_TYPES[format] });
  if (isPdf(head)) return result("pdf");
  if (BINARY_SIGNATURES.some((signature) => startsWith(head, signature))) return null;
  const text = decodeHead(head);
  if (text === null) return null;
  const markdown = namedMarkdown(input);
  const markup = sniffMarkup(text);
  if (markup === "html") return result("html");
  if (markup === "xml-document") return result("xml");
  if (markdown) return result("markdown");
  if (markup === "html-fragment") return result("html");
  if (markup === "xml") return result("xml");
  return result("text");
}
