// The read-pool worker, except that a statement mentioning `crash_now` kills its thread mid-read.
import { parentPort } from "node:worker_threads";

parentPort.on("message", (message) => {
  if (typeof message.sql === "string" && message.sql.includes("crash_now")) process.exit(7);
});
await import("./sqlite-read-pool-worker.mjs");
