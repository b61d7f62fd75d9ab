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
});
