import type { Ai } from "@cloudflare/workers-types/2023-07-01";
import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import { createWorkersAiEmbedder, WORKERS_AI_MAX_BATCH } from "./workers-ai-embedder";

interface RunCall {
  model: string;
  text: string[];
  pooling: unknown;
}

/**
 * Stands in for the `AI` binding, which has no local mode. Like Workers AI it refuses more than 100 texts per
 * request and answers `{shape, data, pooling}`; its vectors are a deterministic hash of the words, deliberately
 * not unit length.
 */
function createFakeAi(options: { dimensions?: number; fail?: (call: RunCall) => unknown } = {}) {
  const calls: RunCall[] = [];
  const dims = options.dimensions ?? 768;
  const impl = async (model: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const text = typeof inputs.text === "string" ? [inputs.text] : (inputs.text as string[]);
    const call = { model, text, pooling: inputs.pooling };
    calls.push(call);
    if (text.length > WORKERS_AI_MAX_BATCH) throw new Error("AiError: 5006: text must have at most 100 items");
    const failure = options.fail?.(call);
    if (failure instanceof Error) throw failure;
    if (failure !== undefined) return failure as Record<string, unknown>;
    return { shape: [text.length, dims], data: text.map((t) => fakeVector(t, dims)), pooling: inputs.pooling };
  };
  return { ai: { run: impl as unknown as Ai["run"] }, calls };
}

function fakeVector(text: string, dims: number): number[] {
  const vector = new Array<number>(dims).fill(0.01);
  for (const word of text.toLowerCase().split(/\W+/).filter(Boolean)) {
    let h = 2166136261;
    for (const ch of word) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619);
    const i = (h >>> 0) % dims;
    vector[i] = (vector[i] ?? 0) + 3;
  }
  return vector;
}

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
}

describe("createWorkersAiEmbedder", () => {
  it("defaults to bge-base with 768 dimensions and asks for CLS pooling", async () => {
    const { ai, calls } = createFakeAi();
    const embedder = createWorkersAiEmbedder({ ai });
    expect(embedder.model).toBe("@cf/baai/bge-base-en-v1.5");
    expect(embedder.dimensions).toBe(768);
    const [vector] = await embedder.embed(["Federal Register notice"]);
    expect(vector).toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(768);
    expect(calls).toEqual([{ model: "@cf/baai/bge-base-en-v1.5", text: ["Federal Register notice"], pooling: "cls" }]);
  });

  it("returns one unit-length vector per text, in input order", async () => {
    const { ai } = createFakeAi();
    const embedder = createWorkersAiEmbedder({ ai });
    const texts = ["rural water grants", "highway funding", "rural water grants", "tax credits for families"];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(4);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
    const [a, b, c] = vectors as [Float32Array, Float32Array, Float32Array];
    expect(dot(a, c)).toBeCloseTo(1, 5);
    expect(dot(a, b)).toBeLessThan(0.9);
    const [alone] = await embedder.embed(["highway funding"]);
    expect(Array.from(alone ?? [])).toEqual(Array.from(b));
  });

  it("splits many texts into requests of at most 100 and keeps the order", async () => {
    const { ai, calls } = createFakeAi({ dimensions: 384 });
    const embedder = createWorkersAiEmbedder({ ai, model: "@cf/baai/bge-small-en-v1.5" });
    const texts = Array.from({ length: 250 }, (_, i) => `section ${i} of title ${i % 7}`);
    const vectors = await embedder.embed(texts);
    expect(calls.map((c) => c.text.length)).toEqual([100, 100, 50]);
    expect(calls.flatMap((c) => c.text)).toEqual(texts);
    expect(vectors).toHaveLength(250);
    const [last] = await embedder.embed([texts[249] ?? ""]);
    expect(Array.from(vectors[249] ?? [])).toEqual(Array.from(last ?? []));
  });

  it("honours a smaller batch size and sends nothing for no texts", async () => {
    const { ai, calls } = createFakeAi();
    const embedder = createWorkersAiEmbedder({ ai, batchSize: 2 });
    expect(await embedder.embed([])).toEqual([]);
    expect(calls).toHaveLength(0);
    await embedder.embed(["a", "b", "c"]);
    expect(calls.map((c) => c.text)).toEqual([["a", "b"], ["c"]]);
  });

  it("refuses dimensions that do not match the model", () => {
    const { ai } = createFakeAi();
    expect(() => createWorkersAiEmbedder({ ai, dimensions: 512 })).toThrow(AppError);
    expect(createWorkersAiEmbedder({ ai, model: "@cf/baai/bge-large-en-v1.5", dimensions: 1024 }).dimensions).toBe(
      1024,
    );
  });

  it("turns a failing binding into AppError unavailable", async () => {
    const { ai } = createFakeAi({ fail: () => new Error("InferenceUpstreamError: 3040: capacity exceeded") });
    const embedder = createWorkersAiEmbedder({ ai });
    const error = await embedder.embed(["x"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unavailable");
    expect((error as AppError).message).toContain("capacity exceeded");
  });

  it("treats an answer of the wrong shape as unavailable", async () => {
    const answers: unknown[] = [
      { request_id: "queued-123" },
      { shape: [1, 768], data: [] },
      { shape: [1, 3], data: [[1, 2, 3]] },
      { shape: [1, 768], data: [new Array(768).fill(0)] },
    ];
    for (const answer of answers) {
      const { ai } = createFakeAi({ fail: () => answer });
      const error = await createWorkersAiEmbedder({ ai })
        .embed(["x"])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("unavailable");
    }
  });
});
