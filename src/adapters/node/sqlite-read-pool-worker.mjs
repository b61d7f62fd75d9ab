// One read-only SQLite connection on a worker thread, serving the read pool of sqlite-read-pool.ts. Plain
// JavaScript so that it loads as a worker under node, tsx and vitest alike, with no TypeScript loader in the thread.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const require = createRequire(import.meta.url);
const MAX_CACHED = 500;

/** @type {{ path: string, busyTimeoutMs: number, mmapBytes: number }} */
const { path, busyTimeoutMs, mmapBytes } = workerData;

function describe(error) {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, code: typeof error.code === "string" ? error.code : undefined };
  }
  return { name: "Error", message: String(error) };
}

let db;
try {
  db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma(`mmap_size = ${mmapBytes}`);
  try {
    // Vector tables are vec0 virtual tables; a statement reading one needs the extension on this connection too.
    require("sqlite-vec").load(db);
  } catch {
    // Without the extension only vec0 tables are unreadable, and such a statement fails as it would anywhere.
  }
  parentPort.postMessage({ type: "ready" });
} catch (error) {
  parentPort.postMessage({ type: "init-error", error: describe(error) });
  process.exit(1);
}

const cache = new Map();
function statement(sql) {
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(sql, stmt);
  }
  return stmt;
}

/** True when JSON carries the rows exactly: strings, finite numbers and nulls only (no blobs, no -0, no Infinity). */
function plain(rows) {
  for (const row of rows) {
    for (const key in row) {
      const value = row[key];
      if (value === null || typeof value === "string") continue;
      if (typeof value === "number" && Number.isFinite(value) && !Object.is(value, -0)) continue;
      return false;
    }
  }
  return true;
}

parentPort.on("message", (message) => {
  if (message.type === "close") {
    db.close();
    process.exit(0);
  }
  const { id, sql, args, first } = message;
  try {
    const stmt = statement(sql);
    const started = performance.now();
    // The main thread checked that the statement only reads; a readonly connection refuses anything else anyway.
    const rows = first ? stmt.get(...args) : stmt.all(...args);
    // What the statement itself cost, for the main thread to decide where it runs next time.
    const micros = Math.round((performance.now() - started) * 1000);
    // The main thread parses JSON about twice as fast as it deserializes cloned objects, and its time is the
    // scarce one; rows JSON cannot carry exactly are cloned.
    if (rows !== undefined && plain(first ? [rows] : rows)) {
      parentPort.postMessage({ type: "result", id, micros, json: JSON.stringify(rows) });
    } else parentPort.postMessage({ type: "result", id, micros, rows });
  } catch (error) {
    parentPort.postMessage({ type: "error", id, error: describe(error) });
  }
});
