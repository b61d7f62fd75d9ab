/**
 * Asynchronous work, shaped as Cloudflare Queues: a producer sends messages; a consumer receives them in batches.
 *
 * Delivery is at least once: a message whose handler neither acks nor finishes before its lease (visibility
 * timeout) expires, or whose process dies, is delivered again. Handlers must therefore be idempotent.
 * A message retried more than the configured number of attempts goes to the dead-letter queue.
 */
export interface QueueSendOptions {
  /** Seconds before the message becomes visible to consumers. */
  delaySeconds?: number;
}

export interface QueueSendBatchItem<Body> {
  body: Body;
  delaySeconds?: number;
}

export interface JobQueue<Body = unknown> {
  /**
   * Enqueues one message; resolves once it is durably stored. The resolved value carries nothing callers rely on
   * (Queues returns send metrics; other implementations return nothing).
   */
  send(body: Body, options?: QueueSendOptions): Promise<unknown>;
  /** Enqueues several messages at once (atomically on Node). */
  sendBatch(messages: Iterable<QueueSendBatchItem<Body>>, options?: QueueSendOptions): Promise<unknown>;
}

export interface QueueMessage<Body = unknown> {
  readonly id: string;
  readonly timestamp: Date;
  readonly body: Body;
  /** Delivery count, starting at 1 for the first delivery. */
  readonly attempts: number;
  /** Marks the message done: it is not delivered again, whatever the outcome of the rest of the batch. */
  ack(): void;
  /** Schedules another delivery (after `delaySeconds`, else the queue's backoff). */
  retry(options?: { delaySeconds?: number }): void;
}

export interface QueueMessageBatch<Body = unknown> {
  readonly queue: string;
  readonly messages: readonly QueueMessage<Body>[];
  ackAll(): void;
  retryAll(options?: { delaySeconds?: number }): void;
}

/**
 * Consumes a batch. Messages neither acked nor retried are acked when the promise resolves and retried when it
 * rejects (the Queues semantics).
 */
export type QueueHandler<Body = unknown> = (batch: QueueMessageBatch<Body>) => Promise<void>;
