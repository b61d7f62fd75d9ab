/** One run of a plain-text diff: applying the `equal` and `insert` runs in order gives the new text. */
export interface DiffOp {
  op: "equal" | "insert" | "delete";
  text: string;
}

/**
 * Work left for a request's diffs, in units of 10–20 ns here: a token read, a Myers step or a cell of its trace.
 * Shared by the diffs of one request, so that many sections cannot add up to more than one large one.
 */
export interface DiffBudget {
  remaining: number;
}

export interface DiffLimits {
  /** Tokens (words or lines) per side beyond which that granularity is not tried. */
  maxTokens: number;
  /** Edits (inserted plus deleted tokens) beyond which the diff gives up: a rewrite is better shown whole. */
  maxEdits: number;
}

export type DiffGranularity = "words" | "lines";

export interface TextDiff {
  granularity: DiffGranularity;
  ops: DiffOp[];
}

/** Words (10k a side, 500 edits) first, then lines (5k a side, 500 edits); see `diffText`. */
export const DEFAULT_DIFF_LIMITS: Record<DiffGranularity, DiffLimits> = {
  words: { maxTokens: 10_000, maxEdits: 500 },
  lines: { maxTokens: 5_000, maxEdits: 500 },
};

/** About 50 ms of work on one core: the most a request spends on diffs, whatever the bill. */
export const DEFAULT_DIFF_BUDGET = 2_500_000;

/**
 * A word-level diff of two texts, or a line-level one when the words are too many or too different, or null when
 * neither fits the limits or the budget. The cost of Myers' algorithm is O((N+M)·D), so bounding the tokens, the
 * edits D and the shared budget bounds the time a request can take.
 */
export function diffText(
  from: string,
  to: string,
  options: { budget?: DiffBudget; limits?: Record<DiffGranularity, DiffLimits> } = {},
): TextDiff | null {
  const budget = options.budget ?? { remaining: DEFAULT_DIFF_BUDGET };
  const limits = options.limits ?? DEFAULT_DIFF_LIMITS;
  for (const granularity of ["words", "lines"] as const) {
    if (budget.remaining <= 0) return null;
    const a = tokenize(from, granularity);
    const b = tokenize(to, granularity);
    const limit = limits[granularity];
    budget.remaining -= a.length + b.length;
    if (budget.remaining < 0) return null;
    if (a.length > limit.maxTokens || b.length > limit.maxTokens) continue;
    const ops = diffTokens(a, b, { maxEdits: limit.maxEdits, budget });
    if (ops) return { granularity, ops };
  }
  return null;
}

/**
 * Words with the white space after them (and any leading white space as a token of its own), or lines with their
 * line end. Joined, the tokens give the text back.
 */
export function tokenize(text: string, granularity: DiffGranularity): string[] {
  if (text === "") return [];
  const pattern = granularity === "words" ? /^\s+|\S+\s*/g : /[^\n]*\n|[^\n]+$/g;
  return text.match(pattern) ?? [];
}

/**
 * Myers' O((N+M)·D) diff over tokens compared without their surrounding white space, so a word that moved to the
 * next line is still equal. Equal runs carry the new text's tokens. Null when the edits exceed `maxEdits` or the
 * budget runs out. Each run of edits between two equal runs comes out as one delete followed by one insert.
 */
export function diffTokens(
  a: string[],
  b: string[],
  options: { maxEdits: number; budget: DiffBudget },
): DiffOp[] | null {
  const ka = a.map((t) => t.trim());
  const kb = b.map((t) => t.trim());
  let head = 0;
  while (head < ka.length && head < kb.length && ka[head] === kb[head]) head++;
  let tail = 0;
  while (tail < ka.length - head && tail < kb.length - head && ka[ka.length - 1 - tail] === kb[kb.length - 1 - tail]) {
    tail++;
  }
  const ids = new Map<string, number>();
  const intern = (keys: string[]) => {
    const out = new Int32Array(keys.length - head - tail);
    for (let i = 0; i < out.length; i++) {
      const key = keys[head + i] as string;
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      out[i] = id;
    }
    return out;
  };
  const middle = myers(intern(ka), intern(kb), options);
  if (!middle) return null;
  const out = new OpBuilder();
  for (let i = 0; i < head; i++) out.push("equal", b[i] as string);
  let x = head;
  let y = head;
  for (const op of middle) {
    if (op === "delete") {
      out.push("delete", a[x++] as string);
    } else {
      out.push(op, b[y++] as string);
      if (op === "equal") x++;
    }
  }
  for (let i = b.length - tail; i < b.length; i++) out.push("equal", b[i] as string);
  return out.ops();
}

type Step = DiffOp["op"];

/** The edit script from `a` to `b`, one step per token, or null past the limits. */
function myers(a: Int32Array, b: Int32Array, options: { maxEdits: number; budget: DiffBudget }): Step[] | null {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...Array<Step>(n).fill("delete"), ...Array<Step>(m).fill("insert")];
  const cap = Math.min(options.maxEdits, n + m);
  const off = cap + 1;
  const v = new Int32Array(2 * cap + 3);
  // trace[d] holds v over k ∈ [-d-1, d+1] as it was before round d.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= cap; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    options.budget.remaining -= 2 * d + 3;
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && (v[off + k - 1] as number) < (v[off + k + 1] as number))
          ? (v[off + k + 1] as number)
          : (v[off + k - 1] as number) + 1;
      let y = x - k;
      const start = x;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      options.budget.remaining -= 1 + x - start;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
    if (options.budget.remaining < 0) return null;
  }
  return null;
}

function backtrack(trace: Int32Array[], n: number, m: number): Step[] {
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const snapshot = trace[d] as Int32Array;
    const at = (k: number) => snapshot[k + d + 1] as number;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      steps.push("equal");
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) steps.push("insert");
      else steps.push("delete");
    }
    x = prevX;
    y = prevY;
  }
  return steps.reverse();
}

/** Merges tokens into runs, and each stretch of edits into one delete then one insert. */
class OpBuilder {
  private readonly done: DiffOp[] = [];
  private deleted = "";
  private inserted = "";
  private equal = "";
  /** Whether the last equal or inserted token ended a word without white space (the new text's last word). */
  private open = false;

  push(op: Step, text: string): void {
    if (op === "equal") {
      this.flushEdits();
      this.equal += text;
    } else {
      this.flushEqual();
      // Old words after the new text's last word stay apart from it.
      if (op === "delete") this.deleted += this.open && this.deleted === "" ? ` ${text}` : text;
      else this.inserted += text;
    }
    if (op !== "delete") this.open = !/\s$/.test(text);
  }

  ops(): DiffOp[] {
    this.flushEqual();
    this.flushEdits();
    return this.done;
  }

  private flushEqual(): void {
    if (this.equal) this.done.push({ op: "equal", text: this.equal });
    this.equal = "";
  }

  private flushEdits(): void {
    if (this.deleted) this.done.push({ op: "delete", text: this.deleted });
    if (this.inserted) this.done.push({ op: "insert", text: this.inserted });
    this.deleted = "";
    this.inserted = "";
  }
}
