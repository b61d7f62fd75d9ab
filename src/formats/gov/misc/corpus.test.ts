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
    // The THOMAS page filed under sres484-112 is the page of S.Res. 84 of the 112th Congress, as its own markup says.
    expect(mismatches).toEqual([
      "misc_fixtures/unitedstates__congress/test/fixtures/bills/sres484-112/information.html: 112-sres-84 vs 112-sres-484",
    ]);
  });
});
