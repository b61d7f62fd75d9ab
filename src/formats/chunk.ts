import { breakStrength, Strength } from "./chunk-breaks";
import type { Chunk, ParsedDocument, Section } from "./types";

/**
 * 1000 characters is about 150-180 words of English legal prose: the span a 512-dimension sentence encoder such as
 * Universal Sentence Encoder reads well (its quality falls off past ~200 words, and pipelines give it at most 2000
 * characters), and a passage short enough to quote as one search result.
 */
export const DEFAULT_CHUNK_MAX_CHARS = 1000;
/**
 * Context repeated at the start of a chunk when its predecessor had to be cut inside a paragraph, so a sentence
 * that depends on the one before still carries it. Only whole sentences are repeated, and never across a paragraph
 * or section boundary.
 */
export const DEFAULT_CHUNK_OVERLAP_CHARS = 150;

export interface ChunkOptions {
  /** Upper bound on a chunk's length in UTF-16 code units (a single unbreakable word is cut at it). */
  maxChars?: number;
  overlapChars?: number;
}

const WHITESPACE = /\s+/g;
/** What a chunk needs to be worth one: a letter or a digit (not a rule of underscores, not a lone bullet). */
const SEARCHABLE = /[\p{L}\p{N}]/u;

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /\s/.test(text.charAt(end - 1))) end--;
  return end;
}

interface Cut {
  end: number;
  next: number;
  strength: Strength;
}

interface Fill {
  /** Shortest chunk worth ending at a paragraph: a paragraph that fits is never split to fill a chunk up. */
  paragraph: number;
  /** Shortest chunk worth ending inside a paragraph. */
  other: number;
}

/**
 * The best cut for a chunk starting at `pos` and ending by `limit`: the strongest kind of break that leaves the
 * chunk full enough, the latest of its kind; failing that the latest break of any kind; failing that (one
 * unbreakable word) a hard cut.
 */
function bestCut(text: string, pos: number, limit: number, minEnd: number, fill: Fill): Cut {
  const best: (Cut | undefined)[] = [];
  let latest: Cut | undefined;
  // Searching a window rather than the whole text keeps a long run without whitespace linear.
  const window = text.slice(pos, Math.min(text.length, limit + 1));
  for (const match of window.matchAll(WHITESPACE)) {
    const end = pos + match.index;
    if (end < minEnd || end === pos) continue;
    const cut: Cut = { end, next: end + match[0].length, strength: breakStrength(text, end, end + match[0].length) };
    latest = cut;
    if (end >= pos + (cut.strength >= Strength.blockLine ? fill.paragraph : fill.other)) best[cut.strength] = cut;
  }
  for (let strength = Strength.paragraph; strength >= Strength.word; strength--) {
    const cut = best[strength];
    if (cut) return cut;
  }
  if (latest) return latest;
  // Keep surrogate pairs whole.
  const hard = /[\ud800-\udbff]/.test(text.charAt(limit - 1)) ? limit - 1 : limit;
  return { end: hard, next: hard, strength: Strength.word };
}

/** Where the repeated context of the next chunk starts: the earliest sentence start within the overlap, if any. */
function overlapStart(text: string, pos: number, end: number, overlapChars: number): number | null {
  const from = Math.max(pos + 1, end - overlapChars);
  for (const match of text.slice(from, end).matchAll(WHITESPACE)) {
    const start = from + match.index;
    const next = start + match[0].length;
    if (next < end && breakStrength(text, start, next) >= Strength.sentence) return next;
  }
  return null;
}

/** Index of the first value in sorted `values` greater than `at` (values.length if none). */
function firstAbove(values: readonly number[], at: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((values[mid] ?? 0) <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Heading paths by offset. Sections sorted by start (outer before inner at the same start) nest, so each has at
 * most one parent, and the sections containing an offset are the innermost one and its ancestors.
 */
class HeadingIndex {
  private readonly starts: number[];
  private readonly parents: number[];

  constructor(private readonly sections: readonly Section[]) {
    this.starts = sections.map((section) => section.start);
    this.parents = [];
    const open: number[] = [];
    sections.forEach((section, i) => {
      for (let top = open.at(-1); top !== undefined; top = open.at(-1)) {
        const outer = sections[top];
        if (outer && outer.start <= section.start && section.end <= outer.end) break;
        open.pop();
      }
      this.parents.push(open.at(-1) ?? -1);
      open.push(i);
    });
  }

  /** The heading path at `at`, without speakers' headings, and the innermost speaker's. */
  path(at: number): Pick<Chunk, "heading" | "speaker"> {
    let i = firstAbove(this.starts, at) - 1;
    while (i >= 0 && (this.sections[i]?.end ?? 0) <= at) i = this.parents[i] ?? -1;
    const headings: string[] = [];
    let speaker: string | undefined;
    for (; i >= 0; i = this.parents[i] ?? -1) {
      const section = this.sections[i];
      if (!section || section.heading === "") continue;
      if (!section.speaker) headings.unshift(section.heading);
      else speaker ??= section.heading;
    }
    const heading = headings.join(" > ");
    return speaker === undefined ? { heading } : { heading, speaker };
  }
}

/** The headings of the part of [start, end) between section boundaries that holds most of the chunk's text. */
function chunkHeading(
  index: HeadingIndex,
  boundaries: readonly number[],
  start: number,
  end: number,
): Pick<Chunk, "heading" | "speaker"> {
  let partStart = start;
  let bestStart = start;
  let bestLength = -1;
  for (let i = firstAbove(boundaries, start); i <= boundaries.length; i++) {
    const boundary = Math.min(boundaries[i] ?? end, end);
    if (boundary - partStart > bestLength) {
      bestLength = boundary - partStart;
      bestStart = partStart;
    }
    if (boundary >= end) break;
    partStart = boundary;
  }
  return index.path(bestStart);
}

/**
 * Cuts a parsed document into chunks of at most `maxChars`. Paragraphs are kept whole when they fit (a chunk
 * ends at the last paragraph break that fits, once it holds a quarter of `maxChars`); a paragraph too long is cut
 * between sentences, then at clauses, then between words. A chunk ends at a section boundary once it holds a
 * quarter of `maxChars`, so sections are not mixed, while a tiny section (a lone heading) joins what follows. Text
 * with neither letter nor digit (a page's closing rule) makes no chunk of its own: it could only be found by its
 * meaning, which is none. Deterministic; `text === doc.text.slice(start, end)` for every chunk; an empty document
 * yields none.
 */
export function chunkText(doc: ParsedDocument, options: ChunkOptions = {}): Chunk[] {
  const { text } = doc;
  const maxChars = Math.max(20, Math.floor(options.maxChars ?? DEFAULT_CHUNK_MAX_CHARS));
  const overlapChars = Math.max(
    0,
    Math.min(Math.floor(options.overlapChars ?? DEFAULT_CHUNK_OVERLAP_CHARS), maxChars / 2),
  );
  const fill: Fill = { paragraph: Math.floor(maxChars / 4), other: Math.floor(maxChars / 2) };
  const smallSection = Math.floor(maxChars / 4);
  const sections = [...doc.sections]
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || a.level - b.level);
  const headings = new HeadingIndex(sections);
  const boundaries = [...new Set(sections.flatMap((s) => [s.start, s.end]))]
    .filter((b) => b > 0 && b < text.length)
    .sort((a, b) => a - b);

  const chunks: Chunk[] = [];
  let pos = skipWhitespace(text, 0);
  let previousEnd = 0;
  let nextBoundary = 0;
  while (pos < text.length) {
    const limit = Math.min(text.length, pos + maxChars);
    while (nextBoundary < boundaries.length && (boundaries[nextBoundary] ?? 0) <= pos) nextBoundary++;
    let cut: Cut | null = null;
    for (let i = nextBoundary; i < boundaries.length; i++) {
      const boundary = boundaries[i] ?? 0;
      if (boundary > limit) break;
      const content = trimEnd(text, pos, boundary) - pos;
      if (content >= smallSection) {
        cut = { end: boundary, next: boundary, strength: Strength.paragraph };
        break;
      }
    }
    if (!cut && limit === text.length) cut = { end: limit, next: limit, strength: Strength.paragraph };
    cut ??= bestCut(text, pos, limit, Math.max(pos + 1, previousEnd + 1), fill);
    const end = trimEnd(text, pos, cut.end);
    if (end > pos && SEARCHABLE.test(text.slice(pos, end))) {
      chunks.push({
        ord: chunks.length,
        start: pos,
        end,
        ...chunkHeading(headings, boundaries, pos, end),
        text: text.slice(pos, end),
      });
    }
    previousEnd = Math.max(previousEnd, end);
    let next = skipWhitespace(text, Math.max(cut.next, pos + 1));
    if (cut.strength < Strength.blockLine && overlapChars > 0) {
      const overlap = overlapStart(text, pos, end, overlapChars);
      if (overlap !== null && overlap > pos) next = overlap;
    }
    pos = next;
  }
  return chunks;
}
