import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeBlobStoreContract } from "../../core/testing/blob-store.contract";
import { createFsBlobStore, type FsBlobStore } from "./fs-blob-store";

describeBlobStoreContract("fs", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fs-blob-contract-"));
  return {
    store: createFsBlobStore({ root: dir }),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

/** Every file and folder under `dir`, as paths relative to it. */
function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    const rel = path.relative(base, full);
    return entry.isDirectory() ? [rel, ...walk(full, base)] : [rel];
  });
}

function stream(chunks: Uint8Array[], failWith?: Error): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else if (failWith) controller.error(failWith);
      else controller.close();
    },
  });
}

describe("fs blob store", () => {
  let parent: string;
  let root: string;
  let store: FsBlobStore;

  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), "fs-blob-"));
    root = path.join(parent, "root");
    store = createFsBlobStore({ root });
  });
  afterEach(() => {
    fs.rmSync(parent, { recursive: true, force: true });
  });

  it("keeps every key inside the root, whatever it contains, and returns it as given", async () => {
    const keys = [
      "../outside",
      "../../../../../../tmp/evil",
      "/etc/passwd",
      "C:\\Windows\\system32",
      "..\\..\\x",
      "nul\u0000byte",
      "..",
      ".",
      "a/../../b",
      "~/.ssh/id_rsa",
      "ünïcödé/日本語/📄",
      "\u202Eright-to-left",
      "k".repeat(1024),
      "é".repeat(512),
      `${"x/".repeat(300)}deep`,
    ];
    for (const key of keys) await store.put(key, `value of ${key}`);
    expect(fs.readdirSync(parent)).toEqual(["root"]);
    const entries = walk(root);
    for (const entry of entries) {
      expect(entry).toMatch(/^(objects|tmp)(\/[0-9A-V]{200}\.d)*(\/[0-9A-V]{1,200})?$/);
      expect(path.resolve(root, entry).startsWith(`${root}${path.sep}`)).toBe(true);
    }
    for (const key of keys) expect(await (await store.get(key))?.text()).toBe(`value of ${key}`);
    const listed = (await store.list()).objects.map((o) => o.key);
    expect([...listed].sort()).toEqual([...keys].sort());
    await store.delete(keys);
    expect(walk(root).sort()).toEqual(["objects", "tmp"]);
  });

  it("refuses keys R2 would refuse, before touching the disk", async () => {
    await expect(store.put("", "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.put("k".repeat(1025), "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.put("é".repeat(513), "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.put("lone \uD800 surrogate", "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.get("")).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.delete(["ok", ""])).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.list({ limit: 1001 })).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.list({ cursor: "../x" })).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.put("k", "v", { customMetadata: { a: "x".repeat(2100) } })).rejects.toMatchObject({
      code: "bad_request",
    });
    expect(walk(root).sort()).toEqual(["objects", "tmp"]);
  });

  it("records MD5 as etag and SHA-256 as checksum", async () => {
    const put = await store.put("doc", "The Congress shall have Power");
    const head = await store.head("doc");
    const md5 = createHash("md5").update("The Congress shall have Power").digest("hex");
    const sha = createHash("sha256").update("The Congress shall have Power").digest();
    expect(put.etag).toBe(md5);
    expect(head?.etag).toBe(md5);
    expect(Buffer.from(head?.checksums.sha256 ?? new ArrayBuffer(0))).toEqual(sha);
  });

  it("lets an open body finish on the old version while the key is replaced or deleted", async () => {
    const old = new Uint8Array(600_000).fill(1);
    await store.put("doc", old);
    const reading = await store.get("doc");
    await store.put("doc", new Uint8Array(10).fill(2));
    expect(new Uint8Array((await reading?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(old);
    const second = await store.get("doc");
    await store.delete("doc");
    expect(await second?.text()).toBe("\u0002".repeat(10));
    expect(await store.get("doc")).toBeNull();
  });

  it("leaves no temporary file and the old object when a stream fails or writing is refused", async () => {
    await store.put("doc", "original");
    await expect(store.put("doc", stream([new Uint8Array(2_000_000)], new Error("client went away")))).rejects.toThrow(
      "client went away",
    );
    await expect(store.put("doc", stream([new Uint8Array(5), "text" as unknown as Uint8Array]))).rejects.toMatchObject({
      code: "bad_request",
    });
    expect(await (await store.get("doc"))?.text()).toBe("original");
    expect(fs.readdirSync(path.join(root, "tmp"))).toEqual([]);
  });

  it("keeps each object whole under concurrent writers to one key", async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => new Uint8Array(300_000 + i).fill(i));
    const puts = await Promise.all(bodies.map((b) => store.put("contended", b)));
    const got = await store.get("contended");
    const bytes = new Uint8Array((await got?.arrayBuffer()) ?? new ArrayBuffer(0));
    const winner = puts.findIndex((p) => p.etag === got?.etag);
    expect(winner).toBeGreaterThanOrEqual(0);
    expect(bytes).toEqual(bodies[winner]);
    expect(fs.readdirSync(path.join(root, "tmp"))).toEqual([]);
  });

  it("sees writes made through another instance on the same root at once", async () => {
    const other = createFsBlobStore({ root });
    await other.put("shared", "from the other one");
    expect(await (await store.get("shared"))?.text()).toBe("from the other one");
    await store.delete("shared");
    expect(await other.head("shared")).toBeNull();
  });

  it("pages listings by exactly `limit` and skips foreign files", async () => {
    fs.writeFileSync(path.join(root, "objects", "README.txt"), "not an object");
    fs.writeFileSync(path.join(root, "objects", "01"), "not base32hex canonical");
    for (let i = 0; i < 7; i++) await store.put(`k${i}`, String(i));
    const first = await store.list({ limit: 3 });
    expect(first.objects.map((o) => o.key)).toEqual(["k0", "k1", "k2"]);
    expect(first.truncated).toBe(true);
    const second = await store.list({ limit: 3, cursor: first.cursor });
    expect(second.objects.map((o) => o.key)).toEqual(["k3", "k4", "k5"]);
    const third = await store.list({ limit: 3, cursor: second.cursor });
    expect(third.objects.map((o) => o.key)).toEqual(["k6"]);
    expect(third.truncated).toBe(false);
    expect(third.cursor).toBeUndefined();
    expect((await store.list({ prefix: "k", cursor: first.cursor, limit: 2 })).objects.map((o) => o.key)).toEqual([
      "k3",
      "k4",
    ]);
  });

  it("lists long keys nested in folders in key order with a prefix", async () => {
    const base = "p".repeat(130);
    const keys = [`${base}b`, `${base}a/${"z".repeat(300)}`, `${base}a`, "p", `${"p".repeat(129)}o`];
    for (const k of keys) await store.put(k, k);
    const listed = (await store.list({ prefix: base })).objects.map((o) => o.key);
    expect(listed).toEqual([`${base}a`, `${base}a/${"z".repeat(300)}`, `${base}b`]);
    expect((await store.list({ prefix: "p", limit: 2 })).objects.map((o) => o.key)).toEqual([
      "p",
      `${"p".repeat(129)}o`,
    ]);
  });

  it("sweeps temporary files left by a crashed writer, not fresh ones", async () => {
    const stale = path.join(root, "tmp", "dead.tmp");
    const fresh = path.join(root, "tmp", "live.tmp");
    fs.writeFileSync(stale, "half an upload");
    fs.writeFileSync(fresh, "an upload in progress");
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(stale, hourAgo, hourAgo);
    expect(await store.sweepTemporaryFiles()).toBe(1);
    expect(fs.readdirSync(path.join(root, "tmp"))).toEqual(["live.tmp"]);
  });
});
