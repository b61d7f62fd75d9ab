import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createR2BlobStore } from "../../../../adapters/cloudflare/r2-blob-store";
import { createWorkerRuntime } from "../../../../apps/worker/runtime";
import { AppError } from "../../../errors";
import { describeBlobStoreContract } from "../../../testing/blob-store.contract";
import { createEncryptedBlobStore } from "../encrypted-blob-store";
import { hasMagic } from "../format";
import { keyringFromSetting } from "../keyring";

const encrypted = () =>
  createEncryptedBlobStore({
    inner: createR2BlobStore({ bucket: env.DOCUMENTS }),
    db: env.DB,
    keyring: keyringFromSetting(env.OPENDISCOURSE_MASTER_KEY),
  });

describeBlobStoreContract("encrypted over R2 and D1", async () => ({ store: encrypted() }));

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 131 + seed * 7 + (i >>> 10)) & 0xff;
  return out;
}

async function sha256(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("encryption at rest on Workers", () => {
  it("stores ciphertext in R2 and the wrapped data key in D1, streaming a multipart-sized object back", async () => {
    const store = encrypted();
    const key = `encrypted/${crypto.randomUUID()}`;
    const data = bytes(11 * 1024 * 1024 + 3, 5);
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= data.byteLength) return controller.close();
        controller.enqueue(data.slice(offset, offset + 1_000_003));
        offset += 1_000_003;
      },
    });
    const put = await store.put(key, stream, { httpMetadata: { contentType: "application/pdf" } });
    expect(put?.size).toBe(data.byteLength);
    const raw = await env.DOCUMENTS.get(key);
    const rawBytes = new Uint8Array((await raw?.arrayBuffer()) ?? new ArrayBuffer(0));
    expect(hasMagic(rawBytes)).toBe(true);
    expect(rawBytes.byteLength).toBeGreaterThan(data.byteLength);
    const row = await env.DB.prepare("SELECT * FROM encrypted_objects WHERE object_key = ?").bind(key).first();
    expect(row).toMatchObject({ plaintext_size: data.byteLength });
    const got = await store.get(key);
    expect(got?.size).toBe(data.byteLength);
    expect(got?.httpMetadata?.contentType).toBe("application/pdf");
    expect(await sha256(await (got as NonNullable<typeof got>).arrayBuffer())).toBe(await sha256(data));
  });

  it("refuses to store documents when no master key is configured, naming the setting", async () => {
    const { OPENDISCOURSE_MASTER_KEY: _key, ...rest } = env;
    const { services } = createWorkerRuntime({ ...rest });
    const refused = await services
      .ingest({
        body: new Response("# Notes\n\nplain text").body as ReadableStream<Uint8Array>,
        filename: "notes.md",
        uploadedBy: "test",
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("OPENDISCOURSE_MASTER_KEY"),
    });
  });

  it("refuses a malformed master key when the runtime is built", () => {
    expect(() => createWorkerRuntime({ ...env, OPENDISCOURSE_MASTER_KEY: "c2hvcnQ=" })).toThrow(/masterKey/);
  });
});
