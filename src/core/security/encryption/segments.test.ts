import { describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { encryptedSize, HEADER_BYTES, plaintextSize, TAG_BYTES } from "./format";
import { createDecryptStream, createEncryptStream } from "./segments";

const SEG = 1024;

async function aesKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}

function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 131 + seed * 7 + (i >>> 9)) & 0xff;
  return out;
}

const CHUNK_SIZES = [1, 700, 4093, 65_539, 13, 1024];

/** The bytes as a stream of uneven chunks, so segment edges fall inside chunks and between them. */
function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  let turn = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      const size = CHUNK_SIZES[turn++ % CHUNK_SIZES.length] ?? 1;
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Equal bytes, compared natively: a deep equality over megabytes takes minutes. */
function expectSame(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.byteLength).toBe(expected.byteLength);
  expect(Buffer.compare(actual, expected)).toBe(0);
}

const dataKeyId = () => crypto.getRandomValues(new Uint8Array(16));

async function encrypt(plain: Uint8Array, key: CryptoKey, id = dataKeyId(), segmentBytes = SEG) {
  return collect(chunked(plain).pipeThrough(createEncryptStream({ key, dataKeyId: id, segmentBytes })));
}

/** Decrypts, returning what came out before the stream failed and the error (if any). */
async function decrypt(sealed: Uint8Array, key: CryptoKey): Promise<{ out: Uint8Array; error?: unknown }> {
  const reader = chunked(sealed)
    .pipeThrough(createDecryptStream({ resolveKey: async () => key }))
    .getReader();
  const parts: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { out: join(...parts) };
      parts.push(value);
    }
  } catch (error) {
    return { out: join(...parts), error };
  }
}

/** The segments of a sealed object (after the header), each with its tag. */
function segmentsOf(sealed: Uint8Array, segmentBytes = SEG): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = HEADER_BYTES; at < sealed.byteLength; at += segmentBytes + TAG_BYTES) {
    out.push(sealed.slice(at, at + segmentBytes + TAG_BYTES));
  }
  return out;
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

describe("segmented AES-256-GCM streams", () => {
  it.each([0, 1, SEG - 1, SEG, SEG + 1, 3 * SEG, 2 * 1024 * 1024 + 5])("round-trips %i bytes", async (size) => {
    const key = await aesKey();
    const plain = pattern(size, size);
    const sealed = await encrypt(plain, key);
    expect(sealed.byteLength).toBe(encryptedSize(size, SEG));
    expect(plaintextSize(sealed.byteLength, SEG)).toBe(size);
    const { out, error } = await decrypt(sealed, key);
    expect(error).toBeUndefined();
    expectSame(out, plain);
  });

  it("round-trips several megabytes with the default segment size", async () => {
    const key = await aesKey();
    const plain = pattern(5 * 1024 * 1024 + 123, 9);
    const sealed = await collect(chunked(plain).pipeThrough(createEncryptStream({ key, dataKeyId: dataKeyId() })));
    const back = await collect(chunked(sealed).pipeThrough(createDecryptStream({ resolveKey: async () => key })));
    expectSame(back, plain);
  });

  it("streams: a 100 MB document passes through holding a few segments, never the whole", async () => {
    const key = await aesKey();
    const total = 100 * 1024 * 1024;
    const chunk = new Uint8Array(64 * 1024).fill(7);
    let produced = 0;
    let consumed = 0;
    let maxLag = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (produced >= total) return controller.close();
        produced += chunk.byteLength;
        controller.enqueue(chunk.slice());
      },
    });
    const stream = source
      .pipeThrough(createEncryptStream({ key, dataKeyId: dataKeyId() }))
      .pipeThrough(createDecryptStream({ resolveKey: async () => key }));
    for await (const part of stream) {
      consumed += part.byteLength;
      maxLag = Math.max(maxLag, produced - consumed);
    }
    expect(consumed).toBe(total);
    // Bytes read from the source but not yet out the other end: a handful of segments (256 KiB) and chunks.
    expect(maxLag).toBeLessThan(4 * 1024 * 1024);
  }, 120_000);

  it("seals the same plaintext differently each time", async () => {
    const key = await aesKey();
    const id = dataKeyId();
    const plain = pattern(3000);
    expect(await encrypt(plain, key, id)).not.toEqual(await encrypt(plain, key, id));
  });

  describe("refuses, with an error and never a wrong byte", () => {
    const plain = pattern(4 * SEG + 100, 3);

    async function expectRefused(sealed: Uint8Array, key: CryptoKey, message: RegExp) {
      const { out, error } = await decrypt(sealed, key);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(message);
      // Whatever came out before the failure is a true prefix of the plaintext, whole segments only.
      expectSame(out, plain.slice(0, out.byteLength));
      expect(out.byteLength % SEG).toBe(0);
    }

    it("a flipped byte in a segment, in a tag, or in the header", async () => {
      const key = await aesKey();
      const sealed = await encrypt(plain, key);
      for (const at of [HEADER_BYTES + 5, HEADER_BYTES + 2 * (SEG + TAG_BYTES) - 1, sealed.byteLength - 1, 20]) {
        const tampered = sealed.slice();
        tampered[at] = (tampered[at] ?? 0) ^ 0x01;
        await expectRefused(tampered, key, /does not authenticate|header/);
      }
    });

    it("a stream cut inside a segment, at a segment boundary, or after the header", async () => {
      const key = await aesKey();
      const sealed = await encrypt(plain, key);
      const segments = segmentsOf(sealed);
      const header = sealed.slice(0, HEADER_BYTES);
      await expectRefused(sealed.slice(0, sealed.byteLength - 10), key, /does not authenticate/);
      await expectRefused(join(header, ...segments.slice(0, 3)), key, /does not authenticate/);
      await expectRefused(header, key, /truncated/);
      await expectRefused(sealed.slice(0, 10), key, /truncated/);
      await expectRefused(join(header, (segments[0] as Uint8Array).slice(0, 8)), key, /truncated/);
    });

    it("reordered, repeated or dropped segments", async () => {
      const key = await aesKey();
      const sealed = await encrypt(plain, key);
      const [s0, s1, s2, s3, s4] = segmentsOf(sealed) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
      const header = sealed.slice(0, HEADER_BYTES);
      await expectRefused(join(header, s0, s2, s1, s3, s4), key, /segment 1 does not/);
      await expectRefused(join(header, s0, s1, s1, s2, s3, s4), key, /segment 2 does not/);
      await expectRefused(join(header, s0, s2, s3, s4), key, /segment 1 does not/);
      await expectRefused(join(header, s0, s1, s2, s4), key, /segment 3 does not/);
    });

    it("a segment taken from another object sealed with the same key", async () => {
      const key = await aesKey();
      const id = dataKeyId();
      const sealed = await encrypt(plain, key, id);
      const other = segmentsOf(await encrypt(plain, key, id));
      const mine = segmentsOf(sealed);
      mine[2] = other[2] as Uint8Array;
      await expectRefused(join(sealed.slice(0, HEADER_BYTES), ...mine), key, /segment 2 does not/);
    });

    it("the wrong key", async () => {
      const sealed = await encrypt(plain, await aesKey());
      await expectRefused(sealed, await aesKey(), /segment 0 does not authenticate/);
    });

    it("bytes that are not an encrypted object", async () => {
      await expectRefused(pattern(500), await aesKey(), /header/);
    });
  });
});
