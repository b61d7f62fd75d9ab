import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KeyValue, KeyValuePutOptions } from "../../core/ports/key-value";
import { type NodeSqlDatabase, openSqliteDatabase } from "../node/sqlite-database";
import { createSqliteKeyValue } from "../node/sqlite-key-value";
import { createKvRateLimiter } from "./kv-rate-limiter";

// The limiter runs over any KeyValue; here the SQLite one (the workerd test runs it over real KV).
describe("kv rate limiter", () => {
  let dir: string;
  let db: NodeSqlDatabase;
  let kv: KeyValue;
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-rate-limiter-"));
    db = openSqliteDatabase({ path: path.join(dir, "kv.sqlite") });
    now = Date.UTC(2026, 0, 1, 12, 0, 50);
    kv = createSqliteKeyValue({ db, now: clock });
  });

  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("allows the limit per key and window, then refuses until the next window", async () => {
    const limiter = createKvRateLimiter({ kv, limit: 2, now: clock });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await limiter.limit({ key: "ip:203.0.113.9" }));
    expect(outcomes.map((o) => [o.success, o.remaining, o.resetSeconds])).toEqual([
      [true, 1, 10],
      [true, 0, 10],
      [false, 0, 10],
      [false, 0, 10],
    ]);
    expect((await limiter.limit({ key: "ip:203.0.113.10" })).success).toBe(true);
    now += 10_000;
    expect((await limiter.limit({ key: "ip:203.0.113.9" })).success).toBe(true);
  });

  it("writes counters with a TTL KV accepts and does not write refused requests", async () => {
    const puts: KeyValuePutOptions[] = [];
    const counting: KeyValue = {
      get: kv.get.bind(kv) as KeyValue["get"],
      put: async (key, value, options) => {
        puts.push(options ?? {});
        await kv.put(key, value, options);
      },
      delete: (key) => kv.delete(key),
      list: (options) => kv.list(options),
    };
    const limiter = createKvRateLimiter({ kv: counting, limit: 1, periodSeconds: 10, now: clock });
    await limiter.limit({ key: "k" });
    await limiter.limit({ key: "k" });
    expect(puts).toEqual([{ expirationTtl: 60 }]);
  });

  it("serves the request when the store refuses the write", async () => {
    const refusing: KeyValue = {
      get: kv.get.bind(kv) as KeyValue["get"],
      put: async () => {
        throw new Error("KV PUT failed: 429 Too Many Requests");
      },
      delete: (key) => kv.delete(key),
      list: (options) => kv.list(options),
    };
    const limiter = createKvRateLimiter({ kv: refusing, limit: 1, now: clock });
    expect((await limiter.limit({ key: "k" })).success).toBe(true);
  });

  it("hashes keys too long for KV", async () => {
    const limiter = createKvRateLimiter({ kv, limit: 1, now: clock });
    await limiter.limit({ key: "y".repeat(600) });
    const { keys } = await kv.list({ prefix: "ratelimit:" });
    expect(keys).toHaveLength(1);
    expect(keys[0]?.name).toMatch(/^ratelimit:sha256:[0-9a-f]{64}:\d+$/);
  });
});
