/** A piece of text, marked or not: what the <Highlighted> component renders as text nodes and <mark> elements. */
export interface Segment {
  text: string;
  marked: boolean;
  /** The segment's start offset in the whole text. */
  start: number;
}

/**
 * Cuts text into plain and marked segments from [start, end) ranges. Ranges may come unsorted, overlapping or out
 * of bounds from the server: they are clamped and merged, so the output always covers the text exactly once.
 */
export function segmentsFromRanges(text: string, ranges: readonly (readonly [number, number])[], base = 0): Segment[] {
  const clean = ranges
    .map(([s, e]) => [Math.max(0, Math.min(s, text.length)), Math.max(0, Math.min(e, text.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of clean) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  const out: Segment[] = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: text.slice(at, s), marked: false, start: base + at });
    out.push({ text: text.slice(s, e), marked: true, start: base + s });
    at = e;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), marked: false, start: base + at });
  return out;
}
