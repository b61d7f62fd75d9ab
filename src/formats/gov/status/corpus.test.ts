import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBillStatus } from "./billstatus";

const CORPUS = path.resolve(__dirname, "../../../../../shared/corpus");
const present = fs.existsSync(path.join(CORPUS, "manifest.tsv"));
if (!present) console.warn(`bill status corpus recall skipped: no corpus at ${CORPUS}`);

const rows = (file: string) =>
  fs
    .readFileSync(path.join(CORPUS, file), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => line.split("\t"));

describe.skipIf(!present)("bill status over the whole corpus", () => {
  it("parses every file, finds every bill id and at least 0.97 of the gold sponsors and cosponsors", () => {
    const found = new Map<string, Set<string>>();
    let files = 0;
    for (const [file, , , format, , , , , billId] of rows("manifest.tsv")) {
      if (format !== "billstatus-xml" || !file) continue;
      const doc = parseBillStatus(new Uint8Array(fs.readFileSync(path.join(CORPUS, file))));
      expect(doc.metadata.billId).toBe(billId);
      found.set(file, new Set(doc.metadata.people.map((p) => `${p.bioguideId}|${p.role}`)));
      files++;
    }
    const gold = rows("gold/entities.tsv").filter((g) => g[1] === "billstatus-xml");
    const hits = gold.filter(([file, , id, , , role]) => found.get(file ?? "")?.has(`${id}|${role}`)).length;
    const recall = hits / gold.length;
    console.log(`bill status: ${files} files, person recall ${hits}/${gold.length} = ${recall.toFixed(4)}`);
    expect(files).toBeGreaterThan(300);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });
});
