import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";

/**
 * The SQL of the durable job queue: one table of messages shared by every named queue, and one of dead letters.
 * Times are epoch milliseconds. `visible_at` is both the delay and the lease: a claim moves it to the lease's end
 * and sets `lease_owner`, so a message whose consumer died becomes claimable again once its lease runs out, with no
 * sweeper. Every change to a claimed row names its lease owner, so a consumer that lost its lease changes nothing.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS job_queue_messages (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  queue TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS job_queue_messages_visible ON job_queue_messages (queue, visible_at);
CREATE INDEX IF NOT EXISTS job_queue_messages_lease ON job_queue_messages (lease_owner) WHERE lease_owner IS NOT NULL;
CREATE TABLE IF NOT EXISTS job_queue_dead_letters (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  queue TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  failed_at INTEGER NOT NULL,
  error TEXT,
  visible_at INTEGER,
  lease_owner TEXT,
  deliveries INTEGER NOT NULL DEFAULT 0,
  delivered_at INTEGER
);
CREATE INDEX IF NOT EXISTS job_queue_dead_letters_visible ON job_queue_dead_letters (queue, visible_at);
`;

/** `visible_at` on a dead letter is its next delivery to the dead-letter handler; NULL once delivered or given up. */
export type QueueTable = "job_queue_messages" | "job_queue_dead_letters";
type Table = QueueTable;
const ATTEMPTS: Record<Table, string> = { job_queue_messages: "attempts", job_queue_dead_letters: "deliveries" };

export interface StoredMessage {
  id: string;
  body: string;
  createdAt: number;
  attempts: number;
}

/** What a consumer decided for one claimed message. `dead` and `abandon` carry the reason kept with the record. */
export type Settlement =
  | { id: string; kind: "ack" }
  | { id: string; kind: "retry"; visibleAt: number; error: string | null }
  | { id: string; kind: "dead"; error: string | null };

export interface DeadLetterRow {
  id: string;
  body: string;
  created_at: number;
  attempts: number;
  failed_at: number;
  error: string | null;
  delivered_at: number | null;
}

export interface QueueStoreOptions {
  raw: Database.Database;
  queue: string;
  maxAttempts: number;
}

export type QueueStore = ReturnType<typeof createQueueStore>;

/** Synchronous queue operations; each is one statement or one `BEGIN IMMEDIATE` transaction. */
export function createQueueStore({ raw, queue, maxAttempts }: QueueStoreOptions) {
  raw.exec(SCHEMA);
  // BEGIN IMMEDIATE takes the write lock before reading, so two processes never claim the same row.
  const immediate = <F extends (...args: never[]) => unknown>(fn: F) => raw.transaction(fn).immediate;
  const sql = (text: string) => raw.prepare(text);
  const insert = sql("INSERT INTO job_queue_messages (id, queue, body, created_at, visible_at) VALUES (?, ?, ?, ?, ?)");
  const toDeadLetter = (where: string) =>
    sql(`INSERT OR REPLACE INTO job_queue_dead_letters (id, queue, body, created_at, attempts, failed_at, error, visible_at)
      SELECT id, queue, body, created_at, attempts, @now, @error, @now FROM job_queue_messages WHERE ${where}`);
  const deadOne = toDeadLetter("id = @id AND lease_owner = @owner");
  const deadExpired = toDeadLetter(
    "queue = @queue AND visible_at <= @now AND lease_owner IS NOT NULL AND attempts >= @maxAttempts",
  );
  const dropExpired = sql(`DELETE FROM job_queue_messages
    WHERE queue = ? AND visible_at <= ? AND lease_owner IS NOT NULL AND attempts >= ?`);
  const abandonExpired = sql(`UPDATE job_queue_dead_letters SET visible_at = NULL, lease_owner = NULL
    WHERE queue = ? AND visible_at <= ? AND lease_owner IS NOT NULL AND deliveries >= ?`);
  const perTable = (table: Table) => ({
    claim: sql(`UPDATE ${table} SET ${ATTEMPTS[table]} = ${ATTEMPTS[table]} + 1, lease_owner = ?, visible_at = ?
      WHERE seq IN (SELECT seq FROM ${table} WHERE queue = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT ?)
      RETURNING seq, id, body, created_at, ${ATTEMPTS[table]} AS attempts`),
    extend: sql(`UPDATE ${table} SET visible_at = ? WHERE lease_owner = ?`),
    visible: sql(`SELECT EXISTS (SELECT 1 FROM ${table} WHERE queue = ? AND visible_at <= ?) AS visible`),
  });
  const tables = {
    job_queue_messages: perTable("job_queue_messages"),
    job_queue_dead_letters: perTable("job_queue_dead_letters"),
  };
  const ack = sql("DELETE FROM job_queue_messages WHERE id = ? AND lease_owner = ?");
  const retry = sql(`UPDATE job_queue_messages SET visible_at = ?, lease_owner = NULL, last_error = ?
    WHERE id = ? AND lease_owner = ?`);
  const settleDead = sql(`UPDATE job_queue_dead_letters SET visible_at = ?, lease_owner = NULL, delivered_at = ?
    WHERE id = ? AND lease_owner = ?`);
  const busy = sql(`SELECT EXISTS (SELECT 1 FROM job_queue_messages WHERE queue = @queue) OR (@dead AND EXISTS
    (SELECT 1 FROM job_queue_dead_letters WHERE queue = @queue AND visible_at IS NOT NULL)) AS busy`);
  const stats = sql(`SELECT
    COALESCE(SUM(visible_at <= @now), 0) AS ready,
    COALESCE(SUM(visible_at > @now AND lease_owner IS NULL), 0) AS delayed,
    COALESCE(SUM(visible_at > @now AND lease_owner IS NOT NULL), 0) AS inFlight,
    (SELECT COUNT(*) FROM job_queue_dead_letters WHERE queue = @queue) AS dead
    FROM job_queue_messages WHERE queue = @queue`);
  const list = sql(`SELECT id, body, created_at, attempts, failed_at, error, delivered_at
    FROM job_queue_dead_letters WHERE queue = ? ORDER BY seq LIMIT ?`);
  const requeueWhere = (where: string) =>
    sql(`INSERT INTO job_queue_messages (id, queue, body, created_at, visible_at)
      SELECT id, queue, body, created_at, @now FROM job_queue_dead_letters WHERE queue = @queue ${where} ORDER BY seq`);
  const requeueOne = requeueWhere("AND id = @id");
  const requeueAll = requeueWhere("");
  const deleteOne = sql("DELETE FROM job_queue_dead_letters WHERE queue = ? AND id = ?");
  const deleteAll = sql("DELETE FROM job_queue_dead_letters WHERE queue = ?");
  const deleteDead = (id: string | null) => (id === null ? deleteAll.run(queue) : deleteOne.run(queue, id)).changes;

  return {
    queue,
    raw,
    insert: immediate((items: { body: string; visibleAt: number }[], now: number): void => {
      for (const item of items) insert.run(randomUUID(), queue, item.body, now, item.visibleAt);
    }),
    /** A read, so that idle polling never takes the write lock. */
    hasVisible: (table: Table, now: number): boolean =>
      (tables[table].visible.get(queue, now) as { visible: number }).visible === 1,
    /** Leases up to `limit` visible rows to `owner` until `now + leaseMs`, counting one more delivery each. */
    claim: immediate((table: Table, owner: string, limit: number, now: number, leaseMs: number): StoredMessage[] => {
      if (table === "job_queue_messages") {
        // A message whose lease ran out on its last allowed delivery (its process died, perhaps because of it)
        // is not delivered again.
        if (deadExpired.run({ now, error: "lease expired", queue, maxAttempts }).changes > 0) {
          dropExpired.run(queue, now, maxAttempts);
        }
      } else {
        abandonExpired.run(queue, now, maxAttempts);
      }
      const rows = tables[table].claim.all(owner, now + leaseMs, queue, now, limit) as ClaimedRow[];
      rows.sort((a, b) => a.seq - b.seq);
      return rows.map((r) => ({ id: r.id, body: r.body, createdAt: r.created_at, attempts: r.attempts }));
    }),
    /** Pushes back the end of `owner`'s lease; returns how many rows it still holds. */
    extend: (table: Table, owner: string, until: number): number => tables[table].extend.run(until, owner).changes,
    settleMessages: immediate((owner: string, outcomes: Settlement[], now: number): void => {
      for (const o of outcomes) {
        if (o.kind === "retry") retry.run(o.visibleAt, o.error, o.id, owner);
        else if (o.kind === "ack") ack.run(o.id, owner);
        else if (deadOne.run({ now, error: o.error, id: o.id, owner }).changes > 0) ack.run(o.id, owner);
      }
    }),
    /** `ack` marks a dead letter delivered; `dead` gives up delivering it (the record stays, listed and requeueable). */
    settleDeadLetters: immediate((owner: string, outcomes: Settlement[], now: number): void => {
      for (const o of outcomes) {
        if (o.kind === "retry") settleDead.run(o.visibleAt, null, o.id, owner);
        else settleDead.run(null, o.kind === "ack" ? now : null, o.id, owner);
      }
    }),
    /** True when no message of the queue is left in any state (and, if asked, no dead letter awaits delivery). */
    isIdle: (includeDeadLetters: boolean): boolean =>
      (busy.get({ queue, dead: includeDeadLetters ? 1 : 0 }) as { busy: number }).busy === 0,
    stats: (now: number) =>
      stats.get({ now, queue }) as { ready: number; delayed: number; inFlight: number; dead: number },
    listDeadLetters: (limit: number): DeadLetterRow[] => list.all(queue, limit) as DeadLetterRow[],
    /** Moves dead letters back to the queue as new messages (attempts start again at 0); returns how many. */
    requeue: immediate((id: string | null, now: number): number => {
      const moved = (id === null ? requeueAll.run({ now, queue }) : requeueOne.run({ now, queue, id })).changes;
      if (moved > 0) deleteDead(id);
      return moved;
    }),
    deleteDeadLetters: deleteDead,
  };
}

interface ClaimedRow {
  seq: number;
  id: string;
  body: string;
  created_at: number;
  attempts: number;
}
