/**
 * Generated embeddings with the statistics of real ones, for indexes too large to embed.
 *
 * Real embeddings crowd closer together as a collection grows: among the corpus chunks the bundled embedder embeds,
 * a passage's nearest neighbour scores 0.79 (mean cosine) among 600 others, 0.82 among 1,200, 0.84 among 2,600 and
 * 0.86 among 5,300, the distance (1 - cosine) shrinking by a near-constant factor per doubling. A generator that
 * only adds noise around the real sample does not reproduce that: its vectors are as far from everything at 40,000
 * as at 4,000, so a large index of them is a cloud of isolated points, far harder for approximate search than any
 * real collection of that size. Here each generated vector is a neighbour of a vector already in the set (a real one
 * or a generated one, chosen at random), at the nearest-neighbour distance the real sample's trend gives for the
 * set's current size, moved by noise with the real vectors' covariance and pulled back towards their mean as much,
 * so that the set keeps their spread.
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

/** Cosine of `probe` with its nearest vector in `set` (itself and exact duplicates ignored). */
function nearestCosine(probe: Float32Array, set: readonly Float32Array[], from = 0, to = set.length): number {
  let best = -1;
  for (let i = from; i < to; i++) {
    const c = dot(probe, set[i] as Float32Array);
    if (c < 0.9999 && c > best) best = c;
  }
  return best;
}

/** Mean cosine of each of `vectors` with a random one of `reference` (itself not counted). */
function randomPairCosine(vectors: readonly Float32Array[], random: () => number, reference: readonly Float32Array[]) {
  let pairs = 0;
  let sum = 0;
  for (const v of vectors) {
    const other = reference[Math.floor(random() * reference.length)] as Float32Array;
    if (other === v) continue;
    sum += dot(v, other);
    pairs++;
  }
  return sum / Math.max(1, pairs);
}

/** Nearest-neighbour distance (1 - cosine) as a function of the collection's size: `distance(n) = d0 (n / n0)^-slope`. */
export interface DensityCurve {
  n0: number;
  d0: number;
  slope: number;
  /** The fitted points: collection size and the mean nearest cosine of held-out real vectors in it. */
  points: { size: number; nearestCosine: number }[];
}

export function nearestDistanceAt(curve: DensityCurve, size: number): number {
  return curve.d0 * (size / curve.n0) ** -curve.slope;
}

/** Real vectors a density curve is fitted on at least: 16 held out, the smallest of four sizes 18. */
const MIN_REAL = 160;

/**
 * The real vectors' density curve: held-out real vectors' nearest cosine among the first eighth, quarter, half and
 * whole of the rest, and a least-squares line through log distance against log size.
 */
export function fitDensity(real: readonly Float32Array[], random: () => number): DensityCurve {
  if (real.length < MIN_REAL) throw new Error(`the vector model needs at least ${MIN_REAL} real vectors`);
  const shuffled = [...real];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as Float32Array, shuffled[i] as Float32Array];
  }
  const probes = shuffled.splice(0, Math.min(200, Math.floor(real.length / 10)));
  const sizes = [8, 4, 2, 1].map((part) => Math.floor(shuffled.length / part));
  const sums = sizes.map(() => 0);
  for (const probe of probes) {
    let best = -1;
    let from = 0;
    sizes.forEach((size, i) => {
      best = Math.max(best, nearestCosine(probe, shuffled, from, size));
      from = size;
      sums[i] = (sums[i] as number) + best;
    });
  }
  const points = sizes.map((size, i) => ({ size, nearestCosine: (sums[i] as number) / probes.length }));
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(1 - p.nearestCosine));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * ((ys[i] as number) - my);
    sxx += (x - mx) ** 2;
  });
  const n0 = shuffled.length;
  const slope = Math.max(0, -sxy / sxx);
  return { n0, d0: Math.exp(my + (sxy / sxx) * (Math.log(n0) - mx)), slope, points };
}

/** A growing set of vectors: `real` first, then one generated vector per `next()`. */
export interface VectorModel {
  next(random: () => number): Float32Array;
}

/** Centred real vectors combined per noise draw: enough for a Gaussian, few enough to be quick. */
const NOISE_TERMS = 48;
/** Generated vectors are kept (for their own neighbours to come) as int8 with a scale each, in blocks of this many. */
const BLOCK = 65_536;

export function createVectorModel(real: readonly Float32Array[], curve: DensityCurve): VectorModel {
  if (real.length === 0) throw new Error("the vector model needs real vectors");
  const dims = (real[0] as Float32Array).length;
  const mean = new Float32Array(dims);
  for (const v of real) for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) + (v[d] as number) / real.length;
  const centred = real.map((v) => Float32Array.from(v, (x, d) => x - (mean[d] as number)));
  const terms = Math.min(NOISE_TERMS, real.length);
  const blocks: Int8Array[] = [];
  const scales: number[] = [];
  let generated = 0;

  const stored = (index: number): Float32Array => {
    if (index < real.length) return real[index] as Float32Array;
    const at = index - real.length;
    const block = blocks[Math.floor(at / BLOCK)] as Int8Array;
    const offset = (at % BLOCK) * dims;
    const scale = scales[at] as number;
    const out = new Float32Array(dims);
    for (let d = 0; d < dims; d++) out[d] = (block[offset + d] as number) * scale;
    return out;
  };
  const keep = (v: Float32Array): void => {
    if (generated % BLOCK === 0) blocks.push(new Int8Array(BLOCK * dims));
    const block = blocks[blocks.length - 1] as Int8Array;
    const offset = (generated % BLOCK) * dims;
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(v[d] as number));
    const scale = max / 127 || 1;
    for (let d = 0; d < dims; d++) block[offset + d] = Math.round((v[d] as number) / scale);
    scales.push(scale);
    generated++;
  };
  /** A draw from a Gaussian with the real covariance: a combination of centred real vectors, weights N(0, 1/terms). */
  const spread = (random: () => number): Float32Array => {
    const out = new Float32Array(dims);
    for (let t = 0; t < terms; t++) {
      const c = centred[Math.floor(random() * centred.length)] as Float32Array;
      const w = gaussian(random) / Math.sqrt(terms);
      for (let d = 0; d < dims; d++) out[d] = (out[d] as number) + w * (c[d] as number);
    }
    return out;
  };
  // The real vectors' total variance: a step that keeps the share `keep` of a parent's offset from the mean moves it
  // by a squared distance of about 2 (1 - keep) total, and so lowers its cosine with the parent by (1 - keep) total.
  const total = centred.reduce((sum, v) => sum + dot(v, v), 0) / centred.length;

  return {
    next(random) {
      const size = real.length + generated;
      const parent = stored(Math.floor(random() * size));
      // A mean-reverting step (the parent's offset from the mean shrunk, fresh covariance-shaped noise added), so the
      // set keeps the real vectors' spread however many generations it grows by.
      const keepShare = Math.max(0, 1 - nearestDistanceAt(curve, size) / total);
      const noise = spread(random);
      const fresh = Math.sqrt(1 - keepShare * keepShare);
      const out = normalise(
        Float32Array.from(
          parent,
          (x, d) => (mean[d] as number) + keepShare * (x - (mean[d] as number)) + fresh * (noise[d] as number),
        ),
      );
      keep(out);
      return out;
    },
  };
}

/**
 * The real vectors' density curve and a model following it, checked: the set grown to eight times the sample, its
 * newest vectors' nearest cosine there against the curve's (`real` is the extrapolated real figure at that size).
 */
export function calibrateVectorModel(
  real: readonly Float32Array[],
  random: () => number,
  probes = 200,
): { model: VectorModel; curve: DensityCurve; checkSize: number; real: VectorStatistics; generated: VectorStatistics } {
  const curve = fitDensity(real, random);
  const check = createVectorModel(real, curve);
  const checkSize = real.length * 8;
  const set = [...real];
  while (set.length < checkSize) set.push(check.next(random));
  const sample = set.slice(set.length - probes);
  const generated = {
    randomPairCosine: randomPairCosine(sample, random, set),
    nearestCosine: sample.reduce((sum, v) => sum + nearestCosine(v, set), 0) / sample.length,
  };
  return {
    model: createVectorModel(real, curve),
    curve,
    checkSize,
    real: {
      randomPairCosine: randomPairCosine(real.slice(0, probes), random, real),
      nearestCosine: 1 - nearestDistanceAt(curve, checkSize),
    },
    generated,
  };
}

/**
 * A stream of vectors for an index of any size: the real vectors first, then generated ones following their
 * density curve. `heldOut` real vectors are kept out of both, to query with.
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
    next: () => (served < base.length ? (base[served++] as Float32Array) : calibrated.model.next(options.random)),
    heldOut,
    describe: () => `${base.length} real vectors, then generated (${describeCalibration(calibrated)})`,
  };
}

export function describeCalibration(calibrated: ReturnType<typeof calibrateVectorModel>): string {
  const { curve } = calibrated;
  const fitted = curve.points.map((p) => `${p.size}: ${p.nearestCosine.toFixed(3)}`).join(", ");
  return (
    `real nearest cosine by size ${fitted}, distance ×${(2 ** -curve.slope).toFixed(3)} per doubling; at ` +
    `${calibrated.checkSize}: curve ${calibrated.real.nearestCosine.toFixed(3)} / generated ` +
    `${calibrated.generated.nearestCosine.toFixed(3)}; random pairs real ${calibrated.real.randomPairCosine.toFixed(3)} / ` +
    `generated ${calibrated.generated.randomPairCosine.toFixed(3)}`
  );
}
