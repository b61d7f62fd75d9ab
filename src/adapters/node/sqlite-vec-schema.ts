import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import { AppError } from "../../core/errors";

export interface VecTableNames {
  records: string;
  vec: string;
  filter: string;
  state: string;
}

const NAME = /^[a-z][a-z0-9_]{0,30}$/;

/** The tables of the index called `name`; throws `bad_request` for a name that is not a plain identifier. */
export function vecTableNames(name: string): VecTableNames {
  if (!NAME.test(name)) {
    throw new AppError("bad_request", `vector index name must match ${NAME}, got ${JSON.stringify(name)}`);
  }
  return { records: `${name}_records`, vec: `${name}_vec`, filter: `${name}_filter`, state: `${name}_state` };
}

/**
 * Creates the index's tables if they are missing and checks the recorded dimensions and model against the
 * caller's: another dimension count, or another model when both are known, throws `conflict` (re-embedding with
 * another model means dropping the index first). Run inside a write transaction, so concurrent openers agree.
 */
export function createVecTables(
  raw: Database.Database,
  options: { name: string; dimensions: number; model?: string },
): void {
  const { dimensions, model } = options;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 8192) {
    throw new AppError("bad_request", `dimensions must be an integer from 1 to 8192, got ${dimensions}`);
  }
  const t = vecTableNames(options.name);
  raw.exec(`
    CREATE TABLE IF NOT EXISTS ${t.state} (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      dimensions INTEGER NOT NULL,
      model TEXT,
      generation TEXT NOT NULL,
      vector_count INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS ${t.records} (
      rowid INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      metadata TEXT
    );
    CREATE TABLE IF NOT EXISTS ${t.filter} (
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      rec INTEGER NOT NULL,
      PRIMARY KEY (key, value, rec)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS ${t.filter}_rec ON ${t.filter} (rec);
  `);
  const stored = raw.prepare(`SELECT dimensions, model FROM ${t.state}`).get() as
    | { dimensions: number; model: string | null }
    | undefined;
  if (!stored) {
    raw
      .prepare(`INSERT INTO ${t.state} (singleton, dimensions, model, generation) VALUES (1, ?, ?, ?)`)
      .run(dimensions, model ?? null, randomUUID());
  } else if (stored.dimensions !== dimensions) {
    throw new AppError(
      "conflict",
      `vector index ${options.name} holds ${stored.dimensions}-dimensional vectors, not ${dimensions}`,
      { stored: stored.dimensions, requested: dimensions },
    );
  } else if (model !== undefined && stored.model !== null && stored.model !== model) {
    throw new AppError("conflict", `vector index ${options.name} holds vectors of model ${stored.model}`, {
      stored: stored.model,
      requested: model,
    });
  } else if (model !== undefined && stored.model === null) {
    raw.prepare(`UPDATE ${t.state} SET model = ?`).run(model);
  }
  raw.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${t.vec} USING vec0(embedding float[${dimensions}] distance_metric=cosine)`,
  );
}
