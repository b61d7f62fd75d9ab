import { describe, expect, it } from "vitest";
import { seededRandom } from "../../bench/search/stats";
import {
  calibrateVectorModel,
  createRealisticStream,
  createVectorModel,
  dot,
  normalise,
} from "../../bench/search/vector-model";

const DIMS = 64;
const RANK = 6;

/** Unit vectors spanning only the first RANK axes: real embeddings vary along far fewer directions than they have. */
function lowRankVectors(count: number, random: () => number): Float32Array[] {
  return Array.from({ length: count }, () => {
    const v = new Float32Array(DIMS);
    v[0] = 2; // a shared mean direction, as sentence encoders have
    for (let d = 1; d < RANK; d++) v[d] = random() * 2 - 1;
    return normalise(v);
  });
}

/** Share of a vector's squared length outside the axes the real vectors span. */
function offSubspace(v: Float32Array): number {
  let off = 0;
  for (let d = RANK; d < DIMS; d++) off += (v[d] as number) ** 2;
  return off / dot(v, v);
}

describe("vector model", () => {
  it("keeps covariance-shaped noise in the directions real vectors vary along, unlike per-dimension noise", () => {
    const random = seededRandom(2);
    // Rotate the low-rank data by a fixed orthogonal map (a Householder reflection) so it no longer lies on axes.
    const u = normalise(Float32Array.from({ length: DIMS }, (_, d) => Math.sin(d + 1)));
    const reflect = (v: Float32Array) => {
      const k = 2 * dot(u, v);
      return Float32Array.from(v, (x, d) => x - k * (u[d] as number));
    };
    const real = lowRankVectors(200, random).map(reflect);
    const inSubspace = (v: Float32Array) => offSubspace(reflect(v)); // a reflection is its own inverse
    const share = (shape: "covariance" | "diagonal") => {
      const model = createVectorModel(real, 1, shape);
      return Array.from({ length: 100 }, () => inSubspace(model.generate(random))).reduce((a, b) => a + b, 0) / 100;
    };
    expect(share("covariance")).toBeLessThan(1e-9);
    expect(share("diagonal")).toBeGreaterThan(0.01);
  });

  it("calibrates the noise so generated vectors are as near to real ones as real ones are to each other", () => {
    const random = seededRandom(3);
    const real = lowRankVectors(300, random);
    const { real: target, generated } = calibrateVectorModel(real, random, 200);
    expect(Math.abs(generated.nearestCosine - target.nearestCosine)).toBeLessThan(0.03);
  });

  it("streams the real vectors first, then generated ones, holding some out", () => {
    const random = seededRandom(4);
    const real = lowRankVectors(50, random);
    const stream = createRealisticStream(real, { heldOut: 10, random });
    expect(stream.heldOut).toEqual(real.slice(40));
    for (let i = 0; i < 40; i++) expect(stream.next()).toBe(real[i]);
    const generated = stream.next();
    expect(real.includes(generated)).toBe(false);
    expect(dot(generated, generated)).toBeCloseTo(1, 5);
  });
});
