import { describe, expect, it } from "vitest";
import { seededRandom } from "../../bench/search/stats";
import {
  calibrateVectorModel,
  createRealisticStream,
  createVectorModel,
  dot,
  fitDensity,
  nearestDistanceAt,
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
  it("keeps generated vectors in the directions real vectors vary along", () => {
    const random = seededRandom(2);
    // Rotate the low-rank data by a fixed orthogonal map (a Householder reflection) so it no longer lies on axes.
    const u = normalise(Float32Array.from({ length: DIMS }, (_, d) => Math.sin(d + 1)));
    const reflect = (v: Float32Array) => {
      const k = 2 * dot(u, v);
      return Float32Array.from(v, (x, d) => x - k * (u[d] as number));
    };
    const real = lowRankVectors(300, random).map(reflect);
    const model = createVectorModel(real, fitDensity(real, random));
    // Later vectors descend from generated ones, whose stored copies are rounded to int8 (a step of 1/127 of the
    // largest component: coarse on 6 axes of 64, fine on 512 real ones): those are nearly in the subspace.
    const off = Array.from({ length: 3000 }, () => offSubspace(reflect(model.next(random))));
    expect(Math.max(...off.slice(0, 10))).toBeLessThan(1e-9);
    expect(Math.max(...off)).toBeLessThan(5e-3);
  });

  it("fits how much nearer real vectors' nearest neighbours come as the collection grows", () => {
    const curve = fitDensity(lowRankVectors(800, seededRandom(3)), seededRandom(4));
    const cosines = curve.points.map((p) => p.nearestCosine);
    expect(cosines).toEqual([...cosines].sort((a, b) => a - b));
    expect(curve.slope).toBeGreaterThan(0.1);
    for (const p of curve.points) expect(1 - nearestDistanceAt(curve, p.size)).toBeCloseTo(p.nearestCosine, 1);
    expect(() => fitDensity(lowRankVectors(100, seededRandom(5)), seededRandom(6))).toThrow(/at least 160/);
  });

  it("grows denser as the curve says, keeping the real vectors' spread", () => {
    const random = seededRandom(7);
    const real = lowRankVectors(400, random);
    const calibrated = calibrateVectorModel(real, random, 100);
    expect(calibrated.checkSize).toBe(3200);
    expect(Math.abs(calibrated.generated.nearestCosine - calibrated.real.nearestCosine)).toBeLessThan(0.03);
    expect(calibrated.generated.nearestCosine).toBeGreaterThan(calibrated.curve.points.at(-1)?.nearestCosine ?? 1);
    expect(Math.abs(calibrated.generated.randomPairCosine - calibrated.real.randomPairCosine)).toBeLessThan(0.05);
  });

  it("streams the real vectors first, then generated ones, holding some out", () => {
    const random = seededRandom(4);
    const real = lowRankVectors(250, random);
    const stream = createRealisticStream(real, { heldOut: 10, random });
    expect(stream.heldOut).toEqual(real.slice(240));
    for (let i = 0; i < 240; i++) expect(stream.next()).toBe(real[i]);
    const generated = stream.next();
    expect(real.includes(generated)).toBe(false);
    expect(dot(generated, generated)).toBeCloseTo(1, 5);
    expect(stream.describe()).toMatch(/^240 real vectors, then generated \(real nearest cosine by size/);
  });
});
