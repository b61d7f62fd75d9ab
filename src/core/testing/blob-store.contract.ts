import { md5 } from "@noble/hashes/legacy.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlobObject, BlobStore } from "../ports/blob-store";
import { compareUtf8 } from "../storage-rules/utf8";

export type BlobStoreFactory = () => Promise<{ store: BlobStore; cleanup?: () => Promise<void> }>;

/**
 * What every BlobStore does, held to what R2 itself does, so it also runs against an R2 binding inside workerd.
 * Every test works under its own random key prefix, so a factory may hand out one shared bucket.
 * Streams are given a known length where the runtime has `FixedLengthStream` (R2 refuses streams of unknown length).
 */
export function describeBlobStoreContract(name: string, factory: BlobStoreFactory): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: (() => Promise<void>) | undefined;
    let ns: string;

    beforeEach(async () => {
      ({ store, cleanup } = await factory());
      ns = `contract/${crypto.randomUUID()}/`;
    });
    afterEach(async () => {
      await cleanup?.();
    });

    it("stores a string and returns it with its size, etag and upload date", async () => {
      const put = await store.put(`${ns}a.txt`, "hello, world");
      expect(put).not.toBeNull();
      expect(put?.key).toBe(`${ns}a.txt`);
      expect(put?.size).toBe(12);
      expect(put?.etag).toBe(md5Hex(utf8("hello, world")));
      expect(put?.uploaded).toBeInstanceOf(Date);
      const got = await store.get(`${ns}a.txt`);
      expect(got?.size).toBe(12);
      expect(await got?.text()).toBe("hello, world");
      const head = await store.head(`${ns}a.txt`);
      expect(head?.key).toBe(`${ns}a.txt`);
      expect(head?.size).toBe(12);
      expect(head?.etag).toBe(put?.etag);
      expect(head?.uploaded.getTime()).toBe(put?.uploaded.getTime());
      expect(head && "body" in head).toBe(false);
    });

    it("stores bytes from an ArrayBuffer and from a view, only the view's own bytes", async () => {
      const bytes = pattern(300, 7);
      await store.put(`${ns}buffer`, bytes.slice().buffer);
      await store.put(`${ns}view`, bytes.subarray(100, 250));
      await store.put(`${ns}dataview`, new DataView(bytes.buffer, 10, 20));
      expect(new Uint8Array((await (await store.get(`${ns}buffer`))?.arrayBuffer()) ?? [])).toEqual(bytes);
      expect(await readBody(await store.get(`${ns}view`))).toEqual(bytes.slice(100, 250));
      expect(await readBody(await store.get(`${ns}dataview`))).toEqual(bytes.slice(10, 30));
    });

    it("stores an empty object from null and from an empty string", async () => {
      await store.put(`${ns}null`, null);
      await store.put(`${ns}empty`, "");
      for (const key of [`${ns}null`, `${ns}empty`]) {
        const got = await store.get(key);
        expect(got?.size).toBe(0);
        expect(await got?.text()).toBe("");
        expect(got?.etag).toBe(md5Hex(new Uint8Array(0)));
      }
    });

    it("stores a stream of uneven chunks in order and reports its checksum", async () => {
      const chunks = [pattern(1, 1), pattern(1000, 2), pattern(65_543, 3), pattern(3, 4)];
      const all = concat(chunks);
      const put = await store.put(`${ns}stream.bin`, streamOf(chunks), {
        httpMetadata: { contentType: "application/octet-stream" },
      });
      expect(put?.size).toBe(all.byteLength);
      const got = await store.get(`${ns}stream.bin`);
      expect(got?.body).toBeInstanceOf(ReadableStream);
      expect(await readBody(got)).toEqual(all);
      const sha = (await store.head(`${ns}stream.bin`))?.checksums.sha256;
      if (sha !== undefined) expect(hex(new Uint8Array(sha))).toBe(await sha256Hex(all));
    });

    it("streams a multi-megabyte object back intact", async () => {
      const chunks = Array.from({ length: 48 }, (_, i) => pattern(64 * 1024, i));
      const all = concat(chunks);
      await store.put(`${ns}big.bin`, streamOf(chunks));
      const got = await store.get(`${ns}big.bin`);
      expect(got?.size).toBe(all.byteLength);
      const back = await readBody(got);
      expect(back.byteLength).toBe(all.byteLength);
      expect(await sha256Hex(back)).toBe(await sha256Hex(all));
      expect(got?.etag).toBe(md5Hex(all));
    });

    it("returns null from get and head for a missing key", async () => {
      expect(await store.get(`${ns}missing`)).toBeNull();
      expect(await store.head(`${ns}missing`)).toBeNull();
    });

    it("round-trips http and custom metadata", async () => {
      const httpMetadata = { contentType: "application/pdf", contentDisposition: 'attachment; filename="hr1.pdf"' };
      const customMetadata = { source: "govinfo", congress: "118", title: "Ünïcödé — title" };
      const put = await store.put(`${ns}hr1.pdf`, "%PDF-1.7", { httpMetadata, customMetadata });
      expect(put?.httpMetadata).toEqual(httpMetadata);
      expect(put?.customMetadata).toEqual(customMetadata);
      for (const object of [await store.head(`${ns}hr1.pdf`), await store.get(`${ns}hr1.pdf`)]) {
        expect(object?.httpMetadata).toEqual(httpMetadata);
        expect(object?.customMetadata).toEqual(customMetadata);
      }
    });

    it("replaces the content and the metadata of an existing key", async () => {
      await store.put(`${ns}doc`, "first", { customMetadata: { version: "1" }, httpMetadata: { contentType: "a/b" } });
      const second = await store.put(`${ns}doc`, "second version");
      const got = await store.get(`${ns}doc`);
      expect(await got?.text()).toBe("second version");
      expect(got?.etag).toBe(second?.etag);
      expect(got?.etag).toBe(md5Hex(utf8("second version")));
      expect(got?.customMetadata ?? {}).toEqual({});
      expect(got?.httpMetadata?.contentType).toBeUndefined();
    });

    it("keeps the previous object when a streamed put fails", async () => {
      await store.put(`${ns}doc`, "the original");
      const failing = streamOf([pattern(70_000, 1), pattern(70_000, 2)], new Error("upload interrupted"));
      await expect(store.put(`${ns}doc`, failing)).rejects.toBeTruthy();
      expect(await (await store.get(`${ns}doc`))?.text()).toBe("the original");
      await expect(store.put(`${ns}new`, streamOf([pattern(10, 1)], new Error("gone")))).rejects.toBeTruthy();
      expect(await store.head(`${ns}new`)).toBeNull();
    });

    it("deletes one key or many, and ignores keys that do not exist", async () => {
      for (const k of ["a", "b", "c", "d"]) await store.put(`${ns}${k}`, k);
      await store.delete(`${ns}a`);
      expect(await store.head(`${ns}a`)).toBeNull();
      await store.delete([`${ns}b`, `${ns}c`, `${ns}never-existed`]);
      await store.delete(`${ns}a`);
      expect(await store.head(`${ns}b`)).toBeNull();
      expect(await store.head(`${ns}c`)).toBeNull();
      expect(await (await store.get(`${ns}d`))?.text()).toBe("d");
      expect((await store.list({ prefix: ns })).objects.map((o) => o.key)).toEqual([`${ns}d`]);
    });

    it("lists keys under a prefix in key order with size and etag", async () => {
      const names = ["b/2", "a", "b/1", "ab", "c", "b/10", "a-z", "a/"];
      for (const n of names) await store.put(`${ns}${n}`, `content of ${n}`);
      await store.put(`contract/${crypto.randomUUID()}/a`, "another prefix");
      const listed = await store.list({ prefix: ns });
      expect(listed.truncated).toBe(false);
      expect(listed.objects.map((o) => o.key)).toEqual(names.map((n) => `${ns}${n}`).sort(compareUtf8));
      for (const object of listed.objects) {
        const text = `content of ${object.key.slice(ns.length)}`;
        expect(object.size).toBe(utf8(text).byteLength);
        expect(object.etag).toBe(md5Hex(utf8(text)));
        expect(object.uploaded).toBeInstanceOf(Date);
      }
      const under = await store.list({ prefix: `${ns}b/` });
      expect(under.objects.map((o) => o.key)).toEqual([`${ns}b/1`, `${ns}b/10`, `${ns}b/2`]);
      expect((await store.list({ prefix: `${ns}zzz` })).objects).toEqual([]);
    });

    it("pages a listing with limit and cursor, each key once", async () => {
      const keys = Array.from({ length: 11 }, (_, i) => `${ns}item-${String(i).padStart(2, "0")}`);
      for (const k of keys) await store.put(k, k);
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result = await store.list({ prefix: ns, limit: 4, cursor });
        expect(result.objects.length).toBeLessThanOrEqual(4);
        seen.push(...result.objects.map((o: BlobObject) => o.key));
        if (!result.truncated) break;
        expect(typeof result.cursor).toBe("string");
        cursor = result.cursor;
      }
      expect(seen).toEqual(keys);
    });

    it("stores keys that look like paths or hold unusual characters exactly as given", async () => {
      const odd = [
        "../escape",
        "../../../../etc/passwd",
        "/absolute/path",
        "back\\slash\\..\\x",
        "double//slash",
        "./dot",
        "trailing/",
        "ünïcödé/日本語/📄.pdf",
        "spaces and %2F and ?query#hash",
        "CON",
        "a".repeat(300),
      ];
      const longKey = `${ns}${"x".repeat(1000 - utf8(ns).byteLength)}`;
      const keys = [...odd.map((k) => ns + k), longKey];
      for (const k of keys) await store.put(k, `value for ${k}`);
      for (const k of keys) {
        const got = await store.get(k);
        expect(got?.key).toBe(k);
        expect(await got?.text()).toBe(`value for ${k}`);
      }
      const listed = await store.list({ prefix: ns });
      expect(listed.objects.map((o) => o.key)).toEqual([...keys].sort(compareUtf8));
      await store.delete(keys);
      expect((await store.list({ prefix: ns })).objects).toEqual([]);
    });
  });
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function pattern(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed * 17 + (i >>> 8)) & 0xff;
  return out;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function md5Hex(bytes: Uint8Array): string {
  return hex(md5(bytes));
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice())));
}

async function readBody(object: { body: ReadableStream<Uint8Array> } | null): Promise<Uint8Array> {
  if (object === null) throw new Error("object is missing");
  const chunks: Uint8Array[] = [];
  const reader = object.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(chunks);
    chunks.push(value);
  }
}

type FixedLengthStreamClass = new (length: number) => TransformStream<Uint8Array, Uint8Array>;

/** A stream of the chunks that errors at the end when `failWith` is given; of known length where R2 needs one. */
function streamOf(chunks: Uint8Array[], failWith?: Error): ReadableStream<Uint8Array> {
  const Fixed = (globalThis as { FixedLengthStream?: FixedLengthStreamClass }).FixedLengthStream;
  if (Fixed) {
    const total = chunks.reduce((n, c) => n + c.byteLength, 0);
    const { readable, writable } = new Fixed(failWith ? total + 1 : total);
    const writer = writable.getWriter();
    void (async () => {
      for (const chunk of chunks) await writer.write(chunk);
      await (failWith ? writer.abort(failWith) : writer.close());
    })().catch(() => {});
    return readable;
  }
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk !== undefined) controller.enqueue(chunk.slice());
      else if (failWith) controller.error(failWith);
      else controller.close();
    },
  });
}
