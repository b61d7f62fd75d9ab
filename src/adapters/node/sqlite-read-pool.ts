import os from "node:os";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { AppError } from "../../core/errors";

const WORKER_URL = new URL("./sqlite-read-pool-worker.mjs", import.meta.url);

export interface SqliteReadPoolOptions {
  /** The database file; it must exist (the main connection creates it and sets WAL mode first). */
  path: string;
  /** Threads, each with its own read-only connection; default: the number of cores, at least 1. */
  size?: number;
  /** Milliseconds a reader waits on a lock (only WAL recovery takes one); default 10 s. */
  busyTimeoutMs?: number;
  /** The worker script; defaults to the bundled `sqlite-read-pool-worker.mjs`. */
  workerUrl?: URL;
  /** `PRAGMA mmap_size` of each thread's connection (default 0: no memory map). */
  mmapBytes?: number;
  /** Told how long each statement answered took to run on its thread, in microseconds (the hop excluded). */
  observe?: (sql: string, micros: number) => void;
}

/** One read-only statement: its SQL and the arguments better-sqlite3 binds (positional values or one object). */
export interface PooledRead {
  sql: string;
  args: unknown[];
  /** The first row (or undefined) rather than every row. */
  first: boolean;
}

export interface SqliteReadPool {
  readonly size: number;
  /**
   * Runs a statement that only reads, on the next free thread. It sees every transaction committed before the call
   * (each statement opens its own WAL snapshot). Rejects with the SQLite error the statement raised, or with
   * `unavailable` when its thread died (the thread is replaced) or the pool is closed.
   */
  read(input: PooledRead): Promise<unknown>;
  /** Rejects pending reads with `unavailable` and stops the threads; idempotent. */
  close(): Promise<void>;
}

interface SerializedError {
  name: string;
  message: string;
  code?: string;
}

type Reply =
  | { type: "ready" }
  | { type: "init-error"; error: SerializedError }
  | { type: "result"; id: number; micros: number; rows?: unknown; json?: string }
  | { type: "error"; id: number; error: SerializedError };

interface Job extends PooledRead {
  id: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  crash: string | null;
}

/**
 * A pool of worker threads answering read-only statements on their own connections to one WAL database, so reads
 * run in parallel and off the event loop while writes stay on the main connection. Threads start at once; a thread
 * that dies is replaced on the next read and the read it was serving rejects. Idle threads do not keep the process
 * alive. A row's blobs arrive as Buffers, as on the main connection.
 */
export function createSqliteReadPool(options: SqliteReadPoolOptions): SqliteReadPool {
  const size = Math.max(1, Math.floor(options.size ?? os.availableParallelism()));
  const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? 10_000));
  const workerUrl = options.workerUrl ?? WORKER_URL;
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;

  const startSlot = (): void => {
    const worker = new Worker(workerUrl, {
      workerData: { path: options.path, busyTimeoutMs, mmapBytes: Math.max(0, Math.floor(options.mmapBytes ?? 0)) },
    });
    const slot: Slot = { worker, ready: false, job: null, crash: null };
    worker.on("message", (reply: Reply) => onReply(slot, reply));
    worker.on("error", (error) => {
      slot.crash = error.message;
    });
    worker.on("exit", (code) => onExit(slot, slot.crash ?? `exit code ${code}`));
    slots.push(slot);
  };

  const onReply = (slot: Slot, reply: Reply): void => {
    if (reply.type === "ready") slot.ready = true;
    else if (reply.type === "init-error") {
      // A connection that cannot open would fail again: the reads waiting for it get the reason, nothing respawns.
      slot.crash = reply.error.message;
      if (!slots.some((s) => s.ready)) for (const job of queue.splice(0)) job.reject(rebuildError(reply.error));
      return;
    } else if (slot.job?.id === reply.id) {
      const job = slot.job;
      slot.job = null;
      if (reply.type === "result") {
        options.observe?.(job.sql, reply.micros);
        job.resolve(reply.json === undefined ? withBuffers(reply.rows) : JSON.parse(reply.json));
      } else job.reject(rebuildError(reply.error));
    }
    pump();
  };

  const onExit = (slot: Slot, reason: string): void => {
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    if (closed) return;
    slot.job?.reject(
      new AppError("unavailable", `a database read thread stopped (${reason}); the read was not answered`),
    );
    slot.job = null;
    pump();
  };

  const pump = (): void => {
    if (closed) return;
    if (queue.length > 0) while (slots.length < size) startSlot();
    for (const slot of slots) {
      if (!slot.ready || slot.job || queue.length === 0) continue;
      const job = queue.shift() as Job;
      slot.job = job;
      slot.worker.postMessage({ type: "read", id: job.id, sql: job.sql, args: job.args, first: job.first });
    }
    // Busy and starting threads hold the process open until they answer; idle ones let it exit.
    for (const slot of slots) {
      if (slot.job || !slot.ready) slot.worker.ref();
      else slot.worker.unref();
    }
  };

  for (let i = 0; i < size; i++) startSlot();
  pump();

  return {
    size,
    read(input: PooledRead): Promise<unknown> {
      if (closed) return Promise.reject(new AppError("unavailable", "the database is closed"));
      return new Promise((resolve, reject) => {
        queue.push({ ...input, id: nextId++, resolve, reject });
        pump();
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const error = new AppError("unavailable", "the database is closed");
      for (const job of queue.splice(0)) job.reject(error);
      for (const slot of slots) slot.job?.reject(error);
      await Promise.all(slots.splice(0).map((slot) => slot.worker.terminate()));
    },
  };
}

/** The error the statement would have thrown on the main connection: a SqliteError keeps its code. */
function rebuildError(error: SerializedError): Error {
  if (error.code?.startsWith("SQLITE_")) return new Database.SqliteError(error.message, error.code);
  if (error.name === "TypeError") return new TypeError(error.message);
  if (error.name === "RangeError") return new RangeError(error.message);
  return new Error(error.message);
}

/** Structured cloning turns Buffers into plain Uint8Arrays; callers of the main connection get Buffers. */
function withBuffers(rows: unknown): unknown {
  if (Array.isArray(rows)) {
    for (const row of rows) withBuffersInRow(row);
  } else withBuffersInRow(rows);
  return rows;
}

function withBuffersInRow(row: unknown): void {
  if (typeof row !== "object" || row === null) return;
  const record = row as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (value instanceof Uint8Array) record[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
}
