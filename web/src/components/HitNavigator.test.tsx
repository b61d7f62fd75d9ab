import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { HitNavigator } from "./HitNavigator";

describe("match navigator", () => {
  it("steps through the marks in the text, wrapping around", async () => {
    const user = userEvent.setup();
    const { container } = render(
      <div id="text">
        <HitNavigator containerId="text" version="v1" />
        <p>
          <mark>water</mark> and <mark>Water</mark> and <mark>water</mark>
        </p>
      </div>,
    );
    expect(await screen.findByText("3 matches")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Next match" }));
    expect(screen.getByText("Match 1 of 3")).toBeInTheDocument();
    const marks = container.querySelectorAll("mark");
    expect(marks[0]).toHaveClass("current");
    await user.click(screen.getByRole("button", { name: "Previous match" }));
    expect(screen.getByText("Match 3 of 3")).toBeInTheDocument();
    expect(marks[2]).toHaveClass("current");
    expect(marks[0]).not.toHaveClass("current");
  });
});
