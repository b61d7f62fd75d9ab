import { describe, expect, it } from "vitest";
import { type DiffOp, diffText, diffTokens, tokenize } from "./word-diff";

const apply = (ops: DiffOp[], side: "from" | "to") =>
  ops
    .filter((o) => o.op === "equal" || o.op === (side === "to" ? "insert" : "delete"))
    .map((o) => o.text)
    .join("");

/** A deterministic pseudo-random text of `words` words from a small vocabulary. */
function words(count: number, seed: number): string {
  const vocabulary = "the Secretary shall may not fiscal year section amended striking inserting funds State".split(
    " ",
  );
  let state = seed;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(vocabulary[state % vocabulary.length] as string);
  }
  return out.join(" ");
}

describe("word diff", () => {
  it("gives runs of equal, deleted and inserted words that rebuild both texts", () => {
    const from = "is amended by striking “subsections (h) and (i) not to exceed” and all that follows";
    const to = "is amended by striking “subsections (h) and (i) $200,000,000 for each” and all that follows";
    const diff = diffText(from, to);
    expect(diff?.granularity).toBe("words");
    expect(diff?.ops).toEqual([
      { op: "equal", text: "is amended by striking “subsections (h) and (i) " },
      { op: "delete", text: "not to exceed” " },
      { op: "insert", text: "$200,000,000 for each” " },
      { op: "equal", text: "and all that follows" },
    ]);
  });

  it("rebuilds both sides of random edits", () => {
    for (let seed = 1; seed < 40; seed++) {
      const from = words(60 + seed, seed);
      const to = words(50 + seed, seed * 7 + 3);
      const ops = diffText(from, to)?.ops ?? [];
      expect(apply(ops, "to")).toBe(to);
      // Equal runs carry the new text's white space; the words of the old text are all there.
      expect(apply(ops, "from").trim().split(/\s+/)).toEqual(from.split(/\s+/));
    }
  });

  it("finds a shortest edit script", () => {
    const ops = diffTokens(tokenize("a b c a b b a", "words"), tokenize("c b a b a c", "words"), {
      maxEdits: 100,
      budget: { remaining: 1e6 },
    });
    const edits = (ops ?? []).filter((o) => o.op !== "equal").flatMap((o) => o.text.trim().split(/\s+/));
    // Myers' example: the two sequences are 5 edits apart.
    expect(edits).toHaveLength(5);
  });

  it("treats a change of white space as no change", () => {
    expect(diffText("one two\nthree", "one two three")?.ops).toEqual([{ op: "equal", text: "one two three" }]);
  });

  it("falls back to lines, then to nothing, past the limits", () => {
    const from = `${words(400, 1)}\nfixed line\n${words(400, 2)}`;
    const to = `${words(400, 3)}\nfixed line\n${words(400, 4)}`;
    const limits = { words: { maxTokens: 10_000, maxEdits: 50 }, lines: { maxTokens: 100, maxEdits: 50 } };
    const lines = diffText(from, to, { limits });
    expect(lines?.granularity).toBe("lines");
    expect(lines?.ops.map((o) => o.op)).toEqual(["delete", "insert", "equal", "delete", "insert"]);
    expect(apply(lines?.ops ?? [], "to")).toBe(to);
    const tight = { words: { maxTokens: 10, maxEdits: 50 }, lines: { maxTokens: 2, maxEdits: 50 } };
    expect(diffText(from, to, { limits: tight })).toBeNull();
  });

  it("stops when the shared budget runs out", () => {
    const budget = { remaining: 1000 };
    expect(diffText(words(2000, 5), words(2000, 6), { budget })).toBeNull();
    expect(budget.remaining).toBeLessThan(0);
    // Nothing is left for the next section either.
    expect(diffText("a b c", "a x c", { budget })).toBeNull();
  });

  it("diffs empty texts", () => {
    expect(diffText("", "new words")?.ops).toEqual([{ op: "insert", text: "new words" }]);
    expect(diffText("old", "")?.ops).toEqual([{ op: "delete", text: "old" }]);
    expect(diffText("", "")?.ops).toEqual([]);
  });
});
