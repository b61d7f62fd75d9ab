/**
 * The relational store, shaped as the smallest subset of Cloudflare D1 that OpenDiscourse needs.
 * On Workers the D1 binding is the adapter; on Node a better-sqlite3 wrapper implements it.
 *
 * There are no interactive transactions (D1 has none): a unit of work that must be atomic is one `batch`.
 */
/** A bindable value. No bigint: D1 refuses it (D1_TYPE_ERROR), so integers beyond 2^53 travel as text. */
export type SqlValue = string | number | boolean | null | ArrayBuffer | Uint8Array;

export interface SqlMeta {
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  changes: number;
  /** Rowid of the last inserted row (0 when none). */
  last_row_id: number;
}

export interface SqlResult<T> {
  results: T[];
  meta: SqlMeta;
}

export interface SqlStatement {
  /** Returns a statement with positional parameters (`?` or `?NNN`) bound; the original is unchanged. */
  bind(...values: SqlValue[]): SqlStatement;
  /** The named column of the first row, or null when there is no row. */
  first<T = unknown>(colName: string): Promise<T | null>;
  /** The first row, or null when there is no row. */
  first<T = Record<string, unknown>>(): Promise<T | null>;
  /** Runs a statement that changes data; `results` holds RETURNING rows if any. */
  run<T = Record<string, unknown>>(): Promise<SqlResult<T>>;
  /** Runs a query and returns every row. */
  all<T = Record<string, unknown>>(): Promise<SqlResult<T>>;
}

export interface SqlDatabase {
  prepare(query: string): SqlStatement;
  /**
   * Runs the statements in order as one atomic unit: either all apply or none does (the error is thrown).
   * Results come back in the order of the statements.
   */
  batch<T = unknown>(statements: SqlStatement[]): Promise<SqlResult<T>[]>;
}
