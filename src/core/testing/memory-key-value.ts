import { AppError } from "../errors";
import type { KeyValue, KeyValueListKey, KeyValueListResult, KeyValuePutOptions } from "../ports/key-value";
import { compareUtf8, decodeCursor, encodeCursor, isWellFormed, utf8Length } from "./ordering";

export interface MemoryKeyValueOptions {
  /** Milliseconds since the epoch; injectable so expiry can be tested without waiting. */
  now?: () => number;
}

export interface MemoryKeyValue extends KeyValue {
  /** How many entries are held, expired or not: lets a test see that expired entries get purged. */
  readonly size: number;
  purgeExpired(): Promise<number>;
}

interface Entry {
  value: string;
  expiration?: number;
  metadata?: string;
}

const MAX_KEY_BYTES = 512;
const MAX_METADATA_BYTES = 1024;
const MAX_LIST_LIMIT = 1000;

/**
 * A `KeyValue` in a Map, for core tests: the same rules as the SQLite store (KV's key, metadata and list limits;
 * any positive TTL; the TTL wins over `expiration`), with expired entries invisible and dropped when seen.
 * The list cursor is the last key returned, so a page stays correct when entries change between calls.
 */
export function createMemoryKeyValue(options: MemoryKeyValueOptions = {}): MemoryKeyValue {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry?.expiration !== undefined && entry.expiration <= now() / 1000) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  async function get(key: string, type?: "text"): Promise<string | null>;
  async function get<T = unknown>(key: string, type: "json"): Promise<T | null>;
  async function get(key: string, type: "text" | "json" = "text"): Promise<unknown> {
    checkKey(key);
    if (type !== "text" && type !== "json") throw new AppError("bad_request", `unknown value type ${String(type)}`);
    const entry = live(key);
    if (entry === undefined) return null;
    return type === "json" ? JSON.parse(entry.value) : entry.value;
  }

  return {
    get,
    get size() {
      return entries.size;
    },

    async put(key: string, value: string, putOptions?: KeyValuePutOptions): Promise<void> {
      checkKey(key);
      if (typeof value !== "string") throw new AppError("bad_request", "value must be a string");
      const entry: Entry = { value };
      const expiration = resolveExpiration(putOptions, now() / 1000);
      if (expiration !== undefined) entry.expiration = expiration;
      if (putOptions?.metadata !== undefined) entry.metadata = metadataJson(putOptions.metadata);
      entries.set(key, entry);
    },

    async delete(key: string): Promise<void> {
      checkKey(key);
      entries.delete(key);
    },

    async list(listOptions?: { prefix?: string; limit?: number; cursor?: string }): Promise<KeyValueListResult> {
      const prefix = listOptions?.prefix ?? "";
      const limit = listOptions?.limit ?? MAX_LIST_LIMIT;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
        throw new AppError("bad_request", `list limit must be an integer from 1 to ${MAX_LIST_LIMIT}`);
      }
      const after = listOptions?.cursor ? decodeCursor(listOptions.cursor) : undefined;
      const names = [...entries.keys()]
        .filter((k) => k.startsWith(prefix) && (after === undefined || compareUtf8(k, after) > 0) && live(k))
        .sort(compareUtf8);
      const keys = names.slice(0, limit).map((name) => {
        const entry = entries.get(name) as Entry;
        const key: KeyValueListKey = { name };
        if (entry.expiration !== undefined) key.expiration = entry.expiration;
        if (entry.metadata !== undefined) key.metadata = JSON.parse(entry.metadata);
        return key;
      });
      const last = keys[keys.length - 1];
      if (names.length > limit && last !== undefined) {
        return { keys, list_complete: false, cursor: encodeCursor(last.name) };
      }
      return { keys, list_complete: true };
    },

    async purgeExpired(): Promise<number> {
      let removed = 0;
      for (const key of [...entries.keys()]) {
        if (entries.has(key) && live(key) === undefined) removed++;
      }
      return removed;
    },
  };
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== "string" || key === "" || key === "." || key === "..") {
    throw new AppError("bad_request", "key must be a non-empty string other than . and ..");
  }
  if (!isWellFormed(key)) throw new AppError("bad_request", "key is not well-formed text");
  if (utf8Length(key) > MAX_KEY_BYTES) {
    throw new AppError("bad_request", `key is longer than ${MAX_KEY_BYTES} bytes`);
  }
}

function resolveExpiration(options: KeyValuePutOptions | undefined, nowSeconds: number): number | undefined {
  const ttl = options?.expirationTtl;
  if (ttl !== undefined) {
    if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0) {
      throw new AppError("bad_request", "expirationTtl must be a positive number of seconds");
    }
    return nowSeconds + ttl;
  }
  const expiration = options?.expiration;
  if (expiration === undefined) return undefined;
  if (typeof expiration !== "number" || !Number.isFinite(expiration) || expiration <= 0) {
    throw new AppError("bad_request", "expiration must be a positive number of seconds since the epoch");
  }
  return expiration;
}

function metadataJson(metadata: unknown): string {
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
