import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { QueueMessage } from "../../src/core/ports/job-queue";
import { registerQueueHandler } from "./queue-harness";

const JOBS = "opendiscourse-test-jobs";
const DEAD = "opendiscourse-test-jobs-dlq";
/** max_retries of the jobs consumer in wrangler.test.jsonc. */
const MAX_RETRIES = 3;

describe("Queues dead-letter queue", () => {
  it("moves a message retried max_retries times to the dead-letter queue, body intact", async () => {
    const tag = crypto.randomUUID();
    const attempts: number[] = [];
    const dead: QueueMessage<unknown>[] = [];
    const stopJobs = registerQueueHandler(JOBS, async (batch) => {
      for (const m of batch.messages) {
        if ((m.body as { tag?: string }).tag !== tag) continue;
        attempts.push(m.attempts);
        m.retry({ delaySeconds: 0 });
      }
    });
    const stopDead = registerQueueHandler(DEAD, async (batch) => {
      for (const m of batch.messages) if ((m.body as { tag?: string }).tag === tag) dead.push(m);
    });
    try {
      const jobs: Queue<unknown> = env.JOBS;
      await jobs.send({ tag, jobId: "job-1" });
      const deadline = Date.now() + 30_000;
      while (dead.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(attempts).toEqual(Array.from({ length: MAX_RETRIES + 1 }, (_, i) => i + 1));
      expect(dead).toHaveLength(1);
      expect(dead[0]?.body).toEqual({ tag, jobId: "job-1" });
    } finally {
      stopJobs();
      stopDead();
    }
  });
});
