import { parentPort } from "node:worker_threads";
import { readForStorage } from "../../core/read-for-storage";
import type { DocumentReaderReply, DocumentReaderRequest } from "./document-reader-thread";
import { threadError } from "./thread-error";

// Reads each document it is sent (see document-reader-thread.ts) and answers with what it made of it, or why not.
parentPort?.on("message", async ({ id, bytes, format, options }: DocumentReaderRequest) => {
  let reply: DocumentReaderReply;
  try {
    reply = { id, read: await readForStorage(bytes, format, options) };
  } catch (error) {
    reply = { id, error: threadError(error) };
  }
  parentPort?.postMessage(reply);
});
// Its imports have loaded: from here on a stop is this thread's, not a failure to start.
parentPort?.postMessage({ ready: true });
