import { parentPort, workerData } from "node:worker_threads";
import { errorMessage } from "../../core/errors";
import { openSqliteDatabase } from "./sqlite-database";
import { threadError } from "./thread-error";
import { createNodeVectorIndex } from "./vector-index";
import type { VectorThreadReply, VectorThreadRequest, VectorThreadSetup } from "./vector-index-thread";

/**
 * The thread of vector-index-thread.ts: the index on its own connection to the database file, answering the calls
 * that read the graph. On `close` it saves the graph and stops.
 */
const port = parentPort;
if (!port) throw new Error("vector-index-thread-body.ts runs as a worker thread");
const { path, ...options } = workerData as VectorThreadSetup;

try {
  const db = openSqliteDatabase({ path });
  const index = createNodeVectorIndex({ ...options, db });
  port.on("message", async (request: VectorThreadRequest) => {
    if (request.op === "close") {
      // The thread stops even if saving the graph fails (the graph is a cache: the next start rebuilds it).
      try {
        await index.close();
        db.close();
      } finally {
        process.exit(0);
      }
    }
    let reply: VectorThreadReply;
    try {
      const value =
        request.op === "query" ? await index.query(request.vector, request.options) : await index[request.op]();
      reply = { id: request.id, value };
    } catch (error) {
      reply = { id: request.id, error: threadError(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies VectorThreadReply);
} catch (error) {
  port.postMessage({ initError: errorMessage(error) } satisfies VectorThreadReply);
}
