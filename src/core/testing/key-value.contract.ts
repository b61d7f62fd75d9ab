import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { KeyValue } from "../ports/key-value";
import { compareUtf8 } from "../storage-rules/utf8";

export type KeyValueFactory = () => Promise<{ kv: KeyValue; cleanup?: () => Promise<void> }>;

/**
 * What every KeyValue does, held to what Workers KV itself does, so it also runs against a KV binding inside
 * workerd: TTLs are at least 60 s and expiry itself is not awaited here (the Node store's own tests cover it with a
 * fake clock). Every test works under its own random key prefix, so a factory may hand out one shared namespace.
 */
export function describeKeyValueContract(name: string, factory: KeyValueFactory): void {
  describe(`KeyValue contract: ${name}`, () => {
    let kv: KeyValue;
    let cleanup: (() => Promise<void>) | undefined;
    let ns: string;

    beforeEach(async () => {
      ({ kv, cleanup } = await factory());
      ns = `contract:${crypto.randomUUID()}:`;
    });
    afterEach(async () => {
      await cleanup?.();
    });

    it("returns what was put, and null for a missing key", async () => {
      await kv.put(`${ns}greeting`, "hello");
      expect(await kv.get(`${ns}greeting`)).toBe("hello");
      expect(await kv.get(`${ns}greeting`, "text")).toBe("hello");
      expect(await kv.get(`${ns}missing`)).toBeNull();
      expect(await kv.get(`${ns}missing`, "json")).toBeNull();
    });

    it("stores the empty string and unicode keys and values", async () => {
      await kv.put(`${ns}empty`, "");
      expect(await kv.get(`${ns}empty`)).toBe("");
      await kv.put(`${ns}ünïcödé/日本語/📄`, "Ωmega — “quoted” 🏛️");
      expect(await kv.get(`${ns}ünïcödé/日本語/📄`)).toBe("Ωmega — “quoted” 🏛️");
    });

    it("parses JSON values on request and rejects text that is not JSON", async () => {
      const session = { user: "u-1", roles: ["reader", "editor"], expires: null, n: 3.5 };
      await kv.put(`${ns}session`, JSON.stringify(session));
      expect(await kv.get<typeof session>(`${ns}session`, "json")).toEqual(session);
      await kv.put(`${ns}plain`, "not json {");
      await expect(kv.get(`${ns}plain`, "json")).rejects.toThrow();
    });

    it("replaces a value, and deletes idempotently", async () => {
      await kv.put(`${ns}k`, "one");
      await kv.put(`${ns}k`, "two");
      expect(await kv.get(`${ns}k`)).toBe("two");
      await kv.delete(`${ns}k`);
      expect(await kv.get(`${ns}k`)).toBeNull();
      await kv.delete(`${ns}k`);
      await kv.delete(`${ns}never-existed`);
      expect((await kv.list({ prefix: ns })).keys).toEqual([]);
    });

    it("keeps values with an expiry readable until then, and lists their expiration", async () => {
      const nowSeconds = Math.floor(Date.now() / 1000);
      await kv.put(`${ns}ttl`, "short-lived", { expirationTtl: 3600 });
      await kv.put(`${ns}absolute`, "until then", { expiration: nowSeconds + 7200 });
      await kv.put(`${ns}forever`, "no expiry");
      expect(await kv.get(`${ns}ttl`)).toBe("short-lived");
      expect(await kv.get(`${ns}absolute`)).toBe("until then");
      const keys = (await kv.list({ prefix: ns })).keys;
      const byName = new Map(keys.map((k) => [k.name.slice(ns.length), k]));
      expect(byName.get("absolute")?.expiration).toBe(nowSeconds + 7200);
      const ttl = byName.get("ttl")?.expiration ?? 0;
      expect(Math.abs(ttl - (nowSeconds + 3600))).toBeLessThan(120);
      expect(byName.get("forever")?.expiration).toBeUndefined();
    });

    it("drops the expiry when a key is put again without one", async () => {
      await kv.put(`${ns}k`, "v1", { expirationTtl: 3600 });
      await kv.put(`${ns}k`, "v2");
      const [key] = (await kv.list({ prefix: ns })).keys;
      expect(key?.name).toBe(`${ns}k`);
      expect(key?.expiration).toBeUndefined();
    });

    it("lists live keys under a prefix in key order, with their metadata", async () => {
      const names = ["b:2", "a", "b:1", "ab", "c", "b:10"];
      for (const n of names) await kv.put(`${ns}${n}`, n, { metadata: { name: n, size: n.length } });
      await kv.put(`${ns}plain`, "no metadata");
      await kv.put(`contract:${crypto.randomUUID()}:a`, "another prefix");
      const all = await kv.list({ prefix: ns });
      expect(all.list_complete).toBe(true);
      expect(all.keys.map((k) => k.name)).toEqual([...names, "plain"].map((n) => `${ns}${n}`).sort(compareUtf8));
      for (const key of all.keys) {
        const n = key.name.slice(ns.length);
        if (n === "plain") expect(key.metadata ?? null).toBeNull();
        else expect(key.metadata).toEqual({ name: n, size: n.length });
      }
      const under = await kv.list({ prefix: `${ns}b:` });
      expect(under.keys.map((k) => k.name)).toEqual([`${ns}b:1`, `${ns}b:10`, `${ns}b:2`]);
      expect((await kv.list({ prefix: `${ns}zzz` })).keys).toEqual([]);
    });

    it("pages a listing with limit and cursor, each key once", async () => {
      const keys = Array.from({ length: 11 }, (_, i) => `${ns}item-${String(i).padStart(2, "0")}`);
      for (const k of keys) await kv.put(k, k);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result = await kv.list({ prefix: ns, limit: 4, cursor });
        expect(result.keys.length).toBeLessThanOrEqual(4);
        seen.push(...result.keys.map((k) => k.name));
        if (result.list_complete) break;
        expect(typeof result.cursor).toBe("string");
        cursor = result.cursor;
      }
      expect(seen).toEqual(keys);
    });
  });
}
