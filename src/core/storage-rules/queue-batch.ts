import type { QueueMessage, QueueMessageBatch } from "../ports/job-queue";

/** What a handler decided about one message. */
export type QueueDecision = { kind: "ack" } | { kind: "retry"; delaySeconds: number | undefined };

/** A claimed message as a queue hands it to a handler. */
export interface QueueBatchItem<Body> {
  id: string;
  timestamp: Date;
  body: Body;
  attempts: number;
}

/**
 * A Queues-shaped batch over claimed messages that records each message's decision in `decisions`; the first
 * decision about a message wins, as on Queues.
 */
export function buildQueueBatch<Body>(
  queue: string,
  items: QueueBatchItem<Body>[],
  decisions: Map<string, QueueDecision>,
): QueueMessageBatch<Body> {
  const decide = (id: string, decision: QueueDecision) => {
    if (!decisions.has(id)) decisions.set(id, decision);
  };
  const messages = items.map(
    (item): QueueMessage<Body> => ({
      id: item.id,
      timestamp: item.timestamp,
      body: item.body,
      attempts: item.attempts,
      ack: () => decide(item.id, { kind: "ack" }),
      retry: (options) => decide(item.id, { kind: "retry", delaySeconds: options?.delaySeconds }),
    }),
  );
  return {
    queue,
    messages,
    ackAll: () => {
      for (const m of messages) m.ack();
    },
    retryAll: (options) => {
      for (const m of messages) m.retry(options);
    },
  };
}

/**
 * The decision about a message after its batch's handler settled: the explicit one, else ack when the handler
 * resolved and retry (after the backoff) when it rejected, as on Queues.
 */
export function settledDecision(decisions: Map<string, QueueDecision>, id: string, failed: boolean): QueueDecision {
  return decisions.get(id) ?? (failed ? { kind: "retry", delaySeconds: undefined } : { kind: "ack" });
}

/**
 * Delay before the next delivery of a message retried without an explicit delay, after `attempts` deliveries:
 * doubling from `baseMs` up to `maxMs`, with "equal jitter" (at least half of it) so that the retries of one failed
 * batch spread out.
 */
export function retryBackoffMs(attempts: number, limits: { baseMs: number; maxMs: number }): number {
  return Math.min(limits.maxMs, limits.baseMs * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
}
