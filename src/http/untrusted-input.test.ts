import { mkdtempSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";
import { startServer } from "../apps/server";
import { configSchema } from "../core/config";
import { silentLogger } from "../core/observability";

/** Strings that break out of a quoted SQL literal or an FTS5 query when code glues them into one. */
const SQL_INJECTIONS = [
  "' OR 1=1 --",
  '"; DROP TABLE documents; --',
  "1; SELECT * FROM api_keys",
  'tax" OR "1"="1',
  "NEAR(tax OR",
  "*",
  "a\u0000b",
];
const XSS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'];
/** Encoded, so they reach the route's parameter; a plain `../` is resolved by the URL parser before routing. */
const TRAVERSALS = [
  "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "..%5c..%5cwindows%5cwin.ini",
  "..%2f..%2fpackage.json",
];

/** What a leak would look like: a system file, or a database error passed through to the client. */
const LEAKS = [
  /root:x?:0:0/,
  /\[extensions\]/,
  /"devDependencies"/,
  /SQLITE_[A-Z]+/,
  /syntax error/i,
  /no such (table|column)/i,
];

interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: { type?: string; enum?: string[] };
}
interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

type Env = Awaited<ReturnType<typeof openTestRuntime>>;

describe("untrusted input over HTTP", () => {
  let env: Env;
  let headers: Record<string, string>;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    // The admin routes answer only from the allowlist (loopback): say so through a trusted proxy header.
    // Hundreds of requests from one key: rate limiting is tested on its own (hardening.test.ts).
    env = await openTestRuntime({ embedder: "none", trustProxy: "x-forwarded-for", rateLimitPerMinute: 0 });
    headers = { ...(await env.auth("admin")), "x-forwarded-for": "127.0.0.1" };
    const files = [
      { name: "BILLS-117hr2002ih-uslm.xml", path: "gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih-uslm.xml" },
      { name: "BILLSTATUS-117hr2002.xml", path: "legislation/BILLSTATUS-117hr2002.xml" },
    ];
    const res = await env.app.request("/v1/documents", {
      method: "POST",
      headers,
      body: multipart(files.map((f) => ({ name: f.name, bytes: fixture(f.path) }))),
    });
    expect(res.status).toBe(202);
    const { documents } = (await res.json()) as { documents: { filename: string; id: string }[] };
    for (const d of documents) ids.set(d.filename, d.id);
    for (const id of ids.values()) await waitForDocument(env.services, id);
  });
  afterAll(async () => env?.close());

  const count = async (table: string) =>
    (await env.services.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n;
  const tables = async () =>
    (
      await env.services.deps.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .all<{ name: string }>()
    ).results.map((r) => r.name);

  const get = (path: string) => env.app.request(path, { headers });

  /** Never a server error, never a leak, and never an HTML page repeating the input. */
  async function expectSafe(res: Response, payload: string, label: string): Promise<string> {
    expect(res.status, label).toBeLessThan(500);
    const body = await res.text();
    for (const leak of LEAKS) expect(body, label).not.toMatch(leak);
    if (res.headers.get("content-type")?.startsWith("text/html")) expect(body, label).not.toContain(payload);
    return body;
  }

  /** A value each parameter accepts, so the one under test is the only odd one. */
  function benign(parameter: OpenApiParameter): string {
    if (parameter.schema?.enum?.[0]) return parameter.schema.enum[0];
    if (parameter.schema?.type === "integer" || parameter.schema?.type === "number") return "1";
    const known: Record<string, string | undefined> = {
      id: ids.get("BILLS-117hr2002ih-uslm.xml"),
      billId: "117-hr-2002",
      target: "26 U.S.C. 1",
      q: "tax",
      from: "ih",
      to: "ih",
    };
    return known[parameter.name] ?? "x";
  }

  async function getOperations(): Promise<{ path: string; operation: OpenApiOperation }[]> {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, { get?: OpenApiOperation }> };
    return Object.entries(doc.paths)
      .filter(([, item]) => item.get)
      .map(([path, item]) => ({ path, operation: item.get as OpenApiOperation }))
      .filter(({ operation }) => {
        // A stream of events never ends; it takes no free-form input either.
        const ok = operation.responses?.["200"]?.content ?? {};
        return !("text/event-stream" in ok);
      });
  }

  function url(path: string, parameters: OpenApiParameter[], tested: OpenApiParameter, payload: string): string {
    let filled = path;
    const query = new URLSearchParams();
    for (const p of parameters) {
      const value = p === tested ? payload : benign(p);
      if (p.in === "path") filled = filled.replace(`{${p.name}}`, encodeURIComponent(value));
      else if (p.in === "query" && (p === tested || p.required)) query.set(p.name, value);
    }
    const search = query.toString();
    return search ? `${filled}?${search}` : filled;
  }

  it("answers SQL and FTS injections in every parameter of every GET route with 4xx or nothing found", async () => {
    const before = { keys: await count("api_keys"), documents: await count("documents"), tables: await tables() };
    const operations = await getOperations();
    expect(operations.map((o) => o.path)).toEqual(
      expect.arrayContaining(["/v1/documents", "/v1/documents/{id}", "/v1/search", "/v1/jobs", "/v1/bills/{billId}"]),
    );
    let tried = 0;
    for (const { path, operation } of operations) {
      const parameters = (operation.parameters ?? []).filter((p) => p.in === "path" || p.in === "query");
      for (const tested of parameters) {
        for (const payload of SQL_INJECTIONS) {
          const target = url(path, parameters, tested, payload);
          const res = await get(target);
          const body = await expectSafe(res, payload, target);
          tried++;
          // A filter that matched everything would be the injection working: a filtered list must come back empty.
          if (res.status === 200 && tested.name !== "q" && res.headers.get("content-type")?.includes("json")) {
            const parsed = JSON.parse(body) as Record<string, unknown>;
            for (const [name, value] of Object.entries(parsed)) {
              if (Array.isArray(value)) expect(value, `${target} ${name}`).toEqual([]);
            }
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(50);
    expect({ keys: await count("api_keys"), documents: await count("documents"), tables: await tables() }).toEqual(
      before,
    );
    // And the application still works.
    const list = await get("/v1/documents");
    expect(((await list.json()) as { documents: unknown[] }).documents).toHaveLength(ids.size);
  });

  it("answers a JSON body it cannot read, on every route taking one, with a 4xx problem", async () => {
    const res = await get("/openapi.json");
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, OpenApiOperation & { requestBody?: { content?: object } }>>;
    };
    const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        operation.requestBody?.content && "application/json" in operation.requestBody.content
          ? [{ method: method.toUpperCase(), path, operation }]
          : [],
      ),
    );
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(["POST /v1/auth/login", "POST /v1/search", "POST /v1/keys", "POST /v1/users"]),
    );
    for (const { method, path, operation } of routes) {
      const parameters = (operation.parameters ?? []).filter((p) => p.in === "path");
      const target = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(benign(parameters.find((p) => p.name === name) ?? { name, in: "path" })),
      );
      for (const [type, body] of [
        ["application/json", '{"q": "tax"'],
        ["application/json", "[1, 2"],
        ["application/json", "\u0000"],
        ["application/json", ""],
        ["text/plain", '{"q": "tax"}'],
      ]) {
        const label = `${method} ${target} ${type} ${JSON.stringify(body)}`;
        const answer = await env.app.request(target, {
          method,
          headers: { ...headers, "content-type": type as string },
          body,
        });
        expect(answer.status, label).toBeGreaterThanOrEqual(400);
        await expectSafe(answer, body as string, label);
        expect(answer.headers.get("content-type"), label).toContain("application/problem+json");
      }
    }
  });

  it("keeps hostile file names and contents as data: JSON strings, attachments in a sandbox", async () => {
    const names = [`${XSS[0]}.html`, `${XSS[1]}.txt`];
    const res = await env.app.request("/v1/documents", {
      method: "POST",
      headers,
      body: multipart([
        { name: names[0] as string, bytes: `<html><body>${XSS[0]} ${XSS[1]}</body></html>`, type: "text/html" },
        { name: names[1] as string, bytes: `Testimony. ${XSS[1]} ${XSS[0]}`, type: "text/plain" },
      ]),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const { documents } = (await res.json()) as { documents: { id: string; filename: string }[] };
    expect(documents).toHaveLength(2);
    for (const d of documents) await waitForDocument(env.services, d.id);

    for (const [i, d] of documents.entries()) {
      const meta = await get(`/v1/documents/${d.id}`);
      expect(meta.headers.get("content-type")).toMatch(/^application\/json/);
      const record = (await meta.json()) as { filename: string };
      // Stored as named (its last path segment, quotes and all, which multipart sends as %22), and handed back
      // as a JSON string, never as markup.
      const sent = names[i] ?? "";
      expect(record.filename.length).toBeGreaterThan(4);
      expect(sent.endsWith(record.filename), `${sent} stored as ${record.filename}`).toBe(true);
      if (i === 1) expect(record.filename).toBe(names[1]);
      const text = await get(`/v1/documents/${d.id}/text`);
      expect(text.status).toBe(200);
      expect(text.headers.get("content-type")).not.toMatch(/html/);
      // The original is served as it was uploaded, but as an attachment, sandboxed and not sniffed.
      const content = await get(`/v1/documents/${d.id}/content`);
      expect(content.status).toBe(200);
      expect(content.headers.get("content-disposition")).toMatch(/^attachment/);
      expect(content.headers.get("content-security-policy")).toContain("sandbox");
      expect(content.headers.get("x-content-type-options")).toBe("nosniff");
      await content.arrayBuffer();
    }
    for (const payload of XSS) {
      for (const path of [
        `/v1/search?q=${encodeURIComponent(payload)}`,
        `/v1/documents?billId=${encodeURIComponent(payload)}`,
        `/v1/documents/${encodeURIComponent(payload)}`,
        `/v1/bills/${encodeURIComponent(payload)}`,
        `/v1/citations/${encodeURIComponent(payload)}`,
        `/v1/${encodeURIComponent(payload)}`,
      ]) {
        const answer = await get(path);
        await expectSafe(answer, payload, path);
        expect(answer.headers.get("content-type"), path).toMatch(/^application\/(problem\+)?json/);
      }
    }
  });

  it("answers path traversal in ids and file names with 400 or 404, reading nothing outside", async () => {
    const routes = [
      (t: string) => `/v1/documents/${t}`,
      (t: string) => `/v1/documents/${t}/text`,
      (t: string) => `/v1/documents/${t}/content`,
      (t: string) => `/v1/bills/${t}`,
      (t: string) => `/v1/people/${t}`,
      (t: string) => `/docs/assets/${t}`,
    ];
    for (const traversal of TRAVERSALS) {
      for (const route of routes) {
        const path = route(traversal);
        const res = await get(path);
        await expectSafe(res, traversal, path);
        expect([400, 404], path).toContain(res.status);
      }
      // A citation target is free text: looking one up finds nothing, and reads no file.
      const citation = await get(`/v1/citations/${traversal}`);
      const body = await expectSafe(citation, traversal, traversal);
      if (citation.status === 200) expect(body).not.toContain("root:");
      // Whatever answers the rest (the web app, a not-found problem) serves no file from outside.
      for (const path of [
        `/${traversal}`,
        `/assets/${traversal}`,
        `/v1/${traversal}`,
        "/v1/documents/../../etc/passwd",
      ]) {
        await expectSafe(await get(path), traversal, path);
      }
    }
  });

  it("answers a 10,000-character query or id with 400 or a result, never 500", async () => {
    const long = "tax ".repeat(2500);
    for (const path of [
      `/v1/search?q=${encodeURIComponent(long)}`,
      `/v1/search?q=${encodeURIComponent(`"${"a".repeat(10_000)}`)}`,
      `/v1/documents?billId=${"9".repeat(10_000)}`,
      `/v1/documents?cursor=${"A".repeat(10_000)}`,
      `/v1/documents/${"b".repeat(10_000)}`,
      `/v1/citations/${"c".repeat(10_000)}`,
      `/v1/jobs?documentId=${"d".repeat(10_000)}`,
    ]) {
      const res = await get(path);
      await expectSafe(res, "", path.slice(0, 40));
      expect([200, 400, 404, 414], path.slice(0, 40)).toContain(res.status);
    }
  });
});

describe("the Node server under oversized headers", () => {
  it("answers 431 with a problem and keeps serving", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "opendiscourse-headers-"));
    const server = await startServer(
      configSchema.parse({ dataDir, embedder: "none", port: 0, host: "127.0.0.1" }),
      silentLogger,
    );
    try {
      const big = { "x-padding": "p".repeat(20 * 1024) };
      expect(await rawGet(`${server.url}/healthz`, big)).toBe(431);
      // A query of 10,000 characters of another script is 90 KB once percent-encoded in the URL.
      const res = await rawResponse(`${server.url}/v1/search?q=${encodeURIComponent("税".repeat(10_000))}`, {});
      expect(res.status).toBe(431);
      expect(res.type).toBe("application/problem+json");
      expect(JSON.parse(res.body)).toMatchObject({
        status: 431,
        code: "bad_request",
        detail: expect.stringMatching(/16 KiB/),
      });
      expect(await rawGet(`${server.url}/healthz`, {})).toBe(200);
      // Several at once do not wedge it either.
      const statuses = await Promise.all([1, 2, 3, 4].map(() => rawGet(`${server.url}/healthz`, big)));
      expect(statuses).toEqual([431, 431, 431, 431]);
      expect(await rawGet(`${server.url}/healthz`, {})).toBe(200);
      // Bytes that are not HTTP get a problem too.
      const { hostname, port } = new URL(server.url);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ""), () =>
          socket.end("GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"),
        );
        let text = "";
        socket.on("data", (chunk) => {
          text += chunk;
        });
        socket.on("end", () => resolve(text));
        socket.on("error", reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(reply).toContain("content-type: application/problem+json");
      expect(JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4))).toMatchObject({
        status: 400,
        code: "bad_request",
      });
      expect(await rawGet(`${server.url}/healthz`, {})).toBe(200);
    } finally {
      await server.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/** A GET over a fresh connection with node:http, which sends headers of any size (fetch may refuse). */
function rawResponse(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return (await rawResponse(url, headers)).status;
}
