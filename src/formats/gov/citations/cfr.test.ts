import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { type DomElement, isElement, parseXmlDom, traverse } from "../../dom";
import { frDocumentNumber, parseFederalRegisterIssue } from "../federal-register/fr-daily";
import { extractCitations, federalRegisterCfrCitations } from "./index";

const FR = path.resolve(import.meta.dirname, "../../../../test/fixtures/gov/federal-register/FR-2024-02-12.xml.gz");
const frXml = zlib.gunzipSync(fs.readFileSync(FR)).toString("utf8");

function cfr(text: string): string[] {
  return extractCitations(text)
    .filter((c) => c.kind === "cfr")
    .map((c) => c.target);
}

describe("extractCitations: Code of Federal Regulations", () => {
  it("reads parts and sections in the forms rules, notices and bills write them", () => {
    expect(extractCitations("under 40 CFR 52.21(b)(1), the")).toEqual([
      { kind: "cfr", target: "cfr/40/52.21", text: "40 CFR 52.21(b)(1)", start: 6, end: 24 },
    ]);
    expect(cfr("40 C.F.R. part 52")).toEqual(["cfr/40/52"]);
    expect(cfr("40 C.F.R. § 52.21")).toEqual(["cfr/40/52.21"]);
    expect(cfr("part 52 of title 40, Code of Federal Regulations")).toEqual(["cfr/40/52"]);
    expect(cfr("section 52.21 of title 40, Code of Federal Regulations")).toEqual(["cfr/40/52.21"]);
    expect(cfr("sections 412.534 and 412.536 of title 42, Code of Federal Regulations")).toEqual([
      "cfr/42/412.534",
      "cfr/42/412.536",
    ]);
    expect(cfr("Part 52 of chapter I, title 40 of the Code of Federal Regulations is amended")).toEqual(["cfr/40/52"]);
    expect(cfr("title 50, part 13, of the Code of Federal Regulations")).toEqual(["cfr/50/13"]);
    expect(cfr("40 Code of Federal Regulations (CFR) part 2. For a")).toEqual(["cfr/40/2"]);
    expect(cfr("42 CFR 424")).toEqual(["cfr/42/424"]);
    expect(cfr("48 C.F.R. 1 et seq.")).toEqual(["cfr/48/1"]);
    expect(cfr("Title 40 CFR part 60")).toEqual(["cfr/40/60"]);
  });

  it("reads lists and ranges of parts and sections as one phrase", () => {
    expect(cfr("40 CFR Parts 52 and 70\n[EPA-R01-OAR-2023-0353]")).toEqual(["cfr/40/52", "cfr/40/70"]);
    expect(cfr("42 CFR Parts 405, 410, 411, and 600")).toEqual([
      "cfr/42/405",
      "cfr/42/410",
      "cfr/42/411",
      "cfr/42/600",
    ]);
    expect(cfr("14 CFR 11.43 and 11.45, by any")).toEqual(["cfr/14/11.43", "cfr/14/11.45"]);
    expect(cfr("33 CFR 1.05-1, 6.04-1, and 160.5; Department")).toEqual([
      "cfr/33/1.05-1",
      "cfr/33/6.04-1",
      "cfr/33/160.5",
    ]);
    expect(cfr("20 CFR 404.301, 404.310-404.311, 404.316")).toEqual([
      "cfr/20/404.301",
      "cfr/20/404.310",
      "cfr/20/404.311",
      "cfr/20/404.316",
    ]);
    expect(cfr("20 CFR 30.400(a) and (c), 30.403")).toEqual(["cfr/20/30.400", "cfr/20/30.403"]);
    expect(cfr("17 CFR 240.19b-4(f)(6).")).toEqual(["cfr/17/240.19b-4"]);
    expect(cfr("33 CFR 165.T11-157")).toEqual(["cfr/33/165.t11-157"]);
  });

  it("reads nothing that is not a part or section of the Code", () => {
    expect(cfr("67 FR 40773")).toEqual([]);
    expect(cfr("the 2020 CFR edition")).toEqual([]);
    expect(cfr("in 99 CFR 1.1")).toEqual([]);
    expect(cfr("40 CFRs")).toEqual([]);
    expect(cfr("45 CFR Chapter III")).toEqual([]);
    expect(cfr("chapter I of title 28 of the Code of Federal Regulations")).toEqual([]);
    expect(cfr("40 CFR 52 FR 123")).toEqual([]);
    expect(cfr("24 CFR part 5, subpart F")).toEqual(["cfr/24/5"]);
    expect(cfr("40 CFR part 52, 20 days after")).toEqual(["cfr/40/52"]);
    expect(cfr("40 CFR 52.21 and 15 days")).toEqual(["cfr/40/52.21"]);
    // A title of the Code of Federal Regulations is not one of the United States Code.
    expect(extractCitations("section 52 of title 40 Code of Federal Regulations")).toEqual([]);
  });

  it("finds the parts and sections a Federal Register rule cites in its text", () => {
    const issue = parseFederalRegisterIssue(frXml);
    const rule = issue.children?.find((c) => c.metadata.documentNumber === "2024-02700");
    expect(
      rule?.metadata.citations.filter((c) => c.kind === "cfr" && c.start !== undefined).map((c) => [c.target, c.text]),
    ).toEqual([
      ["cfr/40/52", "40 CFR Parts 52 and 70"],
      ["cfr/40/70", "40 CFR Parts 52 and 70"],
      ["cfr/40/51", "40 CFR part 51"],
      ["cfr/1/51.5", "1 CFR 51.5"],
      ["cfr/40/52", "40 CFR part 52"],
      ["cfr/40/52.02", "40 CFR 52.02(a) and 70.4(e)"],
      ["cfr/40/70.4", "40 CFR 52.02(a) and 70.4(e)"],
      ["cfr/40/52", "40 CFR Part 52"],
      ["cfr/40/70", "40 CFR Part 70"],
      ["cfr/40/52", "Part 52 of chapter I, title 40 of the Code of Federal Regulations"],
    ]);
    const all = (issue.children ?? []).flatMap((c) => c.metadata.citations.filter((x) => x.kind === "cfr"));
    // 545 from the text, and 53 sections only the regulatory-text markup names.
    expect(all.filter((c) => c.start !== undefined)).toHaveLength(545);
    expect(all).toHaveLength(598);
  });
});

describe("federalRegisterCfrCitations", () => {
  const documents: DomElement[] = [];
  traverse<true>(parseXmlDom(frXml).children, true, {
    enter(node) {
      if (!isElement(node)) return null;
      if (!["RULE", "PRORULE", "NOTICE", "PRESDOCU"].includes(node.name)) return true;
      documents.push(node);
      return null;
    },
  });
  const byNumber = (number: string) => documents.find((d) => frDocumentNumber(d) === number);

  it("reads the part of each regulatory text and the sections it amends", () => {
    const rule = byNumber("2024-02700") as DomElement;
    expect(federalRegisterCfrCitations(rule)).toEqual([
      { kind: "cfr", target: "cfr/40/52", text: "40 CFR part 52" },
      { kind: "cfr", target: "cfr/40/52.370", text: "§ 52.370" },
      { kind: "cfr", target: "cfr/40/52.385", text: "§ 52.385" },
      { kind: "cfr", target: "cfr/40/70", text: "40 CFR part 70" },
    ]);
  });

  it("gives a section outside regulatory text the title of the part its <CFR> line names, else nothing", () => {
    const counts = documents.map((d) => federalRegisterCfrCitations(d).length);
    expect(documents).toHaveLength(96);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(96);
    const veterans = documents.map(federalRegisterCfrCitations).find((c) => c[0]?.target.startsWith("cfr/38/"));
    expect(veterans?.map((c) => c.target)).toEqual([
      "cfr/38/3.105",
      "cfr/38/3.114",
      "cfr/38/3.307",
      "cfr/38/3.309",
      "cfr/38/3.313",
      "cfr/38/3.814",
      "cfr/38/3.815",
      "cfr/38/3.816",
    ]);
  });
});
