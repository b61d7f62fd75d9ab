import { AppError } from "../../core/errors";
import type { FetchedDocument, UrlFetcher, UrlFetchOptions } from "../../core/ports";
import {
  checkDeclaredLength,
  failureFor,
  fileNameFor,
  guardBody,
  MAX_REDIRECTS,
  REDIRECT_STATUSES,
} from "../common/fetched-body";
import { addressRefusal, checkFetchableUrl, parseAddress, refusedAddress } from "../common/public-address";

export interface WorkerUrlFetcherOptions {
  /** Skips the host checks (the platform's own limits still apply). */
  allowPrivate: boolean;
  /** The fetch to send requests with; the global one by default. */
  fetch?: typeof fetch;
  userAgent?: string;
}

/** Names that only ever mean a machine on a local or provider network. */
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".home.arpa", ".localdomain", ".lan"];

/**
 * Why a host may not be fetched from a Worker, or null. A Worker cannot resolve names, so only what the URL
 * itself says can be checked: literal addresses by the same policy as on Node, and names that are local by
 * definition (localhost, *.local, *.internal, single-label names). A public name that resolves to a private address
 * is left to the platform: Workers' outbound requests leave from Cloudflare's network and do not reach the private
 * networks of the account or of the machine, and requests to bare IP addresses are refused by the platform too.
 */
export function hostRefusal(hostname: string): string | null {
  const literal = parseAddress(hostname);
  if (literal) return addressRefusal(hostname.replace(/^\[|\]$/g, ""));
  const name = hostname.toLowerCase().replace(/\.$/, "");
  if (name === "localhost" || LOCAL_SUFFIXES.some((suffix) => name.endsWith(suffix))) return "a local host name";
  if (!name.includes(".")) return "a single-label host name";
  return null;
}

/**
 * The Worker URL fetcher: the runtime's fetch with redirects followed by hand, so every hop's host is checked
 * before a request is sent to it, with the same size and time limits as on Node.
 */
export function createWorkerUrlFetcher(options: WorkerUrlFetcherOptions): UrlFetcher {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const userAgent = options.userAgent ?? "OpenDiscourse (document ingestion)";

  function check(url: URL): void {
    if (options.allowPrivate) return;
    const reason = hostRefusal(url.hostname);
    if (!reason) return;
    const bare = url.hostname.replace(/^\[|\]$/g, "");
    if (parseAddress(url.hostname)) throw refusedAddress(bare, bare, reason);
    throw new AppError("forbidden", `refused: ${bare} is ${reason}`);
  }

  return {
    async fetch(input: string, limits: UrlFetchOptions): Promise<FetchedDocument> {
      const signal = AbortSignal.timeout(limits.timeoutMs);
      let url = checkFetchableUrl(input);
      for (let hop = 0; ; hop++) {
        check(url);
        const failure = { url: url.href, signal, timeoutMs: limits.timeoutMs };
        const response = await send(url.href, {
          method: "GET",
          redirect: "manual",
          signal,
          headers: { "user-agent": userAgent, accept: "*/*" },
        }).catch((error: unknown) => {
          throw failureFor(error, failure);
        });
        const location = response.headers.get("location");
        if (REDIRECT_STATUSES.has(response.status) && location) {
          await response.body?.cancel().catch(() => {});
          if (hop >= MAX_REDIRECTS)
            throw new AppError("unprocessable", `${input}: more than ${MAX_REDIRECTS} redirects`);
          url = checkFetchableUrl(new URL(location, url));
          continue;
        }
        try {
          if (!response.ok) {
            throw new AppError(
              "unprocessable",
              `${url.href} answered ${response.status} ${response.statusText}`.trim(),
            );
          }
          checkDeclaredLength(response.headers.get("content-length"), url.href, limits.maxBytes);
        } catch (error) {
          await response.body?.cancel().catch(() => {});
          throw error;
        }
        // The runtime has already decoded a compressed body; the limit counts the decoded bytes.
        const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
        return {
          body: guardBody(body, { ...failure, maxBytes: limits.maxBytes }),
          contentType: response.headers.get("content-type"),
          finalUrl: url.href,
          fileName: fileNameFor(url, response.headers.get("content-disposition")),
        };
      }
    },
  };
}
