import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalisePosition } from "./vote-common";
import { parseVoteJson } from "./vote-json";
import { parseVoteXml } from "./vote-xml";

const CORPUS = path.resolve(__dirname, "../../../../../shared/corpus");
const present = fs.existsSync(path.join(CORPUS, "manifest.tsv"));
if (!present) console.warn(`roll-call vote corpus recall skipped: no corpus at ${CORPUS}`);

const rows = (file: string) =>
  fs
    .readFileSync(path.join(CORPUS, file), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"));

describe.skipIf(!present)("roll-call votes over the whole corpus", () => {
  it("parses every vote, finds the bill ids of the manifest and every gold voter with the right position", () => {
    const found = new Map<string, Set<string>>();
    for (const [file, , , format, , , , , billId] of rows("manifest.tsv")) {
      if ((format !== "vote-xml" && format !== "vote-json") || !file) continue;
      const bytes = new Uint8Array(fs.readFileSync(path.join(CORPUS, file)));
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
    const gold = rows("gold/entities.tsv").filter((g) => g[1]?.startsWith("vote-"));
    const hits = gold.filter(([file, , id, , , role]) =>
      found.get(file ?? "")?.has(`${id}|${normalisePosition((role ?? "").replace(/^voter:/, ""))}`),
    ).length;
    console.log(`votes: ${found.size} files, voter recall ${hits}/${gold.length} = ${(hits / gold.length).toFixed(4)}`);
    expect(found.size).toBe(40);
    expect(hits / gold.length).toBeGreaterThanOrEqual(0.97);
  });
});
