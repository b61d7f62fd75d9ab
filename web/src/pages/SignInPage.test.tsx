import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { meFor, mockFetch, renderAt } from "../test/render";
import SignInPage, { safeReturnTo } from "./SignInPage";

const problem = (status: number, detail: string) =>
  new Response(JSON.stringify({ title: "Unauthorized", status, detail, code: "unauthorized" }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

describe("sign-in page", () => {
  it("offers the organization's sign-in when the server has OpenID Connect, keeping where to return", async () => {
    mockFetch(() => ({ password: false, oidc: true, setupRequired: false }));
    renderAt(<SignInPage />, { url: "/sign-in?returnTo=%2Fbills%2F117-hr-2008", path: "/sign-in", role: null });
    const button = await screen.findByRole("link", { name: "Sign in with your organization" });
    expect(button).toHaveAttribute("href", "/v1/auth/oidc/start?returnTo=%2Fbills%2F117-hr-2008");
    expect(screen.queryByLabelText("Password")).toBeNull();
  });

  it("signs in with a password, then goes back where the user was", async () => {
    let signedIn = false;
    const fetch = mockFetch((url, init) => {
      if (url.pathname === "/v1/auth/providers") return { password: true, oidc: false, setupRequired: false };
      if (url.pathname === "/v1/auth/login") {
        const body = JSON.parse(String(init?.body)) as { name: string; password: string };
        if (body.password !== "right password") return problem(401, "wrong name or password");
        signedIn = true;
        return { actor: "user:1", role: "editor", name: body.name, csrfToken: "t" };
      }
      if (url.pathname === "/v1/auth/me") return signedIn ? meFor("editor") : meFor(null);
      throw new Error(`unexpected ${url}`);
    });
    const user = userEvent.setup();
    renderAt(<SignInPage />, { url: "/sign-in?returnTo=%2Fupload", path: "/sign-in", role: null });

    await user.type(await screen.findByLabelText("Name"), "ada");
    await user.type(screen.getByLabelText("Password"), "wrong");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("wrong name or password");

    await user.clear(screen.getByLabelText("Password"));
    await user.type(screen.getByLabelText("Password"), "right password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByText("/upload");
    const login = fetch.mock.calls.find(([u]) => String(u).includes("/v1/auth/login"));
    expect(login?.[1]).toMatchObject({ method: "POST", credentials: "same-origin" });
  });

  it("returns only to paths on this site", () => {
    expect(safeReturnTo("/bills/1")).toBe("/bills/1");
    expect(safeReturnTo("https://evil.example/")).toBe("/");
    expect(safeReturnTo("//evil.example/")).toBe("/");
    expect(safeReturnTo("/\\evil.example")).toBe("/");
    expect(safeReturnTo(null)).toBe("/");
  });
});
