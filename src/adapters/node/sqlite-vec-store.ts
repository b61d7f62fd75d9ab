import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import * as sqliteVec from "sqlite-vec";
import type { VectorMetadata } from "../../core/ports/vector-index";
import { createVecTables, vecTableNames } from "./sqlite-vec-schema";
import type { PreparedRecord } from "./vector-index-records";

export interface SqliteVecStoreOptions {
  raw: Database.Database;
  /** Table name prefix, so one database can hold several indexes. */
  name: string;
  dimensions: number;
  /** The embedding model, recorded on creation; opening the index with another model is refused. */
  model?: string;
}

export interface VecStoreState {
  /** Changes whenever the index is cleared: files derived from an older generation are stale. */
  generation: string;
  vectorCount: number;
  /**
   * The highest rowid ever given out (0 when none). Rowids only grow and a write transaction commits before the
   * next one takes a rowid, so once this is read every row at or below it is visible: rows above a watermark are
   * exactly the ones written since.
   */
  lastRowid: number;
}

export interface StoredRow {
  rowid: number;
  id: string;
  metadata: VectorMetadata | null;
}

export interface RowDistance {
  rowid: number;
  /** Cosine distance, 1 - similarity. */
  distance: number;
}

/** Up to this many filter matches, exact search computes their distances one by one instead of scanning. */
const POINT_LOOKUP_LIMIT = 4000;

/**
 * The vectors in SQLite, the source of truth: `<name>_records` maps an AUTOINCREMENT rowid to the string id and
 * JSON metadata, `<name>_vec` (a sqlite-vec vec0 table) holds the float32 vectors under the same rowid,
 * `<name>_filter` indexes scalar metadata fields for equality filters. A replaced vector gets a new rowid, so a
 * reader that has seen every rowid up to a watermark only needs the rows above it. Every write is one transaction.
 */
export function createSqliteVecStore(options: SqliteVecStoreOptions) {
  const { raw, dimensions } = options;
  loadSqliteVec(raw);
  const t = vecTableNames(options.name);
  raw.transaction(() => createVecTables(raw, { name: options.name, dimensions, model: options.model })).immediate();

  const stateStmt = raw.prepare(
    `SELECT generation, vector_count AS vectorCount,
       coalesce((SELECT seq FROM sqlite_sequence WHERE name = '${t.records}'), 0) AS lastRowid
     FROM ${t.state}`,
  );
  const rowidOf = raw.prepare(`SELECT rowid FROM ${t.records} WHERE id = ?`).pluck();
  const insertRecord = raw.prepare(`INSERT INTO ${t.records} (id, metadata) VALUES (?, ?)`);
  const insertVec = raw.prepare(`INSERT INTO ${t.vec} (rowid, embedding) VALUES (?, ?)`);
  const insertFilter = raw.prepare(`INSERT INTO ${t.filter} (key, value, rec) VALUES (?, ?, ?)`);
  const deleteRecord = raw.prepare(`DELETE FROM ${t.records} WHERE rowid = ?`);
  const deleteVec = raw.prepare(`DELETE FROM ${t.vec} WHERE rowid = ?`);
  const deleteFilter = raw.prepare(`DELETE FROM ${t.filter} WHERE rec = ?`);
  const addCount = raw.prepare(`UPDATE ${t.state} SET vector_count = vector_count + ?`);
  const vectorOf = raw.prepare(`SELECT embedding FROM ${t.vec} WHERE rowid = ?`).pluck();
  const rowsAfter = raw.prepare(
    `SELECT r.rowid AS rowid, v.embedding AS embedding FROM ${t.records} r CROSS JOIN ${t.vec} v ON v.rowid = r.rowid
     WHERE r.rowid > ? ORDER BY r.rowid LIMIT ?`,
  );
  const countAfterStmt = raw
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM ${t.records} WHERE rowid > ? LIMIT ?)`)
    .pluck();
  const knn = raw.prepare(`SELECT rowid, distance FROM ${t.vec} WHERE embedding MATCH ? AND k = ?`);

  const remove = (rowid: number): void => {
    const key = BigInt(rowid);
    deleteFilter.run(key);
    deleteVec.run(key);
    deleteRecord.run(key);
  };
  const upsertTx = raw.transaction((records: PreparedRecord[]) => {
    let added = 0;
    for (const record of records) {
      const old = rowidOf.get(record.id) as number | undefined;
      if (old !== undefined) {
        remove(old);
        added--;
      }
      const rowid = BigInt(insertRecord.run(record.id, record.metadataJson).lastInsertRowid);
      insertVec.run(rowid, blob(record.values));
      for (const [key, value] of record.filterable) insertFilter.run(key, value, rowid);
      added++;
    }
    addCount.run(added);
  });
  const deleteTx = raw.transaction((ids: string[]) => {
    let removed = 0;
    for (const id of new Set(ids)) {
      const rowid = rowidOf.get(id) as number | undefined;
      if (rowid === undefined) continue;
      remove(rowid);
      removed++;
    }
    addCount.run(-removed);
  });
  const clearTx = raw.transaction(() => {
    raw.exec(`DELETE FROM ${t.filter}; DELETE FROM ${t.records}; DROP TABLE ${t.vec};`);
    createVecTables(raw, { name: options.name, dimensions, model: options.model });
    raw.prepare(`UPDATE ${t.state} SET vector_count = 0, generation = ?`).run(randomUUID());
  });

  /** Rowids matching every `[field, encoded value]` pair, as a subquery and its parameters. */
  const candidates = (filter: [string, string][]): [string, string[]] => [
    filter.map(() => `SELECT rec FROM ${t.filter} WHERE key = ? AND value = ?`).join(" INTERSECT "),
    filter.flat(),
  ];

  return {
    dimensions,
    state(): VecStoreState {
      return stateStmt.get() as VecStoreState;
    },
    upsert(records: PreparedRecord[]): void {
      upsertTx.immediate(records);
    },
    delete(ids: string[]): void {
      deleteTx.immediate(ids);
    },
    /** Removes every vector and starts a new generation (dimensions and model stay). */
    clear(): void {
      clearTx.immediate();
    },
    rowsByIds(ids: string[]): StoredRow[] {
      if (ids.length === 0) return [];
      const rows = raw
        .prepare(`SELECT rowid, id, metadata FROM ${t.records} WHERE id IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify([...new Set(ids)])) as RawRow[];
      return rows.map(parseRow);
    },
    rowsByRowids(rowids: number[]): Map<number, StoredRow> {
      const rows = raw
        .prepare(`SELECT rowid, id, metadata FROM ${t.records} WHERE rowid IN (SELECT value FROM json_each(?))`)
        .all(JSON.stringify(rowids)) as RawRow[];
      return new Map(rows.map((row) => [row.rowid, parseRow(row)]));
    },
    vector(rowid: number): Float32Array | null {
      const bytes = vectorOf.get(BigInt(rowid)) as Buffer | undefined;
      return bytes ? floats(bytes) : null;
    },
    /** Up to `limit` rows above `rowid` in rowid order, vectors packed one after another. */
    vectorsAfter(rowid: number, limit: number): { rowids: number[]; vectors: Float32Array } {
      const rows = rowsAfter.all(rowid, limit) as { rowid: number; embedding: Buffer }[];
      const vectors = new Float32Array(rows.length * dimensions);
      const bytes = new Uint8Array(vectors.buffer);
      for (const [i, row] of rows.entries()) bytes.set(row.embedding, i * dimensions * 4);
      return { rowids: rows.map((row) => row.rowid), vectors };
    },
    /** How many rows lie above `rowid`, counting no further than `cap`. */
    countAfter(rowid: number, cap: number): number {
      return countAfterStmt.get(rowid, cap) as number;
    },
    /** How many rows match the filter, counting no further than `cap`. */
    countMatching(filter: [string, string][], cap: number): number {
      const [sql, params] = candidates(filter);
      return raw
        .prepare(`SELECT count(*) FROM (${sql} LIMIT ?)`)
        .pluck()
        .get(...params, cap) as number;
    },
    /** The exact `k` nearest rows (k at most 4096), optionally among those matching the filter, nearest first. */
    exact(query: Float32Array, k: number, filter: [string, string][] = []): RowDistance[] {
      if (filter.length === 0) return knn.all(blob(query), k) as RowDistance[];
      const [sql, params] = candidates(filter);
      const matching = raw
        .prepare(`SELECT count(*) FROM (${sql} LIMIT ?)`)
        .pluck()
        .get(...params, POINT_LOOKUP_LIMIT + 1);
      if (matching === 0) return [];
      if ((matching as number) <= POINT_LOOKUP_LIMIT) {
        const stmt = raw.prepare(
          `SELECT c.rec AS rowid, vec_distance_cosine(v.embedding, ?) AS distance
           FROM (${sql}) c CROSS JOIN ${t.vec} v ON v.rowid = c.rec ORDER BY distance LIMIT ?`,
        );
        return stmt.all(blob(query), ...params, k) as RowDistance[];
      }
      const stmt = raw.prepare(
        `SELECT rowid, distance FROM ${t.vec} WHERE embedding MATCH ? AND k = ? AND rowid IN (${sql})`,
      );
      return stmt.all(blob(query), k, ...params) as RowDistance[];
    },
  };
}

export type SqliteVecStore = ReturnType<typeof createSqliteVecStore>;

/** Removes an index's tables (the caller deletes its derived files). */
export function dropSqliteVecStore(raw: Database.Database, name: string): void {
  loadSqliteVec(raw);
  const t = vecTableNames(name);
  raw.exec(`DROP TABLE IF EXISTS ${t.vec}; DROP TABLE IF EXISTS ${t.filter};
    DROP TABLE IF EXISTS ${t.records}; DROP TABLE IF EXISTS ${t.state};`);
}

const loaded = new WeakSet<Database.Database>();

function loadSqliteVec(raw: Database.Database): void {
  if (loaded.has(raw)) return;
  sqliteVec.load(raw);
  loaded.add(raw);
}

interface RawRow {
  rowid: number;
  id: string;
  metadata: string | null;
}

function parseRow(row: RawRow): StoredRow {
  return { rowid: row.rowid, id: row.id, metadata: row.metadata === null ? null : JSON.parse(row.metadata) };
}

function blob(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function floats(bytes: Buffer): Float32Array {
  const out = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
