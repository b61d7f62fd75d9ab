import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "../../core/errors";
import type { UploadedFile, UploadReader } from "../../http/uploads";

/**
 * Streams multipart uploads with busboy: each file's bytes flow to the caller as they arrive, so a 100 MB upload
 * never sits whole in memory. Files are yielded one at a time; busboy does not parse the next part until the
 * current one has been consumed (backpressure through the request stream).
 */
export const readBusboyUploads: UploadReader = (request, limits) => ({
  async *[Symbol.asyncIterator]() {
    if (!request.body) throw new AppError("bad_request", "the request has no body");
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: Object.fromEntries(request.headers),
        limits: { fileSize: limits.maxFileBytes + 1, files: 1000, fields: 1000 },
      });
    } catch {
      throw new AppError("bad_request", "the request body is not valid multipart/form-data");
    }
    const pending: UploadedFile[] = [];
    let finished = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const signal = () => {
      wake?.();
      wake = undefined;
    };
    parser.on("file", (_field, stream, info) => {
      pending.push({
        filename: info.filename ?? "unnamed",
        declaredType: info.mimeType || undefined,
        body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
      });
      signal();
    });
    parser.on("close", () => {
      finished = true;
      signal();
    });
    parser.on("error", (error: unknown) => {
      failure = new AppError(
        "bad_request",
        `malformed multipart body: ${error instanceof Error ? error.message : error}`,
      );
      signal();
    });
    const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
    source.on("error", (error) => parser.destroy(error));
    source.pipe(parser);
    try {
      for (;;) {
        const next = pending.shift();
        if (next) {
          yield next;
          continue;
        }
        if (failure) throw failure;
        if (finished) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      source.unpipe(parser);
      source.destroy();
    }
  },
});
