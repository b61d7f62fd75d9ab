import { readForStorage } from "../../core/read-for-storage";
import type { DocumentReaderCall } from "./document-reader-thread";
import { answerRequests } from "./request-thread";
import { lowerThreadPriority } from "./thread-priority.mjs";

lowerThreadPriority();
// Reads each document it is sent (see document-reader-thread.ts) and answers with what it made of it, or why not. Its
// imports have loaded once it says it is ready: from then on a stop is this thread's, not a failure to start.
answerRequests<DocumentReaderCall>(
  () =>
    ({ bytes, format, options }) =>
      readForStorage(bytes, format, options),
);
