import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { corpusBytes, corpusTable, HAS_CORPUS } from "../../../../test/support/corpus";
import { AppError } from "../../../core/errors";
import { parseBillText } from "./test-support";

const formatOf = (file: string) => (file.endsWith(".htm") ? "html" : file.endsWith(".pdf") ? "pdf" : "xml");
const flat = (title: string | undefined) => title?.replace(/``|''|‘‘|’’|[“”]/g, '"').replace(/\s+/g, " ");

const FIXTURES = new URL("../../../../test/fixtures/gov/bill-text/billsim/", import.meta.url);

/** The renderings GPO publishes of one version, keyed by the version's package name (`BILLS-117hr2008ih`). */
function renderings(files: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const file of files) {
    const key = /(BILLS-\d+[a-z]+\d+[a-z]+?)(?:-uslm|_mods)?\.(?:xml|htm|pdf)$/.exec(file)?.[1];
    if (key) groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  return groups;
}

function listFixtures(): string[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(xml|htm|pdf)$/.test(f))
    .map((f) => new URL(f, FIXTURES).pathname);
}

describe("versions rendered several ways", () => {
  it("agree on bill id, version and title across USLM, bill DTD, MODS, HTML and PDF (fixtures)", async () => {
    const groups = renderings(listFixtures());
    expect(groups.size).toBe(16);
    // Five renderings of three versions; BILLS-116hr2009ih.pdf names its producer only in an update at its end.
    expect([...groups.values()].filter((files) => files.length === 5)).toHaveLength(3);
    for (const [key, files] of groups) {
      const m = /^BILLS-(\d+)([a-z]+?)(\d+)([a-z]+)$/.exec(key);
      const expected = `${m?.[1]}-${m?.[2]}-${m?.[3]}/${m?.[4]}`;
      expect(files.length).toBeGreaterThanOrEqual(4);
      const titles = new Set<string | undefined>();
      for (const file of files) {
        const doc = await parseBillText(new Uint8Array(readFileSync(file)), formatOf(file));
        expect(`${doc?.metadata.billId}/${doc?.metadata.version?.code}`, file).toBe(expected);
        titles.add(flat(doc?.metadata.titles.find((t) => t.type === "official")?.text));
      }
      expect([...titles], key).toHaveLength(1);
    }
  });
});

describe.skipIf(!HAS_CORPUS)("the corpus's bill text (skipped: ../shared/corpus is not there)", () => {
  const rows = HAS_CORPUS ? corpusTable("manifest.tsv") : [];
  const xml = rows.filter((r) => r[2] === "bills_text" && /xml$/.test(r[3] ?? ""));
  const html = rows.filter((r) => r[3] === "bill-html");
  const pdf = rows.filter((r) => r[2] === "bills_text" && r[3] === "pdf");

  it("reads the bill PDFs whose producer names GPO's composition system, with the manifest's id and version", async () => {
    let parsed = 0;
    for (const row of pdf) {
      const doc = await parseBillText(corpusBytes(row[0] ?? ""), "pdf");
      if (!doc) continue;
      parsed++;
      expect(`${doc.metadata.billId}/${doc.metadata.version?.code}`, row[0]).toBe(`${row[8]}/${row[9]}`);
    }
    // Two of the sixteen name their producer only in the update at the end of the file.
    expect(parsed).toBe(16);
  });

  it("reads every bill HTML page with the manifest's bill id and version", async () => {
    expect(html).toHaveLength(16);
    for (const row of html) {
      const doc = await parseBillText(corpusBytes(row[0] ?? ""), "html");
      expect(`${doc?.metadata.billId}/${doc?.metadata.version?.code}`, row[0]).toBe(`${row[8]}/${row[9]}`);
    }
  });

  it("reads the XHTML pages that are XHTML, with the manifest's bill id and version", async () => {
    let parsed = 0;
    for (const row of rows.filter((r) => r[3] === "bill-xhtml")) {
      const doc = await parseBillText(corpusBytes(row[0] ?? ""), "html");
      // One of them is GPO's plain-text rendering saved under an .html name: no markup, so no parser of ours.
      if (!doc) continue;
      parsed++;
      expect(`${doc.metadata.billId}/${doc.metadata.version?.code}`, row[0]).toBe(`${row[8]}/${row[9]}`);
    }
    expect(parsed).toBe(2);
  });

  it("parses every XML rendering, and finds every sponsor and cosponsor the gold list names", async () => {
    const gold = corpusTable("gold/entities.tsv");
    let found = 0;
    let total = 0;
    for (const row of xml) {
      const doc = await parseBillText(corpusBytes(row[0] ?? ""));
      expect(doc, row[0]).not.toBeNull();
      for (const g of gold.filter((x) => x[0] === row[0])) {
        total++;
        const role = g[5]?.toLowerCase();
        if (doc?.metadata.people.some((p) => (p.bioguideId ?? p.lisId) === g[2] && p.role === role)) found++;
      }
    }
    expect(total).toBe(328);
    expect(found / total).toBeGreaterThanOrEqual(0.97);
  });

  it("agrees with the manifest on bill id and version for every GPO-named bill version", async () => {
    let agree = 0;
    let checked = 0;
    for (const row of xml) {
      if (!/^\d+-[a-z]+-\d+$/.test(row[8] ?? "") || row[3] === "plaw-uslm2-xml") continue;
      const doc = await parseBillText(corpusBytes(row[0] ?? ""));
      checked++;
      if (doc?.metadata.billId === row[8] && doc?.metadata.version?.code === row[9]) agree++;
    }
    // Eight USLM 1.0 conversions state another bill, congress or stage than their file name: the markup wins.
    expect(checked - agree).toBeLessThanOrEqual(8);
  });

  it("fails alone, with a reason, on truncated files", async () => {
    const row = xml.find((r) => r[3] === "bill-dtd-xml");
    const bytes = corpusBytes(row?.[0] ?? "");
    await expect(parseBillText(bytes.subarray(0, bytes.length >> 1))).rejects.toThrow(AppError);
  });
});
