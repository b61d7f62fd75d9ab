import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "../api/client";
import type { Loadable } from "../lib/use-api";
import { Loaded } from "./Loaded";
import { Table } from "./Table";

type Rows = { rows: string[] };

function show(state: Loadable<Rows>, reload = () => {}) {
  return render(
    <MemoryRouter>
      <Loaded
        state={{ ...state, reload }}
        lines={4}
        label="Loading rows"
        empty={{ title: "No rows yet.", when: (d) => d.rows.length === 0 }}
      >
        {(d) => (
          <Table columns={["Row", false, "Length"]}>
            {d.rows.map((row) => (
              <tr key={row}>
                <td>{row}</td>
                <td>{row.length}</td>
              </tr>
            ))}
          </Table>
        )}
      </Loaded>
    </MemoryRouter>,
  );
}

const failure = new ApiError({ title: "Service Unavailable", status: 503, detail: "database is busy" });

describe("loaded", () => {
  it("holds the space with placeholders until the first answer", () => {
    show({ status: "loading" });
    expect(screen.getByRole("status")).toHaveTextContent("Loading rows…");
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("says when the answer is empty, and draws the rows with only the columns given", () => {
    const { unmount } = show({ status: "ok", data: { rows: [] } });
    expect(screen.getByText("No rows yet.")).toBeInTheDocument();
    unmount();
    show({ status: "ok", data: { rows: ["alpha", "be"] } });
    expect(screen.getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Row", "Length"]);
    expect(screen.getAllByRole("row")).toHaveLength(3);
  });

  it("shows a failure with a retry above the data it still holds, and no placeholders", async () => {
    const reload = vi.fn();
    const { unmount } = show({ status: "error", error: failure, data: { rows: ["alpha"] } }, reload);
    expect(screen.getByRole("alert")).toHaveTextContent("database is busy");
    expect(screen.getByRole("cell", { name: "alpha" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(reload).toHaveBeenCalledOnce();
    unmount();
    show({ status: "error", error: failure });
    expect(screen.getByRole("alert")).toBeInTheDocument();
    expect(screen.queryByRole("status")).toBeNull();
  });
});
