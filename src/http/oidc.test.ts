import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../apps/server";
import { configSchema } from "../core/config";
import { silentLogger } from "../core/observability";

/** The part of oidc-provider (untyped) this test uses. */
interface ProviderModule {
  Provider: new (
    issuer: string,
    configuration: Record<string, unknown>,
  ) => { callback(): (req: IncomingMessage, res: ServerResponse) => void };
}

const CLIENT = { id: "opendiscourse", secret: "a client secret long enough for HS256 signing" };
/** The provider's accounts: any login name in the development login form picks one. */
const ACCOUNTS: Record<string, { name: string; email: string; groups: string[] }> = {
  ada: { name: "Ada Lovelace", email: "ada@example.org", groups: ["staff", "ops"] },
  bob: { name: "Bob", email: "bob@example.org", groups: ["staff"] },
  eve: { name: "Eve", email: "eve@example.org", groups: ["visitors"] },
};

/** A browser's cookies, enough for this flow: one jar for both sites (browsers do not separate ports either). */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair = ""] = header.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(header) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  delete(name: string) {
    this.cookies.delete(name);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

describe("sign-in with an OpenID Connect provider", () => {
  let provider: Server;
  let app: RunningServer;
  let dataDir: string;
  let callback: string;
  /** Paths the provider was asked for, to see which checks reached it. */
  const providerRequests: string[] = [];
  /** When set, the provider's published key set is replaced by this one (a key that did not sign its tokens). */
  let forgedJwks: string | null = null;

  beforeAll(async () => {
    let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
    provider = createServer((req, res) => {
      providerRequests.push(`${req.method} ${req.url?.split("?")[0]}`);
      if (forgedJwks && req.url === "/jwks") {
        res.writeHead(200, { "content-type": "application/json" }).end(forgedJwks);
        return;
      }
      handle(req, res);
    });
    const issuer = `http://127.0.0.1:${await listen(provider)}`;

    dataDir = mkdtempSync(join(tmpdir(), "opendiscourse-oidc-"));
    const config = configSchema.parse({
      dataDir,
      host: "127.0.0.1",
      port: 0,
      embedder: "none",
      oidcIssuer: issuer,
      oidcClientId: CLIENT.id,
      oidcClientSecret: CLIENT.secret,
      oidcRoleMap: "staff=editor,ops=admin",
      oidcDefaultRole: "none",
    });
    app = await startServer(config, silentLogger);
    callback = `${app.url}/v1/auth/oidc/callback`;

    const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    const { Provider } = (await import("oidc-provider" as string)) as ProviderModule;
    const oidc = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
          redirect_uris: [callback],
          grant_types: ["authorization_code"],
          response_types: ["code"],
          token_endpoint_auth_method: "client_secret_basic",
        },
      ],
      pkce: { required: () => true },
      features: { devInteractions: { enabled: true } },
      claims: { openid: ["sub"], profile: ["name"], email: ["email"], groups: ["groups"] },
      cookies: { keys: ["a cookie signing key for the test provider"] },
      jwks: { keys: [{ ...signingKey, kid: "test", alg: "RS256", use: "sig" }] },
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600 },
      async findAccount(_ctx: unknown, id: string) {
        const account = ACCOUNTS[id];
        return account && { accountId: id, claims: async () => ({ sub: id, ...account }) };
      },
    });
    handle = oidc.callback();
  });

  afterAll(async () => {
    await app?.shutdown();
    await new Promise((resolve) => provider?.close(resolve));
    provider?.closeAllConnections();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * Starts at our sign-in link and acts as the browser: follows redirects and submits the provider's development
   * login and consent forms, stopping when the provider sends the browser back to our callback.
   */
  async function signInAtProvider(login: string, jar: CookieJar, returnTo = "/documents"): Promise<URL> {
    let url = new URL(`${app.url}/v1/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
    let init: RequestInit = {};
    for (let step = 0; step < 20; step++) {
      const response = await fetch(url, {
        ...init,
        redirect: "manual",
        headers: { ...init.headers, cookie: jar.header() },
      });
      jar.store(response);
      init = {};
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url);
        if (url.href.startsWith(callback)) return url;
        continue;
      }
      const page = await response.text();
      expect(response.status, page).toBe(200);
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (!action || !prompt) throw new Error(`no form on ${url}: ${page.slice(0, 300)}`);
      url = new URL(action.replaceAll("&amp;", "&"), url);
      const form = new URLSearchParams({ prompt, ...(prompt === "login" ? { login, password: "any" } : {}) });
      init = { method: "POST", body: form, headers: { "content-type": "application/x-www-form-urlencoded" } };
    }
    throw new Error("the sign-in never came back to the callback");
  }

  const visit = (url: URL | string, jar: CookieJar) =>
    fetch(url, { redirect: "manual", headers: { cookie: jar.header() } }).then((response) => {
      jar.store(response);
      return response;
    });

  // First, before the client has cached the real keys.
  it("refuses an ID token whose signature does not verify against the provider's published keys", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" });
    forgedJwks = JSON.stringify({ keys: [{ ...other, kid: "test", alg: "RS256", use: "sig" }] });
    try {
      const jar = new CookieJar();
      const done = await visit(await signInAtProvider("ada", jar), jar);
      expect(done.status).toBe(401);
      expect(((await done.json()) as { detail: string }).detail).toMatch(/signature/);
      expect(jar.get("od_session")).toBeUndefined();
    } finally {
      forgedJwks = null;
    }
  });

  it("signs in through the provider with PKCE and maps the groups to the highest role", async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider("ada", jar, "/documents?q=budget");
    expect(back.searchParams.get("code")).toBeTruthy();
    expect(jar.get("od_oidc")).toMatch(/^[a-z2-7]{52}$/);

    const done = await visit(back, jar);
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/documents?q=budget");
    const cookie = done.headers.getSetCookie().find((c) => c.startsWith("od_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(jar.get("od_oidc")).toBeUndefined();

    const me = (await (await visit(`${app.url}/v1/auth/me`, jar)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ role: "admin", name: "Ada Lovelace", via: "session" });
    expect(me.actor).toMatch(/^oidc:[0-9a-f]{8}:ada$/);
    expect(me.permissions).toContain("users:manage");
    // The code went back with the client secret, the ID token's signature was checked against the published keys,
    // and the groups came from UserInfo (this provider keeps them out of the ID token in the code flow).
    expect(providerRequests).toEqual(
      expect.arrayContaining(["GET /.well-known/openid-configuration", "POST /token", "GET /jwks", "GET /me"]),
    );

    // The callback works once: the flow's secrets are gone after use.
    jar.store(new Response(null, { headers: { "set-cookie": "od_oidc=; Max-Age=0" } }));
    expect((await visit(back, jar)).status).toBe(400);
  });

  it("gives editors the editor role and keeps the return path on this site", async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider("bob", jar, "//evil.example/steal");
    const done = await visit(back, jar);
    expect(done.headers.get("location")).toBe("/");
    const me = (await (await visit(`${app.url}/v1/auth/me`, jar)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ role: "editor", name: "Bob" });
  });

  it("refuses a user whom no group maps to a role when the default role is none", async () => {
    const jar = new CookieJar();
    const done = await visit(await signInAtProvider("eve", jar), jar);
    expect(done.status).toBe(403);
    expect(((await done.json()) as { detail: string }).detail).toBe("no role for this account");
    expect(jar.get("od_session")).toBeUndefined();
  });

  it("refuses a callback whose state does not match the flow started in this browser", async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider("ada", jar);
    back.searchParams.set("state", "not-the-state");
    const done = await visit(back, jar);
    expect(done.status).toBe(400);
    expect(jar.get("od_session")).toBeUndefined();
  });

  it("refuses a callback in a browser that did not start the sign-in", async () => {
    const back = await signInAtProvider("ada", new CookieJar());
    const done = await visit(back, new CookieJar());
    expect(done.status).toBe(400);
  });

  it("refuses a tampered code, which the provider does not confirm", async () => {
    const jar = new CookieJar();
    const back = await signInAtProvider("ada", jar);
    back.searchParams.set("code", `${back.searchParams.get("code")}x`);
    const done = await visit(back, jar);
    expect(done.status).toBe(401);
    expect(jar.get("od_session")).toBeUndefined();
  });

  it("offers the provider on the sign-in page", async () => {
    const providers = await (await fetch(`${app.url}/v1/auth/providers`)).json();
    expect(providers).toMatchObject({ oidc: true });
  });
});
