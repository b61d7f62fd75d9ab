/**
 * A consumer process for the multi-process tests of the SQLite job queue, started with `node --import tsx`.
 * It reads its settings from the JOB_QUEUE_FIXTURE environment variable, prints "ready" once it consumes, and
 * appends one JSON line per delivery ({ n, attempts, pid }) to its output file. In "work" mode it waits for a "go"
 * line on stdin, then exits once the queue is drained; in "hang" mode its handler never returns, so the test can
 * kill the process while it holds a lease.
 */
import { appendFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { openSqliteDatabase } from "./sqlite-database";
import { createSqliteJobQueue } from "./sqlite-job-queue";

interface FixtureSettings {
  dbPath: string;
  queue: string;
  out: string;
  mode: "work" | "hang";
  visibilityTimeoutSeconds: number;
  batchSize: number;
  handlerDelayMs: number;
}

const settings = JSON.parse(process.env.JOB_QUEUE_FIXTURE ?? "{}") as FixtureSettings;
const db = openSqliteDatabase({ path: settings.dbPath });
const queue = createSqliteJobQueue<{ n: number }>({
  db,
  queue: settings.queue,
  visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
});

const consumer = queue.consume(
  async (batch) => {
    for (const m of batch.messages) {
      appendFileSync(settings.out, `${JSON.stringify({ n: m.body.n, attempts: m.attempts, pid: process.pid })}\n`);
    }
    if (settings.mode === "hang") await new Promise<never>(() => {});
    await new Promise((resolve) => setTimeout(resolve, settings.handlerDelayMs));
  },
  { batchSize: settings.batchSize, pollIntervalMs: 20 },
);
process.stdout.write("ready\n");

if (settings.mode === "work") {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() === "go") break;
  }
  lines.close();
  await consumer.drained();
  await consumer.stop();
  db.close();
  process.exit(0);
}
