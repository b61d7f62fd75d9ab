import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { isOwnPage } from "../citations";
import { sniffOf } from "../record/test-support";
import type { GovDocument } from "../types";
import { federalRegisterParser, parseFederalRegisterIssue } from "./fr-daily";

const FIXTURE = path.resolve(__dirname, "../../../../test/fixtures/gov/federal-register/FR-2024-02-12.xml.gz");
const bytes = new Uint8Array(zlib.gunzipSync(fs.readFileSync(FIXTURE)));
const source = new TextDecoder().decode(bytes);
const issue = parseFederalRegisterIssue(source);
const children = issue.children ?? [];
const byTitle = (title: string): GovDocument => {
  const found = children.find((c) => c.metadata.title === title);
  if (!found) throw new Error(`no document titled ${title}`);
  return found;
};

describe("fr-daily-xml", () => {
  it("reads the issue: title, publication date, and its table of contents as text", async () => {
    const parsed = await federalRegisterParser.parse(bytes);
    expect(parsed.parser).toBe("fr-daily-xml");
    expect(issue.metadata).toMatchObject({
      documentType: "federal-register-issue",
      title: "Federal Register Volume 89, Number 29",
      date: "2024-02-12",
      dateKind: "publication",
    });
    expect(issue.sections.map((s) => s.heading)).toEqual([
      "Rules and Regulations",
      "Proposed Rules",
      "Notices",
      "Presidential Documents",
      "Rules and Regulations",
      "Rules and Regulations",
    ]);
    const lines = issue.text.split("\n");
    expect(lines[1]).toBe("Airworthiness Directives; The Boeing Company Airplanes (FR Doc. 2024-02930)");
    expect(lines).toContain("National Tribal Colleges and Universities Week, 2024 (FR Doc. 2024-02934)");
  });

  it("splits it into every rule, proposed rule, notice and presidential document the contents list", () => {
    const counts: Record<string, number> = {};
    for (const c of children) counts[c.metadata.documentType] = (counts[c.metadata.documentType] ?? 0) + 1;
    expect(counts).toEqual({ rule: 13, "proposed-rule": 7, notice: 75, "presidential-document": 1 });
    // The issue's own contents list each document once by its FR document number.
    const contents = source.slice(0, source.indexOf("</CNTNTS>"));
    const listed = new Set([...contents.matchAll(/<FRDOCBP>\s*([\w-]+)/g)].map((m) => m[1]));
    const found = children.map((c) => /\[FR Doc\. ([\w-]+)/.exec(c.text)?.[1]);
    expect(listed.size).toBe(96);
    expect(new Set(found)).toEqual(listed);
    for (const c of children) {
      expect(c.metadata.date).toBe("2024-02-12");
      expect(c.metadata.title).toBeTruthy();
    }
  });

  it("makes each rule complete: agency first, subject as title, sections with heading paths, citations", () => {
    const rule = byTitle("Airworthiness Directives; The Boeing Company Airplanes");
    expect(rule.metadata.documentType).toBe("rule");
    expect(
      rule.text.startsWith("DEPARTMENT OF TRANSPORTATION\nFederal Aviation Administration\n14 CFR Part 39\n"),
    ).toBe(true);
    const paths = rule.sections.map((s) => s.path);
    expect(paths.slice(0, 3)).toEqual(["AGENCY:", "ACTION:", "SUMMARY:"]);
    expect(paths).toContain("SUPPLEMENTARY INFORMATION: > Costs of Compliance");
    expect(paths).toContain("PART 39—AIRWORTHINESS DIRECTIVES > § 39.13 [Amended]");
    expect(paths).toContain("PART 39—AIRWORTHINESS DIRECTIVES > (a) Effective Date");
    for (const s of rule.sections) expect(rule.text.slice(s.start, s.end).startsWith(s.heading)).toBe(true);
    expect(rule.text).toContain("Go to regulations.gov. Follow the instructions");
    expect(rule.text).toContain("[FR Doc. 2024-02930 Filed 2-8-24; 2:00 pm]");
    const first = rule.metadata.citations.find((c) => c.kind === "usc");
    expect(first).toEqual({
      kind: "usc",
      target: "usc/5/552",
      text: "5 U.S.C. 552",
      start: first?.start,
      end: first?.end,
    });
    expect(rule.text.slice(first?.start, first?.end)).toBe("5 U.S.C. 552");
    expect(rule.metadata.citations.map((c) => c.target)).toContain("usc/49/106");
    // The section the rule amends, known only from its regulatory-text markup.
    expect(rule.metadata.citations.filter((c) => c.kind === "cfr")).toContainEqual(
      expect.objectContaining({ target: "cfr/14/39.13" }),
    );
  });

  it("gives each document the pages it is printed on, as citations of its own", () => {
    const pages = (doc: GovDocument) => doc.metadata.citations.filter(isOwnPage).map((c) => c.text);
    // The first rule opens page 9741; the second begins where the first ended, on 9743, and runs to 9757.
    expect(pages(byTitle("Airworthiness Directives; The Boeing Company Airplanes"))).toEqual([
      "89 FR 9741",
      "89 FR 9742",
      "89 FR 9743",
    ]);
    const second = pages(byTitle("Biologics License Applications and Master Files"));
    expect(second[0]).toBe("89 FR 9743");
    expect(second.at(-1)).toBe("89 FR 9757");
    expect(second).toHaveLength(15);
    // Every document of the issue has its pages; the President's, printed at the front, comes last in the file.
    for (const child of children) expect(pages(child).length, child.metadata.title).toBeGreaterThan(0);
    const presidential = children.filter((c) => c.metadata.documentType === "presidential-document");
    expect(presidential.map(pages)).toEqual([["89 FR 9739", "89 FR 9740"]]);
    // Each page is placed where it begins, mid-sentence too, so a search for it opens the document there.
    const startOf = (doc: GovDocument, page: string) => {
      const citation = doc.metadata.citations.find((c) => isOwnPage(c) && c.text === page);
      return citation?.start === undefined ? undefined : doc.text.slice(citation.start, citation.start + 40);
    };
    const airworthiness = byTitle("Airworthiness Directives; The Boeing Company Airplanes");
    expect(startOf(airworthiness, "89 FR 9741")).toBe(airworthiness.text.slice(0, 40));
    expect(startOf(airworthiness, "89 FR 9742")).toBe("performing a one-time detailed visual in");
    expect(startOf(byTitle("Biologics License Applications and Master Files"), "89 FR 9750")).toBe(
      "the same information to assist in demons",
    );
  });

  it("reads notices, proposed rules and presidential documents", () => {
    const notice = byTitle(
      "Notice of Availability of the Draft Programmatic Environmental Assessment for AMS Resilient Food Systems Infrastructure Program",
    );
    expect(notice.metadata.documentType).toBe("notice");
    expect(notice.text.startsWith("DEPARTMENT OF AGRICULTURE\nAgricultural Marketing Service\n")).toBe(true);
    expect(
      notice.metadata.citations.filter((c) => c.start !== undefined && !isOwnPage(c)).map((c) => c.target),
    ).toEqual(["pl/117/2", "pl/91/190", "usc/42/4321", "usc/42/4347", "cfr/40/1501.6"]);
    const proposed = byTitle("Airworthiness Directives; Airbus SAS Airplanes");
    expect(proposed.metadata.documentType).toBe("proposed-rule");
    const proclamation = byTitle("National Tribal Colleges and Universities Week, 2024");
    expect(proclamation.metadata.documentType).toBe("presidential-document");
    expect(
      proclamation.text.startsWith("Title 3—\n\nThe President\n\nProclamation 10701 of February 6, 2024\n\n"),
    ).toBe(true);
  });

  it("accepts an issue by its root element and refuses what is not one", () => {
    expect(federalRegisterParser.accepts(sniffOf(bytes))).toBe(true);
    expect(federalRegisterParser.accepts(sniffOf(new TextEncoder().encode("<mods/>")))).toBe(false);
    expect(() => parseFederalRegisterIssue("<mods/>")).toThrow(/not a Federal Register issue/);
    expect(() => parseFederalRegisterIssue(`${"<P>".repeat(10_000)}`)).toThrow(/nested more than/);
  });

  it("never resolves external entities", () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE FEDREG [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      "<FEDREG><VOL>1</VOL><NO>2</NO><RULES><RULE><PREAMB><SUBJECT>A &x; B</SUBJECT></PREAMB></RULE></RULES></FEDREG>";
    const doc = parseFederalRegisterIssue(xxe);
    expect(doc.children?.[0]?.text).not.toContain("root:");
    expect(doc.metadata.title).toBe("Federal Register Volume 1, Number 2");
  });

  it("never fails other than with AppError, whatever the input", () => {
    const element = fc.constantFrom("RULE", "NOTICE", "P", "HD", "SECTION", "SECTNO", "SUBJECT", "E", "ROW", "ENT");
    const markup = fc.array(
      fc.oneof(
        element.map((e) => `<${e}>`),
        element.map((e) => `</${e}>`),
        fc.string(),
      ),
    );
    fc.assert(
      fc.property(markup, (parts) => {
        try {
          const doc = parseFederalRegisterIssue(`<FEDREG>${parts.join("")}</FEDREG>`);
          for (const c of doc.children ?? [])
            for (const s of c.sections) expect(s.end).toBeLessThanOrEqual(c.text.length);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
