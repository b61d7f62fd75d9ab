/**
 * The real server over a benchmark data folder, in a process of its own so that its memory is measured alone:
 * `node --import tsx bench/search/server-child.ts DATA_DIR [--keyword-only]` (no embedder, no vector index: what a
 * keyword engine holds in memory). Prints `{"url": …, "key": …}` once listening (a viewer
 * key for the load generator, so every request pays for authentication as a client's does); the end of its stdin (or
 * SIGTERM) stops it.
 */
import { join } from "node:path";
import { applyMigrations } from "../../src/adapters/node/migrations";
import { openSqliteDatabase } from "../../src/adapters/node/sqlite-database";
import { createSqliteKeyValue } from "../../src/adapters/node/sqlite-key-value";
import { startServer } from "../../src/apps/server";
import { configSchema } from "../../src/core/config";
import { silentLogger } from "../../src/core/observability";
import { createSecurity } from "../../src/core/security";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: server-child.ts DATA_DIR [--keyword-only]");
const keywordOnly = process.argv.includes("--keyword-only");

async function viewerKey(): Promise<string> {
  const db = openSqliteDatabase({ path: join(dataDir as string, "opendiscourse.db") });
  try {
    applyMigrations(db.raw);
    const security = createSecurity({ db, kv: createSqliteKeyValue({ db }) });
    const { key } = await security.keys.create({ role: "viewer", name: "search benchmark" }, { actor: "cli" });
    return key;
  } finally {
    await db.close();
  }
}

const key = await viewerKey();
// The rate limiter still runs on every request, with a limit the load never reaches.
const config = configSchema.parse({
  dataDir,
  port: 0,
  logLevel: "silent",
  rateLimitPerMinute: 1_000_000_000,
  ...(keywordOnly ? { embedder: "none" } : {}),
});
const server = await startServer(config, silentLogger);
process.stdout.write(`${JSON.stringify({ url: server.url, key })}\n`);
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
