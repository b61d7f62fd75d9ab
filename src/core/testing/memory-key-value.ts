import { AppError } from "../errors";
import type { KeyValue, KeyValueListKey, KeyValueListResult, KeyValuePutOptions } from "../ports/key-value";
import { checkKey, checkValue, metadataJson, resolveExpiration } from "../storage-rules/key-value-rules";
import { checkListLimit, decodeListCursor, keyValueListPage } from "../storage-rules/listing";
import { compareUtf8 } from "../storage-rules/utf8";

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

/**
 * A `KeyValue` in a Map, for core tests: the same rules as the SQLite store (KV's key, value, metadata and list limits;
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
      checkValue(value);
      const entry: Entry = { value };
      const expiration = resolveExpiration(putOptions, now() / 1000);
      if (expiration !== null) entry.expiration = expiration;
      const metadata = metadataJson(putOptions?.metadata);
      if (metadata !== null) entry.metadata = metadata;
      entries.set(key, entry);
    },

    async delete(key: string): Promise<void> {
      checkKey(key);
      entries.delete(key);
    },

    async list(listOptions?: { prefix?: string; limit?: number; cursor?: string }): Promise<KeyValueListResult> {
      const prefix = listOptions?.prefix ?? "";
      const limit = checkListLimit(listOptions?.limit);
      const after = listOptions?.cursor ? decodeListCursor(listOptions.cursor) : undefined;
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
      return keyValueListPage(keys, names.length > limit);
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
