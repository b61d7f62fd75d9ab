/**
 * Bytes to string. UTF-8 is tried first because it is what nearly every modern file is and invalid UTF-8 is easy to
 * recognise; windows-1252 is the fallback because it maps every byte (older GPO and THOMAS files are Latin-1 or
 * 1252). Both are decoded here rather than through TextDecoder labels, which some runtimes support only for UTF-8.
 */

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface ByteOrderMark {
  encoding: Exclude<TextEncoding, "windows-1252">;
  length: number;
}

/** The byte order mark at the start of `bytes`, or null when there is none. */
export function sniffBom(bytes: Uint8Array): ByteOrderMark | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: "utf-8", length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/**
 * True when `bytes` is valid UTF-8. With `truncated`, an incomplete sequence at the very end is accepted, as it
 * is when `bytes` is only the first part of a file.
 */
export function isUtf8(bytes: Uint8Array, options: { truncated?: boolean } = {}): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes, { stream: options.truncated === true });
    return true;
  } catch {
    return false;
  }
}

// The 32 code points windows-1252 puts at 0x80-0x9F; the five bytes it leaves undefined map to themselves.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const SLICE = 8192;

function fromCodeUnits(units: Uint16Array): string {
  let out = "";
  for (let i = 0; i < units.length; i += SLICE) {
    out += String.fromCharCode(...units.subarray(i, i + SLICE));
  }
  return out;
}

export function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    units[i] = byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH[byte - 0x80] ?? byte) : byte;
  }
  return fromCodeUnits(units);
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string {
  const units = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < units.length; i++) {
    const a = bytes[2 * i] ?? 0;
    const b = bytes[2 * i + 1] ?? 0;
    units[i] = bigEndian ? (a << 8) | b : (b << 8) | a;
  }
  return fromCodeUnits(units);
}

function decodeWithLabel(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes a whole file: a byte order mark wins; then valid UTF-8; then the charset the document declares (HTML
 * `<meta charset>`, XML `encoding=`) when the runtime knows it; then windows-1252. Never throws: every byte
 * sequence decodes to something under windows-1252.
 */
export function decodeText(bytes: Uint8Array, options: { declaredCharset?: string } = {}): string {
  const bom = sniffBom(bytes);
  if (bom) {
    const body = bytes.subarray(bom.length);
    if (bom.encoding === "utf-8") return new TextDecoder("utf-8").decode(body);
    return decodeUtf16(body, bom.encoding === "utf-16be");
  }
  if (isUtf8(bytes)) return new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
  const declared = options.declaredCharset?.trim().toLowerCase();
  if (
    declared &&
    !/^(utf-?8|unicode-1-1-utf-8|(iso-8859-1|latin-?1|us-ascii|ascii|windows-1252|cp1252))$/.test(declared)
  ) {
    const decoded = decodeWithLabel(bytes, declared);
    if (decoded !== null) return decoded;
  }
  return decodeWindows1252(bytes);
}

/** The charset an HTML or XML document declares in its first 4 KB (XML `encoding=`, `<meta charset>`), if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  // Declarations are ASCII, and windows-1252 keeps ASCII as is whatever the real encoding.
  const head = decodeWindows1252(bytes.subarray(0, 4096));
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (xml) return xml[1];
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return meta?.[1];
}
