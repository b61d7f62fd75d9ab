import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, Route, Routes, useLocation } from "react-router";
import { vi } from "vitest";
import type { Me, Role } from "../api/types";
import { SessionProvider } from "../session";

const PERMISSIONS: Record<Role, string[]> = {
  viewer: ["documents:read", "search:query"],
  editor: ["documents:read", "search:query", "documents:write", "documents:delete-own", "jobs:read"],
  admin: [
    "documents:read",
    "search:query",
    "documents:write",
    "documents:delete-own",
    "documents:delete-any",
    "jobs:read",
    "jobs:retry",
    "keys:manage",
    "users:manage",
    "audit:read",
  ],
};

/** A signed-in caller of the role as GET /v1/auth/me describes it, or an anonymous one. */
export function meFor(role: Role | null): Me {
  if (!role) return { actor: "anonymous", role: null, name: null, via: "anonymous", permissions: [] };
  return {
    actor: `user:${role}`,
    role,
    name: `${role}-name`,
    via: "session",
    csrfToken: "csrf-1",
    permissions: PERMISSIONS[role],
  };
}

/** Shows the router's current location, so tests can read the URL state. */
export function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export function renderAt(ui: ReactNode, options: { url?: string; path?: string; role?: Role | null } = {}) {
  const { url = "/", path = "/", role = "admin" } = options;
  return render(
    <SessionProvider initial={meFor(role)}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path={path} element={ui} />
          <Route path="*" element={null} />
        </Routes>
        <LocationProbe />
      </MemoryRouter>
    </SessionProvider>,
  );
}

export type FetchHandler = (url: URL, init: RequestInit | undefined) => unknown;

/** Replaces fetch with answers by path; the handler's value is sent as JSON, a Response as it is. */
export function mockFetch(handler: FetchHandler) {
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const value = await handler(url, init);
    if (value instanceof Response) return value;
    return new Response(JSON.stringify(value), { status: 200, headers: { "content-type": "application/json" } });
  });
  vi.stubGlobal("fetch", fn);
  return fn;
}
