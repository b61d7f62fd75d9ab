import { afterEach, describe, expect, it } from "vitest";
import { mockFetch } from "../test/render";
import { ApiError, api, setCsrfToken } from "./client";

describe("API client", () => {
  afterEach(() => setCsrfToken(undefined));

  it("sends the CSRF token on unsafe methods only, with same-origin credentials", async () => {
    const fetch = mockFetch(() => ({ ok: true }));
    setCsrfToken("token-1");
    await api("/v1/documents");
    await api("/v1/keys", { json: { role: "viewer" } });
    await api("/v1/users/u1", { method: "PATCH", json: { role: "editor" } });
    const headers = fetch.mock.calls.map(([, init]) => (init?.headers ?? {}) as Record<string, string>);
    expect(headers[0]?.["x-csrf-token"]).toBeUndefined();
    expect(headers[1]?.["x-csrf-token"]).toBe("token-1");
    expect(headers[2]?.["x-csrf-token"]).toBe("token-1");
    expect(fetch.mock.calls.every(([, init]) => init?.credentials === "same-origin")).toBe(true);
  });

  it("turns a problem document into an ApiError with its detail", async () => {
    mockFetch(
      () =>
        new Response(JSON.stringify({ title: "Forbidden", status: 403, detail: "the viewer role may not do this" }), {
          status: 403,
          headers: { "content-type": "application/problem+json" },
        }),
    );
    const error = await api("/v1/keys").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, message: "the viewer role may not do this" });
  });
});
