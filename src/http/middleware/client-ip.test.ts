import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { AppConfig } from "../../core/config";
import { normalizeAddress, parseAddressRanges } from "./address-ranges";
import { resolveClientIp } from "./client-ip";

/** The address the app would see for a request with these headers, from this socket peer. */
async function seen(trustProxy: AppConfig["trustProxy"], headers: Record<string, string>, socket: string | null) {
  const app = new Hono();
  app.get("/", (c) => c.json({ ip: resolveClientIp(c, { trustProxy, remoteAddress: () => socket }) }));
  const res = await app.request("/", { headers });
  return ((await res.json()) as { ip: string | null }).ip;
}

describe("client address", () => {
  it("believes only the socket without a trusted proxy", async () => {
    const forged = { "x-forwarded-for": "127.0.0.1", "cf-connecting-ip": "127.0.0.1" };
    expect(await seen("none", forged, "203.0.113.9")).toBe("203.0.113.9");
    expect(await seen("none", {}, null)).toBeNull();
  });

  it("takes the right-most X-Forwarded-For entry: the one the nearest proxy appended", async () => {
    const headers = { "x-forwarded-for": "127.0.0.1, 10.0.0.1,198.51.100.4" };
    expect(await seen("x-forwarded-for", headers, "10.0.0.2")).toBe("198.51.100.4");
    expect(await seen("x-forwarded-for", {}, "10.0.0.2")).toBe("10.0.0.2");
    expect(await seen("x-forwarded-for", { "x-forwarded-for": "1.2.3.4, not-an-ip" }, "10.0.0.2")).toBeNull();
  });

  it("takes CF-Connecting-IP when Cloudflare is trusted, and the socket without it", async () => {
    expect(await seen("cf-connecting-ip", { "cf-connecting-ip": "2001:db8::1" }, null)).toBe("2001:db8::1");
    expect(await seen("cf-connecting-ip", { "x-forwarded-for": "127.0.0.1" }, null)).toBeNull();
  });

  it("reports an IPv4-mapped IPv6 peer as IPv4, and refuses what is not an address", () => {
    expect(normalizeAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAddress(" 2001:DB8:0:0::1 ")).toBe("2001:db8::1");
    for (const bad of ["", "localhost", "127.1", "0x7f.0.0.1", "1.2.3.4:80", null, undefined]) {
      expect(normalizeAddress(bad)).toBeNull();
    }
  });
});

describe("address ranges (the admin allowlist)", () => {
  const loopback = parseAddressRanges("127.0.0.0/8,::1/128");

  it("matches IPv4, IPv6 and IPv4-mapped IPv6 addresses against the ranges", () => {
    for (const inside of ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1"]) {
      expect(loopback.includes(inside), inside).toBe(true);
    }
    for (const outside of ["128.0.0.1", "::2", "::ffff:10.0.0.1", "10.0.0.1", null, "", "garbage"]) {
      expect(loopback.includes(outside), String(outside)).toBe(false);
    }
  });

  it("takes bare addresses and ranges written as IPv4-mapped IPv6", () => {
    const ranges = parseAddressRanges(" 10.1.2.3 , ::ffff:192.168.0.0/112");
    expect(ranges.includes("10.1.2.3")).toBe(true);
    expect(ranges.includes("10.1.2.4")).toBe(false);
    expect(ranges.includes("192.168.7.7")).toBe(true);
  });

  it("closes everything when empty, and refuses a list with an entry that is not a range", () => {
    expect(parseAddressRanges("").includes("127.0.0.1")).toBe(false);
    expect(() => parseAddressRanges("127.0.0.0/8,10.0.0.0/33,office")).toThrow(/10\.0\.0\.0\/33, office/);
  });
});
