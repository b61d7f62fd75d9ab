import type { Ai } from "@cloudflare/workers-types/2023-07-01";
import { AppError, errorMessage } from "../../core/errors";
import type { Embedder } from "../../core/ports/embedder";

/** The Workers AI text-embedding models this adapter knows, with their output dimensions. */
export const WORKERS_AI_EMBEDDING_MODELS = {
  "@cf/baai/bge-small-en-v1.5": 384,
  "@cf/baai/bge-base-en-v1.5": 768,
  "@cf/baai/bge-large-en-v1.5": 1024,
} as const;

export type WorkersAiEmbeddingModel = keyof typeof WORKERS_AI_EMBEDDING_MODELS;

/** Workers AI accepts at most 100 texts in one embedding request. */
export const WORKERS_AI_MAX_BATCH = 100;

export interface WorkersAiEmbedderOptions {
  /** The `AI` binding; only `run` is used. */
  ai: Pick<Ai, "run">;
  /** Default `@cf/baai/bge-base-en-v1.5` (768 dimensions). */
  model?: WorkersAiEmbeddingModel;
  /** The dimensions the caller expects (the Vectorize index's); must match the model's, else creation throws. */
  dimensions?: number;
  /** Texts per request, at most (and by default) 100. */
  batchSize?: number;
}

/**
 * An `Embedder` over the Workers AI binding. Requests always use CLS pooling, which Cloudflare recommends for
 * accuracy; its vectors are not comparable with mean-pooled ones, so one model name here always means one kind
 * of vector. Texts are sent in batches of at most 100, one request at a time, and every vector is normalised to
 * unit length. Any failure of the binding, or an answer of the wrong shape, throws `AppError("unavailable")`.
 */
export function createWorkersAiEmbedder(options: WorkersAiEmbedderOptions): Embedder {
  const model = options.model ?? "@cf/baai/bge-base-en-v1.5";
  const dimensions = WORKERS_AI_EMBEDDING_MODELS[model];
  if (dimensions === undefined) {
    throw new AppError("bad_request", `unknown Workers AI embedding model ${model}`);
  }
  if (options.dimensions !== undefined && options.dimensions !== dimensions) {
    throw new AppError(
      "bad_request",
      `${model} produces ${dimensions}-dimensional vectors, not ${options.dimensions}`,
      { model, dimensions, expected: options.dimensions },
    );
  }
  const batchSize = Math.max(1, Math.min(WORKERS_AI_MAX_BATCH, Math.floor(options.batchSize ?? WORKERS_AI_MAX_BATCH)));

  const embedBatch = async (texts: string[]): Promise<Float32Array[]> => {
    let output: unknown;
    try {
      output = await options.ai.run(model, { text: texts, pooling: "cls" });
    } catch (error) {
      throw new AppError("unavailable", `Workers AI embedding failed: ${errorMessage(error)}`, { model });
    }
    const data = isRecord(output) ? output.data : undefined;
    if (!Array.isArray(data) || data.length !== texts.length) {
      throw new AppError("unavailable", "Workers AI returned no embedding for some texts", {
        model,
        expected: texts.length,
        received: Array.isArray(data) ? data.length : 0,
      });
    }
    return data.map((vector) => toUnitVector(vector, dimensions, model));
  };

  return {
    model,
    dimensions,
    async embed(texts: string[]): Promise<Float32Array[]> {
      const vectors: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        vectors.push(...(await embedBatch(texts.slice(start, start + batchSize))));
      }
      return vectors;
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function toUnitVector(values: unknown, dimensions: number, model: string): Float32Array {
  if (!Array.isArray(values) || values.length !== dimensions || !values.every((v) => typeof v === "number")) {
    throw new AppError("unavailable", `Workers AI returned a vector that is not ${dimensions} numbers`, { model });
  }
  const vector = Float32Array.from(values as number[]);
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  if (!Number.isFinite(norm) || norm === 0) {
    throw new AppError("unavailable", "Workers AI returned a zero or non-finite vector", { model });
  }
  for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] ?? 0) / norm;
  return vector;
}
