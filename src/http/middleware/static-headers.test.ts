import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../app";
import { securityHeaders } from "./hardening";

const HEADERS_FILE = join(import.meta.dirname, "..", "..", "..", "web", "public", "_headers");

interface HeaderRule {
  path: string;
  headers: Record<string, string>;
}

/**
 * Reads a `_headers` file as Cloudflare does (wrangler's parseHeaders): a line starting with `/` or a URL opens a
 * rule, `Name: value` lines below it add headers (names lower-cased, a repeated name joined with ", "), `#` lines
 * are comments. Anything else, or a line over 2,000 characters, Cloudflare would skip: it is reported here.
 */
function parseHeadersFile(text: string): { rules: HeaderRule[]; invalid: string[] } {
  const rules: HeaderRule[] = [];
  const invalid: string[] = [];
  let rule: HeaderRule | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (line.length > 2000) invalid.push(`too long: ${line.slice(0, 40)}…`);
    else if (/^([^\s]+:\/\/|\/)/.test(line)) {
      rule = { path: line, headers: {} };
      rules.push(rule);
    } else if (!rule || !line.includes(":")) invalid.push(line);
    else {
      const [name = "", ...rest] = line.split(":");
      const key = name.trim().toLowerCase();
      const value = rest.join(":").trim();
      if (key === "" || key.includes(" ") || value === "") invalid.push(line);
      else rule.headers[key] = rule.headers[key] ? `${rule.headers[key]}, ${value}` : value;
    }
  }
  return { rules, invalid };
}

/** What the app's middleware puts on a page served over HTTPS (the Worker's case), without the body's own headers. */
async function appSecurityHeaders(): Promise<Record<string, string>> {
  const app = new Hono<AppEnv>();
  app.use("*", securityHeaders({ publicUrl: "https://opendiscourse.example.org" }));
  app.get("/", (c) => c.html("<!doctype html><title>app</title>"));
  const res = await app.request("/");
  const headers = Object.fromEntries(res.headers);
  delete headers["content-type"];
  delete headers["content-length"];
  return headers;
}

describe("web/public/_headers (the web app's headers as Workers static assets)", () => {
  it("gives every path exactly the security headers the app sets on its own responses", async () => {
    const { rules, invalid } = parseHeadersFile(readFileSync(HEADERS_FILE, "utf8"));
    expect(invalid).toEqual([]);
    expect(rules.map((r) => r.path)).toEqual(["/*"]);
    const expected = await appSecurityHeaders();
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining(["content-security-policy", "strict-transport-security", "x-frame-options"]),
    );
    expect(rules[0]?.headers).toEqual(expected);
  });

  it("reads the file the way Cloudflare does", () => {
    const parsed = parseHeadersFile(
      "# comment\n/*\n  X-Frame-Options: DENY\n  X-Test: a\n  X-Test: b\n  Content-Security-Policy: a 'b'; c\nnot a header\n",
    );
    expect(parsed.rules).toEqual([
      { path: "/*", headers: { "x-frame-options": "DENY", "x-test": "a, b", "content-security-policy": "a 'b'; c" } },
    ]);
    expect(parsed.invalid).toEqual(["not a header"]);
  });
});
