import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { SearchResult } from "../api/types";
import { ResultItem } from "./ResultItem";

const result: SearchResult = {
  documentId: "d1",
  filename: "CREC-2005-07-20-pt1-PgH6110-5.htm",
  title: "KARL ROVE",
  titleHighlights: [[0, 9]],
  format: "html",
  state: "ready",
  score: 1,
  snippet: "Karl Rove and the White House",
  highlights: [[0, 9]],
  passage: { start: 10, end: 39, heading: "", headingHighlights: [], speaker: "Mr. EMANUEL" },
  billId: null,
  documentType: "congressional-record",
  version: null,
  date: "2005-07-20",
  matchedBy: ["keywords", "meaning"],
};

const show = (r: SearchResult, mode: "hybrid" | "semantic" = "hybrid") =>
  render(
    <MemoryRouter>
      <ul>
        <ResultItem result={r} query="karl rove" mode={mode} />
      </ul>
    </MemoryRouter>,
  );

describe("search result", () => {
  it("says what it stands for: a bill's other documents, or the same text stored again", () => {
    show({ ...result, collapsed: ["d2"] });
    expect(screen.getByText("also stored as 1 more file of the same text")).toBeInTheDocument();
    show({ ...result, documentId: "b1", billId: "117-hr-2002", collapsed: ["b2", "b3"] });
    expect(screen.getByText(/and 2 more versions or renderings of/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "this bill" })).toHaveAttribute("href", "/bills/117-hr-2002");
    // A roll call stored as GovTrack's JSON and the clerk's XML is one vote, not a version of its bill.
    show({ ...result, documentId: "v1", billId: "115-s-2372", documentType: "roll-call-vote", collapsed: ["v2"] });
    expect(screen.getByText("also stored as 1 more file of this roll call")).toBeInTheDocument();
  });

  it("opens the document at its passage", () => {
    show(result);
    expect(screen.getByRole("link", { name: "KARL ROVE" })).toHaveAttribute(
      "href",
      "/documents/d1?q=karl+rove&at=10-39",
    );
    expect(screen.queryByText(/also stored as/)).toBeNull();
  });

  it("marks the query's words in the passage's heading", () => {
    const { container } = show({
      ...result,
      passage: { ...result.passage, heading: "SEC. 2. STATE FISCAL RECOVERY FUND.", headingHighlights: [[8, 34]] },
    });
    const heading = container.querySelector(".result-heading");
    expect([...(heading?.querySelectorAll("mark") ?? [])].map((m) => m.textContent)).toEqual([
      "STATE FISCAL RECOVERY FUND",
    ]);
  });

  it("marks the query's matches in the title", () => {
    const { container } = show({
      ...result,
      title: "Statement of Administration Policy: S. 2372 – VA MISSION Act",
      titleHighlights: [[36, 43]],
    });
    const title = container.querySelector(".result-title");
    expect([...(title?.querySelectorAll("mark") ?? [])].map((m) => m.textContent)).toEqual(["S. 2372"]);
    expect(title?.textContent).toBe("Statement of Administration Policy: S. 2372 – VA MISSION Act");
    // A document without a title is shown by its file name, unmarked.
    const untitled = show({ ...result, title: null, titleHighlights: [] });
    expect(untitled.container.querySelector(".result-title")?.textContent).toBe(result.filename);
  });

  it("marks the bill's badge when the query is the bill's number", () => {
    const named = show({ ...result, billId: "115-s-2372", namedBill: true });
    expect([...named.container.querySelectorAll(".badge-bill mark")].map((m) => m.textContent)).toEqual([
      "S. 2372 (115th)",
    ]);
    const cited = show({ ...result, billId: "115-s-2372" });
    expect(cited.container.querySelector(".badge-bill")?.textContent).toBe("S. 2372 (115th)");
    expect(cited.container.querySelector(".badge-bill mark")).toBeNull();
  });

  it("says who speaks in the passage, apart from its heading", () => {
    const { container } = show(result);
    expect(container.querySelector(".result-heading")?.textContent).toBe("Mr. EMANUEL");
    const both = show({ ...result, passage: { ...result.passage, heading: "KARL ROVE" } });
    expect(both.container.querySelector(".result-heading")?.textContent).toBe("KARL ROVE — Mr. EMANUEL");
    const neither = show({ ...result, passage: { ...result.passage, speaker: undefined } });
    expect(neither.container.querySelector(".result-heading")).toBeNull();
    show({ ...result, passage: { ...result.passage, speaker: "Mr. EMANUEL", speakerId: "E000287" } });
    expect(screen.getByRole("link", { name: "Mr. EMANUEL" })).toHaveAttribute("href", "/people/E000287");
  });

  it("in hybrid mode, says when only the query's meaning found the document", () => {
    show({ ...result, matchedBy: ["meaning"] });
    expect(screen.getByText("related in meaning")).toHaveAttribute("title", expect.stringMatching(/may not contain/));
  });

  it("marks nothing found by the words, nor anything in semantic mode, where everything is found by meaning", () => {
    show({ ...result, matchedBy: ["keywords"] });
    show(result);
    show({ ...result, matchedBy: ["meaning"] }, "semantic");
    expect(screen.queryByText("related in meaning")).toBeNull();
  });
});
