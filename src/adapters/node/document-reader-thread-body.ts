import { parentPort } from "node:worker_threads";
import { isAppError } from "../../core/errors";
import { readDocument } from "../../formats/gov";
import type { DocumentReaderReply, DocumentReaderRequest } from "./document-reader-thread";

// Reads each document it is sent (see document-reader-thread.ts) and answers with what it made of it, or why not.
parentPort?.on("message", async ({ id, bytes, format }: DocumentReaderRequest) => {
  let reply: DocumentReaderReply;
  try {
    reply = { id, read: await readDocument(bytes, format) };
  } catch (error) {
    reply = isAppError(error)
      ? { id, error: { code: error.code, message: error.message, details: error.details } }
      : { id, error: { code: "internal", message: error instanceof Error ? error.message : String(error) } };
  }
  parentPort?.postMessage(reply);
});
// Its imports have loaded: from here on a stop is this thread's, not a failure to start.
parentPort?.postMessage({ ready: true });
