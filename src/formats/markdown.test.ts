import { describe, expect, it } from "vitest";
import { parseMarkdown } from "./markdown";

describe("parseMarkdown", () => {
  it("turns ATX and setext headings into sections and the first h1 into the title", () => {
    const doc = parseMarkdown("Guide\n=====\n\nIntro text.\n\n## Setup ##\n\nSteps.\n\nUsage\n-----\n\nRun it.\n");
    expect(doc.title).toBe("Guide");
    expect(doc.text).toBe("Guide\n\nIntro text.\n\nSetup\n\nSteps.\n\nUsage\n\nRun it.");
    expect(doc.sections.map((s) => [s.heading, s.level, doc.text.slice(s.start, s.end)])).toEqual([
      ["Guide", 1, doc.text],
      ["Setup", 2, "Setup\n\nSteps."],
      ["Usage", 2, "Usage\n\nRun it."],
    ]);
  });

  it("strips inline syntax but keeps words, link text, code and list markers", () => {
    const doc = parseMarkdown(
      [
        'Read **the _bill_** at [Congress.gov](https://congress.gov "site") or <https://gpo.gov>.',
        "![Seal](seal.png) Use `snake_case_names` and \\*literal stars\\*; keep file_name_here.",
        "",
        "- first item",
        "- second ~~old~~ item",
        "",
        "> quoted line",
        "<!-- hidden -->",
        "[ref]: https://example.com",
        "Text with <span>inline html</span> &amp; entities.",
      ].join("\n"),
    );
    expect(doc.text).toBe(
      [
        "Read the bill at Congress.gov or https://gpo.gov.",
        "Seal Use snake_case_names and *literal stars*; keep file_name_here.",
        "",
        "- first item",
        "- second old item",
        "",
        "quoted line",
        "Text with inline html & entities.",
      ].join("\n"),
    );
  });

  it("keeps code blocks verbatim and drops fences and table rules", () => {
    const doc = parseMarkdown(
      "Intro:\n\n```yaml\n- id:\n    bioguide: R000570\n```\n\n| File | Format |\n|---|:---:|\n| a | YAML |\n\n\tindented code\n",
    );
    expect(doc.text).toBe("Intro:\n\n- id:\n    bioguide: R000570\n\nFile | Format\na | YAML\n\nindented code");
  });

  it("takes the title from front matter and leaves the front matter out", () => {
    const doc = parseMarkdown('---\ntitle: "Notes on H.R. 1"\ndate: 2024-01-01\n---\n# Other\n\nBody.');
    expect(doc.title).toBe("Notes on H.R. 1");
    expect(doc.text).toBe("Other\n\nBody.");
  });
});
