import Database from "better-sqlite3";
import type { SqlDatabase, SqlResult, SqlStatement, SqlValue } from "../../core/ports/sql-database";
import { createSqliteReadPool, type SqliteReadPool } from "./sqlite-read-pool";

/** A better-sqlite3 connection behind the D1-shaped `SqlDatabase` port, plus the raw handle for Node-only adapters. */
export interface NodeSqlDatabase extends SqlDatabase {
  readonly raw: Database.Database;
  /** Closes the main connection at once; the promise settles when the read threads (if any) have stopped. */
  close(): Promise<void>;
}

export interface SqliteOptions {
  /** File path, or ":memory:". */
  path: string;
  /** Milliseconds a writer waits for another process's lock before failing (default 10 s). */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /**
   * Worker threads answering `all()` and `first()` of statements SQLite reports read-only, each on its own read-only
   * connection, so reads run in parallel and off the event loop; 0 (the default) answers them on the main
   * connection. Writes, `run()` and batches always use the main connection, and a read issued after a write
   * resolved sees it. Ignored for ":memory:". Reads of connection-local state (temp tables, `changes()`, functions
   * registered on `raw`) must go through `raw` when the pool is on.
   */
  readThreads?: number;
}

/**
 * Opens a SQLite file in WAL mode, so readers never block the writer and several processes (the server and a CLI
 * ingest) can share one data folder. Each statement runs synchronously; the promises only match D1's shape.
 */
export function openSqliteDatabase(options: SqliteOptions): NodeSqlDatabase {
  const db = new Database(options.path, { readonly: options.readonly ?? false });
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 10_000))}`);
  if (!options.readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
  }
  db.pragma("foreign_keys = ON");
  const threads = Math.floor(options.readThreads ?? 0);
  const pooled = threads > 0 && options.path !== ":memory:" && options.path !== "";
  const readPool = pooled
    ? createSqliteReadPool({ path: db.name, size: threads, busyTimeoutMs: options.busyTimeoutMs })
    : null;
  return wrapSqliteDatabase(db, { readPool });
}

/** The port over an open connection; with a `readPool`, read-only `all()`/`first()` calls run on its threads. */
function wrapSqliteDatabase(
  db: Database.Database,
  options: { readPool?: SqliteReadPool | null } = {},
): NodeSqlDatabase {
  const readPool = options.readPool ?? null;
  const cache = new Map<string, Compiled>();
  const compile = (sql: string): Compiled => {
    let compiled = cache.get(sql);
    if (!compiled) {
      compiled = { stmt: db.prepare(sql), numbered: hasNumberedParameters(sql) };
      if (cache.size > 500) cache.clear();
      cache.set(sql, compiled);
    }
    return compiled;
  };
  // better-sqlite3 treats `?NNN` as named parameters, bound from an object keyed by the number; D1 binds them
  // positionally, so the values are keyed by position here.
  const args = (compiled: Compiled, params: unknown[]): unknown[] =>
    compiled.numbered ? [Object.fromEntries(params.map((value, i) => [String(i + 1), value]))] : params;
  const lastChange = db.prepare("SELECT changes() AS changes, last_insert_rowid() AS last_row_id");
  const execute = <T>(sql: string, params: unknown[]): SqlResult<T> => {
    const compiled = compile(sql);
    const { stmt } = compiled;
    if (stmt.reader) {
      const rows = stmt.all(...args(compiled, params)) as T[];
      if (stmt.readonly) return { results: rows, meta: { changes: 0, last_row_id: 0 } };
      // A write with RETURNING: report its changes as D1 does.
      const meta = lastChange.get() as { changes: number; last_row_id: number | bigint };
      return { results: rows, meta: { changes: meta.changes, last_row_id: Number(meta.last_row_id) } };
    }
    const info = stmt.run(...args(compiled, params));
    return { results: [], meta: { changes: info.changes, last_row_id: Number(info.lastInsertRowid) } };
  };

  class Statement implements SqlStatement {
    constructor(
      readonly sql: string,
      readonly params: unknown[] = [],
    ) {}
    bind(...values: SqlValue[]): SqlStatement {
      return new Statement(this.sql, values.map(toSqlite));
    }
    async first<T>(colName?: string): Promise<T | null> {
      const compiled = compile(this.sql);
      const reads = compiled.stmt.reader && compiled.stmt.readonly;
      const row = (
        reads && readPool
          ? await readPool.read({ sql: this.sql, args: args(compiled, this.params), first: true })
          : reads
            ? compiled.stmt.get(...args(compiled, this.params))
            : execute<T>(this.sql, this.params).results[0]
      ) as Record<string, unknown> | undefined;
      if (row === undefined) return null;
      if (colName === undefined) return row as T;
      if (!(colName in row)) throw new Error(`no column ${colName}`);
      return row[colName] as T;
    }
    async run<T>(): Promise<SqlResult<T>> {
      return execute<T>(this.sql, this.params);
    }
    async all<T>(): Promise<SqlResult<T>> {
      if (readPool) {
        const compiled = compile(this.sql);
        if (compiled.stmt.reader && compiled.stmt.readonly) {
          const rows = await readPool.read({ sql: this.sql, args: args(compiled, this.params), first: false });
          return { results: rows as T[], meta: { changes: 0, last_row_id: 0 } };
        }
      }
      return execute<T>(this.sql, this.params);
    }
  }

  // BEGIN IMMEDIATE takes the write lock up front, so a batch never fails half-way on a lock upgrade.
  const runBatch = db.transaction((statements: Statement[]) =>
    statements.map((s) => execute<unknown>(s.sql, s.params)),
  );

  return {
    raw: db,
    prepare: (sql) => new Statement(sql),
    async batch<T>(statements: SqlStatement[]): Promise<SqlResult<T>[]> {
      const own = statements.map((s) => {
        if (!(s instanceof Statement)) throw new TypeError("batch() takes statements prepared by this database");
        return s;
      });
      return runBatch.immediate(own) as SqlResult<T>[];
    },
    async close() {
      db.close();
      await readPool?.close();
    },
  };
}

interface Compiled {
  stmt: Database.Statement;
  numbered: boolean;
}

function hasNumberedParameters(sql: string): boolean {
  return /\?\d/.test(sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, ""));
}

function toSqlite(value: SqlValue): unknown {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return value;
}
