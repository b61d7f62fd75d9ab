import type { WorkerEnv } from "../../src/apps/worker/env";
import worker from "../../src/apps/worker/index";
import { dispatchQueueBatch } from "./queue-harness";

/**
 * The worker under test: HTTP goes to the real Worker; queue batches go to whatever handler the running test
 * registered (the real Worker's `queue`, or a contract suite's consumer).
 */
export default {
  fetch: worker.fetch,
  async queue(batch: MessageBatch<unknown>): Promise<void> {
    await dispatchQueueBatch(batch);
  },
} satisfies ExportedHandler<WorkerEnv>;
