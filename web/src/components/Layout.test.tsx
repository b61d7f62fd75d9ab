import { render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import type { Role } from "../api/types";
import { SessionProvider } from "../session";
import { meFor } from "../test/render";
import { Navigation } from "./Layout";

function navFor(role: Role | null) {
  render(
    <SessionProvider initial={meFor(role)}>
      <MemoryRouter>
        <Navigation />
      </MemoryRouter>
    </SessionProvider>,
  );
  const nav = screen.getByRole("navigation", { name: "Main" });
  return within(nav)
    .queryAllByRole("link")
    .map((a) => a.textContent);
}

describe("navigation", () => {
  it("shows each role only what it may use", () => {
    expect(navFor("viewer")).toEqual(["Search"]);
  });

  it("gives editors uploads and jobs", () => {
    expect(navFor("editor")).toEqual(["Search", "Upload", "Jobs"]);
  });

  it("gives admins the admin pages", () => {
    expect(navFor("admin")).toEqual(["Search", "Upload", "Jobs", "Users", "API keys", "Audit log"]);
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
  });

  it("offers anonymous callers only sign-in", () => {
    expect(navFor(null)).toEqual(["Sign in"]);
    expect(screen.queryByRole("button", { name: "Sign out" })).toBeNull();
  });
});
