import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { parseQuery } from "../../../src/core/search/query-parser";
import { DocumentText } from "./DocumentText";

const TEXT =
  "SEC. 1. SHORT TITLE.\nThis Act may be cited as the Water Act.\nSEC. 2. GRANTS.\nThe Secretary shall make water grants.";

describe("document text", () => {
  it("anchors each section, marks the query's words and the passage a result pointed at", () => {
    const second = TEXT.indexOf("SEC. 2.");
    const { container } = render(
      <DocumentText
        text={TEXT}
        sections={[
          { heading: "SEC. 1. SHORT TITLE.", level: 1, start: 0, end: second },
          { heading: "SEC. 2. GRANTS.", level: 1, start: second, end: TEXT.length },
        ]}
        query={parseQuery("water")}
        passage={{ start: second, end: TEXT.length }}
      />,
    );
    expect(container.textContent).toBe(TEXT);
    expect(container.querySelector(`#sec-${second}`)?.textContent).toBe(TEXT.slice(second));
    expect([...container.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["Water", "water"]);
    const hit = container.querySelector("#hit");
    expect(hit?.textContent).toBe(TEXT.slice(second));
    expect(hit?.querySelector("mark")?.textContent).toBe("water");
    expect(document.activeElement).toBe(hit);
    expect(screen.getByText("Water")).toBeInTheDocument();
  });

  it("marks where each printed page begins, the passage running across it", () => {
    const page = TEXT.indexOf("The Secretary");
    const { container } = render(
      <DocumentText
        text={TEXT}
        sections={[]}
        query={null}
        passage={{ start: TEXT.indexOf("SEC. 2."), end: TEXT.length }}
        pages={[
          { label: "89 FR 9743", start: 0 },
          { label: "89 FR 9744", start: page },
        ]}
      />,
    );
    expect([...container.querySelectorAll(".page-mark")].map((m) => m.textContent)).toEqual([
      "89 FR 9743",
      "89 FR 9744",
    ]);
    expect(container.textContent).toBe(`89 FR 9743${TEXT.slice(0, page)}89 FR 9744${TEXT.slice(page)}`);
    // The passage is one passage still: its first part is the one scrolled to, the rest marked as it.
    expect(container.querySelector("#hit")?.textContent).toBe("SEC. 2. GRANTS.\n");
    expect([...container.querySelectorAll(".passage")].map((p) => p.textContent).join("")).toBe(
      TEXT.slice(TEXT.indexOf("SEC. 2.")),
    );
  });
});
