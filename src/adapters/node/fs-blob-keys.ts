import { checkBlobKey, MAX_BLOB_KEY_BYTES } from "../../core/storage-rules/blob-rules";

/**
 * How object keys become file names. A key is UTF-8 encoded and written in base32hex (RFC 4648 "extended hex",
 * digits then upper-case letters, no padding): the names use only `0-9A-V`, so no key can produce `..`, a slash, a
 * NUL, a reserved character or a case-only difference, and sorting the names as ASCII sorts the keys by UTF-8 bytes,
 * which is the order R2 lists in. A name longer than one segment is split into nested folders.
 */

/** Characters per path segment: 200 stays far below the usual 255-byte file-name limit, and 200 × 5 bits is whole bytes. */
export const SEGMENT_CHARS = 200;
/** Suffix of a folder holding the rest of a long name; `.` never occurs in an encoded name, so it cannot collide. */
export const FOLDER_SUFFIX = ".d";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));
const NAME = /^[0-9A-V]+$/;
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function encodeBase32Hex(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The bytes of a canonical base32hex string, or null when it is not one (bad character, stray bits). */
export function decodeBase32Hex(text: string): Uint8Array | null {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of text) {
    const value = VALUES.get(char);
    if (value === undefined) return null;
    buffer = ((buffer << 5) | value) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 0xff;
    }
  }
  // A canonical encoding leaves fewer than 5 padding bits, all zero.
  if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

/** The encoded name of a valid key (throws `bad_request` otherwise). */
export function keyToName(key: string): string {
  checkBlobKey(key);
  return encodeBase32Hex(encoder.encode(key));
}

/** The key of an encoded name, or null when the name is not one this store wrote. */
export function nameToKey(name: string): string | null {
  if (!NAME.test(name)) return null;
  const bytes = decodeBase32Hex(name);
  if (bytes === null || bytes.byteLength === 0 || bytes.byteLength > MAX_BLOB_KEY_BYTES) return null;
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

/** The relative path segments of an encoded name: folders for every full segment but the last, then the file. */
export function nameToSegments(name: string): string[] {
  const segments: string[] = [];
  for (let start = 0; start < name.length; start += SEGMENT_CHARS) {
    segments.push(name.slice(start, start + SEGMENT_CHARS));
  }
  return segments.map((s, i) => (i < segments.length - 1 ? s + FOLDER_SUFFIX : s));
}

/**
 * The longest encoded text every name of a key with this prefix starts with: only whole 5-byte groups encode
 * independently of what follows, so a listing can skip other names without decoding them.
 */
export function prefixToNameFloor(prefix: string): string {
  const bytes = encoder.encode(prefix);
  return encodeBase32Hex(bytes.subarray(0, bytes.byteLength - (bytes.byteLength % 5)));
}

export function isEncodedName(name: string): boolean {
  return NAME.test(name);
}

export function isFolderName(name: string): boolean {
  return (
    name.length === SEGMENT_CHARS + FOLDER_SUFFIX.length &&
    name.endsWith(FOLDER_SUFFIX) &&
    NAME.test(name.slice(0, SEGMENT_CHARS))
  );
}
