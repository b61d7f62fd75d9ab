import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { meFor, mockFetch, renderAt } from "../test/render";
import SetupPage from "./SetupPage";

describe("first administrator setup", () => {
  it("takes the token from the link, checks the passwords match, and creates the admin", async () => {
    const fetch = mockFetch((url) => (url.pathname === "/v1/auth/me" ? meFor("admin") : { id: "u1", role: "admin" }));
    const user = userEvent.setup();
    renderAt(<SetupPage />, { url: "/setup?token=tok-123", path: "/setup", role: null });

    expect(screen.getByLabelText("Setup token")).toHaveValue("tok-123");
    await user.type(screen.getByLabelText("Name"), "root");
    await user.type(screen.getByLabelText(/^Password \(/), "a long enough secret");
    await user.type(screen.getByLabelText("Password again"), "a different secret!!");
    await user.click(screen.getByRole("button", { name: "Create administrator" }));
    expect(screen.getByRole("alert")).toHaveTextContent("The passwords differ.");
    expect(fetch).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText("Password again"));
    await user.type(screen.getByLabelText("Password again"), "a long enough secret");
    await user.click(screen.getByRole("button", { name: "Create administrator" }));
    await screen.findByText("/admin/users");
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(String(url)).toBe("/v1/auth/setup");
    expect(JSON.parse(String(init?.body))).toEqual({
      token: "tok-123",
      name: "root",
      password: "a long enough secret",
    });
  });
});
