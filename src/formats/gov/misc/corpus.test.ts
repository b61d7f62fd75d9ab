import { describe, expect, it } from "vitest";
import { corpusBytes, corpusTable, HAS_CORPUS, warnIfNoCorpus } from "../../../../test/support/corpus";
import { parseGovtrackBill } from "./govtrack-bill";
import { parseHearing } from "./hearing";
import { parseThomasHtml } from "./thomas-html";

warnIfNoCorpus("legacy formats corpus check");

const PARSERS = { "thomas-html": parseThomasHtml, "govtrack-bill-xml": parseGovtrackBill, "hearing-xml": parseHearing };

describe.skipIf(!HAS_CORPUS)("legacy formats over the whole corpus", () => {
  it("parses every file and finds the bill ids the manifest gives", () => {
    const rows = corpusTable("manifest.tsv");
    const mismatches: string[] = [];
    let files = 0;
    let people = 0;
    for (const [file, , , format, , , , , billId] of rows) {
      const parse = PARSERS[format as keyof typeof PARSERS];
      if (!parse || !file) continue;
      const doc = parse(corpusBytes(file));
      files++;
      people += doc.metadata.people.length;
      if (billId && doc.metadata.billId !== billId) mismatches.push(`${file}: ${doc.metadata.billId} vs ${billId}`);
    }
    console.log(
      `legacy formats: ${files} files, ${people} people, bill id mismatches: ${mismatches.join("; ") || "none"}`,
    );
    expect(files).toBe(29);
    expect(people).toBe(246);
    // The THOMAS page filed under sres484-112 is the page of S.Res. 84 of the 112th Congress, as its own markup says.
    expect(mismatches).toEqual([
      "misc_fixtures/unitedstates__congress/test/fixtures/bills/sres484-112/information.html: 112-sres-84 vs 112-sres-484",
    ]);
  });

  it("finds as many people in a bill's GovTrack record as in its THOMAS page, each with its source's id", () => {
    const counts = new Map<string, { govtrack?: number; thomas?: number }>();
    for (const [file, , , format, , , , , billId] of corpusTable("manifest.tsv")) {
      if (!file || !billId || (format !== "thomas-html" && format !== "govtrack-bill-xml")) continue;
      const entry = counts.get(billId) ?? {};
      counts.set(billId, entry);
      if (format === "govtrack-bill-xml") {
        const people = parseGovtrackBill(corpusBytes(file)).metadata.people;
        expect(people.every((p) => /^\d+$/.test(p.govtrackId ?? ""))).toBe(true);
        entry.govtrack = people.length;
      } else {
        const people = parseThomasHtml(corpusBytes(file)).metadata.people;
        expect(people.every((p) => /^\d{5}$/.test(p.thomasId ?? ""))).toBe(true);
        entry.thomas = people.length;
      }
    }
    const both = [...counts].filter(([, c]) => c.govtrack !== undefined && c.thomas !== undefined);
    expect(both.map(([id, c]) => `${id} ${c.govtrack}/${c.thomas}`).sort()).toEqual([
      "109-hres-240 1/1",
      "110-hr-6331 2/2",
      "111-hjres-64 1/1",
      "112-hconres-74 1/1",
      "112-hr-1954 1/1",
      "112-hr-3630 6/6",
      "112-hres-9 9/9",
      "112-s-968 42/42",
      // The page filed as S.Res. 484 is S.Res. 84's (see above).
      "112-sres-484 7/12",
    ]);
  });
});
