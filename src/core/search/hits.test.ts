import { describe, expect, it } from "vitest";
import { byRank, fuse, type Hit } from "./hits";

const hits = (source: Hit["matchedBy"][number], scores: [string, number][]): Hit[] =>
  scores.map(([documentId, score], chunkId) => ({ chunkId, documentId, score, matchedBy: [source] }));

describe("fuse", () => {
  it("gives every keyword match its share of the best match's score, however short the list", () => {
    // A two-word query: one document holds both words together, two hold them apart.
    const keyword = hits("keywords", [
      ["together", 2.6],
      ["apart", 0.58],
      ["apartToo", 0.57],
    ]);
    const semantic = hits("meaning", [
      ["nearest", 0.62],
      ["apart", 0.5],
      ["near", 0.48],
      ["far", 0.4],
    ]);
    const fused = fuse(keyword, semantic, 0.8).sort(byRank);
    expect(fused.map((h) => h.documentId)).toEqual(["together", "apart", "nearest", "apartToo", "near", "far"]);
    expect(fused.find((h) => h.documentId === "apartToo")?.score).toBeCloseTo((0.8 * 0.57) / 2.6, 6);
    expect(fused.find((h) => h.documentId === "apart")?.matchedBy).toEqual(["keywords", "meaning"]);
    // The meaning's candidates are scaled over their own range: its last one counts for nothing.
    expect(fused.find((h) => h.documentId === "far")?.score).toBe(0);
  });

  it("counts unscored keyword matches (every word frequent) alike", () => {
    const fused = fuse(
      hits("keywords", [
        ["a", 0],
        ["b", 0],
      ]),
      [],
      0.8,
    );
    expect(fused.map((h) => h.score)).toEqual([0.8, 0.8]);
  });
});
