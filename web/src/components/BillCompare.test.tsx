import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Bill } from "../api/types";
import { mockFetch, renderAt } from "../test/render";
import { BillCompare, type CompareResponse } from "./BillCompare";

const version = (code: string, date: string) => ({ version: code, name: `Version ${code}`, date, renderings: [] });
const bill = {
  billId: "117-hr-2008",
  versions: [version("ih", "2021-03-18"), version("rh", "2021-06-01"), version("eh", "2021-07-01")],
} as unknown as Bill;

const side = (text: string) => ({ heading: "SEC. 2. GRANTS.", path: "Sec. 2", start: 0, end: text.length, text });
const compared: CompareResponse = {
  billId: "117-hr-2008",
  from: { version: "ih", name: "Introduced", date: "2021-03-18", documentId: "a", format: "xml", parser: "uslm-xml" },
  to: { version: "eh", name: "Engrossed", date: "2021-07-01", documentId: "b", format: "xml", parser: "uslm-xml" },
  versions: [
    { version: "ih", name: "Introduced", date: "2021-03-18" },
    { version: "eh", name: "Engrossed", date: "2021-07-01" },
  ],
  summary: { added: 0, removed: 0, changed: 1, unchanged: 1 },
  sections: [
    { key: "Sec. 1", status: "unchanged", from: side("Short title."), to: side("Short title."), diff: null },
    {
      key: "Sec. 2",
      status: "changed",
      from: side("grants of $5"),
      to: side("grants of $7"),
      diff: {
        granularity: "words",
        ops: [
          { op: "equal", text: "grants of " },
          { op: "delete", text: "$5" },
          { op: "insert", text: "$7" },
        ],
      },
    },
  ],
  diffLimited: false,
};

describe("bill comparison", () => {
  it("asks for the chosen versions and shows deletions on the old side, insertions on the new", async () => {
    const fetch = mockFetch(() => compared);
    const user = userEvent.setup();
    const { container } = renderAt(<BillCompare bill={bill} />);
    await user.selectOptions(screen.getByLabelText("From"), "ih");
    await user.selectOptions(screen.getByLabelText("To"), "eh");
    await user.click(screen.getByRole("button", { name: "Compare" }));

    expect(await screen.findByText(/1 changed, 0 added/)).toBeInTheDocument();
    const sent = new URL(String(fetch.mock.calls[0]?.[0]), "http://localhost");
    expect(sent.pathname + sent.search).toBe("/v1/bills/117-hr-2008/compare?from=ih&to=eh");
    expect(container.querySelector("del")?.textContent).toBe("$5");
    expect(container.querySelector("ins")?.textContent).toBe("$7");
    // Unchanged sections are hidden until asked for.
    expect(screen.queryByText("Short title.")).toBeNull();
    await user.click(screen.getByLabelText("Changed sections only"));
    expect(screen.getAllByText("Short title.")).toHaveLength(2);
  });
});
