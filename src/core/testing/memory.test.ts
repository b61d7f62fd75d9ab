import { describe, expect, it } from "vitest";
import { describeBlobStoreContract } from "./blob-store.contract";
import { describeKeyValueContract } from "./key-value.contract";
import { createMemoryBlobStore } from "./memory-blob-store";
import { createMemoryKeyValue } from "./memory-key-value";

describeBlobStoreContract("memory", async () => ({ store: createMemoryBlobStore() }));
describeKeyValueContract("memory", async () => ({ kv: createMemoryKeyValue() }));

describe("memory key-value expiry", () => {
  it("hides entries once their expiration is reached and purges them", async () => {
    let now = 1_700_000_000_000;
    const kv = createMemoryKeyValue({ now: () => now });
    await kv.put("ttl", "v", { expirationTtl: 10 });
    await kv.put("abs", "v", { expiration: now / 1000 + 20 });
    await kv.put("both", "v", { expiration: now / 1000 + 1000, expirationTtl: 5 });
    await kv.put("keep", "v");
    now += 5_000;
    expect(await kv.get("both")).toBeNull();
    expect(await kv.get("ttl")).toBe("v");
    now += 5_000;
    expect(await kv.get("ttl")).toBeNull();
    expect((await kv.list()).keys.map((k) => k.name)).toEqual(["abs", "keep"]);
    now += 10_000;
    expect(await kv.purgeExpired()).toBe(1);
    expect(kv.size).toBe(1);
  });

  it("refuses keys and options that Workers KV refuses", async () => {
    const kv = createMemoryKeyValue();
    await expect(kv.put("", "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(kv.put("..", "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(kv.put("k".repeat(513), "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(kv.put("k", "v", { expirationTtl: 0 })).rejects.toMatchObject({ code: "bad_request" });
    await expect(kv.put("k", "v", { metadata: { big: "x".repeat(1100) } })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(kv.list({ limit: 1001 })).rejects.toMatchObject({ code: "bad_request" });
    await expect(kv.list({ cursor: "%%%" })).rejects.toMatchObject({ code: "bad_request" });
  });
});

describe("memory blob store", () => {
  it("keeps its own copy of the bytes put", async () => {
    const store = createMemoryBlobStore();
    const bytes = new Uint8Array([1, 2, 3]);
    await store.put("k", bytes);
    bytes[0] = 9;
    expect(new Uint8Array(await ((await store.get("k"))?.arrayBuffer() ?? new ArrayBuffer(0)))).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });

  it("refuses keys, metadata and limits that R2 refuses", async () => {
    const store = createMemoryBlobStore();
    await expect(store.put("", "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.put("k".repeat(1025), "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.put("\uD800", "v")).rejects.toMatchObject({ code: "bad_request" });
    await expect(store.put("k", "v", { customMetadata: { a: "x".repeat(2100) } })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(store.list({ limit: 0 })).rejects.toMatchObject({ code: "bad_request" });
    expect(store.size).toBe(0);
  });

  it("always reports the SHA-256 checksum", async () => {
    const store = createMemoryBlobStore();
    const put = await store.put("k", "abc");
    const hex = Array.from(new Uint8Array(put.checksums.sha256 ?? new ArrayBuffer(0)), (b) =>
      b.toString(16).padStart(2, "0"),
    ).join("");
    expect(hex).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
