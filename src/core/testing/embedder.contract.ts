import { describe, expect, it } from "vitest";
import type { Embedder } from "../ports/embedder";

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

const TEXTS = [
  "Making appropriations for the Department of Defense for the fiscal year ending September 30, 2020.",
  "To amend the Internal Revenue Code of 1986 to extend the credit for electricity produced from renewable sources.",
  "The Secretary shall submit a report to the Committee on Agriculture of the House of Representatives.",
];

/**
 * What every Embedder guarantees through the port, whatever model is behind it: one unit-length vector of the
 * stated size per text, in input order, the same vector for the same text, any number of texts per call.
 */
export function describeEmbedderContract(
  name: string,
  factory: () => Promise<{ embedder: Embedder; cleanup?: () => Promise<void> }>,
) {
  describe(`Embedder contract: ${name}`, () => {
    const withEmbedder = async (test: (embedder: Embedder) => Promise<void>) => {
      const { embedder, cleanup } = await factory();
      try {
        await test(embedder);
      } finally {
        await cleanup?.();
      }
    };

    it("returns one unit vector of the stated size per text", () =>
      withEmbedder(async (embedder) => {
        expect(embedder.model).toMatch(/\S/);
        const vectors = await embedder.embed(TEXTS);
        expect(vectors).toHaveLength(TEXTS.length);
        expect(embedder.dimensions).toBeGreaterThan(0);
        for (const v of vectors) {
          expect(v).toBeInstanceOf(Float32Array);
          expect(v.length).toBe(embedder.dimensions);
          expect(Math.sqrt(cosine(v, v))).toBeCloseTo(1, 3);
        }
      }));

    it("keeps input order and gives the same text the same vector", () =>
      withEmbedder(async (embedder) => {
        const [a, b, c] = TEXTS as [string, string, string];
        const forward = await embedder.embed([a, b, c]);
        const backward = await embedder.embed([c, b, a]);
        expect(cosine(forward[0] as Float32Array, backward[2] as Float32Array)).toBeGreaterThan(0.9999);
        expect(cosine(forward[2] as Float32Array, backward[0] as Float32Array)).toBeGreaterThan(0.9999);
        expect(cosine(forward[0] as Float32Array, forward[1] as Float32Array)).toBeLessThan(0.9999);
      }));

    it("takes any number of texts per call, including none, and blank ones", () =>
      withEmbedder(async (embedder) => {
        expect(await embedder.embed([])).toEqual([]);
        const many = Array.from({ length: 150 }, (_, i) => `${TEXTS[i % 3]} Item ${i}.`);
        const vectors = await embedder.embed(many);
        expect(vectors).toHaveLength(150);
        const [alone] = await embedder.embed([many[137] as string]);
        expect(cosine(vectors[137] as Float32Array, alone as Float32Array)).toBeGreaterThan(0.9999);
        const blank = await embedder.embed(["", "   "]);
        expect(blank).toHaveLength(2);
        for (const v of blank) expect(v.length).toBe(embedder.dimensions);
      }));
  });
}
