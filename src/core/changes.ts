import type { Deps } from "./deps";

/** A document's or a job's new state, from the `changes` log (migrations/0007_changes.sql). */
export interface Change {
  /** The log's sequence number: changes commit in this order, so it is a cursor to resume from. */
  seq: number;
  kind: "document" | "job";
  /** The document's or the job's id. */
  id: string;
  documentId: string | null;
  /** A document or job state, or `deleted` for a document that is gone. */
  state: string;
  error: string | null;
  /** The document's file name, or the job's type. */
  name: string | null;
  documentType: string | null;
  attempts: number | null;
  at: string;
}

export type ChangeStreamItem =
  | { type: "change"; change: Change }
  /** Nothing happened for a while: lets proxies and clients see the connection is alive. */
  | { type: "heartbeat" }
  /** The cursor is older than the log keeps: changes were missed, the client should reload what it shows. */
  | { type: "reset"; seq: number };

export interface WatchOptions {
  /** Resume after this sequence number; without it, start with the current state of the watched documents. */
  after?: number;
  /** Only these documents (and their jobs); all when absent. */
  documents?: string[];
  signal?: AbortSignal;
  pollMs?: number;
  heartbeatMs?: number;
  /** How long to watch before ending, so that clients reconnect (and re-authenticate) now and then. */
  maxMs?: number;
}

interface ChangeRow {
  seq: number;
  kind: "document" | "job";
  entity_id: string;
  document_id: string | null;
  state: string;
  error: string | null;
  name: string | null;
  document_type: string | null;
  attempts: number | null;
  changed_at: string;
}

const PAGE = 200;
/** Documents watched without a filter at the start: the newest still in progress. */
const IN_PROGRESS_LIMIT = 100;

/**
 * Document and job state changes for live views, read by polling the `changes` log rather than from an in-process
 * emitter: a change made by another process (the CLI ingesting into the folder the server serves, a queue consumer
 * on Workers) reaches every watcher the same way.
 */
export function createChanges(deps: Pick<Deps, "db">) {
  const { db } = deps;
  const filter = (documents: string[] | undefined) =>
    documents ? "AND document_id IN (SELECT value FROM json_each(?))" : "AND ? IS NULL";
  const filterValue = (documents: string[] | undefined) => (documents ? JSON.stringify(documents) : null);

  async function after(seq: number, documents?: string[]): Promise<Change[]> {
    const { results } = await db
      .prepare(`SELECT * FROM changes WHERE seq > ? ${filter(documents)} ORDER BY seq LIMIT ${PAGE}`)
      .bind(seq, filterValue(documents))
      .all<ChangeRow>();
    return results.map(toChange);
  }

  async function bounds(): Promise<{ oldest: number; latest: number }> {
    const row = await db
      .prepare("SELECT coalesce(min(seq), 0) AS oldest, coalesce(max(seq), 0) AS latest FROM changes")
      .first<{ oldest: number; latest: number }>();
    return row ?? { oldest: 0, latest: 0 };
  }

  /** The documents' current states, as changes numbered `seq` (the log's latest when read). */
  async function snapshot(seq: number, documents?: string[]): Promise<Change[]> {
    const where = documents
      ? "id IN (SELECT value FROM json_each(?))"
      : `? IS NULL AND state IN ('queued', 'processing', 'indexed')`;
    const { results } = await db
      .prepare(
        `SELECT id, state, error, filename, document_type, updated_at FROM documents WHERE ${where}
         ORDER BY created_at DESC, id DESC LIMIT ${IN_PROGRESS_LIMIT}`,
      )
      .bind(filterValue(documents))
      .all<{
        id: string;
        state: string;
        error: string | null;
        filename: string;
        document_type: string | null;
        updated_at: string;
      }>();
    return results.reverse().map((r) => ({
      seq,
      kind: "document",
      id: r.id,
      documentId: r.id,
      state: r.state,
      error: r.error,
      name: r.filename,
      documentType: r.document_type,
      attempts: null,
      at: r.updated_at,
    }));
  }

  return {
    after,
    bounds,
    snapshot,

    /**
     * Changes as they commit, polled every `pollMs` (750 ms), with a heartbeat after `heartbeatMs` (15 s) of
     * silence, until `maxMs` (5 minutes) pass or the signal aborts.
     */
    async *watch(options: WatchOptions = {}): AsyncGenerator<ChangeStreamItem> {
      const { documents, signal } = options;
      const pollMs = options.pollMs ?? 750;
      const heartbeatMs = options.heartbeatMs ?? 15_000;
      const deadline = Date.now() + (options.maxMs ?? 300_000);
      const { oldest, latest } = await bounds();
      let cursor = options.after ?? latest;
      if (options.after === undefined) {
        for (const change of await snapshot(latest, documents)) yield { type: "change", change };
      } else if (options.after > latest) {
        // A cursor from another database (or a reset one): start again from now.
        cursor = latest;
        yield { type: "reset", seq: latest };
      } else if (options.after < oldest - 1) {
        yield { type: "reset", seq: options.after };
      }
      let quietSince = Date.now();
      while (!signal?.aborted && Date.now() < deadline) {
        const changes = await after(cursor, documents);
        for (const change of changes) {
          cursor = change.seq;
          yield { type: "change", change };
        }
        if (changes.length > 0) quietSince = Date.now();
        if (changes.length === PAGE) continue;
        if (Date.now() - quietSince >= heartbeatMs) {
          quietSince = Date.now();
          yield { type: "heartbeat" };
        }
        await sleep(Math.min(pollMs, deadline - Date.now()), signal);
      }
    },
  };
}

function toChange(row: ChangeRow): Change {
  return {
    seq: row.seq,
    kind: row.kind,
    id: row.entity_id,
    documentId: row.document_id,
    state: row.state,
    error: row.error,
    name: row.name,
    documentType: row.document_type,
    attempts: row.attempts,
    at: row.changed_at,
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

export type ChangeService = ReturnType<typeof createChanges>;
