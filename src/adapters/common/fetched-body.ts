import { AppError } from "../../core/errors";

/** The redirect statuses a fetcher follows (with a Location header); any other non-2xx status is an error. */
export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** How many redirects a fetch follows before it gives up. */
export const MAX_REDIRECTS = 5;

export function tooLarge(url: string, maxBytes: number): AppError {
  return new AppError("payload_too_large", `the document at ${url} exceeds the limit of ${maxBytes} bytes`, {
    maxBytes,
  });
}

export function timedOut(url: string, timeoutMs: number): AppError {
  return new AppError("unavailable", `fetching ${url} took longer than ${timeoutMs / 1000} s`);
}

/** Refuses a declared Content-Length over the limit before a byte of the body is read. */
export function checkDeclaredLength(header: string | null | undefined, url: string, maxBytes: number): void {
  const declared = Number(header ?? Number.NaN);
  if (header && Number.isFinite(declared) && declared > maxBytes) throw tooLarge(url, maxBytes);
}

/** Wraps a pending request so a timeout or a caller's abort fails it with the right `AppError`. */
export function failureFor(error: unknown, options: { url: string; signal: AbortSignal; timeoutMs: number }): AppError {
  if (error instanceof AppError) return error;
  if (options.signal.aborted) return timedOut(options.url, options.timeoutMs);
  const code = error instanceof Error && "code" in error ? String(error.code) : "";
  return new AppError("unavailable", `could not fetch ${options.url}${code ? ` (${code})` : ""}`);
}

/**
 * The body as the port promises it: counted as it is read, failing with `payload_too_large` past the limit whether
 * or not a length was declared (a chunked or compressed body declares none that counts), and with `unavailable`
 * when the time limit ends the transfer. Cancelling it cancels the source, which closes the connection.
 */
export function guardBody(
  source: ReadableStream<Uint8Array>,
  options: { url: string; maxBytes: number; timeoutMs: number; signal: AbortSignal },
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let size = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) {
          controller.close();
          return;
        }
        size += next.value.byteLength;
        if (size > options.maxBytes) throw tooLarge(options.url, options.maxBytes);
        controller.enqueue(next.value);
      } catch (error) {
        await reader.cancel().catch(() => {});
        controller.error(failureFor(error, options));
      }
    },
    async cancel(reason) {
      await reader.cancel(reason).catch(() => {});
    },
  });
}

/**
 * The name to store a fetched document under: the Content-Disposition file name when the server gives one
 * (RFC 6266, `filename*` first), else the last segment of the URL's path, else the host name.
 */
export function fileNameFor(url: URL, contentDisposition: string | null | undefined): string {
  const fromHeader = contentDisposition ? dispositionFileName(contentDisposition) : null;
  if (fromHeader) return fromHeader;
  const segment = url.pathname.split("/").filter(Boolean).pop();
  if (segment) {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return url.hostname;
}

function dispositionFileName(header: string): string | null {
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // Not percent-encoded as it should be: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  const value = plain?.[1]?.replace(/\\(.)/g, "$1") ?? plain?.[2]?.trim();
  return value ? value : null;
}
