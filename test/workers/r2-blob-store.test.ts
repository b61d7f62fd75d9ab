import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createR2BlobStore } from "../../src/adapters/cloudflare/r2-blob-store";
import { describeBlobStoreContract } from "../../src/core/testing/blob-store.contract";

describeBlobStoreContract("R2 binding", async () => ({ store: env.DOCUMENTS }));
describeBlobStoreContract("R2 blob store", async () => ({ store: createR2BlobStore({ bucket: env.DOCUMENTS }) }));

const MiB = 1024 * 1024;

function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 131 + seed * 7 + (i >>> 10)) & 0xff;
  return out;
}

/** A plain stream, of unknown length to R2, that hands out `total` bytes in uneven chunks, then fails if asked. */
function plainStream(data: Uint8Array, failAfter?: number): ReadableStream<Uint8Array> {
  let offset = 0;
  let turn = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && offset >= failAfter) {
        controller.error(new Error("client went away"));
        return;
      }
      if (offset >= data.byteLength) {
        controller.close();
        return;
      }
      const size = [1, 70_001, 333_333, 1 * MiB + 17][turn++ % 4] ?? 1;
      controller.enqueue(data.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function sha256(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("createR2BlobStore with streams of unknown length", () => {
  const store = createR2BlobStore({ bucket: env.DOCUMENTS, partBytes: 5 * MiB });
  const ns = `r2-stream/${crypto.randomUUID()}/`;

  it("stores a short stream, which the binding alone refuses", async () => {
    const data = bytes(100_000, 1);
    await expect(env.DOCUMENTS.put(`${ns}raw`, plainStream(data))).rejects.toThrow(/known length/);
    const put = await store.put(`${ns}short`, plainStream(data), { httpMetadata: { contentType: "text/plain" } });
    expect(put?.size).toBe(data.byteLength);
    const got = await store.get(`${ns}short`);
    expect(await sha256(await (got?.arrayBuffer() ?? new ArrayBuffer(0)))).toBe(await sha256(data));
    expect(got?.httpMetadata?.contentType).toBe("text/plain");
  });

  it("stores an empty stream as an empty object", async () => {
    await store.put(`${ns}empty`, plainStream(new Uint8Array(0)));
    expect((await store.head(`${ns}empty`))?.size).toBe(0);
  });

  it("uploads a stream longer than a part in parts, with its metadata", async () => {
    const data = bytes(12 * MiB + 3, 2);
    const put = await store.put(`${ns}long.pdf`, plainStream(data), {
      httpMetadata: { contentType: "application/pdf" },
      customMetadata: { documentId: "d-1" },
    });
    expect(put?.size).toBe(data.byteLength);
    const got = await store.get(`${ns}long.pdf`);
    expect(got?.size).toBe(data.byteLength);
    expect(await sha256(await (got?.arrayBuffer() ?? new ArrayBuffer(0)))).toBe(await sha256(data));
    expect(got?.httpMetadata?.contentType).toBe("application/pdf");
    expect(got?.customMetadata).toEqual({ documentId: "d-1" });
  });

  it("keeps the previous object when a long stream fails part-way", async () => {
    await store.put(`${ns}doc`, "the original");
    const data = bytes(11 * MiB, 3);
    await expect(store.put(`${ns}doc`, plainStream(data, 7 * MiB))).rejects.toThrow("client went away");
    expect(await (await store.get(`${ns}doc`))?.text()).toBe("the original");
    await expect(store.put(`${ns}new`, plainStream(data, 2 * MiB))).rejects.toThrow("client went away");
    expect(await store.head(`${ns}new`)).toBeNull();
  });
});
