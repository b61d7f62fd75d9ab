import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import { type NodeSqlDatabase, openSqliteDatabase } from "./sqlite-database";
import { createSqliteRateLimiter } from "./sqlite-rate-limiter";

describe("sqlite rate limiter", () => {
  let dir: string;
  let db: NodeSqlDatabase;
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-rate-limiter-"));
    db = openSqliteDatabase({ path: path.join(dir, "limits.sqlite") });
    // 15 s into a one-minute window.
    now = Date.UTC(2026, 0, 1, 12, 0, 15);
  });

  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("allows the limit per window, then refuses until the window ends", async () => {
    const limiter = createSqliteRateLimiter({ db, limit: 3, now: clock });
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await limiter.limit({ key: "key:alice" }));
    expect(outcomes.map((o) => o.success)).toEqual([true, true, true, false, false]);
    expect(outcomes.map((o) => o.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(outcomes.every((o) => o.resetSeconds === 45)).toBe(true);

    now += 44_500;
    expect((await limiter.limit({ key: "key:alice" })).resetSeconds).toBe(1);
    expect((await limiter.limit({ key: "key:alice" })).success).toBe(false);
    now += 1_000;
    const next = await limiter.limit({ key: "key:alice" });
    expect(next).toEqual({ success: true, remaining: 2, resetSeconds: 60 });
  });

  it("counts each key on its own, long keys included", async () => {
    const limiter = createSqliteRateLimiter({ db, limit: 1, now: clock });
    expect((await limiter.limit({ key: "ip:192.0.2.1" })).success).toBe(true);
    expect((await limiter.limit({ key: "ip:192.0.2.1" })).success).toBe(false);
    expect((await limiter.limit({ key: "ip:192.0.2.2" })).success).toBe(true);
    // Two long keys sharing their first 300 characters are still two keys (stored hashed).
    const prefix = "x".repeat(300);
    expect((await limiter.limit({ key: `${prefix}a` })).success).toBe(true);
    expect((await limiter.limit({ key: `${prefix}b` })).success).toBe(true);
    expect((await limiter.limit({ key: `${prefix}a` })).success).toBe(false);
    const stored = db.raw.prepare("SELECT max(length(key)) AS longest FROM rate_limits").get() as { longest: number };
    expect(stored.longest).toBeLessThanOrEqual(200);
  });

  it("shares counts between connections to the same file, as server processes on one data folder do", async () => {
    const other = openSqliteDatabase({ path: path.join(dir, "limits.sqlite") });
    try {
      const first = createSqliteRateLimiter({ db, limit: 4, now: clock });
      const second = createSqliteRateLimiter({ db: other, limit: 4, now: clock });
      const results = [];
      for (let i = 0; i < 3; i++) {
        results.push((await first.limit({ key: "user:1" })).success);
        results.push((await second.limit({ key: "user:1" })).success);
      }
      expect(results).toEqual([true, true, true, true, false, false]);
    } finally {
      await other.close();
    }
  });

  it("forgets past windows", async () => {
    const limiter = createSqliteRateLimiter({ db, limit: 10, periodSeconds: 10, now: clock });
    for (const key of ["a", "b", "c"]) await limiter.limit({ key });
    const rows = () => (db.raw.prepare("SELECT count(*) AS n FROM rate_limits").get() as { n: number }).n;
    expect(rows()).toBe(3);
    now += 10_000;
    await limiter.limit({ key: "a" });
    expect(rows()).toBe(1);
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => createSqliteRateLimiter({ db, limit: 0 })).toThrow(AppError);
    expect(() => createSqliteRateLimiter({ db, limit: 2.5 })).toThrow(AppError);
  });
});
