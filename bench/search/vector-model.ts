/**
 * Generated embeddings with the statistics of real ones, for indexes too large to embed: each is a real vector,
 * sometimes blended with a second one (passages between two topics), plus Gaussian noise with the real vectors'
 * covariance, normalised to unit length. The noise is calibrated so that a generated vector is as
 * close to its nearest real vector as real vectors are to each other.
 */
import { gaussian } from "./stats";

export interface VectorStatistics {
  /** Mean cosine similarity of random pairs. */
  randomPairCosine: number;
  /** Mean cosine similarity of each vector to its nearest other (exact duplicates ignored). */
  nearestCosine: number;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

export function normalise(v: Float32Array): Float32Array {
  const norm = Math.sqrt(dot(v, v)) || 1;
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / norm;
  return v;
}

/** Per-dimension standard deviation. */
function spread(vectors: readonly Float32Array[]): Float32Array {
  const dims = vectors[0]?.length ?? 0;
  const mean = new Float64Array(dims);
  const square = new Float64Array(dims);
  for (const v of vectors) {
    for (let d = 0; d < dims; d++) {
      mean[d] = (mean[d] as number) + (v[d] as number);
      square[d] = (square[d] as number) + (v[d] as number) ** 2;
    }
  }
  const out = new Float32Array(dims);
  for (let d = 0; d < dims; d++) {
    const m = (mean[d] as number) / vectors.length;
    out[d] = Math.sqrt(Math.max(0, (square[d] as number) / vectors.length - m * m));
  }
  return out;
}

/** Random-pair and nearest-neighbour cosines of `vectors`, nearest among `reference` (default: themselves). */
export function vectorStatistics(
  vectors: readonly Float32Array[],
  random: () => number,
  reference: readonly Float32Array[] = vectors,
): VectorStatistics {
  let pairs = 0;
  let pairSum = 0;
  let nearestSum = 0;
  for (const v of vectors) {
    const other = reference[Math.floor(random() * reference.length)] as Float32Array;
    if (other !== v) {
      pairSum += dot(v, other);
      pairs++;
    }
    let best = -1;
    for (const r of reference) {
      const c = dot(v, r);
      if (r !== v && c < 0.9999 && c > best) best = c;
    }
    nearestSum += best;
  }
  return { randomPairCosine: pairSum / Math.max(1, pairs), nearestCosine: nearestSum / Math.max(1, vectors.length) };
}

export interface VectorModel {
  noise: number;
  generate(random: () => number): Float32Array;
}

/**
 * How the noise is shaped. "covariance" (the default) draws it from a Gaussian with the real vectors' covariance,
 * as a random combination of centred real vectors, so it varies along the directions real passages vary along.
 * "diagonal" scales independent noise per dimension by the real spread: in 512 dimensions that is nearly
 * isotropic, so noisy copies of one vector are all about equally far apart and unrelated to any query, which
 * real embeddings never are, and it makes approximate search look far worse than on real vectors.
 */
export type NoiseShape = "covariance" | "diagonal";

/** Centred real vectors combined per covariance-shaped noise draw: enough for a Gaussian, few enough to be quick. */
const NOISE_TERMS = 48;

export function createVectorModel(
  real: readonly Float32Array[],
  noise: number,
  shape: NoiseShape = "covariance",
): VectorModel {
  if (real.length === 0) throw new Error("the vector model needs real vectors");
  const sigma = spread(real);
  const dims = sigma.length;
  const mean = new Float32Array(dims);
  for (const v of real) for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) + (v[d] as number) / real.length;
  const centred = real.map((v) => Float32Array.from(v, (x, d) => x - (mean[d] as number)));
  const terms = Math.min(NOISE_TERMS, real.length);
  const addNoise = (out: Float32Array, random: () => number): void => {
    if (shape === "diagonal") {
      for (let d = 0; d < dims; d++) out[d] = (out[d] as number) + noise * (sigma[d] as number) * gaussian(random);
      return;
    }
    // The sum of `terms` centred vectors weighted by N(0, 1/terms) has, in expectation, the real covariance.
    for (let t = 0; t < terms; t++) {
      const c = centred[Math.floor(random() * centred.length)] as Float32Array;
      const w = (noise * gaussian(random)) / Math.sqrt(terms);
      for (let d = 0; d < dims; d++) out[d] = (out[d] as number) + w * (c[d] as number);
    }
  };
  return {
    noise,
    generate(random) {
      const a = real[Math.floor(random() * real.length)] as Float32Array;
      const out = Float32Array.from(a);
      if (random() < 0.5) {
        const b = real[Math.floor(random() * real.length)] as Float32Array;
        const share = random() * 0.5;
        for (let d = 0; d < dims; d++) out[d] = (out[d] as number) + share * ((b[d] as number) - (a[d] as number));
      }
      addNoise(out, random);
      return normalise(out);
    },
  };
}

/**
 * The model whose vectors are, on average, as close to their nearest real vector as the real vectors are to each
 * other (bisection on the noise scale).
 */
export function calibrateVectorModel(
  real: readonly Float32Array[],
  random: () => number,
  probes = 200,
  shape: NoiseShape = "covariance",
): { model: VectorModel; real: VectorStatistics; generated: VectorStatistics } {
  const target = vectorStatistics(real, random);
  let lo = 0;
  let hi = 4;
  for (let step = 0; step < 10; step++) {
    const mid = (lo + hi) / 2;
    const model = createVectorModel(real, mid, shape);
    const sample = Array.from({ length: probes }, () => model.generate(random));
    const { nearestCosine } = vectorStatistics(sample, random, real);
    if (nearestCosine > target.nearestCosine) lo = mid;
    else hi = mid;
  }
  const model = createVectorModel(real, (lo + hi) / 2, shape);
  const sample = Array.from({ length: probes }, () => model.generate(random));
  return { model, real: target, generated: vectorStatistics(sample, random, real) };
}

/**
 * A stream of vectors for an index of any size: the real vectors first, then ones generated by a covariance-shaped
 * model calibrated on them. `heldOut` real vectors are kept out of both, to query with.
 */
export function createRealisticStream(
  real: readonly Float32Array[],
  options: { heldOut: number; random: () => number },
): { next(): Float32Array; heldOut: Float32Array[]; describe(): string } {
  const heldOut = real.slice(real.length - options.heldOut);
  const base = real.slice(0, real.length - options.heldOut);
  const calibrated = calibrateVectorModel(base, options.random);
  let served = 0;
  return {
    next: () => (served < base.length ? (base[served++] as Float32Array) : calibrated.model.generate(options.random)),
    heldOut,
    describe: () =>
      `${base.length} real vectors, then generated (noise ${calibrated.model.noise.toFixed(3)}); nearest cosine ` +
      `real ${calibrated.real.nearestCosine.toFixed(2)} / generated ${calibrated.generated.nearestCosine.toFixed(2)}`,
  };
}
