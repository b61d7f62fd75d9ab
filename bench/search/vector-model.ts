/**
 * Generated embeddings with the statistics of real ones, for indexes too large to embed: each is a real vector,
 * sometimes blended with a second one (passages between two topics), plus Gaussian noise scaled per dimension by
 * the real vectors' spread, normalised to unit length. The noise is calibrated so that a generated vector is as
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

export function createVectorModel(real: readonly Float32Array[], noise: number): VectorModel {
  if (real.length === 0) throw new Error("the vector model needs real vectors");
  const sigma = spread(real);
  const dims = sigma.length;
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
      for (let d = 0; d < dims; d++) out[d] = (out[d] as number) + noise * (sigma[d] as number) * gaussian(random);
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
): { model: VectorModel; real: VectorStatistics; generated: VectorStatistics } {
  const target = vectorStatistics(real, random);
  let lo = 0;
  let hi = 4;
  for (let step = 0; step < 10; step++) {
    const mid = (lo + hi) / 2;
    const model = createVectorModel(real, mid);
    const sample = Array.from({ length: probes }, () => model.generate(random));
    const { nearestCosine } = vectorStatistics(sample, random, real);
    if (nearestCosine > target.nearestCosine) lo = mid;
    else hi = mid;
  }
  const model = createVectorModel(real, (lo + hi) / 2);
  const sample = Array.from({ length: probes }, () => model.generate(random));
  return { model, real: target, generated: vectorStatistics(sample, random, real) };
}
