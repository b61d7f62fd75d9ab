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
   * resolved sees it. Reads measured to be quick move to the main connection (see `Route`). Ignored for
   * ":memory:". Reads of connection-local state (temp tables, `changes()`, functions registered on `raw`) must go
   * through `raw` when the pool is on.
   */
  readThreads?: number;
}

/**
 * Bytes of the file SQLite reads through a memory map rather than `read()` calls (capped by the build at about
 * 2 GB). Pages come straight from the OS page cache, shared by every connection and thread: keyword search at 100k
 * chunks took 26 % less time. Mapped pages count in the process's RSS as file pages, which the OS can drop.
 */
export const MMAP_BYTES = 2 ** 31;

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
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  const threads = Math.floor(options.readThreads ?? 0);
  const pooled = threads > 0 && options.path !== ":memory:" && options.path !== "";
  const routes = new Map<string, Route>();
  const readPool = pooled
    ? createSqliteReadPool({
        path: db.name,
        mmapBytes: MMAP_BYTES,
        size: threads,
        busyTimeoutMs: options.busyTimeoutMs,
        observe: (sql, micros) => routes.get(sql)?.pooledRun(micros),
      })
    : null;
  return wrapSqliteDatabase(db, { readPool, routes });
}

/**
 * Where a read-only statement runs when there is a pool. A hop to a read thread costs about 70 µs of CPU, where a
 * one-row read by key takes 4 µs on the main connection (measured on this 2-core class of machine); a long read on
 * the main connection stalls every request. So a statement starts on the pool, which reports how long each run
 * took; once `QUICK_RUNS` runs took under `QUICK_MICROS`, and most runs did, it runs inline. Inline runs over
 * `SLOW_MICROS` send it back to the pool for good, as its cost depends on its arguments (a full-text match of a rare
 * or a frequent word) — when there are a few and they are not rare: a busy machine preempts a quick statement now
 * and then, and one stretched run must not undo the measure.
 */
const QUICK_RUNS = 32;
const QUICK_MICROS = 250;
const SLOW_MICROS = 1000;
const SLOW_RUNS = 3;
const SLOW_SHARE = 0.01;

class Route {
  private quick = 0;
  private runs = 0;
  private inlineRuns = 0;
  private slow = 0;
  private pinned = false;
  get inline(): boolean {
    return !this.pinned && this.quick >= QUICK_RUNS && this.quick >= 0.75 * this.runs;
  }
  pooledRun(micros: number): void {
    this.runs++;
    if (micros < QUICK_MICROS) this.quick++;
  }
  inlineRun(micros: number): void {
    this.inlineRuns++;
    if (micros > SLOW_MICROS) this.slow++;
    if (this.slow >= SLOW_RUNS && this.slow >= SLOW_SHARE * this.inlineRuns) this.pinned = true;
  }
}

/** The port over an open connection; with a `readPool`, read-only `all()`/`first()` calls run on its threads. */
function wrapSqliteDatabase(
  db: Database.Database,
  options: { readPool: SqliteReadPool | null; routes: Map<string, Route> },
): NodeSqlDatabase {
  const { readPool, routes } = options;
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
  /** The pool, when a read-only statement should go there; null to run it here (timing it when there is a pool). */
  const poolFor = (sql: string, compiled: Compiled): SqliteReadPool | null => {
    if (!readPool || !compiled.stmt.reader || !compiled.stmt.readonly) return null;
    let route = routes.get(sql);
    if (!route) {
      if (routes.size > 500) routes.clear();
      route = new Route();
      routes.set(sql, route);
    }
    return route.inline ? null : readPool;
  };
  const timedInline = <T>(sql: string, run: () => T): T => {
    const route = readPool ? routes.get(sql) : undefined;
    if (!route) return run();
    const started = performance.now();
    const result = run();
    route.inlineRun((performance.now() - started) * 1000);
    return result;
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
      const pool = poolFor(this.sql, compiled);
      const row = (
        pool
          ? await pool.read({ sql: this.sql, args: args(compiled, this.params), first: true })
          : reads
            ? timedInline(this.sql, () => compiled.stmt.get(...args(compiled, this.params)))
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
      const compiled = readPool ? compile(this.sql) : null;
      const pool = compiled ? poolFor(this.sql, compiled) : null;
      if (compiled && pool) {
        const rows = await pool.read({ sql: this.sql, args: args(compiled, this.params), first: false });
        return { results: rows as T[], meta: { changes: 0, last_row_id: 0 } };
      }
      return timedInline(this.sql, () => execute<T>(this.sql, this.params));
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
