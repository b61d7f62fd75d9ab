import { env } from "cloudflare:workers";
import { describeJobQueueContract } from "../../src/core/testing/job-queue.contract";
import { honouringAcks, registerQueueHandler } from "./queue-harness";

describeJobQueueContract("Queues binding", async () => ({
  queue: env.JOBS,
  consume(handler) {
    const unregister = registerQueueHandler("opendiscourse-test-jobs", honouringAcks(handler));
    return { stop: async () => unregister() };
  },
  // The test consumer flushes batches at once and retries without delay, so a redelivery would show within this.
  quietMs: 1000,
}));
