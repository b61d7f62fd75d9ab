import { AppError } from "../../core/errors";
import type { KeyValuePutOptions } from "../../core/ports/key-value";

/** Workers KV's limits, enforced on Node too so that code tested here also runs there. */
export const MAX_KEY_BYTES = 512;
export const MAX_VALUE_BYTES = 25 * 1024 * 1024;
export const MAX_METADATA_BYTES = 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key === "" || key === "." || key === "..") {
    throw new AppError("bad_request", "key must be a non-empty string other than . and ..");
  }
  if (LONE_SURROGATE.test(key)) throw new AppError("bad_request", "key is not well-formed text");
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new AppError("bad_request", `key is longer than ${MAX_KEY_BYTES} bytes`);
  }
}

export function checkValue(value: unknown): asserts value is string {
  if (typeof value !== "string") throw new AppError("bad_request", "value must be a string");
  if (value.length > MAX_VALUE_BYTES / 3 && Buffer.byteLength(value) > MAX_VALUE_BYTES) {
    throw new AppError("payload_too_large", `value is larger than ${MAX_VALUE_BYTES} bytes`);
  }
}

/** Absolute expiry in epoch seconds, or null for none; the TTL wins when both are given, as on KV. */
export function resolveExpiration(options: KeyValuePutOptions | undefined, nowSeconds: number): number | null {
  const ttl = options?.expirationTtl;
  if (ttl !== undefined) {
    if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0) {
      throw new AppError("bad_request", "expirationTtl must be a positive number of seconds");
    }
    return nowSeconds + ttl;
  }
  const expiration = options?.expiration;
  if (expiration !== undefined) {
    if (typeof expiration !== "number" || !Number.isFinite(expiration) || expiration <= 0) {
      throw new AppError("bad_request", "expiration must be a positive number of seconds since the epoch");
    }
    return expiration;
  }
  return null;
}

/** The metadata as JSON text, or null when there is none; throws `bad_request` when not serialisable or too big. */
export function metadataJson(metadata: unknown): string | null {
  if (metadata === undefined) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(metadata);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw new AppError("bad_request", "metadata must be serialisable as JSON");
  if (Buffer.byteLength(json) > MAX_METADATA_BYTES) {
    throw new AppError("bad_request", `metadata is larger than ${MAX_METADATA_BYTES} bytes as JSON`);
  }
  return json;
}

export interface ListBounds {
  /** Lowest key to return; inclusive for a prefix, exclusive after a cursor. */
  lower: string;
  inclusive: boolean;
  /** Smallest key above every key with the prefix, or null when there is none. */
  upper: string | null;
}

/**
 * The key range of a listing. The cursor is the last key of the previous page, base64url-encoded so callers treat
 * it as opaque. Bounds are key ranges so SQLite walks the primary-key index instead of scanning.
 */
export function listBounds(prefix: unknown, cursor: unknown): ListBounds {
  if (typeof prefix !== "string" || LONE_SURROGATE.test(prefix)) {
    throw new AppError("bad_request", "list prefix must be well-formed text");
  }
  const upper = prefixUpperBound(prefix);
  if (cursor === undefined || cursor === "") return { lower: prefix, inclusive: true, upper };
  if (typeof cursor !== "string") throw new AppError("bad_request", "invalid list cursor");
  const after = Buffer.from(cursor, "base64url").toString("utf8");
  if (after === "" || Buffer.from(after, "utf8").toString("base64url") !== cursor) {
    throw new AppError("bad_request", "invalid list cursor");
  }
  return compareUtf8(after, prefix) >= 0
    ? { lower: after, inclusive: false, upper }
    : { lower: prefix, inclusive: true, upper };
}

/** Increments the last code point that can be incremented (skipping surrogates), dropping any after it. */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix, (c) => c.codePointAt(0) as number);
  while (points.length > 0) {
    const last = points.pop() as number;
    if (last < 0x10ffff) {
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return null;
}

/** Orders strings by code point, which is UTF-8 byte order, the order SQLite (BINARY) and KV list in. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (D800-DFFF) encode code points above FFFF, so they sort after E000-FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
