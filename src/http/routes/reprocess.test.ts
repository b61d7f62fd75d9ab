import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, openTestRuntime, waitForDocument } from "../../../test/support/runtime";
import { createApp } from "../app";

const RECORD_PAGE = ["gov", "record", "CREC-2005-07-20-pt1-PgE1539-2.json"] as const;

describe("POST /v1/reprocess", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none" });
    const uploads = [
      { filename: "page.json", bytes: fixture(...RECORD_PAGE) },
      ...[1, 2, 3, 4].map((i) => ({ filename: `note-${i}.txt`, bytes: new TextEncoder().encode(`Farm note ${i}.`) })),
    ];
    for (const { filename, bytes } of uploads) {
      const body = new Blob([bytes as BlobPart]).stream();
      const { id } = await t.services.ingest({ body, filename, uploadedBy: "t" });
      ids.push(id);
    }
    for (const id of ids) await waitForDocument(t.services, id);
  });
  afterAll(async () => t?.close());

  const call = (query: string, headers: Record<string, string>, app = t.app) =>
    app.request(`/v1/reprocess${query}`, { method: "POST", headers });

  it("answers only admins inside the allowlist, and refuses bad input with a problem", async () => {
    expect((await call("", await t.auth("editor"))).status).toBe(403);
    const outside = createApp(t.services, { remoteAddress: () => "198.51.100.20" });
    expect((await call("", await t.auth(), outside)).status).toBe(403);
    for (const query of ["?limit=0", "?limit=101", "?limit=two", `?after=${"x".repeat(201)}`]) {
      const res = await call(query, await t.auth());
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const unknown = await call("?parser=no-such-parser", await t.auth());
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { detail: string }).detail).toContain("read by: crec-json, none");
    expect((await t.services.jobs.counts()).queued).toBe(0);
  });

  it("queues a batch a call until `next` is null, each document once, audited, and they are read again", async () => {
    // As an earlier version stored the Record page: read as plain text.
    const [page] = ids as [string];
    await t.services.deps.db.prepare("UPDATE documents SET parser = NULL, title = NULL WHERE id = ?").bind(page).run();

    const answers: { documents: number; next: string | null }[] = [];
    let after = "";
    for (let step = 0; step < 5; step++) {
      const res = await call(`?limit=2${after ? `&after=${after}` : ""}`, await t.auth());
      expect(res.status).toBe(202);
      const body = (await res.json()) as { documents: number; next: string | null };
      answers.push(body);
      if (body.next === null) break;
      after = body.next;
    }
    expect(answers.map((a) => a.documents)).toEqual([2, 2, 1]);
    expect(answers.at(-1)?.next).toBeNull();
    const sorted = [...ids].sort();
    expect(answers.slice(0, 2).map((a) => a.next)).toEqual([sorted[1], sorted[3]]);

    for (const id of ids) await waitForDocument(t.services, id);
    expect(await t.services.documents.get(page)).toMatchObject({ state: "ready", parser: "crec-json" });
    // One reading-again job per document (uploads have jobs of their own), each run once.
    const again = (await t.services.jobs.list({ limit: 500 })).filter((j) => j.id === `${j.documentId}:process`);
    expect(again.map((j) => [j.documentId, j.state, j.attempts]).sort()).toEqual(sorted.map((id) => [id, "done", 1]));

    const audit = await t.services.deps.db
      .prepare("SELECT action, target FROM audit_log WHERE action = 'documents.reprocess'")
      .all<{ action: string; target: string }>();
    expect(audit.results).toHaveLength(3);
  });

  it("takes only the documents a parser read", async () => {
    const res = await call("?parser=none", await t.auth());
    expect(await res.json()).toEqual({ documents: 4, next: null });
    for (const id of ids) await waitForDocument(t.services, id);
  });

  it("refuses to embed again without an embedder", async () => {
    const res = await t.app.request("/v1/reembed", { method: "POST", headers: await t.auth() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toBe("no embedder is configured");
  });
});

describe("POST /v1/reembed", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;

  beforeAll(async () => {
    t = await openTestRuntime();
  });
  afterAll(async () => t?.close());

  it("embeds the library again a batch a call, and semantic search finds the documents after", async () => {
    const ids: string[] = [];
    for (const words of ["Crop insurance for farmers.", "Veterans health care.", "Highway bridge repair."]) {
      const { id } = await t.services.ingest({ body: new Blob([words]).stream(), filename: "n.txt", uploadedBy: "t" });
      ids.push(id);
    }
    for (const id of ids) await waitForDocument(t.services, id);
    const embedded = () =>
      t.services.deps.db
        .prepare("SELECT COUNT(*) AS n FROM documents WHERE embedding_model IS NOT NULL")
        .first<number>("n");
    expect(await embedded()).toBe(3);

    const first = await t.app.request("/v1/reembed?limit=2", { method: "POST", headers: await t.auth() });
    expect(first.status).toBe(202);
    const body = (await first.json()) as { documents: number; next: string; model: string; previousModel: string };
    expect(body).toMatchObject({ documents: 2, model: "universal-sentence-encoder-lite" });
    expect(body.previousModel).toBe(body.model);
    const second = await t.app.request(`/v1/reembed?limit=2&after=${body.next}`, {
      method: "POST",
      headers: await t.auth(),
    });
    expect(await second.json()).toMatchObject({ documents: 1, next: null });

    for (const id of ids) expect((await waitForDocument(t.services, id)).state).toBe("ready");
    expect(await embedded()).toBe(3);
    const page = await t.services.search({ q: "farm crops", mode: "semantic", limit: 1 });
    expect(page.results[0]?.documentId).toBe(ids[0]);
  });
});
