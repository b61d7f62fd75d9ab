/** Limits on one fetch: both hold for the whole transfer, redirects and body included. */
export interface UrlFetchOptions {
  /** The most bytes the body may have once decoded; past it the body fails with `payload_too_large`. */
  maxBytes: number;
  /** The time from the first request to the last byte; past it the fetch, or the body, fails with `unavailable`. */
  timeoutMs: number;
}

/** A document fetched from the web, its body not yet read. */
export interface FetchedDocument {
  /**
   * The decoded body, counted as it is read: it errors with an `AppError` (`payload_too_large`, `unavailable`) when
   * a limit is passed mid-transfer. Read it to the end or cancel it, which closes the connection.
   */
  body: ReadableStream<Uint8Array>;
  /** The Content-Type the server sent, parameters included, or null. */
  contentType: string | null;
  /** The address the body came from, after redirects. */
  finalUrl: string;
  /** From Content-Disposition, else the last segment of the final URL's path, else its host name. */
  fileName: string;
}

/**
 * Fetches documents from the web on a user's behalf without letting the user reach what the server can reach: only
 * http and https, no credentials in the URL, redirects followed by hand (a few at most) and every hop checked
 * against the address policy before anything is sent to it.
 */
export interface UrlFetcher {
  /**
   * Resolves once the final response's headers arrived and passed every check. Throws `AppError`: `bad_request`
   * for a URL that is not http(s) or holds credentials, `forbidden` for an address the policy refuses (on any hop),
   * `payload_too_large` when the declared length passes the limit, `unavailable` on a timeout or a connection that
   * fails, `unprocessable` for an error status, too many redirects or an encoding it cannot decode.
   */
  fetch(url: string, options: UrlFetchOptions): Promise<FetchedDocument>;
}
