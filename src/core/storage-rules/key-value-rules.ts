import { AppError } from "../errors";
import type { KeyValuePutOptions } from "../ports/key-value";
import { isWellFormed, utf8Length } from "./utf8";

/**
 * Workers KV's rules for keys, values, metadata and expiry, enforced by every `KeyValue` we implement so that code
 * tested on Node or in memory also runs on Workers. Each check throws `AppError` and changes nothing.
 */

export const MAX_KEY_BYTES = 512;
export const MAX_VALUE_BYTES = 25 * 1024 * 1024;
export const MAX_METADATA_BYTES = 1024;

/** Throws `bad_request` unless the key is non-empty, not `.` or `..`, well-formed and at most 512 UTF-8 bytes. */
export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key === "" || key === "." || key === "..") {
    throw new AppError("bad_request", "key must be a non-empty string other than . and ..");
  }
  if (!isWellFormed(key)) throw new AppError("bad_request", "key is not well-formed text");
  if (utf8Length(key) > MAX_KEY_BYTES) {
    throw new AppError("bad_request", `key is longer than ${MAX_KEY_BYTES} bytes`);
  }
}

/** Throws `bad_request` for a value that is not a string, `payload_too_large` above 25 MiB of UTF-8. */
export function checkValue(value: unknown): asserts value is string {
  if (typeof value !== "string") throw new AppError("bad_request", "value must be a string");
  // A UTF-16 unit is at most 3 UTF-8 bytes, so shorter values need no count.
  if (value.length > MAX_VALUE_BYTES / 3 && utf8Length(value) > MAX_VALUE_BYTES) {
    throw new AppError("payload_too_large", `value is larger than ${MAX_VALUE_BYTES} bytes`);
  }
}

/**
 * Absolute expiry in epoch seconds, or null for none; the TTL wins when both are given, as on KV. Unlike KV, any
 * positive TTL is accepted. Throws `bad_request` for a TTL or expiration that is not a positive finite number.
 */
export function resolveExpiration(options: KeyValuePutOptions | undefined, nowSeconds: number): number | null {
  const ttl = options?.expirationTtl;
  if (ttl !== undefined) {
    if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0) {
      throw new AppError("bad_request", "expirationTtl must be a positive number of seconds");
    }
    return nowSeconds + ttl;
  }
  const expiration = options?.expiration;
  if (expiration === undefined) return null;
  if (typeof expiration !== "number" || !Number.isFinite(expiration) || expiration <= 0) {
    throw new AppError("bad_request", "expiration must be a positive number of seconds since the epoch");
  }
  return expiration;
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
  if (utf8Length(json) > MAX_METADATA_BYTES) {
    throw new AppError("bad_request", `metadata is larger than ${MAX_METADATA_BYTES} bytes as JSON`);
  }
  return json;
}
