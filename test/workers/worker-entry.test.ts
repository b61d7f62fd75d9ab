import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/apps/worker/index";
import vote from "../fixtures/gov/votes/vote-115-2018-s106.xml?raw";
import bill from "./fixtures/BILLS-117hr2008rfs.txt?raw";
import { registerQueueHandler } from "./queue-harness";
import { workerAuth } from "./worker-auth";

const JOBS = "opendiscourse-test-jobs";
const ORIGIN = "https://opendiscourse.test";

interface DocumentBody {
  id: string;
  state: string;
  chunkCount: number;
}

async function waitForState(id: string, states: string[]): Promise<DocumentBody> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await exports.default.fetch(`${ORIGIN}/v1/documents/${id}`, { headers: await workerAuth() });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as DocumentBody;
    if (states.includes(doc.state)) return doc;
    if (Date.now() > deadline) throw new Error(`document ${id} is still ${doc.state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the Worker entry", () => {
  it("takes an upload through fetch, processes it through the queue, and finds it by keyword", async () => {
    const stop = registerQueueHandler(JOBS, (batch) => worker.queue(batch, env));
    try {
      const form = new FormData();
      form.append("file", new File([bill], "BILLS-117hr2008rfs.txt", { type: "text/plain" }));
      const upload = await exports.default.fetch(`${ORIGIN}/v1/documents`, {
        headers: await workerAuth(),
        method: "POST",
        body: form,
      });
      expect(upload.status).toBe(202);
      const { documents } = (await upload.json()) as { documents: { id: string; duplicate: boolean }[] };
      expect(documents).toHaveLength(1);
      const id = documents[0]?.id ?? "";
      expect(documents[0]?.duplicate).toBe(false);

      const doc = await waitForState(id, ["indexed", "ready", "failed"]);
      expect(doc.state).not.toBe("failed");
      expect(doc.chunkCount).toBeGreaterThan(0);

      // The original is in R2 (as stored, which may be encrypted) and comes back as uploaded.
      const stored = await env.DOCUMENTS.list({ prefix: "originals/" });
      expect(stored.objects.length).toBeGreaterThan(0);
      const content = await exports.default.fetch(`${ORIGIN}/v1/documents/${id}/content`, {
        headers: await workerAuth("viewer"),
      });
      expect(await content.text()).toBe(bill);

      const search = await exports.default.fetch(`${ORIGIN}/v1/search?q=${encodeURIComponent("nonpoint source")}`, {
        headers: await workerAuth(),
      });
      expect(search.status).toBe(200);
      const hits = JSON.stringify(await search.json());
      expect(hits).toContain(id);
      // Three words or more are ranked per document (window functions, column filters) on D1 too.
      const long = await exports.default.fetch(
        `${ORIGIN}/v1/search?mode=keyword&q=${encodeURIComponent("To amend the Federal Water Pollution Control Act to reauthorize certain programs relating to nonpoint source management, and for other purposes")}`,
        { headers: await workerAuth() },
      );
      expect(long.status).toBe(200);
      expect(JSON.stringify(await long.json())).toContain(id);
      // A citation alone: its family widened in FTS5 and highlighted from the parse's offsets, on D1 too.
      const cited = await exports.default.fetch(`${ORIGIN}/v1/search?q=${encodeURIComponent("33 U.S.C. 1329")}`, {
        headers: await workerAuth(),
      });
      const page = (await cited.json()) as {
        results: { documentId: string; snippet: string; highlights: number[][] }[];
      };
      const [hit] = page.results;
      expect(hit?.documentId).toBe(id);
      expect(hit?.highlights.map(([s, e]) => hit.snippet.slice(s, e)).join(" ")).toContain("1329");
      const miss = await exports.default.fetch(`${ORIGIN}/v1/search?q=${encodeURIComponent("spectrum auction")}`, {
        headers: await workerAuth(),
      });
      expect(JSON.stringify(await miss.json())).not.toContain(id);
      // An excluded word keeps out the whole document: its passages by id range in FTS5, on D1 too.
      for (const [q, found] of [
        ["nonpoint source -spectrum", true],
        ["nonpoint source -reauthorize", false],
      ] as const) {
        const res = await exports.default.fetch(`${ORIGIN}/v1/search?mode=keyword&q=${encodeURIComponent(q)}`, {
          headers: await workerAuth(),
        });
        expect(res.status, q).toBe(200);
        expect(JSON.stringify(await res.json()).includes(id), q).toBe(found);
      }
      // A word no document holds gets the query with its neighbour a letter away that one does, on D1 too.
      const typo = await exports.default.fetch(
        `${ORIGIN}/v1/search?mode=keyword&q=${encodeURIComponent("nonpoint sourse")}`,
        {
          headers: await workerAuth(),
        },
      );
      expect(await typo.json()).toMatchObject({ unmatched: ["sourse"], suggestions: ["nonpoint source"] });
    } finally {
      stop();
    }
  });

  it("stores a government document's metadata, people and bill on D1", async () => {
    const stop = registerQueueHandler(JOBS, (batch) => worker.queue(batch, env));
    try {
      const form = new FormData();
      form.append("file", new File([vote], "vote.xml", { type: "application/xml" }));
      const upload = await exports.default.fetch(`${ORIGIN}/v1/documents`, {
        headers: await workerAuth(),
        method: "POST",
        body: form,
      });
      const { documents } = (await upload.json()) as { documents: { id: string }[] };
      const id = documents[0]?.id ?? "";
      expect((await waitForState(id, ["indexed", "ready", "failed"])).state).not.toBe("failed");
      const doc = (await (
        await exports.default.fetch(`${ORIGIN}/v1/documents/${id}`, { headers: await workerAuth() })
      ).json()) as {
        documentType: string;
        billId: string;
        people: { lisId?: string; position?: string }[];
      };
      expect(doc.documentType).toBe("roll-call-vote");
      expect(doc.billId).toBe("115-s-2372");
      const voter = doc.people.find((p) => p.lisId) as { lisId: string };
      const person = await exports.default.fetch(`${ORIGIN}/v1/people/${voter.lisId}`, { headers: await workerAuth() });
      expect(person.status).toBe(200);
      const billView = (await (
        await exports.default.fetch(`${ORIGIN}/v1/bills/115-s-2372`, { headers: await workerAuth() })
      ).json()) as {
        votes: unknown[];
      };
      expect(billView.votes).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it("answers a problem document for an unknown route", async () => {
    const res = await exports.default.fetch(`${ORIGIN}/v1/nothing-here`, { headers: await workerAuth() });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("answers nothing but health without a credential, and keeps the admin API closed by default", async () => {
    const anonymous = await exports.default.fetch(`${ORIGIN}/v1/documents`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe("Bearer");
    expect((await exports.default.fetch(`${ORIGIN}/healthz`)).status).toBe(200);
    const admin = await workerAuth("admin");
    expect((await exports.default.fetch(`${ORIGIN}/v1/documents`, { headers: admin })).status).toBe(200);
    // The client's address is CF-Connecting-IP; the default allowlist (loopback) holds no address that reaches a
    // Worker, so admin routes stay closed until the deployer names the operators' ranges.
    const keys = await exports.default.fetch(`${ORIGIN}/v1/keys`, {
      headers: { ...admin, "cf-connecting-ip": "198.51.100.7" },
    });
    expect(keys.status).toBe(403);
    expect((await exports.default.fetch(`${ORIGIN}/v1/keys`, { headers: admin })).status).toBe(403);
  });

  it("acks queue messages that are not jobs instead of retrying them", async () => {
    const ctx = createExecutionContext();
    const batch = createMessageBatch(JOBS, [
      { id: "not-a-job", timestamp: new Date(), attempts: 1, body: { nope: true } },
      { id: "unknown-job", timestamp: new Date(), attempts: 1, body: { jobId: crypto.randomUUID() } },
    ]);
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(["not-a-job", "unknown-job"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("sends a job whose message was never sent from the scheduled handler", async () => {
    const id = crypto.randomUUID();
    const long = new Date(Date.now() - 10 * 60_000).toISOString();
    await env.DB.prepare(
      `INSERT INTO jobs (id, type, document_id, state, attempts, created_at, updated_at)
       VALUES (?, 'process', NULL, 'queued', 0, ?, ?)`,
    )
      .bind(id, long, long)
      .run();
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env);
    expect(
      await env.DB.prepare("SELECT dispatched_at FROM jobs WHERE id = ?").bind(id).first("dispatched_at"),
    ).not.toBeNull();
  });

  it("fills the acronyms of chunks stored before them and merges the index from the scheduled handler", async () => {
    const id = crypto.randomUUID();
    const at = new Date().toISOString();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, title, state, chunk_count,
           uploaded_by, created_at, updated_at) VALUES (?, ?, 'memo.txt', 'text/plain', 'text', 1, 'k', 'Memo', 'ready', 1,
           'test', ?, ?)`,
      ).bind(id, id, at, at),
      // As migration 0010 leaves a chunk stored before it.
      env.DB.prepare(
        `INSERT INTO chunks (document_id, ord, start_offset, end_offset, text, acronyms)
         VALUES (?, 0, 0, 40, 'Loans under the CARES Act are forgiven.', NULL)`,
      ).bind(id),
    ]);
    await worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env);
    const chunk = await env.DB.prepare("SELECT acronyms, units FROM chunks WHERE document_id = ?").bind(id).first();
    expect(chunk).toEqual({ acronyms: "acrcares0", units: "acrcares0" });
    // The rewritten index merged into one segment by FTS5's incremental merge, on D1 too.
    expect(await env.DB.prepare("SELECT count(*) AS n FROM index_meta WHERE key = 'keyword_merge'").first("n")).toBe(0);
    expect(await env.DB.prepare("SELECT count(DISTINCT segid) AS n FROM chunks_fts_idx").first("n")).toBe(1);
    const res = await exports.default.fetch(`${ORIGIN}/v1/search?mode=keyword&q=${encodeURIComponent("CARES Act")}`, {
      headers: await workerAuth(),
    });
    const page = (await res.json()) as { results: { documentId: string }[] };
    expect(page.results.map((r) => r.documentId)).toEqual([id]);
  });

  it("merges a settled keyword index into one segment from the scheduled handler, reading FTS5's structure on D1", async () => {
    const id = crypto.randomUUID();
    const at = new Date().toISOString();
    await env.DB.prepare(
      `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, title, state, chunk_count,
         uploaded_by, created_at, updated_at) VALUES (?, ?, 'notes.txt', 'text/plain', 'text', 1, 'k', 'Notes', 'ready', 3,
         'test', ?, ?)`,
    )
      .bind(id, id, at, at)
      .run();
    // One statement each, so one segment each.
    for (let ord = 0; ord < 3; ord++) {
      await env.DB.prepare(
        `INSERT INTO chunks (document_id, ord, start_offset, end_offset, text, acronyms)
         VALUES (?, ?, 0, 30, ?, '')`,
      )
        .bind(id, ord, `Settled passage number ${ord}.`)
        .run();
    }
    const segments = () => env.DB.prepare("SELECT count(DISTINCT segid) AS n FROM chunks_fts_idx").first("n");
    expect(await segments()).toBeGreaterThan(1);
    const cron = () => worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env);
    await cron(); // notes the index's write counter
    const seen = await env.DB.prepare("SELECT value FROM index_meta WHERE key = 'keyword_writes'").first("value");
    expect(Number(seen)).toBeGreaterThan(0);
    expect(await segments()).toBeGreaterThan(1);
    await cron(); // nothing written since: settled, and merged
    expect(await segments()).toBe(1);
    const res = await exports.default.fetch(`${ORIGIN}/v1/search?mode=keyword&q=settled`, {
      headers: await workerAuth(),
    });
    const page = (await res.json()) as { results: { documentId: string }[] };
    expect(page.results.map((r) => r.documentId)).toEqual([id]);
  });
});
