import os from "node:os";
import { Worker } from "node:worker_threads";
import { AppError, errorMessage } from "../../core/errors";
import type { Embedder } from "../../core/ports/embedder";

const WORKER_URL = new URL("./use-lite-worker.mjs", import.meta.url);
const MODEL = "universal-sentence-encoder-lite";
const DIMENSIONS = 512;

export interface UseLiteEmbedderOptions {
  /** Worker threads, each with its own model (about 30 MB); default: the number of cores, at least 1. */
  threads?: number;
  /**
   * Most texts (default 8) and characters (default 512, counted as texts times the longest, since the model pads a
   * batch to its longest text) one thread embeds per message. Search queries of a few words embed twice as
   * fast eight at a time as one at a time, passages gain nothing; small sub-batches keep every thread busy and let a
   * short query overtake a long call.
   */
  batchSize?: number;
  batchChars?: number;
  /** Characters of a text the model reads (default 10,000); the tokenizer slows quadratically beyond. */
  maxChars?: number;
  /** The worker script; defaults to the bundled `use-lite-worker.mjs`. */
  workerUrl?: URL;
}

/** The pool-backed embedder, plus an explicit start for servers that want the models loaded before traffic. */
export interface UseLiteEmbedder extends Embedder {
  /** Starts the threads and resolves once every model is loaded; idempotent. Throws `unavailable` if none loads. */
  warmup(): Promise<void>;
  /** Terminates the threads and rejects pending calls with `unavailable`; idempotent. */
  close(): Promise<void>;
}

type WorkerReply =
  | { type: "ready" }
  | { type: "init-error"; message: string }
  | { type: "result"; id: number; vectors: Float32Array[] }
  | { type: "error"; id: number; message: string };

interface Request {
  results: Float32Array[];
  /** Sub-batches not yet sent to a thread, each a list of input positions. */
  waiting: number[][];
  unfinished: number;
  texts: string[];
  resolve(vectors: Float32Array[]): void;
  reject(error: Error): void;
  settled: boolean;
  /** Sent to threads on its own from now on: it was in a joint job that failed. */
  alone: boolean;
}

/** A sub-batch of one call, or sub-batches of several calls sent to a thread together. */
interface Job {
  id: number;
  parts: { request: Request; positions: number[] }[];
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  crash: string | null;
  started: Promise<void>;
}

/**
 * Universal Sentence Encoder lite (512 dimensions) on a pool of worker threads, fully offline: the weights ship in
 * npm. Threads start on the first `embed` or `warmup`. Each call is split into sub-batches of similar lengths, and
 * the threads serve all pending calls in turn, so concurrent callers share them and a short query never waits
 * behind a whole batch; a call of one sub-batch (a search query) goes before those of several, and concurrent short
 * calls are embedded together. A thread that dies is replaced; the call it was serving rejects with `unavailable`,
 * and calls that were only sharing its batch are retried. Idle threads do not keep the process alive; `close()`
 * rejects pending calls and stops the threads.
 */
export function createUseLiteEmbedder(options: UseLiteEmbedderOptions = {}): UseLiteEmbedder {
  const size = Math.max(1, Math.floor(options.threads ?? os.availableParallelism()));
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 8));
  const batchChars = options.batchChars ?? 512;
  const workerUrl = options.workerUrl ?? WORKER_URL;
  const slots: Slot[] = [];
  /** Calls with sub-batches still to send, served round-robin. */
  const queue: Request[] = [];
  let nextJobId = 1;
  let closed = false;

  const fail = (request: Request, error: Error): void => {
    if (request.settled) return;
    request.settled = true;
    const at = queue.indexOf(request);
    if (at >= 0) queue.splice(at, 1);
    request.reject(error);
  };

  const failQueued = (error: Error): void => {
    for (const request of [...queue]) fail(request, error);
  };

  /**
   * A job of several calls that failed is retried one call at a time, at the head of the queue, so a text that
   * breaks the model fails only its own call.
   */
  const failJob = (parts: Job["parts"], error: Error): void => {
    if (parts.length === 1) {
      for (const part of parts) fail(part.request, error);
      return;
    }
    for (const { request, positions } of [...parts].reverse()) {
      if (request.settled) continue;
      request.waiting.unshift(positions);
      request.alone = true;
      const at = queue.indexOf(request);
      if (at >= 0) queue.splice(at, 1);
      queue.unshift(request);
    }
  };

  const startSlot = (): Slot => {
    const worker = new Worker(workerUrl, { workerData: { role: "use-lite-embedder", maxChars: options.maxChars } });
    let markStarted: () => void = () => {};
    const slot: Slot = {
      worker,
      ready: false,
      job: null,
      crash: null,
      started: new Promise<void>((resolve) => {
        markStarted = resolve;
      }),
    };
    worker.on("message", (reply: WorkerReply) => onReply(slot, reply, markStarted));
    worker.on("error", (error) => {
      slot.crash = errorMessage(error);
    });
    worker.on("exit", (code) => {
      onExit(slot, slot.crash ?? `exit code ${code}`);
      markStarted();
    });
    slots.push(slot);
    return slot;
  };

  const onReply = (slot: Slot, reply: WorkerReply, markStarted: () => void): void => {
    if (reply.type === "ready") {
      slot.ready = true;
      markStarted();
    } else if (reply.type === "init-error") {
      slot.crash = `the model did not load: ${reply.message}`;
      void slot.worker.terminate();
      return;
    } else if (slot.job && slot.job.id === reply.id) {
      const { parts } = slot.job;
      slot.job = null;
      const texts = parts.reduce((n, part) => n + part.positions.length, 0);
      if (reply.type === "error") {
        failJob(parts, new AppError("unavailable", `embedding failed: ${reply.message}`));
      } else if (reply.vectors.length !== texts) {
        const error = `embedding failed: ${reply.vectors.length} vectors for ${texts} texts`;
        failJob(parts, new AppError("unavailable", error));
      } else {
        let next = 0;
        for (const { request, positions } of parts) {
          for (const position of positions) request.results[position] = reply.vectors[next++] as Float32Array;
          request.unfinished -= 1;
          if (request.unfinished === 0 && !request.settled) {
            request.settled = true;
            request.resolve(request.results);
          }
        }
      }
    }
    pump();
  };

  const onExit = (slot: Slot, reason: string): void => {
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    if (closed) return;
    const stopped = new AppError("unavailable", `an embedding thread stopped unexpectedly (${reason})`);
    if (slot.job) failJob(slot.job.parts, stopped);
    // A thread that never loaded its model would fail again: give up on queued calls rather than respawn forever.
    if (!slot.ready) failQueued(stopped);
    pump();
  };

  /**
   * The next call's next sub-batch, joined by the next sub-batches of later calls while the padded batch (texts
   * times the longest) stays within `batchSize` texts and `batchChars` characters: concurrent one-query calls are
   * embedded together, about twice as fast a query as one at a time. Calls with sub-batches left go to the
   * back of the queue.
   */
  const nextParts = (): Job["parts"] => {
    const parts: Job["parts"] = [];
    let texts = 0;
    let longest = 0;
    for (const request of [...queue]) {
      if (parts.length > 0 && request.alone) continue;
      const positions = request.waiting[0] as number[];
      const widest = Math.max(longest, ...positions.map((p) => request.texts[p]?.length ?? 0));
      const count = texts + positions.length;
      if (parts.length > 0 && (count > batchSize || count * widest > batchChars)) continue;
      parts.push({ request, positions });
      request.waiting.shift();
      queue.splice(queue.indexOf(request), 1);
      if (request.waiting.length > 0) queue.push(request);
      texts = count;
      longest = widest;
      if (texts >= batchSize || request.alone) break;
    }
    return parts;
  };

  /** Hands the next job to each idle thread; starts threads when work waits. */
  const pump = (): void => {
    if (closed) return;
    if (queue.length > 0) while (slots.length < size) startSlot();
    for (const slot of slots) {
      if (!slot.ready || slot.job || queue.length === 0) continue;
      const job: Job = { id: nextJobId++, parts: nextParts() };
      slot.job = job;
      const texts = job.parts.flatMap(({ request, positions }) => positions.map((p) => request.texts[p] as string));
      slot.worker.postMessage({ type: "embed", id: job.id, texts });
    }
    // Busy and starting threads hold the process open until they answer; idle ones let it exit without close().
    for (const slot of slots) {
      if (slot.job || !slot.ready) slot.worker.ref();
      else slot.worker.unref();
    }
  };

  const ensureOpen = (): void => {
    if (closed) throw new AppError("unavailable", "the embedder is closed");
  };

  return {
    model: MODEL,
    dimensions: DIMENSIONS,

    async embed(texts: string[]): Promise<Float32Array[]> {
      ensureOpen();
      if (texts.length === 0) return [];
      const maxTexts = Math.min(batchSize, Math.ceil(texts.length / size));
      const waiting = splitBySimilarLength(texts, maxTexts, batchChars);
      return new Promise<Float32Array[]>((resolve, reject) => {
        const results: Float32Array[] = new Array(texts.length);
        const request: Request = {
          results,
          waiting,
          unfinished: waiting.length,
          texts,
          resolve,
          reject,
          settled: false,
          alone: false,
        };
        // A call of one sub-batch (a search query) goes before the calls of several (a document's passages), which
        // would otherwise each have a sub-batch embedded ahead of it: a search during an ingest waited for one per
        // document being embedded. Calls of one sub-batch keep their order among themselves.
        const before = waiting.length === 1 ? queue.findIndex((r) => r.unfinished > 1) : -1;
        if (before >= 0) queue.splice(before, 0, request);
        else queue.push(request);
        pump();
      });
    },

    async warmup(): Promise<void> {
      ensureOpen();
      while (slots.length < size) startSlot();
      await Promise.all(slots.map((slot) => slot.started));
      pump();
      if (!slots.some((slot) => slot.ready)) {
        throw new AppError("unavailable", "the embedding model did not start");
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const error = new AppError("unavailable", "the embedder was closed");
      failQueued(error);
      for (const slot of slots) for (const part of slot.job?.parts ?? []) fail(part.request, error);
      await Promise.all([...slots].map(stopSlot));
      slots.length = 0;
    },
  };
}

/** How long a thread may take to finish the text in hand and release its model when asked to stop. */
const STOP_GRACE_MS = 10_000;

/**
 * Asks a thread to stop once its model has loaded and its text is done, and terminates it only if it has not within
 * `STOP_GRACE_MS`: terminating a thread while onnxruntime works in it aborts the whole process.
 */
async function stopSlot(slot: Slot): Promise<void> {
  const exited = new Promise<void>((resolve) => slot.worker.once("exit", () => resolve()));
  slot.worker.ref();
  slot.worker.postMessage({ type: "close" });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), STOP_GRACE_MS);
  });
  if ((await Promise.race([exited, late])) === "late") await slot.worker.terminate();
  clearTimeout(timer);
}

/**
 * Groups input positions into sub-batches of texts of similar length, because the model pads a batch to its
 * longest text; a batch closes at `maxTexts` texts or `maxChars` characters (a long text goes alone). Results are
 * written back by position, so the caller still sees input order.
 */
function splitBySimilarLength(texts: string[], maxTexts: number, maxChars: number): number[][] {
  const length = (i: number): number => texts[i]?.length ?? 0;
  const order = texts.map((_, i) => i).sort((a, b) => length(a) - length(b));
  const batches: number[][] = [];
  let batch: number[] = [];
  let chars = 0;
  for (const position of order) {
    if (batch.length > 0 && (batch.length >= maxTexts || chars + length(position) > maxChars)) {
      batches.push(batch);
      batch = [];
      chars = 0;
    }
    batch.push(position);
    chars += length(position);
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

interface UseLiteModule {
  loadUseLiteModel(): Promise<unknown>;
  embedWithModel(model: unknown, texts: string[], maxChars?: number): Promise<Float32Array[]>;
}

/**
 * The same model on the calling thread, with no pool: for benchmarks and one-off scripts. Each `embed` call blocks
 * the event loop while it runs, so a server should use `createUseLiteEmbedder` instead.
 */
export async function createInProcessUseLiteEmbedder(options: { maxChars?: number } = {}): Promise<Embedder> {
  const lib = (await import(WORKER_URL.href)) as UseLiteModule;
  const model = await lib.loadUseLiteModel();
  return {
    model: MODEL,
    dimensions: DIMENSIONS,
    embed: (texts) => lib.embedWithModel(model, texts, options.maxChars),
  };
}
