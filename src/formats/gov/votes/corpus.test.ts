import { describe, expect, it } from "vitest";
import { corpusBytes, corpusTable, HAS_CORPUS, warnIfNoCorpus } from "../../../../test/support/corpus";
import { normalisePosition } from "./vote-common";
import { parseVoteJson } from "./vote-json";
import { parseVoteXml } from "./vote-xml";

warnIfNoCorpus("roll-call vote corpus recall");

describe.skipIf(!HAS_CORPUS)("roll-call votes over the whole corpus", () => {
  it("parses every vote, finds the bill ids of the manifest and every gold voter with the right position", () => {
    const found = new Map<string, Set<string>>();
    for (const [file, , , format, , , , , billId] of corpusTable("manifest.tsv")) {
      if ((format !== "vote-xml" && format !== "vote-json") || !file) continue;
      const bytes = corpusBytes(file);
      const doc = format === "vote-xml" ? parseVoteXml(bytes) : parseVoteJson(bytes);
      expect(doc.metadata.billId ?? "").toBe(billId);
      const {
        yea,
        nay,
        present: p,
        notVoting,
      } = doc.metadata.vote?.counts ?? { yea: 0, nay: 0, present: 0, notVoting: 0 };
      expect(yea + nay + p + notVoting).toBe(doc.metadata.people.length);
      found.set(file, new Set(doc.metadata.people.map((v) => `${v.bioguideId ?? v.lisId}|${v.position}`)));
    }
    const gold = corpusTable("gold/entities.tsv").filter((g) => g[1]?.startsWith("vote-"));
    const hits = gold.filter(([file, , id, , , role]) =>
      found.get(file ?? "")?.has(`${id}|${normalisePosition((role ?? "").replace(/^voter:/, ""))}`),
    ).length;
    console.log(`votes: ${found.size} files, voter recall ${hits}/${gold.length} = ${(hits / gold.length).toFixed(4)}`);
    expect(found.size).toBe(40);
    expect(hits / gold.length).toBeGreaterThanOrEqual(0.97);
  });
});
