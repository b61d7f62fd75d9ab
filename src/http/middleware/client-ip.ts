import type { Context, MiddlewareHandler } from "hono";
import type { AppConfig } from "../../core/config";
import type { AppEnv } from "../app";
import { normalizeAddress } from "./address-ranges";

/** The peer's address as the runtime knows it (the socket on Node), or null when it cannot tell. */
export type RemoteAddress = (c: Context) => string | null;

/**
 * The client's address under the trusted-proxy setting, normalised (IPv4-mapped IPv6 as IPv4), or null when
 * unknown:
 * - `none`: the socket's address only; forwarding headers are ignored, since anyone can send them.
 * - `x-forwarded-for`: the right-most X-Forwarded-For entry — the one the nearest proxy appended; entries to its
 *   left were written by the client and prove nothing. Without the header, the socket's address.
 * - `cf-connecting-ip`: Cloudflare's header, which its edge sets and a client cannot; without it, the socket's.
 */
export function resolveClientIp(
  c: Context,
  options: { trustProxy: AppConfig["trustProxy"]; remoteAddress?: RemoteAddress },
): string | null {
  const socket = () => normalizeAddress(options.remoteAddress?.(c));
  switch (options.trustProxy) {
    case "none":
      return socket();
    case "x-forwarded-for": {
      const header = c.req.header("x-forwarded-for");
      if (header === undefined) return socket();
      return normalizeAddress(header.split(",").at(-1));
    }
    case "cf-connecting-ip": {
      const header = c.req.header("cf-connecting-ip");
      return header === undefined ? socket() : normalizeAddress(header);
    }
  }
}

/** Sets `clientIp` for the middleware and routes after it (authentication, rate limits, audit entries). */
export function clientIp(options: {
  trustProxy: AppConfig["trustProxy"];
  remoteAddress?: RemoteAddress;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("clientIp", resolveClientIp(c, options));
    await next();
  };
}
