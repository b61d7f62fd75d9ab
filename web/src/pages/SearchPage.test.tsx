import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { SearchResponse, SearchResult } from "../api/types";
import { mockFetch, renderAt } from "../test/render";
import { SearchPage } from "./SearchPage";

function result(overrides: Partial<SearchResult> = {}): SearchResult {
  return {
    documentId: "doc-1",
    filename: "BILLS-117hr2008ih.xml",
    title: "Local Water Protection Act",
    titleHighlights: [],
    format: "bill-xml",
    state: "ready",
    score: 1.5,
    snippet: "to protect local water supplies from lead and other contaminants",
    highlights: [
      [11, 16],
      [17, 22],
    ],
    passage: { start: 120, end: 400, heading: "SEC. 2. GRANTS", headingHighlights: [] },
    billId: "117-hr-2008",
    documentType: "bill",
    version: "ih",
    date: "2021-03-22",
    matchedBy: ["keywords", "meaning"],
    ...overrides,
  };
}

function answer(results: SearchResult[], extra: Partial<SearchResponse> = {}): SearchResponse {
  return {
    mode: "hybrid",
    results,
    nextCursor: null,
    facets: {
      documentType: [{ value: "bill-text", count: 3 }],
      congress: [
        { value: "117", count: 2 },
        { value: "116", count: 1 },
      ],
      billType: [{ value: "hr", count: 3 }],
      version: [],
      sponsor: [{ value: "C000141", count: 2, label: "Benjamin L. Cardin" }],
      party: [{ value: "D", count: 2 }],
      sponsorState: [],
      committee: [{ value: "hsgo00", count: 1, label: "Committee on Oversight and Reform" }],
      policyArea: [],
      year: [
        { value: "2021", count: 2 },
        { value: "2019", count: 1 },
      ],
    },
    ...extra,
  };
}

describe("search page", () => {
  it("renders each snippet with <mark> elements built from the highlight ranges", async () => {
    mockFetch(() => answer([result()]));
    renderAt(<SearchPage />, { url: "/?q=local%20water" });

    const title = await screen.findByRole("link", { name: "Local Water Protection Act" });
    const item = title.closest("li") as HTMLElement;
    const marks = item.querySelectorAll(".snippet mark");
    expect([...marks].map((m) => m.textContent)).toEqual(["local", "water"]);
    expect(item.querySelector(".snippet")?.textContent).toBe(result().snippet);
    const link = within(item).getByRole("link", { name: "Local Water Protection Act" });
    expect(link).toHaveAttribute("href", "/documents/doc-1?q=local+water&at=120-400");
    expect(within(item).getByRole("link", { name: "H.R. 2008 (117th)" })).toHaveAttribute("href", "/bills/117-hr-2008");
    // What it is, and which version: a bill's versions are results of their own, often with one title.
    expect(within(item).getByText("Bill")).toBeInTheDocument();
    expect(within(item).getByText("Introduced in House")).toHaveAttribute("title", "IH");
    expect(screen.getByText("SEC. 2. GRANTS")).toBeInTheDocument();
  });

  it("says which words no document contains", async () => {
    mockFetch(() => answer([result()], { unmatched: ["insulin"] }));
    renderAt(<SearchPage />, { url: "/?q=insulin%20water" });
    expect(
      await screen.findByText(/No document contains “insulin”: results are for the other words/),
    ).toBeInTheDocument();
  });

  it("says when no document contains any of the words, and the results are the model's alone", async () => {
    mockFetch(() => answer([{ ...result(), matchedBy: ["meaning"] }], { unmatched: ["tiktok"] }));
    renderAt(<SearchPage />, { url: "/?q=tiktok" });
    expect(
      await screen.findByText(/No document contains “tiktok”: these results are related in meaning only/),
    ).toBeInTheDocument();
  });

  it("offers the queries the API suggests for words no document contains, keeping mode and filters", async () => {
    mockFetch(() => answer([], { unmatched: ["medicad"], suggestions: ["medical care", "medicaid care"] }));
    renderAt(<SearchPage />, { url: "/?q=medicad%20care&mode=keyword&congress=117" });
    const first = await screen.findByRole("link", { name: "medical care" });
    expect(first).toHaveAttribute("href", "/?q=medical+care&mode=keyword&congress=117");
    expect(screen.getByRole("link", { name: "medicaid care" })).toHaveAttribute(
      "href",
      "/?q=medicaid+care&mode=keyword&congress=117",
    );
    expect(first.closest("p")?.textContent).toBe("Did you mean medical care or medicaid care?");
    expect(screen.getByText("Nothing matches “medicad care”.")).toBeInTheDocument();
  });

  it("says which query the results are for when the API corrected it, with a link to search as typed", async () => {
    mockFetch(() => answer([result()], { unmatched: ["watr"], searchedFor: "water", suggestions: ["wate"] }));
    renderAt(<SearchPage />, { url: "/?q=watr&mode=keyword" });
    const asTyped = await screen.findByRole("link", { name: "watr" });
    expect(asTyped).toHaveAttribute("href", "/?q=watr&mode=keyword&correct=false");
    expect(asTyped.closest("p")?.textContent).toBe("Showing results for water. Search instead for watr.");
    expect(screen.getByRole("link", { name: "wate" })).toBeInTheDocument();
    // Not "no document contains": the results are for the corrected words.
    expect(screen.queryByText(/No document contains/)).toBeNull();
  });

  it("reads query, mode, filters and cursor from the URL and sends them to the API", async () => {
    const fetch = mockFetch(() => answer([result()], { nextCursor: "next-1" }));
    renderAt(<SearchPage />, { url: "/?q=tariff&mode=keyword&congress=117&bill=117-hr-2002&cursor=c0&page=2" });

    await screen.findByText("Local Water Protection Act");
    const sent = new URL(String(fetch.mock.calls[0]?.[0]), "http://localhost");
    expect(sent.pathname).toBe("/v1/search");
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      q: "tariff",
      mode: "keyword",
      congress: "117",
      bill: "117-hr-2002",
      cursor: "c0",
      limit: "10",
    });
    expect(screen.getByRole("searchbox", { name: "Search documents" })).toHaveValue("tariff");
    expect(screen.getByRole("radio", { name: /Keyword/ })).toBeChecked();
    expect(screen.getByRole("button", { name: /Remove filter Congress: 117th Congress/ })).toBeInTheDocument();
    // The bill a bill's page searched within is a filter like the others, named as a citation.
    expect(screen.getByRole("button", { name: /Remove filter Bill: H\.R\. 2002 \(117th\)/ })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Next page" })).toHaveAttribute(
      "href",
      "/?q=tariff&mode=keyword&congress=117&bill=117-hr-2002&cursor=next-1&page=3",
    );
  });

  it("puts a new query, a mode and a facet choice in the URL, dropping the cursor", async () => {
    const fetch = mockFetch(() => answer([result()]));
    const user = userEvent.setup();
    renderAt(<SearchPage />, { url: "/?q=water&cursor=c5&page=4" });
    await screen.findByText("Local Water Protection Act");

    await user.click(screen.getByRole("button", { name: /Democrat/ }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?q=water&party=D$/);
    await user.click(screen.getByRole("radio", { name: /Semantic/ }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?q=water&mode=semantic&party=D$/);

    const box = screen.getByRole("searchbox", { name: "Search documents" });
    await user.clear(box);
    await user.type(box, '"clean air"{Enter}');
    expect(screen.getByTestId("location")).toHaveTextContent("/?q=%22clean+air%22&mode=semantic&party=D");
    await waitFor(() => {
      const last = new URL(String(fetch.mock.calls.at(-1)?.[0]), "http://localhost");
      expect(last.searchParams.get("q")).toBe('"clean air"');
      expect(last.searchParams.get("party")).toBe("D");
    });
  });

  it("names a sponsor and a committee as the facets do, and narrows to a year's dates from its facet", async () => {
    mockFetch(() => answer([result()]));
    const user = userEvent.setup();
    renderAt(<SearchPage />, { url: "/?q=water" });
    await screen.findByText("Local Water Protection Act");

    await user.click(screen.getByRole("button", { name: /Benjamin L. Cardin/ }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?q=water&sponsor=C000141$/);
    expect(await screen.findByRole("button", { name: "Remove filter Sponsor: Benjamin L. Cardin" })).toBeVisible();

    await user.click(screen.getByRole("button", { name: /Oversight and Reform/ }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?q=water&sponsor=C000141&committee=hsgo00$/);
    await user.click(
      screen.getByRole("button", { name: "Remove filter Committee: Committee on Oversight and Reform" }),
    );

    await user.click(screen.getByRole("button", { name: /2019/ }));
    expect(screen.getByTestId("location")).toHaveTextContent(
      /^\/\?q=water&sponsor=C000141&dateFrom=2019-01-01&dateTo=2019-12-31$/,
    );
    await screen.findByRole("button", { name: /2019/, pressed: true });
    // One chip for the year, not two dates.
    expect(screen.getByRole("button", { name: "Remove filter Year: 2019" })).toBeVisible();
    expect(screen.queryByRole("button", { name: /Remove filter From/ })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Remove filter Year: 2019" }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?q=water&sponsor=C000141$/);
    await user.click(await screen.findByRole("button", { name: /2019/ }));
    await user.click(await screen.findByRole("button", { name: /2019/, pressed: true }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?q=water&sponsor=C000141$/);
  });

  it("orders by date on request, from the first page, and shows each result's date", async () => {
    const fetch = mockFetch(() => answer([result()]));
    const user = userEvent.setup();
    renderAt(<SearchPage />, { url: "/?q=water&cursor=c5&page=4" });
    await screen.findByText("Local Water Protection Act");
    expect(screen.getByText("2021-03-22")).toHaveAttribute("datetime", "2021-03-22");

    await user.selectOptions(screen.getByRole("combobox", { name: "Order" }), "Newest first");
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/\?q=water&sort=newest$/);
    await waitFor(() => {
      const last = new URL(String(fetch.mock.calls.at(-1)?.[0]), "http://localhost");
      expect(last.searchParams.get("sort")).toBe("newest");
      expect(last.searchParams.get("cursor")).toBeNull();
    });
  });

  it("shows a file name holding markup as text, never as an element", async () => {
    const name = "<img src=x onerror=window.__xss=1>.html";
    mockFetch(() => answer([result({ title: null, filename: name, snippet: "<script>window.__xss=1</script>" })]));
    const { container } = renderAt(<SearchPage />, { url: "/?q=xss" });

    expect(await screen.findByRole("link", { name })).toBeInTheDocument();
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector(".snippet")?.textContent).toBe("<script>window.__xss=1</script>");
  });

  it("shows the problem's detail when the search fails, and an empty state when nothing matches", async () => {
    mockFetch(
      () =>
        new Response(
          JSON.stringify({ title: "Bad Request", status: 400, detail: "cursor: not a cursor", code: "bad_request" }),
          {
            status: 400,
            headers: { "content-type": "application/problem+json" },
          },
        ),
    );
    renderAt(<SearchPage />, { url: "/?q=a&cursor=forged" });
    expect(await screen.findByRole("alert")).toHaveTextContent("cursor: not a cursor");

    mockFetch(() => answer([]));
    renderAt(<SearchPage />, { url: "/?q=zzzz" });
    expect(await screen.findByText("Nothing matches “zzzz”.")).toBeInTheDocument();
  });

  it("shows the newest documents before anything is typed, without searching", async () => {
    const fetch = mockFetch((url) => {
      expect(url.pathname).toBe("/v1/documents");
      return {
        documents: [
          {
            id: "d9",
            filename: "x.xml",
            title: "Clean Air Act",
            billId: "117-s-9",
            documentType: "bill",
            state: "ready",
            createdAt: "2026-01-02T03:04:05Z",
          },
        ],
        nextCursor: null,
      };
    });
    renderAt(<SearchPage />, { url: "/" });
    expect(await screen.findByRole("link", { name: "Clean Air Act" })).toHaveAttribute("href", "/documents/d9");
    expect(fetch.mock.calls.every(([u]) => !String(u).includes("/v1/search"))).toBe(true);
  });
});
