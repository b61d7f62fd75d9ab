import type Database from "better-sqlite3";
import { AppError } from "../../core/errors";
import type { KeyValue, KeyValueListKey, KeyValueListResult, KeyValuePutOptions } from "../../core/ports/key-value";
import { listBounds } from "../../core/storage-rules/key-range";
import { checkKey, checkValue, metadataJson, resolveExpiration } from "../../core/storage-rules/key-value-rules";
import { checkListLimit, keyValueListPage } from "../../core/storage-rules/listing";
import type { NodeSqlDatabase } from "./sqlite-database";

export interface SqliteKeyValueOptions {
  db: NodeSqlDatabase;
  /** Milliseconds since the epoch; injectable so expiry can be tested without waiting. */
  now?: () => number;
}

export interface SqliteKeyValue extends KeyValue {
  /** Deletes every expired entry now and returns how many were removed. Expired entries are invisible before that. */
  purgeExpired(): Promise<number>;
}

/** Writes also purge a bounded batch of expired entries, at most once a minute per instance. */
const PURGE_INTERVAL_MS = 60_000;
const PURGE_BATCH = 1000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  expiration REAL,
  metadata TEXT
);
CREATE INDEX IF NOT EXISTS kv_expiration ON kv (expiration) WHERE expiration IS NOT NULL;
`;

interface ListRow {
  key: string;
  expiration: number | null;
  metadata: string | null;
}

/**
 * A `KeyValue` in the `kv` table of a SQLite database (created here, not by a migration: on Workers this is KV).
 * Writes are immediately visible to every process sharing the file. `expiration` is in epoch seconds and an entry
 * is gone from the moment it is reached; `expirationTtl` counts from `now()` and wins when both are given, as on
 * KV. Unlike KV, any positive TTL is accepted and an expiration in the past stores an already-expired entry.
 * Keys follow KV's rules (non-empty, not `.` or `..`, at most 512 UTF-8 bytes), as do metadata (1024 bytes of JSON)
 * and list limits (1 to 1000), so code tested here runs there.
 */
export function createSqliteKeyValue(options: SqliteKeyValueOptions): SqliteKeyValue {
  const db = options.db.raw;
  const now = options.now ?? Date.now;
  db.exec(SCHEMA);
  const selectValue = db.prepare<[string, number], { value: string }>(
    "SELECT value FROM kv WHERE key = ? AND (expiration IS NULL OR expiration > ?)",
  );
  const upsert = db.prepare<[string, string, number | null, string | null]>(
    `INSERT INTO kv (key, value, expiration, metadata) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, expiration = excluded.expiration, metadata = excluded.metadata`,
  );
  const remove = db.prepare<[string]>("DELETE FROM kv WHERE key = ?");
  const purgeAll = db.prepare<[number]>("DELETE FROM kv WHERE expiration <= ?");
  const purgeSome = db.prepare<[number, number]>(
    "DELETE FROM kv WHERE key IN (SELECT key FROM kv WHERE expiration <= ? LIMIT ?)",
  );
  const listStatements = new Map<string, Database.Statement<unknown[], ListRow>>();
  const listStatement = (inclusive: boolean, bounded: boolean) => {
    const id = `${inclusive}:${bounded}`;
    let stmt = listStatements.get(id);
    if (!stmt) {
      stmt = db.prepare<unknown[], ListRow>(
        `SELECT key, expiration, metadata FROM kv
         WHERE key ${inclusive ? ">=" : ">"} ? ${bounded ? "AND key < ?" : ""}
           AND (expiration IS NULL OR expiration > ?)
         ORDER BY key LIMIT ?`,
      );
      listStatements.set(id, stmt);
    }
    return stmt;
  };
  let lastPurge = Number.NEGATIVE_INFINITY;
  const seconds = () => now() / 1000;

  async function get(key: string, type?: "text"): Promise<string | null>;
  async function get<T = unknown>(key: string, type: "json"): Promise<T | null>;
  async function get(key: string, type: "text" | "json" = "text"): Promise<unknown> {
    checkKey(key);
    if (type !== "text" && type !== "json") throw new AppError("bad_request", `unknown value type ${String(type)}`);
    const row = selectValue.get(key, seconds());
    if (row === undefined) return null;
    return type === "json" ? JSON.parse(row.value) : row.value;
  }

  return {
    get,

    async put(key: string, value: string, putOptions?: KeyValuePutOptions): Promise<void> {
      checkKey(key);
      checkValue(value);
      const current = now();
      const expiration = resolveExpiration(putOptions, current / 1000);
      upsert.run(key, value, expiration, metadataJson(putOptions?.metadata));
      if (current - lastPurge >= PURGE_INTERVAL_MS) {
        lastPurge = current;
        purgeSome.run(current / 1000, PURGE_BATCH);
      }
    },

    async delete(key: string): Promise<void> {
      checkKey(key);
      remove.run(key);
    },

    async list(listOptions?: { prefix?: string; limit?: number; cursor?: string }): Promise<KeyValueListResult> {
      const limit = checkListLimit(listOptions?.limit);
      const bounds = listBounds(listOptions?.prefix ?? "", listOptions?.cursor);
      const params: unknown[] = [bounds.lower];
      if (bounds.upper !== null) params.push(bounds.upper);
      params.push(seconds(), limit + 1);
      const rows = listStatement(bounds.inclusive, bounds.upper !== null).all(...params);
      const keys = rows.slice(0, limit).map(toListKey);
      return keyValueListPage(keys, rows.length > limit);
    },

    async purgeExpired(): Promise<number> {
      return purgeAll.run(seconds()).changes;
    },
  };
}

function toListKey(row: ListRow): KeyValueListKey {
  const key: KeyValueListKey = { name: row.key };
  if (row.expiration !== null) key.expiration = row.expiration;
  if (row.metadata !== null) key.metadata = JSON.parse(row.metadata);
  return key;
}
