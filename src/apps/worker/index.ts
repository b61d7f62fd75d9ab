import type { JobMessage } from "../../core/domain";
import { AppError, errorMessage } from "../../core/errors";
import type { Logger } from "../../core/observability";
import type { QueueMessage, QueueMessageBatch } from "../../core/ports";
import { problemFor } from "../../http/problem";
import { DEFAULT_DEAD_LETTER_QUEUE, type WorkerEnv } from "./env";
import { workerRuntime } from "./runtime";

/**
 * What a cron run spends at most on the search index's upkeep: seconds, and steps (each at most four D1 queries,
 * within an invocation's 1,000).
 */
const UPKEEP_SECONDS = 20;
const UPKEEP_STEPS = 200;

/**
 * The Worker: HTTP through the same app as the Node server, the jobs queue and its dead-letter queue, and a cron
 * that sends jobs whose message was never sent and keeps the search index (`Services.upkeepSearchIndex`).
 */
export default {
  async fetch(request, env, ctx): Promise<Response> {
    let runtime: ReturnType<typeof workerRuntime>;
    try {
      runtime = workerRuntime(env);
    } catch (error) {
      console.error({ level: "error", msg: "cannot start", err: errorMessage(error) });
      return misconfigured(request);
    }
    return runtime.app.fetch(request, env, ctx);
  },

  async queue(batch, env): Promise<void> {
    const { services, logger } = workerRuntime(env);
    const jobs = jobBatch(batch, logger);
    if (batch.queue === (env.DEAD_LETTER_QUEUE ?? DEFAULT_DEAD_LETTER_QUEUE)) {
      await services.jobs.handleDeadLetters(jobs);
    } else {
      await services.jobs.handleBatch(jobs);
    }
  },

  async scheduled(controller, env): Promise<void> {
    const { services, logger } = workerRuntime(env);
    const sent = await services.jobs.sweep();
    if (sent > 0) logger.info({ sent, cron: controller.cron }, "sent jobs that were never sent");
    const started = Date.now();
    const steps = { fill: 0, merge: 0 };
    for (let i = 0; i < UPKEEP_STEPS && Date.now() - started < UPKEEP_SECONDS * 1000; i++) {
      const step = await services.upkeepSearchIndex();
      if (!step) break;
      steps[step]++;
    }
    if (steps.fill + steps.merge > 0) logger.info({ steps }, "search index upkeep");
  },
} satisfies ExportedHandler<WorkerEnv, unknown>;

/** The batch's job messages; anything else (a body without a job id) is acked and logged, never retried. */
function jobBatch(batch: MessageBatch<unknown>, logger: Logger): QueueMessageBatch<JobMessage> {
  const messages: QueueMessage<JobMessage>[] = [];
  for (const message of batch.messages) {
    if (isJobMessage(message.body)) messages.push(message as Message<JobMessage>);
    else {
      logger.warn({ queue: batch.queue, messageId: message.id }, "dropped a message that is not a job");
      message.ack();
    }
  }
  return {
    queue: batch.queue,
    messages,
    ackAll: () => batch.ackAll(),
    retryAll: (options) => batch.retryAll(options),
  };
}

function isJobMessage(body: unknown): body is JobMessage {
  return typeof body === "object" && body !== null && typeof (body as { jobId?: unknown }).jobId === "string";
}

function misconfigured(request: Request): Response {
  const problem = problemFor(
    new AppError("internal", "the service is misconfigured; see its logs"),
    new URL(request.url).pathname,
  );
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json" },
  });
}
