// Universal Sentence Encoder lite, one model per thread. Plain JavaScript so that it loads as a worker under node,
// tsx and vitest alike, with no TypeScript loader in the worker. Imported as a module it runs nothing and exports the
// in-process path; started as a worker it serves embedding requests from its parent.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import embeddings from "@energetic-ai/embeddings";
import ort from "onnxruntime-node";
import { lowerThreadPriority } from "./thread-priority.mjs";
import { readUseLiteGraph, translateUseLite } from "./use-lite-onnx.mjs";

export const USE_LITE_MODEL = "universal-sentence-encoder-lite";
export const USE_LITE_DIMENSIONS = 512;
export const DEFAULT_MAX_CHARS = 10_000;

/**
 * Loads the bundled weights and vocabulary (no network) and prepares the model for onnxruntime on this thread: about
 * 0.8 s. One thread of onnxruntime's own per model; the pool runs one model per core.
 */
export async function loadUseLiteModel() {
  const { model, weights, vocabulary } = await readUseLiteGraph();
  const session = await ort.InferenceSession.create(translateUseLite(model, weights), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    logSeverityLevel: 3,
  });
  // The package's own tokenizer (the model's SentencePiece vocabulary), without its TensorFlow.js model.
  const { tokenizer } = new embeddings.EmbeddingsModel({ vocabulary, model: null });
  return { session, tokenizer };
}

// The tokenizer's time grows with the square of the text's length (4,000 words take seconds), so a passage is cut
// at a word boundary first; chunks are far shorter than this limit.
function prepare(text, maxChars) {
  // A batch made only of empty strings makes the model throw; a space embeds as "nothing said".
  if (text.length === 0) return " ";
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const space = cut.search(/\s\S*$/);
  return space > maxChars / 2 ? cut.slice(0, space) : cut;
}

function toUnitVector(values) {
  const vector = Float32Array.from(values);
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] /= norm;
  return vector;
}

/**
 * Embeds `texts` in one model call on the calling thread: one unit-length Float32Array (own buffer) per text, in
 * input order. Callers keep batches small and of similar lengths, since the model pads a batch to its longest text.
 */
export async function embedWithModel(model, texts, maxChars = DEFAULT_MAX_CHARS) {
  if (texts.length === 0) return [];
  const { session, tokenizer } = model;
  // The model's inputs are sparse: (text, position) of each token, and its id.
  const tokens = texts.map((text) => tokenizer.encode(prepare(text, maxChars)));
  const count = tokens.reduce((n, ids) => n + ids.length, 0);
  const indices = new BigInt64Array(count * 2);
  const values = new BigInt64Array(count);
  let at = 0;
  tokens.forEach((ids, text) => {
    ids.forEach((id, position) => {
      indices[at * 2] = BigInt(text);
      indices[at * 2 + 1] = BigInt(position);
      values[at++] = BigInt(id);
    });
  });
  const { embeddings: output } = await session.run({
    indices: new ort.Tensor("int64", indices, [count, 2]),
    values: new ort.Tensor("int64", values, [count]),
  });
  const [rows, width] = output.dims;
  if (rows !== texts.length) throw new Error(`model returned ${rows} vectors for ${texts.length} texts`);
  return texts.map((_, i) => toUnitVector(output.data.subarray(i * width, (i + 1) * width)));
}

/**
 * Serves `embed` messages one at a time. `close` waits for the model to load and for the text in hand, releases the
 * model and ends the thread: onnxruntime aborts the whole process if a thread is terminated while it is working.
 */
function serve(port, maxChars) {
  const loading = loadUseLiteModel();
  let work = Promise.resolve();
  const reason = (error) => (error instanceof Error ? error.message : String(error));
  const embedMessage = async ({ id, texts }) => {
    try {
      const vectors = await embedWithModel(await loading, texts, maxChars);
      port.postMessage(
        { type: "result", id, vectors },
        vectors.map((vector) => vector.buffer),
      );
    } catch (error) {
      port.postMessage({ type: "error", id, message: reason(error) });
    }
  };
  port.on("message", (message) => {
    if (message?.type === "embed") work = work.then(() => embedMessage(message));
    else if (message?.type === "close") {
      void Promise.allSettled([loading, work])
        .then(([loaded]) => (loaded.status === "fulfilled" ? loaded.value.session.release() : undefined))
        .finally(() => process.exit(0));
    }
  });
  loading.then(
    () => port.postMessage({ type: "ready" }),
    (error) => port.postMessage({ type: "init-error", message: reason(error) }),
  );
}

if (!isMainThread && parentPort && workerData?.role === "use-lite-embedder") {
  lowerThreadPriority();
  serve(parentPort, workerData.maxChars ?? DEFAULT_MAX_CHARS);
}
