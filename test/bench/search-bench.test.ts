import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { billCitation, buildQueryMix, FREQUENT_QUERIES, QUERY_KINDS } from "../../bench/search/query-mix";
import { parseSize, percentile, seededRandom, summarize } from "../../bench/search/stats";
import { detokenize, tokenize, trainTextModel } from "../../bench/search/text-model";
import { FIXTURES } from "../support/runtime";

const record = readFileSync(join(FIXTURES, "formats", "CREC-2005-07-20-pt1-PgH6181-2.txt"), "utf8");
/** Real passages: the paragraphs of a Congressional Record page. */
const passages = record
  .split(/\n\s*\n/)
  .map((p) => p.replace(/\s+/g, " ").trim())
  .filter((p) => p.length > 40);

describe("percentiles", () => {
  it("uses the nearest rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarises unsorted samples without changing them", () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarize(samples)).toEqual({ count: 5, p50: 3, p95: 5, p99: 5, mean: 3, max: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });

  it("parses sizes", () => {
    expect(parseSize("10k")).toBe(10_000);
    expect(parseSize("1M")).toBe(1_000_000);
    expect(parseSize("2500")).toBe(2500);
    expect(() => parseSize("ten")).toThrow();
  });

  it("repeats a seeded sequence", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("text model", () => {
  it("tokenizes and joins back with English spacing", () => {
    const text = "Mr. LYNCH. Mr. Speaker, I rise (in opposition) to CAFTA.";
    expect(detokenize(tokenize(text))).toBe(text);
  });

  it("writes text from the training vocabulary with its word frequencies", () => {
    const model = trainTextModel(passages);
    const vocabulary = new Set(passages.flatMap(tokenize));
    const text = model.generate(20_000, seededRandom(1));
    expect(text.length).toBeGreaterThan(19_000);
    const tokens = tokenize(text);
    // Re-tokenizing may merge a word and a following period ("Mr" "." → "Mr."); both are in the vocabulary.
    const unknown = tokens.filter((t) => !vocabulary.has(t));
    expect(unknown.length / tokens.length).toBeLessThan(0.02);
    const share = (list: string[], word: string) => list.filter((t) => t.toLowerCase() === word).length / list.length;
    const trained = passages.flatMap(tokenize);
    expect(share(tokens, "the")).toBeGreaterThan(share(trained, "the") / 2);
    expect(share(tokens, "the")).toBeLessThan(share(trained, "the") * 2);
  });
});

describe("query mix", () => {
  const mix = buildQueryMix({
    passages,
    summaries: ["This bill requires the Department of Labor to report on trade agreements. ".repeat(20)],
    billIds: ["116-hr-2000", "117-sconres-7"],
    perKind: 4,
    random: seededRandom(3),
  });

  it("interleaves every kind", () => {
    expect(mix.slice(0, QUERY_KINDS.length).map((q) => q.kind)).toEqual([...QUERY_KINDS]);
    for (const kind of QUERY_KINDS) expect(mix.filter((q) => q.kind === kind).length).toBe(4);
  });

  it("draws each kind from the text as described", () => {
    const words = (q: string) => q.split(/\s+/).length;
    for (const q of mix.filter((x) => x.kind === "short")) expect(words(q.q)).toBeLessThanOrEqual(3);
    for (const q of mix.filter((x) => x.kind === "long")) expect(words(q.q)).toBe(80);
    for (const q of mix.filter((x) => x.kind === "frequent")) expect(FREQUENT_QUERIES).toContain(q.q);
    const joined = passages.join(" ");
    for (const q of mix.filter((x) => x.kind === "phrase")) {
      expect(q.q).toMatch(/^".+"$/);
      expect(joined).toContain(q.q.slice(1, -1));
    }
    for (const q of mix.filter((x) => x.kind === "rare")) {
      expect(passages.filter((p) => p.toLowerCase().includes(q.q)).length).toBeGreaterThan(0);
    }
    for (const q of mix.filter((x) => x.kind === "citation")) expect(["H.R. 2000", "S.Con.Res. 7"]).toContain(q.q);
  });

  it("takes citations of regulations, Federal Register and Record pages as passages write them", () => {
    const cited = buildQueryMix({
      passages: [
        "Permits under 40 CFR 52.21 and 40 CFR part 60, as published at 88 FR 52262 and noted at 151 Cong. Rec. H6110.",
      ],
      summaries: [],
      billIds: [],
      perKind: 40,
      random: seededRandom(5),
    });
    expect(new Set(cited.filter((q) => q.kind === "citation").map((q) => q.q))).toEqual(
      new Set(["40 CFR 52.21", "40 CFR part 60", "88 FR 52262", "151 Cong. Rec. H6110"]),
    );
  });

  it("formats bill ids as citations", () => {
    expect(billCitation("116-hr-2000")).toBe("H.R. 2000");
    expect(billCitation("117-hjres-12")).toBe("H.J.Res. 12");
    expect(billCitation("nonsense")).toBeNull();
  });
});
