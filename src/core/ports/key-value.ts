/**
 * A small key-value store for cache entries, sessions and rate-limit counters, shaped as a subset of Workers KV.
 * Writes may take time to be visible everywhere on Workers (eventual consistency); on Node they are immediate.
 */
export interface KeyValuePutOptions {
  /** Absolute expiry, seconds since the epoch. */
  expiration?: number;
  /** Relative expiry in seconds from now (KV requires at least 60; the Node store accepts any positive value). */
  expirationTtl?: number;
  metadata?: unknown;
}

export interface KeyValueListKey {
  name: string;
  expiration?: number;
  metadata?: unknown;
}

export interface KeyValueListResult {
  keys: KeyValueListKey[];
  list_complete: boolean;
  cursor?: string;
}

export interface KeyValue {
  /** The value as text, or null when missing or expired. */
  get(key: string): Promise<string | null>;
  get(key: string, type: "text"): Promise<string | null>;
  /** The value parsed as JSON, or null when missing or expired; throws when the stored text is not JSON. */
  get<T = unknown>(key: string, type: "json"): Promise<T | null>;
  /** Stores the value, replacing any previous one. */
  put(key: string, value: string, options?: KeyValuePutOptions): Promise<void>;
  /** Deletes the key; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Lists live keys in key order, at most `limit` (default 1000) at a time. */
  list(options?: { prefix?: string; limit?: number; cursor?: string }): Promise<KeyValueListResult>;
}
