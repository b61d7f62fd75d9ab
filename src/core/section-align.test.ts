import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDocument } from "../formats/gov";
import { alignUnits, type StoredSection, sameText, sectionUnits } from "./section-align";

const HR2008 = join(import.meta.dirname, "../../test/fixtures/gov/bill-text/billsim/117/bills/hr2008");

async function parse(name: string) {
  const { parsed } = await readDocument(new Uint8Array(readFileSync(join(HR2008, name))), "xml");
  return { text: parsed.text, sections: parsed.sections as StoredSection[] };
}

describe("section units and their alignment", () => {
  it("keys a bill's sections by number whatever the rendering, with its front and end matter", async () => {
    const uslm = await parse("BILLS-117hr2008eh-uslm.xml");
    const dtd = await parse("BILLS-117hr2008eh.xml");
    const a = sectionUnits(uslm.text, uslm.sections);
    const b = sectionUnits(dtd.text, dtd.sections);
    expect(a.map((u) => u.key)).toEqual(["front", "Sec. 1", "Sec. 2", "end"]);
    expect(b.map((u) => u.key)).toEqual(["front", "Sec. 1", "Sec. 2", "end"]);
    expect(a[1]?.heading).toBe("SECTION 1. SHORT TITLE.");
    expect(b[1]?.heading).toBe("1. Short title");
    // The body of a section reads the same in both renderings; the heading is printed differently.
    const body = (text: string) => text.split("\n").slice(1).join("\n");
    expect(sameText(body(a[2]?.text ?? ""), body(b[2]?.text ?? ""))).toBe(true);
    for (const u of a) expect(uslm.text.slice(u.start, u.end)).toBe(u.text);
    expect(a.at(-1)?.text).toContain("Passed the House of Representatives June 15, 2021.");
  });

  it("pairs sections by key: added, removed, moved", async () => {
    const ih = await parse("BILLS-117hr2008ih-uslm.xml");
    // A later version: section 2 renumbered 3, a new section 2 and a section 4 inserted before it.
    const sec2 = ih.sections[1] as StoredSection;
    const added = "\n\nSEC. 2. FINDINGS.\nCongress finds that nonpoint source pollution matters.";
    const text = `${ih.text.slice(0, sec2.start - 2)}${added}\n\n${ih.text.slice(sec2.start).replace("SEC. 2.", "SEC. 3.")}`;
    const shift = added.length;
    const sections: StoredSection[] = [
      ih.sections[0] as StoredSection,
      { heading: "SEC. 2. FINDINGS.", level: 1, start: sec2.start, end: sec2.start + shift - 2, path: "Sec. 2" },
      { ...sec2, heading: "SEC. 3. NONPOINT", start: sec2.start + shift, end: sec2.end + shift, path: "Sec. 3" },
    ];
    const from = sectionUnits(ih.text, ih.sections);
    const to = sectionUnits(text, sections);
    expect(to.map((u) => u.text.split("\n")[0])).toEqual([
      "H. R.",
      "SECTION 1. SHORT TITLE.",
      "SEC. 2. FINDINGS.",
      "SEC. 3. NONPOINT SOURCE MANAGEMENT PROGRAMS.",
    ]);
    const aligned = alignUnits(from, to).map((a) => [a.key, a.from !== null, a.to !== null]);
    expect(aligned).toEqual([
      ["front", true, true],
      ["Sec. 1", true, true],
      ["Sec. 2", true, true],
      ["Sec. 3", false, true],
    ]);
    // A removed section comes before the kept section that followed it; a moved one is paired where it now stands.
    const keys = (...k: string[]) => k.map((key) => ({ key, heading: key, path: key, start: 0, end: 0, text: key }));
    const moved = alignUnits(keys("a", "b", "c", "d"), keys("c", "a", "e", "d"));
    expect(moved.map((m) => `${m.key}:${m.from ? "f" : ""}${m.to ? "t" : ""}`)).toEqual([
      "b:f",
      "c:ft",
      "a:ft",
      "e:t",
      "d:ft",
    ]);
  });

  it("scopes section numbers by division, and falls back to headings or the whole text", () => {
    const text = "A\nDiv A sec 1\nDiv B sec 1\nend";
    const sections: StoredSection[] = [
      { heading: "Division A", level: 1, start: 2, end: 14, path: "Division A" },
      { heading: "Sec. 1", level: 2, start: 2, end: 14, path: "Division A > Title I > Sec. 1" },
      { heading: "Division B", level: 1, start: 15, end: 26, path: "Division B" },
      { heading: "Sec. 1", level: 2, start: 15, end: 26, path: "Division B > Sec. 1" },
    ];
    expect(sectionUnits(text, sections).map((u) => u.key)).toEqual([
      "front",
      "Division A > Sec. 1",
      "Division B > Sec. 1",
      "end",
    ]);
    const plain: StoredSection[] = [
      { heading: "Findings.", level: 2, start: 0, end: 5 },
      { heading: "Detail", level: 3, start: 2, end: 5 },
      { heading: "Findings", level: 2, start: 6, end: 9 },
    ];
    expect(sectionUnits("0123456789", plain).map((u) => u.key)).toEqual(["findings", "findings #2", "end"]);
    expect(sectionUnits("no headings", []).map((u) => u.key)).toEqual(["text"]);
  });
});
