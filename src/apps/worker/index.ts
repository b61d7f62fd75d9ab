import type { JobMessage } from "../../core/domain";
import { AppError, errorMessage } from "../../core/errors";
import type { Logger } from "../../core/observability";
import type { QueueMessage, QueueMessageBatch } from "../../core/ports";
import { problemFor } from "../../http/problem";
import { DEFAULT_DEAD_LETTER_QUEUE, type WorkerEnv } from "./env";
import { workerRuntime } from "./runtime";

/**
 * What a cron run spends at most filling search fields left from an upgrade: seconds, and batches of `FILL_BATCH`
 * chunks (three D1 queries each, within an invocation's 1,000).
 */
const FILL_SECONDS = 20;
const FILL_BATCHES = 200;
const FILL_BATCH = 200;

/**
 * The Worker: HTTP through the same app as the Node server, the jobs queue and its dead-letter queue, and a cron
 * that sends jobs whose message was never sent and fills search fields left from an upgrade
 * (`Services.fillSearchIndex`).
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
    let filled = 0;
    for (let batch = 0; batch < FILL_BATCHES && Date.now() - started < FILL_SECONDS * 1000; batch++) {
      const n = await services.fillSearchIndex(FILL_BATCH);
      if (n === 0) break;
      filled += n;
    }
    if (filled > 0) logger.info({ chunks: filled }, "filled the search fields of chunks stored before them");
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
