import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { AppConfig } from "../../core/config";
import { AppError } from "../../core/errors";
import type { RateLimiter } from "../../core/ports";
import type { AppEnv } from "../app";
import { problemResponse } from "../problem";

/**
 * The policy every page and answer carries. Scripts and styles come from our own origin only: the React app is a
 * Vite build (module scripts, stylesheet files) and the API reference loads swagger-ui from local files, so neither
 * needs inline code. Style attributes that scripts set through the DOM (React, swagger-ui) are not affected.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
};

const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Security headers on every response (CSP, HSTS, nosniff, no framing, no referrer, COOP). A header a route set itself
 * is kept — the document content route answers with its own sandboxing CSP, which must not be replaced by the app's.
 * HSTS is left out only when the configured public address is plain http, where browsers ignore it anyway.
 */
export function securityHeaders(config: Pick<AppConfig, "publicUrl">): MiddlewareHandler<AppEnv> {
  const plainHttp = config.publicUrl?.startsWith("http:") ?? false;
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    strictTransportSecurity: plainHttp ? false : HSTS,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    crossOriginOpenerPolicy: "same-origin",
    overwrite: false,
  });
}

const CORS_ALLOW_HEADERS = ["Authorization", "X-API-Key", "Content-Type", "X-CSRF-Token", "X-Request-Id"];
const CORS_EXPOSE_HEADERS = ["X-Request-Id", "Retry-After"];

/** The exact origins of the comma-separated setting, without blanks or trailing slashes. */
export function parseCorsOrigins(setting: string): string[] {
  return setting
    .split(",")
    .map((origin) => origin.trim().replace(/\/+$/, ""))
    .filter((origin) => origin.length > 0);
}

/**
 * Cross-origin browser access for the listed origins only, with credentials (cookies, Authorization). An origin not
 * listed gets no CORS headers at all, so the browser refuses to hand it the answer; with no origins configured the
 * middleware does nothing, and the web app, served from the API's own origin, needs none.
 */
export function corsAllowlist(config: Pick<AppConfig, "corsOrigins">): MiddlewareHandler<AppEnv> {
  const allowed = new Set(parseCorsOrigins(config.corsOrigins));
  if (allowed.size === 0) return async (_c, next) => next();
  const listed = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origin !== undefined && allowed.has(origin)) return listed(c, next);
    // hono/cors would still send Allow-Credentials and answer any preflight; an unlisted caller gets nothing.
    await next();
    // The answer differs by Origin, so a shared cache must not give this one to a listed origin.
    c.header("Vary", "Origin", { append: true });
  };
}

/** Liveness and readiness probes come from load balancers and orchestrators, often many a second. */
const RATE_LIMIT_EXEMPT = new Set(["/healthz", "/readyz"]);

export interface RateLimitMiddlewareOptions {
  /** The runtime's limiter (`services.deps.rateLimiter`); without one the middleware does nothing. */
  limiter: RateLimiter | undefined;
  /** The limiter's limit, for the `RateLimit-Limit` header; 0 turns the middleware off. */
  perMinute: number;
  /** Told when the limiter fails; the request is then served, since a counter outage must not stop the API. */
  onError?: (error: unknown) => void;
}

/**
 * Refuses a caller's requests over the limit with 429 and `Retry-After`. Runs after authentication: a signed-in
 * caller is counted by actor wherever it connects from, an anonymous one by address (`ip:<address>`), so one noisy
 * client behind a shared proxy does not spend a signed-in user's allowance.
 */
export function rateLimit(options: RateLimitMiddlewareOptions): MiddlewareHandler<AppEnv> {
  const { limiter, perMinute } = options;
  if (!limiter || perMinute <= 0) return async (_c, next) => next();
  return async (c, next) => {
    if (RATE_LIMIT_EXEMPT.has(c.req.path)) return next();
    const identity = c.get("identity");
    const key = identity.via === "anonymous" ? `ip:${c.get("clientIp") ?? "unknown"}` : identity.actor;
    let outcome: Awaited<ReturnType<RateLimiter["limit"]>>;
    try {
      outcome = await limiter.limit({ key });
    } catch (error) {
      options.onError?.(error);
      return next();
    }
    // The Workers binding tells neither what is left nor when its window ends: a full period is the safe wait.
    const reset = Math.max(1, Math.ceil(outcome.resetSeconds ?? 60));
    const headers: Record<string, string> = { "RateLimit-Limit": String(perMinute), "RateLimit-Reset": String(reset) };
    if (outcome.remaining !== undefined) headers["RateLimit-Remaining"] = String(Math.max(0, outcome.remaining));
    if (!outcome.success) {
      const response = problemResponse(
        c,
        new AppError("rate_limited", `too many requests; retry in ${reset} seconds`, { retryAfter: reset }),
      );
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      response.headers.set("Retry-After", String(reset));
      response.headers.set("RateLimit-Remaining", "0");
      return response;
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}

/** Largest non-upload request body: JSON requests are small; files go through multipart with their own limit. */
export const DEFAULT_JSON_BODY_LIMIT = 1024 * 1024;

/**
 * Refuses request bodies over `maxBytes` with a 413 problem, before a route parses them — by Content-Length when
 * sent, else while reading a chunked body. Multipart uploads are left to the upload route, which applies
 * `maxUploadBytes` per file while streaming.
 */
export function jsonBodyLimit(options: { maxBytes?: number } = {}): MiddlewareHandler<AppEnv> {
  const maxBytes = options.maxBytes ?? DEFAULT_JSON_BODY_LIMIT;
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => problemResponse(c, new AppError("payload_too_large", `request body exceeds ${maxBytes} bytes`)),
  });
  return async (c, next) => {
    // Asking a GET for its body builds a whole Request on Node (about 5 % of a cached search's time); it has none.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const type = c.req.header("content-type")?.toLowerCase() ?? "";
    if (type.startsWith("multipart/form-data")) return next();
    return limit(c, next);
  };
}
