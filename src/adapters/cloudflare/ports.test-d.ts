import type {
  D1Database,
  KVNamespace,
  Message,
  MessageBatch,
  Queue,
  R2Bucket,
  Vectorize,
} from "@cloudflare/workers-types/2023-07-01";
import { expectTypeOf, test } from "vitest";
import type {
  BlobStore,
  JobQueue,
  KeyValue,
  QueueHandler,
  QueueMessage,
  QueueMessageBatch,
  SqlDatabase,
  VectorIndex,
} from "../../core/ports";

// On Workers the bindings are the adapters: these checks fail to compile as soon as a port asks for more than the
// binding offers, or the binding's shape drifts away from the port.
test("the bindings satisfy the ports", () => {
  expectTypeOf<D1Database>().toMatchTypeOf<SqlDatabase>();
  expectTypeOf<R2Bucket>().toMatchTypeOf<BlobStore>();
  expectTypeOf<KVNamespace>().toMatchTypeOf<KeyValue>();
  expectTypeOf<Queue<{ jobId: string }>>().toMatchTypeOf<JobQueue<{ jobId: string }>>();
  expectTypeOf<Vectorize>().toMatchTypeOf<VectorIndex>();
});

test("a Queues batch is a port batch, so a port handler can consume it", () => {
  expectTypeOf<Message<{ jobId: string }>>().toMatchTypeOf<QueueMessage<{ jobId: string }>>();
  expectTypeOf<MessageBatch<{ jobId: string }>>().toMatchTypeOf<QueueMessageBatch<{ jobId: string }>>();
  expectTypeOf<QueueHandler<{ jobId: string }>>().toBeCallableWith({} as MessageBatch<{ jobId: string }>);
});
