import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../../../adapters/node/migrations";
import { openSqliteDatabase } from "../../../adapters/node/sqlite-database";
import { AppError } from "../../errors";
import { describeBlobStoreContract } from "../../testing/blob-store.contract";
import { createMemoryBlobStore, type MemoryBlobStore } from "../../testing/memory-blob-store";
import { createEncryptedBlobStore, DATA_KEY_METADATA } from "./encrypted-blob-store";
import { HEADER_BYTES, hasMagic } from "./format";
import { createKeyring, generateMasterKey, type Keyring, type MasterKeyMaterial } from "./keyring";
import { encryptExisting, encryptionStatus, rewrapDataKeys } from "./maintenance";

function openDb() {
  const db = openSqliteDatabase({ path: ":memory:" });
  applyMigrations(db.raw);
  return db;
}

describeBlobStoreContract("encrypted over memory", async () => {
  const db = openDb();
  const keyring = await createKeyring([await generateMasterKey()]);
  return {
    store: createEncryptedBlobStore({ inner: createMemoryBlobStore(), db, keyring, segmentBytes: 4096 }),
    cleanup: () => db.close(),
  };
});

async function text(object: { text(): Promise<string> } | null): Promise<string | undefined> {
  return object?.text();
}

describe("encrypted blob store", () => {
  let db: ReturnType<typeof openDb>;
  let inner: MemoryBlobStore;
  let master: MasterKeyMaterial;
  let keyring: Keyring;
  beforeEach(async () => {
    db = openDb();
    inner = createMemoryBlobStore();
    master = await generateMasterKey();
    keyring = await createKeyring([master]);
  });
  afterEach(() => db.close());

  it("stores ciphertext with a header, never the plaintext, and records the data key", async () => {
    const store = createEncryptedBlobStore({ inner, db, keyring });
    const secret = "Sensitive testimony: the witness said 42.".repeat(100);
    await store.put("originals/a", secret, { customMetadata: { filename: "a.txt" } });
    const raw = new Uint8Array((await (await inner.get("originals/a"))?.arrayBuffer()) ?? []);
    expect(hasMagic(raw)).toBe(true);
    expect(new TextDecoder("latin1").decode(raw)).not.toContain("Sensitive testimony");
    expect(raw.byteLength).toBe(HEADER_BYTES + secret.length + 16);
    const row = await db.prepare("SELECT * FROM encrypted_objects WHERE object_key = ?").bind("originals/a").first();
    expect(row).toMatchObject({ master_key_id: keyring.currentId, plaintext_size: secret.length });
    expect(await text(await store.get("originals/a"))).toBe(secret);
    expect((await store.head("originals/a"))?.customMetadata).toEqual({ filename: "a.txt" });
  });

  it("reads objects stored before encryption as they are, and reports them", async () => {
    await inner.put("originals/legacy", "plain old bytes", { httpMetadata: { contentType: "text/plain" } });
    const reported: string[] = [];
    const store = createEncryptedBlobStore({ inner, db, keyring, onPlaintextRead: (k) => reported.push(k) });
    expect((await store.head("originals/legacy"))?.size).toBe(15);
    expect(await text(await store.get("originals/legacy"))).toBe("plain old bytes");
    expect(reported).toEqual(["originals/legacy"]);
    expect((await store.list()).objects.map((o) => [o.key, o.size])).toEqual([["originals/legacy", 15]]);
  });

  it("refuses to return ciphertext whose data key record is gone", async () => {
    const store = createEncryptedBlobStore({ inner, db, keyring });
    await store.put("k", "some secret");
    await db.prepare("DELETE FROM encrypted_objects").run();
    await expect(store.head("k")).rejects.toThrow(/data key record is missing/);
    await expect(store.get("k")).rejects.toThrow(/data key record is missing/);
    // Even with its metadata stripped too, the body is recognised as ciphertext and refused.
    const object = await inner.get("k");
    const bytes = new Uint8Array((await object?.arrayBuffer()) ?? []);
    await inner.put("k", bytes);
    await expect(store.get("k").then((o) => o?.text())).rejects.toThrow(/data key record is missing/);
  });

  it("refuses an object copied under another key", async () => {
    const store = createEncryptedBlobStore({ inner, db, keyring });
    await store.put("a", "for a only");
    await store.put("b", "for b");
    const a = await inner.get("a");
    await inner.put("b", (await a?.arrayBuffer()) ?? null, {
      customMetadata: { [DATA_KEY_METADATA]: a?.customMetadata?.[DATA_KEY_METADATA] ?? "" },
    });
    await expect(store.get("b").then((o) => o?.text())).rejects.toThrow(/data key record is missing/);
    // With the marker naming b's own row, the header still names a's data key: refused too.
    const ownId =
      (await db
        .prepare("SELECT data_key_id FROM encrypted_objects WHERE object_key = 'b'")
        .first<string>("data_key_id")) ?? "";
    await inner.put("b", (await (await inner.get("a"))?.arrayBuffer()) ?? null, {
      customMetadata: { [DATA_KEY_METADATA]: ownId },
    });
    await expect(store.get("b").then((o) => o?.text())).rejects.toThrow(/no data key .* is recorded for it/);
  });

  it("refuses to store without a master key, with a clear problem, but still reads plaintext", async () => {
    await inner.put("old", "legacy");
    const store = createEncryptedBlobStore({ inner, db, keyring: null });
    const error = await store.put("new", "x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/master key/) });
    expect(await inner.head("new")).toBeNull();
    expect(await text(await store.get("old"))).toBe("legacy");
  });

  it("drops the row of a write that failed, and of versions it replaced", async () => {
    let clock = Date.parse("2026-01-01T00:00:00Z");
    const now = () => {
      clock += 120_000;
      return new Date(clock);
    };
    const store = createEncryptedBlobStore({ inner, db, keyring, now });
    await store.put("k", "v1");
    await store.put("k", "v2");
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("client went away"));
      },
    });
    await expect(store.put("k", failing)).rejects.toThrow(/client went away/);
    const rows = await db.prepare("SELECT * FROM encrypted_objects").all();
    expect(rows.results).toHaveLength(1);
    expect(await text(await store.get("k"))).toBe("v2");
  });

  it("rewraps every data key to a new master key, after which only the new key is needed", async () => {
    const store = createEncryptedBlobStore({ inner, db, keyring });
    for (let i = 0; i < 7; i++) await store.put(`doc/${i}`, `document ${i}`);
    const next = await generateMasterKey();
    const both = await createKeyring([next, master]);
    const seen: number[] = [];
    expect(await rewrapDataKeys({ db, keyring: both, batchSize: 3, onBatch: (n) => seen.push(n) })).toEqual({
      rewrapped: 7,
    });
    expect(seen).toEqual([3, 6, 7]);
    expect(await rewrapDataKeys({ db, keyring: both })).toEqual({ rewrapped: 0 });
    const onlyNew = createEncryptedBlobStore({ inner, db, keyring: await createKeyring([next]) });
    for (let i = 0; i < 7; i++) expect(await text(await onlyNew.get(`doc/${i}`))).toBe(`document ${i}`);
    const status = await encryptionStatus({ db, inner, keyring: both });
    expect(status).toMatchObject({
      byMasterKey: [{ masterKeyId: next.id, objects: 7, pending: 0 }],
      plaintextObjects: 0,
    });
  });

  it("encrypts plaintext objects in place, keeping their metadata", async () => {
    await inner.put("old/1", "first legacy", { customMetadata: { filename: "one.txt" } });
    await inner.put("old/2", "second legacy");
    const store = createEncryptedBlobStore({ inner, db, keyring });
    await store.put("new/1", "already encrypted");
    expect(await encryptionStatus({ db, inner, keyring })).toMatchObject({ plaintextObjects: 2, encryptedObjects: 1 });
    expect(await encryptExisting({ db, inner, encrypted: store })).toEqual({ encrypted: 2 });
    expect(await encryptionStatus({ db, inner, keyring })).toMatchObject({ plaintextObjects: 0, encryptedObjects: 3 });
    expect(hasMagic(new Uint8Array((await (await inner.get("old/1"))?.arrayBuffer()) ?? []))).toBe(true);
    expect(await text(await store.get("old/1"))).toBe("first legacy");
    expect((await store.head("old/1"))?.customMetadata).toEqual({ filename: "one.txt" });
    expect(await encryptExisting({ db, inner, encrypted: store })).toEqual({ encrypted: 0 });
  });
});
