import { AppError } from "../../errors";

/**
 * A WebCrypto key, named through the global `crypto` so the type resolves under the web-standard libraries and
 * Node's own types alike.
 */
export type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
export type KeyUse = "encrypt" | "decrypt";

/**
 * The layout of an encrypted object ("segmented AEAD", after Tink's streaming AEAD and age's STREAM):
 *
 *   header   magic "ODENC" (5) ‖ version 1 (1) ‖ segment size, u32 BE (4) ‖ data key id (16) ‖ nonce prefix (7)
 *   segment  AES-256-GCM(plaintext of `segment size` bytes, the last one 0..segment size) ‖ tag (16)
 *
 * Segment i is sealed with nonce = prefix ‖ u32 BE i ‖ final flag (1 byte), and with the whole header, i and the
 * flag as additional data. So a flipped byte, a dropped, repeated or reordered segment, a segment taken from another
 * object, or a stream cut at a segment boundary (its last segment was sealed as not final) all fail to open.
 * The data key id names the row that holds the object's wrapped data key; every object has its own data key.
 */
export const MAGIC = new Uint8Array([0x4f, 0x44, 0x45, 0x4e, 0x43]); // "ODENC"
export const FORMAT_VERSION = 1;
export const DATA_KEY_ID_BYTES = 16;
export const NONCE_PREFIX_BYTES = 7;
export const HEADER_BYTES = MAGIC.byteLength + 1 + 4 + DATA_KEY_ID_BYTES + NONCE_PREFIX_BYTES;
export const TAG_BYTES = 16;
/**
 * 256 KiB: twice the throughput of 64 KiB segments on Node (each WebCrypto call has a fixed cost), while a stream
 * still holds only a few segments and reading part of an object decrypts little more than the part.
 */
export const DEFAULT_SEGMENT_BYTES = 256 * 1024;
export const MIN_SEGMENT_BYTES = 1;
export const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
/** The counter is 32 bits: 2^32 segments of 256 KiB is 1 PiB, far beyond any object a store accepts. */
const MAX_SEGMENTS = 2 ** 32;

export interface SegmentHeader {
  segmentBytes: number;
  dataKeyId: Uint8Array<ArrayBuffer>;
  noncePrefix: Uint8Array<ArrayBuffer>;
  /** The encoded header, bound into every segment's additional data. */
  bytes: Uint8Array<ArrayBuffer>;
}

export function encodeHeader(input: {
  segmentBytes: number;
  dataKeyId: Uint8Array<ArrayBuffer>;
  noncePrefix: Uint8Array<ArrayBuffer>;
}): SegmentHeader {
  checkSegmentBytes(input.segmentBytes);
  if (input.dataKeyId.byteLength !== DATA_KEY_ID_BYTES || input.noncePrefix.byteLength !== NONCE_PREFIX_BYTES) {
    throw new AppError("internal", "encryption header: wrong data key id or nonce prefix length");
  }
  const bytes = new Uint8Array(HEADER_BYTES);
  bytes.set(MAGIC, 0);
  bytes[MAGIC.byteLength] = FORMAT_VERSION;
  new DataView(bytes.buffer).setUint32(MAGIC.byteLength + 1, input.segmentBytes);
  bytes.set(input.dataKeyId, MAGIC.byteLength + 5);
  bytes.set(input.noncePrefix, MAGIC.byteLength + 5 + DATA_KEY_ID_BYTES);
  return { ...input, bytes };
}

/** True when the bytes start with the magic: an encrypted object rather than a plaintext one stored earlier. */
export function hasMagic(bytes: Uint8Array): boolean {
  return bytes.byteLength >= MAGIC.byteLength && MAGIC.every((b, i) => bytes[i] === b);
}

/** Parses the first `HEADER_BYTES` bytes; throws `internal` on anything that is not a header we wrote. */
export function decodeHeader(bytes: Uint8Array): SegmentHeader {
  if (bytes.byteLength < HEADER_BYTES || !hasMagic(bytes)) {
    throw new AppError("internal", "encrypted object: missing or damaged header");
  }
  const version = bytes[MAGIC.byteLength];
  if (version !== FORMAT_VERSION) {
    throw new AppError("internal", `encrypted object: unsupported format version ${version}`);
  }
  const header = bytes.slice(0, HEADER_BYTES);
  const segmentBytes = new DataView(header.buffer).getUint32(MAGIC.byteLength + 1);
  checkSegmentBytes(segmentBytes);
  const start = MAGIC.byteLength + 5;
  return {
    segmentBytes,
    dataKeyId: header.slice(start, start + DATA_KEY_ID_BYTES),
    noncePrefix: header.slice(start + DATA_KEY_ID_BYTES, HEADER_BYTES),
    bytes: header,
  };
}

function checkSegmentBytes(value: number): void {
  if (!Number.isInteger(value) || value < MIN_SEGMENT_BYTES || value > MAX_SEGMENT_BYTES) {
    throw new AppError("internal", `encrypted object: invalid segment size ${value}`);
  }
}

/** The nonce and additional data of segment `index`: both carry the index and whether it is the last. */
export function segmentParameters(
  header: SegmentHeader,
  index: number,
  final: boolean,
): { iv: Uint8Array<ArrayBuffer>; additionalData: Uint8Array<ArrayBuffer> } {
  if (index >= MAX_SEGMENTS) throw new AppError("payload_too_large", "object too large for one encrypted stream");
  const iv = new Uint8Array(12);
  iv.set(header.noncePrefix, 0);
  new DataView(iv.buffer).setUint32(NONCE_PREFIX_BYTES, index);
  iv[11] = final ? 1 : 0;
  const additionalData = new Uint8Array(HEADER_BYTES + 5);
  additionalData.set(header.bytes, 0);
  new DataView(additionalData.buffer).setUint32(HEADER_BYTES, index);
  additionalData[HEADER_BYTES + 4] = final ? 1 : 0;
  return { iv, additionalData };
}

/** The stored size of a plaintext of `plaintextBytes`: header plus one tag per segment (at least one segment). */
export function encryptedSize(plaintextBytes: number, segmentBytes: number): number {
  const segments = Math.max(1, Math.ceil(plaintextBytes / segmentBytes));
  return HEADER_BYTES + plaintextBytes + segments * TAG_BYTES;
}

/** The plaintext size of a stored object of `storedBytes`, or null when no plaintext has that stored size. */
export function plaintextSize(storedBytes: number, segmentBytes: number): number | null {
  const body = storedBytes - HEADER_BYTES;
  if (body < TAG_BYTES) return null;
  const segments = Math.ceil(body / (segmentBytes + TAG_BYTES));
  const plain = body - segments * TAG_BYTES;
  return plain >= 0 && encryptedSize(plain, segmentBytes) === storedBytes ? plain : null;
}
