import { AppError } from "../errors";
import type { KeyValueListKey, KeyValueListResult } from "../ports/key-value";

/**
 * Paging rules shared by the key listings of blob stores and key-value stores: R2 and KV both return at most 1000
 * keys a call, and continue from an opaque cursor.
 */

export const MAX_LIST_LIMIT = 1000;

/** The page size, `MAX_LIST_LIMIT` when not given; throws `bad_request` unless it is an integer from 1 to 1000. */
export function checkListLimit(limit: unknown): number {
  const value = limit ?? MAX_LIST_LIMIT;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_LIST_LIMIT) {
    throw new AppError("bad_request", `list limit must be an integer from 1 to ${MAX_LIST_LIMIT}`);
  }
  return value;
}

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF, which is part of the key.
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * A cursor naming the last key of a page: the key's UTF-8 bytes in unpadded base64url, so callers treat it as
 * opaque while the store can continue after that key even when entries change between calls.
 */
export function encodeListCursor(key: string): string {
  let binary = "";
  for (const byte of encoder.encode(key)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * The key a cursor names. Throws `bad_request` for anything `encodeListCursor` would not have made from a
 * non-empty key: other characters, padding, stray bits or bytes that are not UTF-8.
 */
export function decodeListCursor(cursor: unknown): string {
  if (typeof cursor === "string" && BASE64URL.test(cursor) && cursor.length % 4 !== 1) {
    try {
      const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
      const key = decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
      if (key !== "" && encodeListCursor(key) === cursor) return key;
    } catch {
      // Not base64 or not UTF-8: refused below.
    }
  }
  throw new AppError("bad_request", "invalid list cursor");
}

/** A `KeyValue.list` result: when `more` keys follow this page, the cursor names its last key. */
export function keyValueListPage(keys: KeyValueListKey[], more: boolean): KeyValueListResult {
  const last = keys[keys.length - 1];
  if (more && last !== undefined) return { keys, list_complete: false, cursor: encodeListCursor(last.name) };
  return { keys, list_complete: true };
}
