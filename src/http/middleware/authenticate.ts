import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { AppError } from "../../core/errors";
import type { KeyRefusal, Security, SessionRecord } from "../../core/security";
import { constantTimeEqual } from "../../core/security/encoding";
import type { AppEnv } from "../app";
import { ANONYMOUS, type RequestIdentity } from "../identity";
import { problemResponse } from "../problem";
import { type AuthFailureGuard, tooManyFailures } from "./auth-failures";

/** The browser session's cookie (HttpOnly, Secure, SameSite=Lax; set by sign-in). */
export const SESSION_COOKIE = "od_session";
/** The header a cookie-authenticated unsafe request echoes its session's CSRF token in. */
export const CSRF_HEADER = "x-csrf-token";

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const REFUSALS: Record<KeyRefusal, string> = {
  malformed: "the API key is not valid",
  unknown: "the API key is not valid",
  revoked: "the API key has been revoked",
  expired: "the API key has expired",
};

/** A 401 problem with the challenge RFC 6750 asks for, so clients know a Bearer key is what is wanted. */
export function unauthorized(c: Context, detail: string, error?: "invalid_token"): Response {
  const response = problemResponse(c, new AppError("unauthorized", detail));
  response.headers.set("www-authenticate", error ? `Bearer error="${error}"` : "Bearer");
  return response;
}

/** The presented API key: `Authorization: Bearer …` first, else `X-API-Key`; undefined when neither is sent. */
function presentedKey(c: Context): string | undefined {
  const authorization = c.req.header("authorization");
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization.trim()) : null;
  // Other schemes (Basic, for a proxy in front) are not ours to judge: they are ignored, not refused.
  if (match?.[1]) return match[1].trim();
  const header = c.req.header("x-api-key")?.trim();
  return header || undefined;
}

/**
 * Finds who the request acts for and sets `identity`:
 * - an API key (header): a key that is not valid, revoked or expired is answered 401 at once — a client that sends
 *   a key means to use it, and quietly serving it as anonymous would hide the mistake. Each such failure counts
 *   against the client's address (`failures`); once over the limit, the address gets 429 for the rest of the window,
 *   before its keys are even looked up, so keys cannot be guessed at the pace of the request limit;
 * - else the `od_session` cookie: a live session acts for its user, with the account's current role; an unknown,
 *   expired or disabled-account one is ignored (a browser keeps a stale cookie, and the sign-in page must answer).
 *   Unsafe methods must echo the session's CSRF token in `X-CSRF-Token`, else 403: a browser sends the cookie
 *   whoever built the request;
 * - else ANONYMOUS, for the authorization middleware to judge.
 */
export function authenticate(
  security: Pick<Security, "keys" | "sessions" | "users">,
  options: { failures?: AuthFailureGuard } = {},
): MiddlewareHandler<AppEnv> {
  const { failures } = options;
  return async (c, next) => {
    const key = presentedKey(c);
    if (key !== undefined) {
      const ip = c.get("clientIp");
      const wait = failures?.waitSeconds(ip) ?? 0;
      if (wait > 0) return tooManyFailures(c, wait);
      const result = await security.keys.authenticate(key, { ip });
      if (!result.ok) {
        const over = (await failures?.failed(ip)) ?? 0;
        return over > 0 ? tooManyFailures(c, over) : unauthorized(c, REFUSALS[result.reason], "invalid_token");
      }
      const { principal } = result;
      c.set("identity", { actor: principal.actor, role: principal.role, via: "key", name: principal.prefix });
      return next();
    }

    const sessionId = getCookie(c, SESSION_COOKIE);
    const session = sessionId ? await currentSession(security, sessionId) : null;
    if (!session) {
      c.set("identity", ANONYMOUS);
      return next();
    }
    if (UNSAFE_METHODS.has(c.req.method)) {
      const echoed = c.req.header(CSRF_HEADER) ?? "";
      if (!constantTimeEqual(echoed, session.csrfToken)) {
        return problemResponse(c, new AppError("forbidden", "missing or wrong X-CSRF-Token for this session"));
      }
    }
    const identity: RequestIdentity = {
      actor: session.actor,
      role: session.role,
      via: "session",
      name: session.name,
      csrfToken: session.csrfToken,
    };
    c.set("identity", identity);
    return next();
  };
}

/**
 * The live session with its account's current role: a local user who was disabled or deleted since signing in has
 * no session any more (it is ended here), and a role change applies on the next request, not at the next sign-in.
 * Sessions from the identity provider keep the role their sign-in mapped.
 */
async function currentSession(
  security: Pick<Security, "sessions" | "users">,
  id: string,
): Promise<SessionRecord | null> {
  const session = await security.sessions.get(id);
  if (!session?.actor.startsWith("user:")) return session;
  const user = await security.users.getById(session.actor.slice("user:".length));
  if (!user || user.disabledAt) {
    await security.sessions.end(id);
    return null;
  }
  return user.role === session.role ? session : { ...session, role: user.role };
}
