import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BILL_XML, type DocumentServer, startDocumentServer } from "../../test/support/document-server";
import { multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";
import type { Role } from "../core/security";

type TestRuntime = Awaited<ReturnType<typeof openTestRuntime>>;

let server: DocumentServer;
beforeAll(async () => {
  server = await startDocumentServer();
});
afterAll(async () => {
  await server.close();
});

/** POSTs `{ url }` (or any JSON body) to the documents route as the role. */
async function postUrl(t: TestRuntime, body: unknown, role: Role = "editor"): Promise<Response> {
  return t.app.request("/v1/documents", {
    method: "POST",
    headers: { ...(await t.auth(role)), "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function documentCount(t: TestRuntime): Promise<number> {
  const counts = await t.services.documents.countByState();
  return Object.values(counts).reduce((sum, n) => sum + Number(n), 0);
}

describe("POST /v1/documents with a URL, private addresses refused (the default)", () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
  });
  afterAll(async () => t?.close());

  it("refuses a loopback URL with a problem naming the address, storing nothing", async () => {
    const res = await postUrl(t, { url: `${server.origin}/bills/S1900_RS.xml` });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "forbidden", detail: "refused: 127.0.0.1 is a loopback address" });
    expect(await documentCount(t)).toBe(0);
  });

  it("refuses the cloud metadata address", async () => {
    const res = await postUrl(t, { url: "http://169.254.169.254/latest/meta-data/" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ detail: "refused: 169.254.169.254 is a link-local address" });
  });

  it.each([
    [{ url: "file:///etc/passwd" }, "url: an http or https URL"],
    [{ url: "not a url" }, "url: an http or https URL"],
    [{}, "url:"],
    [{ url: "https://www.congress.gov/", extra: 1 }, "extra"],
    ["{not json", "the request body is not valid JSON"],
  ])("answers 400 to %j", async (body, detail) => {
    const res = await postUrl(t, body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain(detail);
  });

  it("documents both request bodies in the OpenAPI description", async () => {
    const res = await t.app.request("/openapi.json", { headers: await t.auth("viewer") });
    const spec = (await res.json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }>;
    };
    const content = spec.paths["/v1/documents"]?.post?.requestBody?.content ?? {};
    expect(Object.keys(content).sort()).toEqual(["application/json", "multipart/form-data"]);
    expect(JSON.stringify(content["application/json"])).toContain("UrlIngest");
  });

  it("lets only roles that may upload ask for a URL", async () => {
    const res = await postUrl(t, { url: "https://www.congress.gov/" }, "viewer");
    expect(res.status).toBe(403);
    expect(await documentCount(t)).toBe(0);
  });
});

describe("POST /v1/documents with a URL, private addresses allowed", () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none", urlIngestAllowPrivate: true, maxUploadBytes: 4 * 1024 * 1024 });
  });
  afterAll(async () => t?.close());

  it("fetches a bill through a redirect and processes it to ready, like an upload", async () => {
    const res = await postUrl(t, { url: `${server.origin}/redirect?to=/bills/S1900_RS.xml` });
    expect(res.status).toBe(202);
    const { documents } = (await res.json()) as { documents: { id: string }[] };
    expect(documents).toEqual([
      {
        id: expect.any(String),
        duplicate: false,
        state: "queued",
        filename: "S1900_RS.xml",
        url: `${server.origin}/bills/S1900_RS.xml`,
      },
    ]);
    const id = documents[0]?.id ?? "";
    const doc = await waitForDocument(t.services, id);
    const keys = await t.services.security.keys.list();
    expect(doc).toMatchObject({
      state: "ready",
      format: "xml",
      filename: "S1900_RS.xml",
      size: BILL_XML.byteLength,
      uploadedBy: `key:${keys.find((k) => k.name === "test editor")?.id}`,
    });

    // The same bytes again, gzip-encoded by the server or uploaded as a file, are the same document.
    const again = await postUrl(t, { url: `${server.origin}/gzip/S1900_RS.xml` });
    expect(((await again.json()) as { documents: unknown[] }).documents).toMatchObject([{ id, duplicate: true }]);
    const upload = await t.app.request("/v1/documents", {
      method: "POST",
      headers: await t.auth("editor"),
      body: multipart([{ name: "S1900_RS.xml", bytes: BILL_XML, type: "application/xml" }]),
    });
    expect(((await upload.json()) as { documents: unknown[] }).documents).toMatchObject([{ id, duplicate: true }]);
  });

  it("fetches a PDF named by its Content-Disposition", async () => {
    const res = await postUrl(t, { url: `${server.origin}/download` });
    expect(res.status).toBe(202);
    const { documents } = (await res.json()) as { documents: { id: string }[] };
    const doc = await waitForDocument(t.services, documents[0]?.id ?? "");
    expect(doc).toMatchObject({
      state: "ready",
      format: "pdf",
      mediaType: "application/pdf",
      filename: "H.R. 2471.pdf",
    });
  });

  it("refuses a body over the upload limit and an error status, storing nothing", async () => {
    const before = await documentCount(t);
    const big = await postUrl(t, { url: `${server.origin}/big-chunked` });
    expect(big.status).toBe(413);
    const missing = await postUrl(t, { url: `${server.origin}/missing` });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).not.toContain("secret");
    expect(await documentCount(t)).toBe(before);
  });
});

describe("POST /v1/documents with a URL that does not answer", () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none", urlIngestAllowPrivate: true, urlIngestTimeoutSeconds: 1 });
  });
  afterAll(async () => t?.close());

  it("answers 503 once the time limit passes", async () => {
    const res = await postUrl(t, { url: `${server.origin}/hang` });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ detail: `fetching ${server.origin}/hang took longer than 1 s` });
    expect(await documentCount(t)).toBe(0);
  });
});
