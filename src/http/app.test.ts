import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";
import type { Role } from "../core/security";

const PDF = fixture("documents", "2022-03-09_hr2471.pdf");
const BILL_HTML = fixture("gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih.htm");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

describe("HTTP API over the Node runtime", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  let pdfId: string;
  let billId: string;

  beforeAll(async () => {
    env = await openTestRuntime({ maxUploadBytes: 2 * 1024 * 1024 });
  });
  afterAll(async () => env?.close());

  /** Requests as the role (admin unless told), with its API key. */
  const request = async (path: string, init: RequestInit = {}, role: Role = "admin") =>
    env.app.request(path, {
      ...init,
      headers: { ...(await env.auth(role)), ...(init.headers as Record<string, string>) },
    });
  const actorOf = async (role: Role) => {
    const keys = await env.services.security.keys.list();
    return `key:${keys.find((k) => k.name === `test ${role}`)?.id}`;
  };

  it("accepts several files in one upload, refusing only the bad one", async () => {
    const res = await request(
      "/v1/documents",
      {
        method: "POST",
        body: multipart([
          { name: "2022-03-09_hr2471.pdf", bytes: PDF, type: "application/pdf" },
          { name: "BILLS-117hr2002ih.htm", bytes: BILL_HTML, type: "text/html" },
          { name: "picture.png", bytes: PNG, type: "image/png" },
        ]),
      },
      "editor",
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { documents: Record<string, unknown>[] };
    expect(body.documents).toHaveLength(3);
    const [pdf, bill, png] = body.documents;
    expect(pdf).toMatchObject({ filename: "2022-03-09_hr2471.pdf", duplicate: false, state: "queued" });
    expect(bill).toMatchObject({ filename: "BILLS-117hr2002ih.htm", duplicate: false });
    expect(png).toMatchObject({ filename: "picture.png", code: "unsupported_media_type" });
    pdfId = pdf?.id as string;
    billId = bill?.id as string;
  });

  it("processes documents to ready, recording uploader, time and model", async () => {
    const pdf = await waitForDocument(env.services, pdfId);
    const bill = await waitForDocument(env.services, billId);
    for (const doc of [pdf, bill]) {
      expect(doc.state).toBe("ready");
      expect(doc.chunkCount).toBeGreaterThan(0);
      expect(doc.embeddingModel).toBe("universal-sentence-encoder-lite");
      expect(doc.uploadedBy).toBe(await actorOf("editor"));
      expect(Date.parse(doc.createdAt)).toBeGreaterThan(Date.now() - 120_000);
    }
    const res = await request(`/v1/documents/${pdfId}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: pdfId, filename: "2022-03-09_hr2471.pdf", format: "pdf" });
  });

  it("returns the same id for the same bytes, whatever their name", async () => {
    const res = await request("/v1/documents", {
      method: "POST",
      body: multipart([{ name: "copy.pdf", bytes: PDF }]),
    });
    expect(res.status).toBe(202);
    expect((await res.json()) as unknown).toEqual({
      documents: [{ filename: "copy.pdf", id: pdfId, duplicate: true, state: "ready" }],
    });
  });

  it("serves the extracted text with sections whose offsets index it", async () => {
    const res = await request(`/v1/documents/${billId}/text`);
    const body = (await res.json()) as { text: string; sections: { start: number; end: number }[] };
    expect(body.text).toContain("Coronavirus State Fiscal Recovery Fund");
    expect(body.text).not.toContain("<p>");
    for (const s of body.sections) expect(s.end).toBeLessThanOrEqual(body.text.length);
  });

  it("serves the original as a sandboxed attachment", async () => {
    const res = await request(`/v1/documents/${billId}/content`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="BILLS-117hr2002ih.htm"/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(BILL_HTML);
  });

  it("lists documents with a cursor that pages without overlap", async () => {
    const first = (await (await request("/v1/documents?limit=1")).json()) as {
      documents: { id: string }[];
      nextCursor: string;
    };
    expect(first.documents).toHaveLength(1);
    const second = (await (
      await request(`/v1/documents?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json()) as { documents: { id: string }[]; nextCursor: string | null };
    expect(second.documents).toHaveLength(1);
    expect(second.documents[0]?.id).not.toBe(first.documents[0]?.id);
    expect(second.nextCursor).toBeNull();
    const bad = await request("/v1/documents?cursor=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
  });

  it.each(["keyword", "semantic", "hybrid"])("finds the bill by %s search with a highlighted snippet", async (mode) => {
    const res = await request(`/v1/search?q=${encodeURIComponent("state fiscal recovery fund")}&mode=${mode}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      mode: string;
      results: { documentId: string; snippet: string; highlights: [number, number][]; score: number }[];
    };
    expect(body.mode).toBe(mode);
    expect(body.results[0]?.documentId).toBe(billId);
    expect(new Set(body.results.map((r) => r.documentId)).size).toBe(body.results.length);
    const top = body.results[0];
    if (mode !== "semantic") {
      expect(top?.highlights.length).toBeGreaterThan(0);
      const [s, e] = top?.highlights[0] ?? [0, 0];
      expect(top?.snippet.slice(s, e).toLowerCase()).toMatch(/^(state|fiscal|recovery|fund)/);
    }
  });

  it("hybrid is the default mode", async () => {
    const body = (await (await request("/v1/search?q=appropriations")).json()) as { mode: string };
    expect(body.mode).toBe("hybrid");
  });

  it("answers a hybrid query of bill numbers and citations alone with the documents that have them", async () => {
    for (const q of ["H.R. 2002", "HR 2002 H.R. 2471"]) {
      const body = (await (await request(`/v1/search?q=${encodeURIComponent(q)}`)).json()) as {
        mode: string;
        results: { documentId: string }[];
      };
      expect(body.mode).toBe("hybrid");
      const expected = q.includes("2471") ? [billId, pdfId] : [billId];
      expect(body.results.map((r) => r.documentId).sort()).toEqual(expected.sort());
    }
  });

  it.each(['"', "NEAR(fund recovery, 2)", "fund*", "text:fund", "((fund", "fund) OR (", "-", "AND OR NOT", "\u0000"])(
    "never fails on FTS5 syntax in the query: %j",
    async (q) => {
      const res = await request(`/v1/search?mode=keyword&q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
    },
  );

  it("answers an empty or a 10,000-character query with 400", async () => {
    for (const q of ["", "   ", "x".repeat(10_000)]) {
      const res = await request(`/v1/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { code: string; status: number };
      expect(problem).toMatchObject({ code: "bad_request", status: 400 });
    }
  });

  it("refuses an unsupported type with 415 and an oversized upload with 413", async () => {
    const png = await request("/v1/documents", { method: "POST", body: multipart([{ name: "a.png", bytes: PNG }]) });
    expect(png.status).toBe(415);
    expect(png.headers.get("content-type")).toBe("application/problem+json");
    const big = new Uint8Array(3 * 1024 * 1024).fill(0x61);
    const tooLarge = await request("/v1/documents", {
      method: "POST",
      body: multipart([{ name: "big.txt", bytes: big }]),
    });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { code: string }).code).toBe("payload_too_large");
  });

  it("refuses an oversized file inside a multi-file upload alone, and keeps the others", async () => {
    const big = new Uint8Array(2.5 * 1024 * 1024).fill(0x62);
    const res = await request("/v1/documents", {
      method: "POST",
      body: multipart([
        { name: "before.txt", bytes: "a note before the big one" },
        { name: "big.txt", bytes: big },
        { name: "after.txt", bytes: "a note after the big one" },
      ]),
    });
    expect(res.status).toBe(202);
    const { documents } = (await res.json()) as { documents: Record<string, unknown>[] };
    expect(documents.map((d) => d.code ?? d.state)).toEqual(["queued", "payload_too_large", "queued"]);
  });

  it("stops reading a request of undeclared length once it passes the limit", async () => {
    let sent = 0;
    const encoder = new TextEncoder();
    const head = encoder.encode(
      '--b\r\nContent-Disposition: form-data; name="file"; filename="endless.txt"\r\nContent-Type: text/plain\r\n\r\n',
    );
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(head);
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x63));
        if (sent > 50 * 1024 * 1024) controller.close();
      },
    });
    const res = await env.app.request(
      new Request("http://local/v1/documents", {
        method: "POST",
        body,
        headers: { "content-type": "multipart/form-data; boundary=b", ...(await env.auth("editor")) },
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(10 * 1024 * 1024);
  });

  it("marks a corrupt PDF failed with its reason while others go on", async () => {
    const corrupt = PDF.slice(0, 2000);
    const res = await request("/v1/documents", {
      method: "POST",
      body: multipart([
        { name: "corrupt.pdf", bytes: corrupt },
        { name: "note.txt", bytes: "A note about appropriations for the fiscal year." },
      ]),
    });
    const { documents } = (await res.json()) as { documents: { id: string }[] };
    const failed = await waitForDocument(env.services, documents[0]?.id as string);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/pdf/i);
    const note = await waitForDocument(env.services, documents[1]?.id as string);
    expect(note.state).toBe("ready");
    const jobs = (await (await request("/v1/jobs?state=failed")).json()) as {
      jobs: { id: string }[];
      throughput: { lastMinute: { process: number; embed: number }; lastHour: { process: number; embed: number } };
    };
    expect(jobs.jobs.length).toBeGreaterThan(0);
    // The note was processed and embedded just now; the corrupt PDF's failed job is not counted as processed.
    expect(jobs.throughput.lastMinute.process).toBeGreaterThanOrEqual(1);
    expect(jobs.throughput.lastMinute.embed).toBeGreaterThanOrEqual(1);
    expect(jobs.throughput.lastHour.process).toBeGreaterThanOrEqual(jobs.throughput.lastMinute.process);
    const retry = await request(`/v1/jobs/${jobs.jobs[0]?.id}/retry`, { method: "POST" });
    expect(retry.status).toBe(202);
    expect((await waitForDocument(env.services, documents[0]?.id as string)).state).toBe("failed");
  });

  it("keeps hostile file names as metadata only, never as paths", async () => {
    const names = ["../../escape-passwd.txt", "/abs/escape-path.txt", "..\\..\\escape-win.txt", "nul\u0000byte.txt"];
    for (const [i, name] of names.entries()) {
      const res = await request("/v1/documents", {
        method: "POST",
        body: multipart([{ name, bytes: `hostile name ${i}` }]),
      });
      if (name.includes("\u0000")) {
        // A NUL inside a multipart header is malformed framing: refused whole, with a reason.
        expect(res.status).toBe(400);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        continue;
      }
      expect(res.status).toBe(202);
      const { documents } = (await res.json()) as { documents: { id: string; filename: string }[] };
      const doc = await env.services.documents.get(documents[0]?.id as string);
      expect(doc.filename).toMatch(/^escape-(passwd|path|win)\.txt$/);
    }
    const everything = (readdirSync(env.dataDir, { recursive: true }) as string[]).join("\n");
    expect(everything).not.toContain("escape");
    for (const target of ["../escape-passwd.txt", "../../escape-passwd.txt", "/abs/escape-path.txt"]) {
      expect(existsSync(resolve(env.dataDir, "blobs", target))).toBe(false);
    }
  });

  it("lets an editor delete only their own uploads, and audits each deletion", async () => {
    const upload = async (role: Role, text: string) => {
      const res = await request(
        "/v1/documents",
        { method: "POST", body: multipart([{ name: `${role}.txt`, bytes: text }]) },
        role,
      );
      return ((await res.json()) as { documents: { id: string }[] }).documents[0]?.id as string;
    };
    const adminDoc = await upload("admin", "A note the admin uploaded about ownership.");
    const editorDoc = await upload("editor", "A note the editor uploaded about ownership.");
    const refused = await request(`/v1/documents/${adminDoc}`, { method: "DELETE" }, "editor");
    expect(refused.status).toBe(403);
    expect((await env.services.documents.get(adminDoc)).id).toBe(adminDoc);
    expect((await request(`/v1/documents/${editorDoc}`, { method: "DELETE" }, "viewer")).status).toBe(403);
    expect((await request(`/v1/documents/${editorDoc}`, { method: "DELETE" }, "editor")).status).toBe(204);
    expect((await request(`/v1/documents/${adminDoc}`, { method: "DELETE" }, "admin")).status).toBe(204);

    const entries = await env.services.security.audit.list({ action: "document.delete", limit: 1000 });
    const byTarget = new Map(entries.map((e) => [e.target, e]));
    expect(byTarget.get(`document:${editorDoc}`)).toMatchObject({
      actor: await actorOf("editor"),
      ip: "127.0.0.1",
      before: { filename: "editor.txt", uploadedBy: await actorOf("editor") },
    });
    expect(byTarget.get(`document:${adminDoc}`)).toMatchObject({
      actor: await actorOf("admin"),
      before: { filename: "admin.txt", uploadedBy: await actorOf("admin") },
    });
    expect((await env.services.security.audit.verify()).ok).toBe(true);
  });

  it("deletes a document with its text, chunks, vectors and original", async () => {
    const res = await request(`/v1/documents/${billId}`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect((await request(`/v1/documents/${billId}`)).status).toBe(404);
    const search = (await (await request("/v1/search?q=fiscal%20recovery&mode=keyword")).json()) as {
      results: { documentId: string }[];
    };
    expect(search.results.map((r) => r.documentId)).not.toContain(billId);
    const semantic = (await (await request("/v1/search?q=fiscal%20recovery&mode=semantic")).json()) as {
      results: { documentId: string }[];
    };
    expect(semantic.results.map((r) => r.documentId)).not.toContain(billId);
    expect((await request(`/v1/documents/${billId}`, { method: "DELETE" })).status).toBe(404);
  });

  it("publishes OpenAPI 3.1, a local reference page, health, readiness and metrics", async () => {
    const spec = (await (await request("/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe("3.1.0");
    for (const path of ["/v1/documents", "/v1/documents/{id}", "/v1/search", "/v1/jobs", "/v1/jobs/{id}/retry"]) {
      expect(spec.paths).toHaveProperty([path]);
    }
    const docs = await (await request("/docs")).text();
    expect(docs).toContain("/docs/assets/swagger-ui-bundle.js");
    expect(docs).not.toMatch(/https?:\/\//);
    expect((await request("/docs/assets/swagger-ui-bundle.js")).status).toBe(200);
    expect((await request("/docs/assets/..%2F..%2Fpackage.json")).status).toBe(404);
    expect(await (await request("/healthz")).json()).toEqual({ ok: true });
    const ready = (await (await request("/readyz")).json()) as { ok: boolean; checks: { name: string }[] };
    expect(ready.ok).toBe(true);
    expect(ready.checks.map((c) => c.name)).toEqual(["database", "blobs", "queue", "model", "encryption"]);
    const metrics = await (await request("/metrics")).text();
    expect(metrics).toContain('opendiscourse_http_request_duration_seconds_count{method="GET",route="/v1/search"');
    expect(metrics).toMatch(/opendiscourse_job_duration_seconds_count\{type="process",outcome="done"\} \d+/);
    expect(metrics).toMatch(/opendiscourse_documents\{state="ready"\} \d+/);
    expect(metrics).toContain("opendiscourse_queue_messages");
    expect(metrics).toMatch(/opendiscourse_search_index\{measure="segments"\} [1-9]/);
    expect(metrics).toMatch(/opendiscourse_search_index\{measure="pages"\} [1-9]/);
    expect(metrics).toMatch(/opendiscourse_search_index\{measure="pages_outside_largest"\} \d+/);
    expect(metrics).toContain('opendiscourse_search_index{measure="chunks_to_fill"} 0');
    // A library this small is searched exactly: no graph to keep.
    expect(metrics).toMatch(/opendiscourse_vector_index\{measure="vectors"\} [1-9]/);
    expect(metrics).toContain('opendiscourse_vector_index{measure="hnsw"} 0');
    expect(metrics).toContain('opendiscourse_vector_index{measure="graph_behind"} 0');
    expect(metrics).toContain("opendiscourse_embedder_batch_duration_seconds");
  });

  it("answers unknown routes with problem+json", async () => {
    const res = await request("/v1/nothing");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
