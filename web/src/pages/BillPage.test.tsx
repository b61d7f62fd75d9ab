import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Bill } from "../api/types";
import { mockFetch, renderAt } from "../test/render";
import BillPage from "./BillPage";

const BILL: Bill = {
  billId: "117-hr-2002",
  congress: 117,
  billType: "hr",
  number: 2002,
  title: "Let States Cut Taxes Act",
  policyArea: "Taxation",
  introducedDate: "2021-03-18",
  latestAction: null,
  publicLaw: null,
  versions: [],
  actions: [],
  sponsors: [],
  cosponsors: [],
  status: null,
  votes: [],
  related: [],
};

describe("bill page", () => {
  it("searches the bill's own documents on the search page, filtered to the bill", async () => {
    mockFetch((url) =>
      url.pathname.startsWith("/v1/citations/") ? { target: "bill/117-hr-2002", documents: [], billRecords: [] } : BILL,
    );
    renderAt(<BillPage />, { url: "/bills/117-hr-2002", path: "/bills/:billId" });
    await screen.findByText("Let States Cut Taxes Act");
    const box = screen.getByRole("searchbox", { name: "Search this bill's documents" });
    // Nothing typed, nothing searched.
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    expect(screen.getByTestId("location")).toHaveTextContent("/bills/117-hr-2002");
    await userEvent.type(box, "state fiscal recovery{Enter}");
    expect(screen.getByTestId("location")).toHaveTextContent("/?q=state+fiscal+recovery&bill=117-hr-2002");
  });
});
