import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { Readable } from "node:stream";
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
import {
  addressRefusal,
  checkFetchableUrl,
  parseAddress,
  parseTrustedRanges,
  refusedAddress,
} from "../common/public-address";

export interface ResolvedAddress {
  address: string;
  /** 4 or 6. */
  family: number;
}

/** Every address a host name resolves to, as `dns.lookup(host, { all: true })` gives them. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeUrlFetcherOptions {
  /** Skips the address policy: private, loopback and link-local addresses become reachable (intranet use). */
  allowPrivate: boolean;
  /** CIDR ranges reachable although they are not public, without opening every private address. */
  trustedRanges?: string[];
  /** The resolver; the system's (`dns.lookup`, as every other program on the machine resolves) by default. */
  resolve?: HostResolver;
  userAgent?: string;
}

const DEFAULT_USER_AGENT = "OpenDiscourse (document ingestion)";
const systemResolver: HostResolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * The Node URL fetcher. Each hop resolves its host, refuses it when any of its addresses is not public, then
 * connects to the address it checked (the request's `lookup` answers with it), so a name that resolves to a public
 * address for the check and to a private one a moment later (DNS rebinding) still reaches the checked one. TLS
 * still verifies the certificate against the host name.
 */
export function createSafeUrlFetcher(options: SafeUrlFetcherOptions): UrlFetcher {
  const trusted = parseTrustedRanges(options.trustedRanges ?? []);
  const resolve = options.resolve ?? systemResolver;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  async function addressFor(url: URL, signal: AbortSignal): Promise<ResolvedAddress> {
    const literal = parseAddress(url.hostname);
    const bare = url.hostname.replace(/^\[|\]$/g, "");
    const addresses = literal
      ? [{ address: bare, family: bare.includes(":") ? 6 : 4 }]
      : await abortable(resolve(url.hostname), signal).catch((error: unknown) => {
          if (signal.aborted || error instanceof AppError) throw error;
          throw new AppError("unprocessable", `could not resolve ${url.hostname}`);
        });
    if (!options.allowPrivate) {
      for (const { address } of addresses) {
        const reason = addressRefusal(address, trusted);
        if (reason) throw refusedAddress(url.hostname, address, reason);
      }
    }
    const first = addresses[0];
    if (!first) throw new AppError("unprocessable", `could not resolve ${url.hostname}`);
    return first;
  }

  function send(url: URL, pinned: ResolvedAddress, signal: AbortSignal): Promise<IncomingMessage> {
    const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
      if (lookupOptions.all) callback(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    const request = url.protocol === "https:" ? httpsRequest : httpRequest;
    return new Promise((resolvePromise, reject) => {
      const req = request(url, {
        method: "GET",
        lookup,
        // A fresh connection per request: a pooled socket would skip the pinned lookup.
        agent: false,
        signal,
        headers: { "user-agent": userAgent, accept: "*/*", "accept-encoding": "gzip, deflate" },
      });
      req.once("response", resolvePromise);
      req.on("error", reject);
      req.end();
    });
  }

  return {
    async fetch(input: string, limits: UrlFetchOptions): Promise<FetchedDocument> {
      const signal = AbortSignal.timeout(limits.timeoutMs);
      let url = checkFetchableUrl(input);
      for (let hop = 0; ; hop++) {
        const failure = { url: url.href, signal, timeoutMs: limits.timeoutMs };
        const pinned = await addressFor(url, signal).catch((error: unknown) => {
          throw failureFor(error, failure);
        });
        const response = await send(url, pinned, signal).catch((error: unknown) => {
          throw failureFor(error, failure);
        });
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (REDIRECT_STATUSES.has(status) && location) {
          response.destroy();
          if (hop >= MAX_REDIRECTS)
            throw new AppError("unprocessable", `${input}: more than ${MAX_REDIRECTS} redirects`);
          url = checkFetchableUrl(new URL(location, url));
          continue;
        }
        try {
          if (status < 200 || status > 299) {
            throw new AppError(
              "unprocessable",
              `${url.href} answered ${status} ${response.statusMessage ?? ""}`.trim(),
            );
          }
          checkDeclaredLength(response.headers["content-length"], url.href, limits.maxBytes);
          const body = decode(Readable.toWeb(response) as ReadableStream<Uint8Array>, response.headers);
          return {
            body: guardBody(body, { ...failure, maxBytes: limits.maxBytes }),
            contentType: response.headers["content-type"] ?? null,
            finalUrl: url.href,
            fileName: fileNameFor(url, response.headers["content-disposition"]),
          };
        } catch (error) {
          response.destroy();
          throw error;
        }
      }
    },
  };
}

/** Decodes a compressed body as it streams; the size limit then applies to what comes out. */
function decode(body: ReadableStream<Uint8Array>, headers: IncomingMessage["headers"]): ReadableStream<Uint8Array> {
  const encoding = (headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding === "identity" || encoding === "") return body;
  const format = encoding === "gzip" || encoding === "x-gzip" ? "gzip" : encoding === "deflate" ? "deflate" : null;
  if (!format) throw new AppError("unprocessable", `the server sent an encoding that cannot be decoded: ${encoding}`);
  // Node's and the DOM's typings of DecompressionStream disagree on its input type; both accept Uint8Array.
  return body.pipeThrough(new DecompressionStream(format) as unknown as TransformStream<Uint8Array, Uint8Array>);
}

/** The promise, or a rejection as soon as the signal aborts (a DNS lookup cannot be cancelled, only abandoned). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolvePromise, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolvePromise, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
