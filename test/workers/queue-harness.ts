import type { QueueHandler, QueueMessage, QueueMessageBatch } from "../../src/core/ports/job-queue";

export type RawQueueHandler = (batch: MessageBatch<unknown>) => Promise<void>;

/**
 * Routes the batches Miniflare delivers to the test worker's `queue` export to handlers registered by the tests,
 * which run in the same isolate. Handlers for one queue take turns, one batch each; a batch that arrives while no
 * handler is registered is acked, so a stopped consumer's leftovers never reach the next test.
 */
const handlers = new Map<string, RawQueueHandler[]>();
const turns = new Map<string, number>();

/** Starts handing the queue's batches to `handler`; call the result to stop. */
export function registerQueueHandler(queue: string, handler: RawQueueHandler): () => void {
  handlers.set(queue, [...(handlers.get(queue) ?? []), handler]);
  return () => {
    handlers.set(
      queue,
      (handlers.get(queue) ?? []).filter((h) => h !== handler),
    );
  };
}

export async function dispatchQueueBatch(batch: MessageBatch<unknown>): Promise<void> {
  const list = handlers.get(batch.queue) ?? [];
  if (list.length === 0) {
    batch.ackAll();
    return;
  }
  const turn = turns.get(batch.queue) ?? 0;
  turns.set(batch.queue, turn + 1);
  await list[turn % list.length]?.(batch);
}

/**
 * Production Queues never redeliver a message acked explicitly, even when the handler then throws; Miniflare's
 * broker retries the whole batch instead. So that a port handler sees production behaviour, a rejection becomes a
 * retry of the messages the handler left unsettled, and the batch then ends normally.
 */
export function honouringAcks(handler: QueueHandler<unknown>): RawQueueHandler {
  return async (batch) => {
    const settled = new Set<string>();
    let batchSettled = false;
    const messages = batch.messages.map(
      (m): QueueMessage<unknown> => ({
        id: m.id,
        timestamp: m.timestamp,
        body: m.body,
        attempts: m.attempts,
        ack() {
          settled.add(m.id);
          m.ack();
        },
        retry(options) {
          settled.add(m.id);
          m.retry(options);
        },
      }),
    );
    const tracked: QueueMessageBatch<unknown> = {
      queue: batch.queue,
      messages,
      ackAll() {
        batchSettled = true;
        batch.ackAll();
      },
      retryAll(options) {
        batchSettled = true;
        batch.retryAll(options);
      },
    };
    try {
      await handler(tracked);
    } catch {
      if (batchSettled) return;
      for (const m of batch.messages) if (!settled.has(m.id)) m.retry();
    }
  };
}
