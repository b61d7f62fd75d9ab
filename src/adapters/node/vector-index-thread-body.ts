import { workerData } from "node:worker_threads";
import { answerRequests } from "./request-thread";
import { openSqliteDatabase } from "./sqlite-database";
import { createNodeVectorIndex } from "./vector-index";
import type { VectorThreadRequest, VectorThreadSetup } from "./vector-index-thread";

/**
 * The thread of vector-index-thread.ts: the index on its own connection to the database file, answering the calls
 * that read the graph. On `close` it saves the graph and stops.
 */
const { path, ...options } = workerData as VectorThreadSetup;

answerRequests<VectorThreadRequest>(() => {
  const db = openSqliteDatabase({ path });
  const index = createNodeVectorIndex({ ...options, db });
  return async (request) => {
    if (request.op === "close") {
      // The thread stops even if saving the graph fails (the graph is a cache: the next start rebuilds it).
      try {
        await index.close();
        db.close();
      } finally {
        process.exit(0);
      }
    }
    return request.op === "query" ? index.query(request.vector, request.options) : index[request.op]();
  };
});
