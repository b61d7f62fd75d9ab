import type { Role } from "../core/security";

/**
 * Who a request acts for, as the authentication middleware found it: an API key, a browser session, or nobody.
 * `actor` is what audit entries and `documents.uploaded_by` record (`key:<id>`, `user:<id>`, `oidc:<subject>`,
 * `anonymous`); `role` is null for anonymous callers.
 */
export interface RequestIdentity {
  actor: string;
  role: Role | null;
  via: "key" | "session" | "anonymous";
  /** The account or provider name, for display. */
  name?: string;
  /** A session's CSRF token, which its cookie-authenticated writes must echo in `X-CSRF-Token`. */
  csrfToken?: string;
}

export const ANONYMOUS: RequestIdentity = { actor: "anonymous", role: null, via: "anonymous" };
