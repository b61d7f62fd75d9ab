import { Worker } from "node:worker_threads";
import type { DocumentFormat } from "../../core/domain";
import { AppError } from "../../core/errors";
import {
  type DocumentForStorage,
  type DocumentReader,
  type ReadOptions,
  readForStorage,
} from "../../core/read-for-storage";
import { fromThreadError, type ThreadError } from "./thread-error";

export interface DocumentReaderRequest {
  id: number;
  bytes: Uint8Array;
  format: DocumentFormat;
  options: ReadOptions;
}

export type DocumentReaderReply = { id: number; read: DocumentForStorage } | { id: number; error: ThreadError };

export interface DocumentReaderThread {
  read: DocumentReader;
  /** Stops the thread; documents it was reading are refused with `unavailable` (their jobs run again). */
  close(): Promise<void>;
}

interface Pending {
  bytes: Uint8Array;
  format: DocumentFormat;
  options: ReadOptions;
  resolve: (read: DocumentForStorage) => void;
  reject: (error: Error) => void;
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
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let broken = false;
  let closed = false;
  let nextId = 0;

  const start = (): Worker => {
    const thread = new Worker(workerUrl, { execArgv: [] });
    let started = false;
    thread.on("message", (reply: DocumentReaderReply | { ready: true }) => {
      if ("ready" in reply) {
        started = true;
        return;
      }
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if ("read" in reply) waiting.resolve(reply.read);
      else waiting.reject(fromThreadError(reply.error));
      if (pending.size === 0) thread.unref();
    });
    const stopped = (reason: string) => {
      if (worker !== thread) return;
      worker = null;
      const lost = [...pending.values()];
      pending.clear();
      if (!started) {
        // It never ran: the next would fail alike, so documents are read here from now on, these first.
        broken = true;
        options.onFallback?.(reason);
        for (const { bytes, format, options, resolve, reject } of lost) {
          readForStorage(bytes, format, options).then(resolve, reject);
        }
        return;
      }
      for (const waiting of lost) {
        waiting.reject(new AppError("unavailable", `the document reader thread stopped: ${reason}`));
      }
    };
    thread.once("error", (error) => stopped(error.message));
    thread.once("exit", (code) => stopped(`it exited with code ${code}`));
    return thread;
  };

  return {
    read(bytes, format, options) {
      if (closed) return Promise.reject(new AppError("unavailable", "the document reader is closed"));
      if (broken) return readForStorage(bytes, format, options);
      worker ??= start();
      const thread = worker;
      thread.ref();
      const id = nextId++;
      return new Promise<DocumentForStorage>((resolve, reject) => {
        pending.set(id, { bytes, format, options, resolve, reject });
        thread.postMessage({ id, bytes, format, options } satisfies DocumentReaderRequest);
      });
    },
    async close() {
      closed = true;
      const thread = worker;
      worker = null;
      for (const waiting of pending.values())
        waiting.reject(new AppError("unavailable", "the document reader is closed"));
      pending.clear();
      await thread?.terminate();
    },
  };
}
