import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/apps/worker/index";
import ehDtd from "../fixtures/gov/bill-text/billsim/117/bills/hr2008/BILLS-117hr2008eh.xml?raw";
import eh from "../fixtures/gov/bill-text/billsim/117/bills/hr2008/BILLS-117hr2008eh-uslm.xml?raw";
import ih from "../fixtures/gov/bill-text/billsim/117/bills/hr2008/BILLS-117hr2008ih-uslm.xml?raw";
import { registerQueueHandler } from "./queue-harness";
import { workerAuth } from "./worker-auth";

const JOBS = "opendiscourse-test-jobs";
const ORIGIN = "https://opendiscourse.test";

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = { ...(await workerAuth("editor")), ...(init.headers as Record<string, string> | undefined) };
  return exports.default.fetch(`${ORIGIN}${path}`, { ...init, headers });
}

async function api<T>(path: string): Promise<T> {
  const res = await request(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function upload(name: string, text: string): Promise<string> {
  const form = new FormData();
  form.append("file", new File([text], name, { type: "application/xml" }));
  const res = await request("/v1/documents", { method: "POST", body: form });
  const { documents } = (await res.json()) as { documents: { id: string }[] };
  const id = documents[0]?.id ?? "";
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { state } = await api<{ state: string }>(`/v1/documents/${id}`);
    if (state === "ready" || state === "indexed") return id;
    if (state === "failed" || Date.now() > deadline) throw new Error(`document ${id} is ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("web app views on D1", () => {
  let stop: () => void = () => {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stop = registerQueueHandler(JOBS, (batch) => worker.queue(batch, env));
    ids.ih = await upload("BILLS-117hr2008ih-uslm.xml", ih);
    ids.eh = await upload("BILLS-117hr2008eh-uslm.xml", eh);
    ids.ehDtd = await upload("BILLS-117hr2008eh.xml", ehDtd);
  });
  afterAll(() => stop());

  it("compares two versions of a bill", async () => {
    const c = await api<{
      from: { documentId: string };
      to: { documentId: string; parser: string };
      sections: { key: string; status: string; diff: { ops: { op: string; text: string }[] } | null }[];
    }>("/v1/bills/117-hr-2008/compare?from=ih&to=eh");
    expect([c.from.documentId, c.to.documentId]).toEqual([ids.ih, ids.eh]);
    expect(c.sections.map((s) => [s.key, s.status])).toEqual([
      ["front", "changed"],
      ["Sec. 1", "unchanged"],
      ["Sec. 2", "unchanged"],
      ["end", "added"],
    ]);
    expect(c.sections[0]?.diff?.ops.filter((o) => o.op === "insert")).toEqual([{ op: "insert", text: "AN ACT\n" }]);
    expect((await request("/v1/bills/117-hr-2008/compare?from=eh&to=eh")).status).toBe(400);
  });

  it("outlines a document and lists its related documents", async () => {
    const outline = await api<{ sections: { path: string; depth: number; start: number }[] }>(
      `/v1/documents/${ids.eh}/outline`,
    );
    expect(outline.sections.map((s) => [s.path, s.depth])).toEqual([
      ["Sec. 1", 0],
      ["Sec. 2", 0],
    ]);
    const related = await api<{ versions: { document: { id: string }; sameVersion: boolean }[] }>(
      `/v1/documents/${ids.eh}/related`,
    );
    expect(related.versions.map((v) => [v.document.id, v.sameVersion])).toEqual([
      [ids.ih, false],
      [ids.ehDtd, true],
    ]);
  });

  it("streams a document's state as server-sent events", async () => {
    const controller = new AbortController();
    const res = await request(`/v1/jobs/events?documents=${ids.eh}`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("event: document")) text += (await reader.read()).value ?? "";
    controller.abort();
    await reader.cancel();
    expect(text).toContain(`"id":"${ids.eh}","state":"ready"`);
    const [change] = (
      await env.DB.prepare(
        "SELECT state FROM changes WHERE kind = 'document' AND document_id = ? ORDER BY seq DESC LIMIT 1",
      )
        .bind(ids.eh)
        .all()
    ).results;
    expect(change).toEqual({ state: "ready" });
  });
});
