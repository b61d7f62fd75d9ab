import type { DocumentFormat } from "../../core/domain";
import { AppError } from "../../core/errors";
import {
  type DocumentForStorage,
  type DocumentReader,
  type ReadOptions,
  readForStorage,
} from "../../core/read-for-storage";
import { type RequestThread, startRequestThread, type Unanswered } from "./request-thread";

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
 * `AppError` it threw. The thread starts on the first document. One that stops with a single document in hand refuses
 * it with `unavailable` (its job runs again, on the next thread); with several, any of them may have stopped it, so
 * each is read again on a thread of its own, and only one that stops that thread too is refused: a document that
 * kills its reader does not spend the attempts of those read beside it. One that cannot start leaves every document
 * to this thread, each reason told to `onFallback` once.
 */
export function createDocumentReaderThread(
  options: { onFallback?: (reason: string) => void } = {},
): DocumentReaderThread {
  let thread: RequestThread<DocumentReaderCall, DocumentForStorage> | null = null;
  /** Threads each reading again one document that a stopped thread had in hand with others. */
  const alone = new Set<RequestThread<DocumentReaderCall, DocumentForStorage>>();
  let broken = false;
  let closed = false;

  const refuse = (reason: string) =>
    new AppError(
      "unavailable",
      closed ? "the document reader is closed" : `the document reader thread stopped (${reason})`,
    );

  const readAlone = ({ call, resolve, reject }: Unanswered<DocumentReaderCall, DocumentForStorage>) => {
    const own = startRequestThread<DocumentReaderCall, DocumentForStorage>(workerUrl, undefined, (stop) => {
      alone.delete(own);
      for (const waiting of stop.unanswered) waiting.reject(refuse(stop.reason));
    });
    alone.add(own);
    own
      .request(call)
      .then(resolve, reject)
      .finally(() => void own.worker.terminate());
  };

  const start = () => {
    const self = startRequestThread<DocumentReaderCall, DocumentForStorage>(
      workerUrl,
      undefined,
      ({ reason, started, unanswered }) => {
        if (thread === self) thread = null;
        if (closed || (started && unanswered.length === 1)) {
          for (const waiting of unanswered) waiting.reject(refuse(reason));
        } else if (started) {
          for (const waiting of unanswered) readAlone(waiting);
        } else {
          // It never ran: the next would fail alike, so documents are read here from now on, these first.
          broken = true;
          options.onFallback?.(reason);
          for (const { call, resolve, reject } of unanswered) {
            readForStorage(call.bytes, call.format, call.options).then(resolve, reject);
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
      await Promise.all([thread, ...alone].map((open) => open?.worker.terminate()));
      thread = null;
    },
  };
}
