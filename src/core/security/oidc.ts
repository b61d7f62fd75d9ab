import * as oauth from "oauth4webapi";
import { AppError } from "../errors";
import type { KeyValue } from "../ports";
import { base32, randomBytes, sha256Hex } from "./encoding";
import { displayName, type RoleMapping, roleFromClaims } from "./oidc-roles";
import type { Role } from "./roles";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roles: RoleMapping;
}

/** Who signed in at the provider, as the session records them. */
export interface OidcIdentity {
  /** `oidc:<8 hex of the issuer's SHA-256>:<subject>`: stable per provider, distinct across providers. */
  actor: string;
  role: Role;
  name: string;
  subject: string;
  /** Where the browser goes next: a same-origin path checked at the start. */
  returnTo: string;
}

export interface OidcSignIn {
  /**
   * Starts an authorization code flow with PKCE (S256), state and nonce. The secrets stay in the key-value store for
   * ten minutes under `flowId`, which only the browser's short-lived cookie holds, so a callback completes only in
   * the browser that started it.
   */
  start(input: { redirectUri: string; returnTo?: string }): Promise<{ authorizationUrl: string; flowId: string }>;
  /**
   * Completes the flow once (the stored secrets are deleted first): checks state, exchanges the code with the client
   * secret and the PKCE verifier, checks the ID token (signature against the provider's keys, issuer, audience,
   * nonce, expiry) and maps its claims to a role. Throws `bad_request` for a response that does not belong to this
   * flow, `unauthorized` when the provider refuses the code, `forbidden` when no role applies.
   */
  finish(input: { flowId: string | undefined; callbackUrl: URL }): Promise<OidcIdentity>;
}

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  returnTo: string;
}

const FLOW_PREFIX = "oidc-flow:";
/** Ten minutes to sign in at the provider; Workers KV accepts no TTL under 60 s. */
export const OIDC_FLOW_SECONDS = 600;
const DISCOVERY_SECONDS = 3600;
/** How long to wait for the provider's discovery, token and UserInfo endpoints. */
const PROVIDER_TIMEOUT_MS = 10_000;
const FLOW_ID = /^[a-z2-7]{52}$/;

/** A path on this site to return to after sign-in: absolute (`/…`), never protocol-relative (`//host`), else `/`. */
export function safeReturnTo(value: string | undefined | null): string {
  if (!value || value.length > 2000 || !value.startsWith("/")) return "/";
  if (value.startsWith("//") || value.includes("\\")) return "/";
  // Control characters (a newline splitting a header, a tab browsers strip) have no place in a path.
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20 || value.charCodeAt(i) === 0x7f) return "/";
  return value;
}

/** Plain http is accepted only for a provider on this machine (development and tests), never across a network. */
function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/**
 * Sign-in with any OpenID Connect provider known by its issuer URL. Discovery metadata is kept for an hour and the
 * provider's signing keys as long as they verify (a token signed with a new key fetches them again).
 */
export function createOidcSignIn(options: { settings: OidcSettings; kv: KeyValue }): OidcSignIn {
  const { settings, kv } = options;
  const issuer = new URL(settings.issuer);
  const http = isLoopback(issuer) ? { [oauth.allowInsecureRequests]: true } : {};
  const client: oauth.Client = { client_id: settings.clientId };
  let jwks: oauth.JWKSCacheInput = {};
  let discovery: { at: number; server: Promise<oauth.AuthorizationServer> } | undefined;

  const server = (): Promise<oauth.AuthorizationServer> => {
    if (!discovery || Date.now() - discovery.at > DISCOVERY_SECONDS * 1000) {
      const pending = oauth
        .discoveryRequest(issuer, { ...http, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) })
        .then((response) => oauth.processDiscoveryResponse(issuer, response));
      discovery = { at: Date.now(), server: pending };
      pending.catch(() => {
        if (discovery?.server === pending) discovery = undefined;
      });
    }
    return discovery.server.catch((error: unknown) => {
      throw new AppError("unavailable", `the sign-in provider's metadata could not be read: ${describe(error)}`);
    });
  };

  const clientAuth = (as: oauth.AuthorizationServer): oauth.ClientAuth => {
    const methods = as.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
    return !methods.includes("client_secret_basic") && methods.includes("client_secret_post")
      ? oauth.ClientSecretPost(settings.clientSecret)
      : oauth.ClientSecretBasic(settings.clientSecret);
  };

  const flowKey = async (flowId: string) => `${FLOW_PREFIX}${await sha256Hex(flowId)}`;

  const actorPrefix = sha256Hex(issuer.href).then((hex) => `oidc:${hex.slice(0, 8)}:`);

  return {
    async start(input) {
      const as = await server();
      if (!as.authorization_endpoint) throw new AppError("unavailable", "the provider has no authorization endpoint");
      const flow: Flow = {
        state: oauth.generateRandomState(),
        nonce: oauth.generateRandomNonce(),
        verifier: oauth.generateRandomCodeVerifier(),
        redirectUri: input.redirectUri,
        returnTo: safeReturnTo(input.returnTo),
      };
      const flowId = base32(randomBytes(32));
      await kv.put(await flowKey(flowId), JSON.stringify(flow), { expirationTtl: OIDC_FLOW_SECONDS });
      const url = new URL(as.authorization_endpoint);
      const scopes = ["openid", "profile", "email"];
      // Providers that release groups only under a scope of the same name (Authentik, Keycloak setups) get asked.
      if (as.scopes_supported?.includes(settings.roles.claim)) scopes.push(settings.roles.claim);
      url.search = new URLSearchParams({
        client_id: settings.clientId,
        redirect_uri: flow.redirectUri,
        response_type: "code",
        scope: scopes.join(" "),
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await oauth.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: "S256",
      }).toString();
      return { authorizationUrl: url.href, flowId };
    },

    async finish(input) {
      const flow = input.flowId && FLOW_ID.test(input.flowId) ? await takeFlow(kv, await flowKey(input.flowId)) : null;
      if (!flow) throw new AppError("bad_request", "this sign-in was not started in this browser, or it expired");
      const as = await server();
      let params: URLSearchParams;
      try {
        params = oauth.validateAuthResponse(as, client, input.callbackUrl.searchParams, flow.state);
      } catch (error) {
        if (error instanceof oauth.AuthorizationResponseError && error.error === "access_denied") {
          throw new AppError("forbidden", `the provider refused the sign-in: ${error.error_description ?? "denied"}`);
        }
        throw new AppError("bad_request", `the provider's response does not match this sign-in: ${describe(error)}`);
      }
      let claims: Record<string, unknown>;
      let subject: string;
      try {
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          clientAuth(as),
          params,
          flow.redirectUri,
          flow.verifier,
          { ...http, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) },
        );
        const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
          expectedNonce: flow.nonce,
          requireIdToken: true,
        });
        try {
          await verifySignature(as, response, { ...http, [oauth.jwksCache]: jwks });
        } catch {
          // The keys held may be stale (rotated under the same key id): fetch them once more before refusing. The
          // library caches keys per metadata object, so a copy of the metadata starts with none.
          const fresh = { ...as };
          jwks = {};
          await verifySignature(fresh, response, { ...http, [oauth.jwksCache]: jwks });
          if (discovery) discovery = { at: discovery.at, server: Promise.resolve(fresh) };
        }
        const idClaims = oauth.getValidatedIdTokenClaims(tokens);
        if (!idClaims) throw new AppError("unauthorized", "the provider sent no ID token");
        subject = idClaims.sub;
        claims = { ...(await userInfo(as, client, tokens.access_token, subject, http)), ...idClaims };
      } catch (error) {
        if (error instanceof AppError) throw error;
        // fetch() rejects with a TypeError when the provider cannot be reached, a timeout with a TimeoutError.
        if (error instanceof TypeError || (error instanceof Error && error.name === "TimeoutError")) {
          throw new AppError("unavailable", `the sign-in provider could not be reached: ${describe(error)}`);
        }
        throw new AppError("unauthorized", `the provider did not confirm the sign-in: ${describe(error)}`);
      }
      const role = roleFromClaims(claims, settings.roles);
      if (!role) throw new AppError("forbidden", "no role for this account");
      return {
        actor: `${await actorPrefix}${subject.slice(0, 200)}`,
        role,
        name: displayName(claims, subject),
        subject,
        returnTo: flow.returnTo,
      };
    },
  };
}

/** Reads and deletes a flow, so a callback URL replayed (from history, a log, a proxy) finds nothing. */
async function takeFlow(kv: KeyValue, key: string): Promise<Flow | null> {
  const flow = await kv.get<Flow>(key, "json");
  if (flow) await kv.delete(key);
  return flow;
}

/**
 * Checks the ID token's signature with the provider's published keys. A token signed with the client secret (HS*)
 * cannot be checked that way; it came straight from the token endpoint over TLS, which OpenID Connect accepts.
 */
async function verifySignature(
  as: oauth.AuthorizationServer,
  response: Response,
  options: oauth.ValidateSignatureOptions,
): Promise<void> {
  try {
    await oauth.validateApplicationLevelSignature(as, response, options);
  } catch (error) {
    if (!(error instanceof oauth.UnsupportedOperationError)) throw error;
  }
}

/**
 * The UserInfo claims, where the provider offers them: many release groups, names and e-mail addresses only there
 * (oidc-provider by default, Keycloak depending on mappers). Failing that, the ID token's claims alone decide.
 */
async function userInfo(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  accessToken: string,
  subject: string,
  http: oauth.HttpRequestOptions<"GET">,
): Promise<Record<string, unknown>> {
  if (!as.userinfo_endpoint) return {};
  try {
    const response = await oauth.userInfoRequest(as, client, accessToken, {
      ...http,
      signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
    });
    return { ...(await oauth.processUserInfoResponse(as, client, subject, response)) };
  } catch {
    return {};
  }
}

function describe(error: unknown): string {
  if (error instanceof oauth.ResponseBodyError)
    return `${error.error}${error.error_description ? ` (${error.error_description})` : ""}`;
  if (error instanceof oauth.AuthorizationResponseError) return error.error;
  return error instanceof Error ? error.message : String(error);
}
