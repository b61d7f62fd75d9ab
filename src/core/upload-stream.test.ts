import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { cleanFilename } from "./ingest";
import { inspectUpload } from "./upload-stream";

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("inspectUpload", () => {
  it("hands back the head and the whole upload, hashed and counted", async () => {
    const bytes = new Uint8Array(50_000).map((_, i) => i % 251);
    const chunks = [bytes.slice(0, 3), bytes.slice(3, 10_000), bytes.slice(10_000)];
    const upload = await inspectUpload(streamOf(chunks), { headBytes: 8192, maxBytes: 1_000_000 });
    expect(upload.head).toEqual(bytes.slice(0, 8192));
    expect(() => upload.summary()).toThrow();
    expect(await drain(upload.body)).toEqual(bytes);
    expect(upload.summary()).toEqual({
      size: 50_000,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
  });

  it("works for uploads shorter than the head and for empty ones", async () => {
    const small = await inspectUpload(streamOf([new Uint8Array([1, 2, 3])]), { headBytes: 8192, maxBytes: 10 });
    expect(small.head).toEqual(new Uint8Array([1, 2, 3]));
    expect(await drain(small.body)).toEqual(new Uint8Array([1, 2, 3]));
    const empty = await inspectUpload(streamOf([]), { headBytes: 8192, maxBytes: 10 });
    expect(empty.head.byteLength).toBe(0);
    await drain(empty.body);
    expect(empty.summary().size).toBe(0);
  });

  it("fails with payload_too_large as soon as the limit is passed, without reading the rest", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const upload = await inspectUpload(endless, { headBytes: 1024, maxBytes: 10 * 1024 });
    const error = await drain(upload.body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("payload_too_large");
    expect(pulled).toBeLessThan(20);
  });
});

describe("cleanFilename", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["C:\\\\Users\\\\x\\\\bill.pdf", "bill.pdf"],
    ["/abs/path.txt", "path.txt"],
    ["nul\u0000byte.txt", "nulbyte.txt"],
    ["..", "unnamed"],
    ["", "unnamed"],
    ["a/", "unnamed"],
    ["résumé — bill.pdf", "résumé — bill.pdf"],
  ])("%j → %j", (input, expected) => {
    expect(cleanFilename(input)).toBe(expected);
  });

  it("caps the length", () => {
    expect(cleanFilename("x".repeat(1000)).length).toBe(255);
  });
});
