import { Readable } from "node:stream";
import busboy from "busboy";
import { AppError } from "../../core/errors";
import { formFileName, type UploadedFile, type UploadReader } from "../../http/uploads";

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
        filename: formFileName(info.filename ?? "unnamed"),
        declaredType: info.mimeType || undefined,
        body: partBody(stream, () => failure),
      });
      signal();
    });
    parser.on("close", () => {
      finished = true;
      signal();
    });
    parser.on("error", (error: unknown) => {
      failure ??= new AppError(
        "bad_request",
        `malformed multipart body: ${error instanceof Error ? error.message : error}`,
      );
      signal();
    });
    const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
    source.on("error", (error) => parser.destroy(error));
    let received = 0;
    source.on("data", (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > limits.maxRequestBytes && !failure) {
        failure = new AppError(
          "payload_too_large",
          `the request exceeds the limit of ${limits.maxRequestBytes} bytes`,
          {
            maxBytes: limits.maxRequestBytes,
          },
        );
        source.unpipe(parser);
        source.destroy();
        parser.destroy();
        signal();
      }
    });
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

/**
 * A part's bytes as a web stream with backpressure. Cancelling it (a refused or oversized file) discards the rest
 * of the part instead of destroying it, so busboy goes on to the next file of the request.
 */
function partBody(stream: Readable, requestFailure: () => unknown): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      stream.on("data", (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) stream.pause();
      });
      stream.once("end", () => {
        if (open) controller.close();
        open = false;
      });
      stream.once("error", (error) => {
        // A request stopped for passing its limit ends the part with busboy's own error: report the reason instead.
        if (open) controller.error(requestFailure() ?? error);
        open = false;
      });
      stream.pause();
    },
    pull() {
      stream.resume();
    },
    cancel() {
      open = false;
      stream.resume();
    },
  });
}
