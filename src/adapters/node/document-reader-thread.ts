import type { DocumentFormat } from "../../core/domain";
import { AppError } from "../../core/errors";
import {
  type DocumentForStorage,
  type DocumentReader,
  type ReadOptions,
  readForStorage,
} from "../../core/read-for-storage";
import { type RequestThread, startRequestThread } from "./request-thread";

export interface DocumentReaderCall {
  bytes: Uint8Array;
  format: DocumentFormat;
  options: ReadOptions;
}

export interface DocumentReaderThread {
  read: DocumentReader;
  /** Stops the thread; documents it was reading are refused with `unavailable` (their jobs run again). */
  close(): Promise<void>;
}

const workerUrl = new URL("./document-reader-worker.mjs", import.meta.url);

/**
 * Reads stored documents for storage (`readForStorage`: parse, chunks, their hashes, citations) on a thread of its
 * own, so that the event loop keeps serving requests meanwhile: parsing held it 115 ms for a 240 KB bill and 370 ms
 * for a 2.4 MB Federal Register issue (PDFs, which pdf.js reads in pieces, up to 180 ms at a time), and preparing the
 * issue's text for storage another 120 ms. A document's bytes are copied to the thread and what it made of them
 * copied back (plain data; chunks without their text, which is the document's: 3.5 ms for that bill, 29 ms for the
 * issue, about half of it on this side). A parser's refusal comes back as the
 * `AppError` it threw. The thread starts on the first document; one that stops takes the documents it was reading
 * with it (refused with `unavailable`: their jobs run again, on the next thread), and one that cannot start leaves
 * every document to this thread, each reason told to `onFallback` once.
 */
export function createDocumentReaderThread(
  options: { onFallback?: (reason: string) => void } = {},
): DocumentReaderThread {
  let thread: RequestThread<DocumentReaderCall, DocumentForStorage> | null = null;
  let broken = false;
  let closed = false;

  const start = () => {
    const self = startRequestThread<DocumentReaderCall, DocumentForStorage>(
      workerUrl,
      undefined,
      ({ reason, started, unanswered }) => {
        if (thread === self) thread = null;
        if (closed) {
          for (const waiting of unanswered)
            waiting.reject(new AppError("unavailable", "the document reader is closed"));
        } else if (!started) {
          // It never ran: the next would fail alike, so documents are read here from now on, these first.
          broken = true;
          options.onFallback?.(reason);
          for (const { call, resolve, reject } of unanswered) {
            readForStorage(call.bytes, call.format, call.options).then(resolve, reject);
          }
        } else {
          for (const waiting of unanswered) {
            waiting.reject(new AppError("unavailable", `the document reader thread stopped (${reason})`));
          }
        }
      },
    );
    return self;
  };

  return {
    read(bytes, format, options) {
      if (closed) return Promise.reject(new AppError("unavailable", "the document reader is closed"));
      if (broken) return readForStorage(bytes, format, options);
      thread ??= start();
      return thread.request({ bytes, format, options });
    },
    async close() {
      closed = true;
      await thread?.worker.terminate();
      thread = null;
    },
  };
}
