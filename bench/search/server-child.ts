/**
 * The real server over a benchmark data folder, in a process of its own so that its memory is measured alone:
 * `node --import tsx bench/search/server-child.ts DATA_DIR`. Prints `{"url": …}` once listening; the end of its stdin (or SIGTERM) stops it.
 */
import { startServer } from "../../src/apps/server";
import { configSchema } from "../../src/core/config";
import { silentLogger } from "../../src/core/observability";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: server-child.ts DATA_DIR");
const config = configSchema.parse({ dataDir, port: 0, logLevel: "silent" });
const server = await startServer(config, silentLogger);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void server.shutdown().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
// The benchmark holds stdin open for as long as it wants the server.
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
