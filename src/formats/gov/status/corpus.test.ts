import { describe, expect, it } from "vitest";
import { corpusBytes, corpusTable, HAS_CORPUS, warnIfNoCorpus } from "../../../../test/support/corpus";
import { parseBillStatus } from "./billstatus";

warnIfNoCorpus("bill status corpus recall");

describe.skipIf(!HAS_CORPUS)("bill status over the whole corpus", () => {
  it("parses every file, finds every bill id and at least 0.97 of the gold sponsors and cosponsors", () => {
    const found = new Map<string, Set<string>>();
    const laws = new Map<string, string>();
    let files = 0;
    for (const [file, , , format, , , , , billId] of corpusTable("manifest.tsv")) {
      if (format !== "billstatus-xml" || !file) continue;
      const doc = parseBillStatus(corpusBytes(file));
      expect(doc.metadata.billId).toBe(billId);
      found.set(file, new Set(doc.metadata.people.map((p) => `${p.bioguideId}|${p.role}`)));
      if (doc.metadata.publicLaw) laws.set(doc.metadata.billId ?? "", doc.metadata.publicLaw);
      files++;
    }
    const gold = corpusTable("gold/entities.tsv").filter((g) => g[1] === "billstatus-xml");
    const hits = gold.filter(([file, , id, , , role]) => found.get(file ?? "")?.has(`${id}|${role}`)).length;
    const recall = hits / gold.length;
    console.log(`bill status: ${files} files, person recall ${hits}/${gold.length} = ${recall.toFixed(4)}`);
    expect(files).toBeGreaterThan(300);
    expect(recall).toBeGreaterThanOrEqual(0.97);
    // Every record with a <laws> item names its public law; these three are also in the corpus as USLM public laws
    // (115publ7, 115publ16, 115publ6).
    expect(laws.size).toBe(16);
    expect(["115-hr-321", "115-hr-1362", "115-hr-255"].map((id) => laws.get(id))).toEqual(["115-7", "115-16", "115-6"]);
  });
});
