import type { Deps } from "./deps";
import { nowIso } from "./deps";
import type { JobMessage, JobRecord, JobState, JobType } from "./domain";
import { AppError, errorMessage, isAppError } from "./errors";
import type { QueueMessage, QueueMessageBatch, SqlStatement } from "./ports";

interface JobRow {
  id: string;
  type: JobType;
  document_id: string | null;
  state: JobState;
  attempts: number;
  error: string | null;
  created_at: string;
  updated_at: string;
}

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    type: row.type,
    documentId: row.document_id,
    state: row.state,
    attempts: row.attempts,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Runs one job; must be idempotent (a message can be delivered twice) and finish by marking the job done. */
export type JobHandler = (job: JobRecord, context: { attempt: number }) => Promise<void>;

/** Errors worth another attempt; anything else (a corrupt file, a model mismatch) fails the job at once. */
function isTransient(error: unknown): boolean {
  return (
    !isAppError(error) || error.code === "unavailable" || error.code === "internal" || error.code === "rate_limited"
  );
}

/** Exponential backoff for retries: base, 2 × base, 4 × base … capped at 5 minutes. */
export function retryDelaySeconds(attempt: number, baseSeconds: number): number {
  return Math.min(300, baseSeconds * 2 ** Math.max(0, attempt - 1));
}

const STALE_UNDISPATCHED_MS = 30_000;
/** Messages a Queues `sendBatch` takes at most. */
export const MAX_SEND_BATCH = 100;

/**
 * A library-wide operation (reading or embedding every document again) taken a bounded step at a time, in document
 * id order, so that no HTTP request outlives a Worker's limits: each step says how many documents it queued and
 * where the next starts (`next`, null after the last).
 */
export interface LibraryStep {
  documents: number;
  next: string | null;
}

/** The documents a step takes: `limit` within 1 and `max`, `max` by default. */
export function stepLimit(limit: number | undefined, max: number): number {
  return Math.min(Math.max(Math.trunc(limit ?? max), 1), max);
}

/** Takes every step from the first, for the command line: the first step's answer, with the documents of all. */
export async function everyStep<T extends LibraryStep>(step: (after: string) => Promise<T>): Promise<T> {
  const first = await step("");
  let { documents, next } = first;
  while (next !== null) {
    const later = await step(next);
    documents += later.documents;
    next = later.next;
  }
  return { ...first, documents, next: null };
}

export function createJobService(deps: Deps, handlers: Record<JobType, JobHandler>) {
  const { db, queue, logger, metrics } = deps;

  function insertStatement(job: { id: string; type: JobType; documentId: string | null }): SqlStatement {
    const now = nowIso(deps);
    return db
      .prepare(
        `INSERT INTO jobs (id, type, document_id, state, attempts, created_at, updated_at)
         VALUES (?, ?, ?, 'queued', 0, ?, ?)
         ON CONFLICT (id) DO UPDATE SET state = 'queued', attempts = 0, error = NULL, dispatched_at = NULL,
           updated_at = excluded.updated_at`,
      )
      .bind(job.id, job.type, job.documentId, now, now);
  }

  /**
   * Sends the jobs' messages and records that they were sent. The jobs table is the outbox: a crash before the
   * send leaves `dispatched_at` empty and `sweep` sends it later; a crash after it sends twice, which the handlers
   * tolerate.
   */
  async function dispatch(jobIds: string[]): Promise<void> {
    for (let i = 0; i < jobIds.length; i += MAX_SEND_BATCH) {
      const ids = jobIds.slice(i, i + MAX_SEND_BATCH);
      await queue.sendBatch(ids.map((jobId) => ({ body: { jobId } })));
      const now = nowIso(deps);
      await db.batch(ids.map((id) => db.prepare("UPDATE jobs SET dispatched_at = ? WHERE id = ?").bind(now, id)));
    }
  }

  async function getRow(id: string): Promise<JobRow | null> {
    return db.prepare("SELECT * FROM jobs WHERE id = ?").bind(id).first<JobRow>();
  }

  async function setState(id: string, state: JobState, error: string | null): Promise<void> {
    await db
      .prepare("UPDATE jobs SET state = ?, error = ?, updated_at = ? WHERE id = ?")
      .bind(state, error, nowIso(deps), id)
      .run();
  }

  async function failDocument(job: JobRow, reason: string): Promise<void> {
    if (!job.document_id) return;
    await db
      .prepare("UPDATE documents SET state = 'failed', error = ?, updated_at = ? WHERE id = ?")
      .bind(reason, nowIso(deps), job.document_id)
      .run();
  }

  async function handleMessage(message: QueueMessage<JobMessage>): Promise<void> {
    const started = Date.now();
    const job = await getRow(message.body.jobId);
    // Deleted document, duplicate delivery, or a job already given up on: nothing to do.
    if (!job || job.state === "done" || job.state === "failed" || job.state === "dead") {
      message.ack();
      return;
    }
    await db
      .prepare("UPDATE jobs SET state = 'processing', attempts = attempts + 1, updated_at = ? WHERE id = ?")
      .bind(nowIso(deps), job.id)
      .run();
    try {
      await handlers[job.type](toJob(job), { attempt: message.attempts });
      message.ack();
      metrics.jobFinished(job.type, "done", (Date.now() - started) / 1000);
    } catch (error) {
      const reason = errorMessage(error);
      if (isTransient(error)) {
        logger.warn(
          { jobId: job.id, type: job.type, attempt: message.attempts, err: reason },
          "job failed, will retry",
        );
        await setState(job.id, "retrying", reason);
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts, deps.config.jobRetryDelaySeconds) });
        metrics.jobFinished(job.type, "retry", (Date.now() - started) / 1000);
      } else {
        logger.info({ jobId: job.id, type: job.type, err: reason }, "job failed");
        await setState(job.id, "failed", reason);
        await failDocument(job, reason);
        message.ack();
        metrics.jobFinished(job.type, "failed", (Date.now() - started) / 1000);
      }
    }
  }

  return {
    insertStatement,
    dispatch,

    /** The queue consumer: messages of a batch run concurrently so that slow stages (embedding) overlap. */
    async handleBatch(batch: QueueMessageBatch<JobMessage>): Promise<void> {
      await Promise.all(batch.messages.map((m) => handleMessage(m)));
    },

    /** The dead-letter consumer: the job has used all its attempts. */
    async handleDeadLetters(batch: QueueMessageBatch<JobMessage>): Promise<void> {
      for (const message of batch.messages) {
        const job = await getRow(message.body.jobId);
        if (job && job.state !== "done") {
          const reason = `gave up after ${job.attempts} attempts: ${job.error ?? "unknown error"}`;
          await setState(job.id, "dead", reason);
          await failDocument(job, reason);
          metrics.jobFinished(job.type, "dead", 0);
        }
        message.ack();
      }
    },

    /** Sends jobs whose message was never sent (a crash between the insert and the send). */
    async sweep(): Promise<number> {
      const before = new Date(deps.now().getTime() - STALE_UNDISPATCHED_MS).toISOString();
      const { results } = await db
        .prepare("SELECT id FROM jobs WHERE dispatched_at IS NULL AND state = 'queued' AND updated_at < ? LIMIT 500")
        .bind(before)
        .all<{ id: string }>();
      await dispatch(results.map((r) => r.id));
      return results.length;
    },

    async get(id: string): Promise<JobRecord> {
      const row = await getRow(id);
      if (!row) throw new AppError("not_found", `no job ${id}`);
      return toJob(row);
    },

    async list(query: { state?: JobState; limit?: number } = {}): Promise<JobRecord[]> {
      const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
      const stmt = query.state
        ? db.prepare("SELECT * FROM jobs WHERE state = ? ORDER BY updated_at DESC LIMIT ?").bind(query.state, limit)
        : db.prepare("SELECT * FROM jobs ORDER BY updated_at DESC LIMIT ?").bind(limit);
      return (await stmt.all<JobRow>()).results.map(toJob);
    },

    async counts(): Promise<Record<JobState, number>> {
      const { results } = await db
        .prepare("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
        .all<{ state: JobState; n: number }>();
      const counts: Record<JobState, number> = { queued: 0, processing: 0, retrying: 0, done: 0, failed: 0, dead: 0 };
      for (const r of results) counts[r.state] = r.n;
      return counts;
    },

    /**
     * Jobs finished per type in the last minute and the last hour: the processing rate, from the jobs table itself
     * (its `(state, updated_at)` index), so it counts the work of every process and queue consumer alike.
     */
    async throughput(): Promise<{ lastMinute: Record<JobType, number>; lastHour: Record<JobType, number> }> {
      const now = deps.now().getTime();
      const since = (ms: number) => new Date(now - ms).toISOString();
      const { results } = await db
        .prepare(
          `SELECT type, SUM(updated_at >= ?) AS minute, COUNT(*) AS hour FROM jobs
           WHERE state = 'done' AND updated_at >= ? GROUP BY type`,
        )
        .bind(since(60_000), since(3_600_000))
        .all<{ type: JobType; minute: number; hour: number }>();
      const lastMinute: Record<JobType, number> = { process: 0, embed: 0 };
      const lastHour: Record<JobType, number> = { process: 0, embed: 0 };
      for (const r of results) {
        lastMinute[r.type] = r.minute;
        lastHour[r.type] = r.hour;
      }
      return { lastMinute, lastHour };
    },

    /** Runs a failed or dead job again from its first attempt. */
    async retry(id: string): Promise<JobRecord> {
      const job = await getRow(id);
      if (!job) throw new AppError("not_found", `no job ${id}`);
      if (job.state !== "failed" && job.state !== "dead") {
        throw new AppError("conflict", `job ${id} is ${job.state}; only failed or dead jobs can be retried`);
      }
      const now = nowIso(deps);
      const statements = [insertStatement({ id: job.id, type: job.type, documentId: job.document_id })];
      if (job.document_id) {
        const state = job.type === "process" ? "queued" : "indexed";
        statements.push(
          db
            .prepare("UPDATE documents SET state = ?, error = NULL, updated_at = ? WHERE id = ?")
            .bind(state, now, job.document_id),
        );
      }
      await db.batch(statements);
      await dispatch([job.id]);
      return toJob((await getRow(id)) as JobRow);
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;
