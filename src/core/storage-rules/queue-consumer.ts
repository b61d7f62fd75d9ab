import type { QueueHandler } from "../ports/job-queue";

/**
 * What the job queues we run ourselves (durable on Node, in memory for tests) share beyond the `JobQueue` port:
 * how a consumer is started and stopped, and what a dead letter records. On Workers, Queues itself consumes.
 */

export interface QueueConsumeOptions<Body> {
  /** Most messages handed to one handler call (default 10). */
  batchSize?: number;
  /** Batches in flight at once (default 1). */
  concurrency?: number;
  /** Longest wait between looks at the queue (default 1000 ms); sends through the same queue wake it at once. */
  pollIntervalMs?: number;
  /** Receives dead letters in batches, like a Cloudflare dead-letter queue consumer. */
  deadLetterHandler?: QueueHandler<Body>;
  /** Aborting it stops the consumer as `stop()` does. */
  signal?: AbortSignal;
  /** Handler rejections, and storage failures where there is storage; the consumer goes on after both. */
  onError?: (error: unknown) => void;
}

export interface QueueConsumer {
  /**
   * Stops claiming, waits for the batches in flight to finish and settles them (a graceful drain). Idempotent:
   * every call returns the same promise.
   */
  stop(): Promise<void>;
  /**
   * Resolves once the queue holds no message in any state (ready, delayed or leased) and no batch of this consumer
   * is in flight — and, with a `deadLetterHandler`, no dead letter awaits delivery. Delayed retries are waited
   * for. Rejects if the consumer stops while the queue is still busy, or is already stopped.
   */
  drained(): Promise<void>;
}

/** A message that failed its last allowed delivery. */
export interface QueueDeadLetter<Body> {
  id: string;
  body: Body;
  attempts: number;
  /** The last handler error, or null when the message was retried explicitly. */
  error: string | null;
}
