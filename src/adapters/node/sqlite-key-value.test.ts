import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listBounds, prefixUpperBound } from "../../core/storage-rules/key-range";
import { compareUtf8 } from "../../core/storage-rules/utf8";
import { describeKeyValueContract } from "../../core/testing/key-value.contract";
import { type NodeSqlDatabase, openSqliteDatabase } from "./sqlite-database";
import { createSqliteKeyValue, type SqliteKeyValue } from "./sqlite-key-value";

describeKeyValueContract("sqlite", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-kv-contract-"));
  const db = openSqliteDatabase({ path: path.join(dir, "kv.sqlite") });
  return {
    kv: createSqliteKeyValue({ db }),
    cleanup: async () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("sqlite key-value", () => {
  let dir: string;
  let db: NodeSqlDatabase;
  let now: number;
  let kv: SqliteKeyValue;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-kv-"));
    db = openSqliteDatabase({ path: path.join(dir, "kv.sqlite") });
    now = 1_700_000_000_000;
    kv = createSqliteKeyValue({ db, now: () => now });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const rowCount = () => (db.raw.prepare("SELECT count(*) AS n FROM kv").get() as { n: number }).n;

  it("hides an entry from get and list from the second its expiration is reached", async () => {
    await kv.put("session:ttl", "a", { expirationTtl: 30 });
    await kv.put("session:abs", "b", { expiration: now / 1000 + 90 });
    await kv.put("session:keep", "c");
    now += 29_999;
    expect(await kv.get("session:ttl")).toBe("a");
    expect((await kv.list({ prefix: "session:" })).keys.map((k) => k.name)).toEqual([
      "session:abs",
      "session:keep",
      "session:ttl",
    ]);
    now += 1;
    expect(await kv.get("session:ttl")).toBeNull();
    expect(await kv.get("session:ttl", "json")).toBeNull();
    expect((await kv.list()).keys.map((k) => k.name)).toEqual(["session:abs", "session:keep"]);
    now += 60_000;
    expect(await kv.get("session:abs")).toBeNull();
    expect(await kv.get("session:keep")).toBe("c");
  });

  it("prefers expirationTtl over expiration, as KV does, and accepts short TTLs", async () => {
    await kv.put("k", "v", { expiration: now / 1000 + 3600, expirationTtl: 1 });
    expect((await kv.list()).keys[0]?.expiration).toBe(now / 1000 + 1);
    now += 1000;
    expect(await kv.get("k")).toBeNull();
  });

  it("purges expired rows on demand, and a bounded batch on writes", async () => {
    for (let i = 0; i < 5; i++) await kv.put(`old${i}`, "x", { expirationTtl: 10 });
    await kv.put("live", "x");
    now += 11_000;
    expect(rowCount()).toBe(6);
    expect(await kv.purgeExpired()).toBe(5);
    expect(rowCount()).toBe(1);
    for (let i = 0; i < 3; i++) await kv.put(`old${i}`, "x", { expirationTtl: 10 });
    now += 61_000;
    await kv.put("trigger", "x");
    expect(rowCount()).toBe(2);
  });

  it("stores an already-expired entry when the expiration is in the past", async () => {
    await kv.put("k", "v", { expiration: now / 1000 - 1 });
    expect(await kv.get("k")).toBeNull();
  });

  it("shares entries between connections to one file, as two processes would", async () => {
    const other = openSqliteDatabase({ path: path.join(dir, "kv.sqlite") });
    try {
      const kv2 = createSqliteKeyValue({ db: other, now: () => now });
      await kv.put("rate:1.2.3.4", "7", { expirationTtl: 60 });
      expect(await kv2.get("rate:1.2.3.4")).toBe("7");
      await kv2.delete("rate:1.2.3.4");
      expect(await kv.get("rate:1.2.3.4")).toBeNull();
    } finally {
      other.close();
    }
  });

  it("refuses what Workers KV refuses", async () => {
    const bad = { code: "bad_request" };
    await expect(kv.put("", "v")).rejects.toMatchObject(bad);
    await expect(kv.put(".", "v")).rejects.toMatchObject(bad);
    await expect(kv.put("..", "v")).rejects.toMatchObject(bad);
    await expect(kv.put("é".repeat(257), "v")).rejects.toMatchObject(bad);
    await expect(kv.put("a\uDC00", "v")).rejects.toMatchObject(bad);
    await expect(kv.put("k", "v", { expirationTtl: 0 })).rejects.toMatchObject(bad);
    await expect(kv.put("k", "v", { expiration: Number.NaN })).rejects.toMatchObject(bad);
    await expect(kv.put("k", "v", { metadata: { s: "x".repeat(1100) } })).rejects.toMatchObject(bad);
    await expect(kv.put("k", "v", { metadata: { n: 1n } })).rejects.toMatchObject(bad);
    await expect(kv.list({ limit: 0 })).rejects.toMatchObject(bad);
    await expect(kv.list({ limit: 1001 })).rejects.toMatchObject(bad);
    await expect(kv.list({ cursor: "not a cursor!" })).rejects.toMatchObject(bad);
    await expect(kv.get("k", "arrayBuffer" as "text")).rejects.toMatchObject(bad);
    expect(rowCount()).toBe(0);
    await kv.put("é".repeat(256), "max length");
    expect(await kv.get("é".repeat(256))).toBe("max length");
  });

  it("lists by UTF-8 byte order and pages exactly by limit across unusual prefixes", async () => {
    const keys = ["a", "a\u{10FFFF}", "a\u{10FFFF}z", "a\uFFFF", "a\u{1F4C4}", "ab", "b", "a%", "a_", "A"];
    for (const k of keys) await kv.put(k, k);
    const expected = [...keys].sort(compareUtf8);
    expect((await kv.list()).keys.map((k) => k.name)).toEqual(expected);
    expect((await kv.list({ prefix: "a\u{10FFFF}" })).keys.map((k) => k.name)).toEqual(["a\u{10FFFF}", "a\u{10FFFF}z"]);
    expect((await kv.list({ prefix: "a_" })).keys.map((k) => k.name)).toEqual(["a_"]);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await kv.list({ prefix: "a", limit: 3, cursor });
      expect(page.keys.length).toBe(page.list_complete ? 2 : 3);
      seen.push(...page.keys.map((k) => k.name));
      cursor = page.list_complete ? undefined : page.cursor;
    } while (cursor);
    expect(seen).toEqual(expected.filter((k) => k.startsWith("a")));
  });

  it("computes key ranges that hold exactly the keys with a prefix", () => {
    expect(prefixUpperBound("")).toBeNull();
    expect(prefixUpperBound("ab")).toBe("ac");
    expect(prefixUpperBound("a\u{10FFFF}")).toBe("b");
    expect(prefixUpperBound("\uD7FF")).toBe("\uE000");
    expect(prefixUpperBound("\u{10FFFF}")).toBeNull();
    expect(listBounds("b", undefined)).toEqual({ lower: "b", inclusive: true, upper: "c" });
    const cursorForA = Buffer.from("a", "utf8").toString("base64url");
    expect(listBounds("b", cursorForA)).toEqual({ lower: "b", inclusive: true, upper: "c" });
    const cursorForBz = Buffer.from("bz", "utf8").toString("base64url");
    expect(listBounds("b", cursorForBz)).toEqual({ lower: "bz", inclusive: false, upper: "c" });
    expect(compareUtf8("\uFFFF", "\u{10000}")).toBeLessThan(0);
    expect(compareUtf8("a", "ab")).toBeLessThan(0);
  });

  it("keeps its table out of the way of migrations and survives being created twice", async () => {
    await kv.put("k", "v");
    const again = createSqliteKeyValue({ db, now: () => now });
    expect(await again.get("k")).toBe("v");
    const indexes = db.raw.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'kv' AND type = 'index'").all();
    expect(indexes.map((r) => (r as { name: string }).name)).toContain("kv_expiration");
  });
});
