/**
 * A bigram model of word and punctuation tokens, trained on real passages, that writes text with the same word
 * statistics: the unigram frequencies come out as in the training text (the chain's stationary distribution), and
 * each word follows the words it followed there, so rare and frequent terms and common phrases keep their shares.
 */
const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}'’.-]*[\p{L}\p{N}])?|[^\s\p{L}\p{N}]/gu;
const NO_SPACE_BEFORE = new Set([",", ".", ";", ":", ")", "]", "?", "!", "’", "'"]);
const NO_SPACE_AFTER = new Set(["(", "["]);

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Joins tokens back into text, spacing punctuation as English prints it. */
export function detokenize(tokens: readonly string[]): string {
  let out = "";
  let previous = "";
  for (const token of tokens) {
    if (out.length > 0 && !NO_SPACE_BEFORE.has(token) && !NO_SPACE_AFTER.has(previous)) out += " ";
    out += token;
    previous = token;
  }
  return out;
}

/** Successors of one token as parallel arrays: ids and cumulative counts, for sampling by binary search. */
interface Successors {
  ids: Uint32Array;
  cumulative: Float64Array;
}

export interface TextModel {
  /** Distinct tokens seen. */
  vocabularySize: number;
  /** Tokens trained on. */
  tokenCount: number;
  /** Text of about `chars` characters (whole tokens, so a little longer), from the given random source. */
  generate(chars: number, random: () => number): string;
}

function sample(successors: Successors, random: () => number): number {
  const { cumulative, ids } = successors;
  const target = random() * (cumulative[cumulative.length - 1] as number);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return ids[lo] as number;
}

function freeze(counts: Map<number, number>): Successors {
  const ids = new Uint32Array(counts.size);
  const cumulative = new Float64Array(counts.size);
  let total = 0;
  let i = 0;
  for (const [id, count] of counts) {
    total += count;
    ids[i] = id;
    cumulative[i] = total;
    i++;
  }
  return { ids, cumulative };
}

/** Trains on the passages; each passage's tokens are a chain of their own (no bigram across passages). */
export function trainTextModel(passages: Iterable<string>): TextModel {
  const ids = new Map<string, number>();
  const words: string[] = [];
  const unigrams = new Map<number, number>();
  const bigrams: Map<number, number>[] = [];
  let tokenCount = 0;
  const idOf = (token: string): number => {
    let id = ids.get(token);
    if (id === undefined) {
      id = words.length;
      ids.set(token, id);
      words.push(token);
      bigrams.push(new Map());
    }
    return id;
  };
  for (const passage of passages) {
    let previous = -1;
    for (const token of tokenize(passage)) {
      const id = idOf(token);
      tokenCount++;
      unigrams.set(id, (unigrams.get(id) ?? 0) + 1);
      if (previous >= 0) {
        const next = bigrams[previous] as Map<number, number>;
        next.set(id, (next.get(id) ?? 0) + 1);
      }
      previous = id;
    }
  }
  if (tokenCount === 0) throw new Error("the text model needs at least one token to train on");
  const start = freeze(unigrams);
  const chains = bigrams.map((m) => (m.size > 0 ? freeze(m) : null));

  return {
    vocabularySize: words.length,
    tokenCount,
    generate(chars, random) {
      const tokens: string[] = [];
      let length = 0;
      let id = sample(start, random);
      while (length < chars) {
        const word = words[id] as string;
        tokens.push(word);
        length += word.length + (NO_SPACE_BEFORE.has(word) ? 0 : 1);
        const chain = chains[id];
        id = chain ? sample(chain, random) : sample(start, random);
      }
      return detokenize(tokens);
    },
  };
}
