import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime } from "../../test/support/runtime";
import { openNodeRuntime } from "../apps/node-runtime";
import { silentLogger } from "../core/observability";

const BILL = "gov/bill-text/billsim/117/bills/hr2008/BILLS-117hr2008ih-uslm.xml";
const TIMEOUT_MS = 30_000;

interface ServerEvent {
  event: string;
  id: string | undefined;
  data: Record<string, unknown>;
}

/**
 * Reads the stream's events until `done` says enough (or the time is up), then closes it as a browser leaving the
 * page would. Comments (heartbeats) and the retry hint are skipped.
 */
async function readEvents(
  response: Response,
  controller: AbortController,
  done: (events: ServerEvent[]) => boolean,
): Promise<ServerEvent[]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  const events: ServerEvent[] = [];
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let buffer = "";
  try {
    while (!done(events)) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const fields = new Map<string, string>();
        for (const line of buffer.slice(0, end).split("\n")) {
          const colon = line.indexOf(":");
          if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
        }
        buffer = buffer.slice(end + 2);
        const data = fields.get("data");
        if (data !== undefined) {
          events.push({ event: fields.get("event") ?? "message", id: fields.get("id"), data: JSON.parse(data) });
        }
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
    await reader.cancel().catch(() => {});
  }
  return events;
}

const states = (events: ServerEvent[], id: string) =>
  events.filter((e) => e.event === "document" && e.data.id === id).map((e) => e.data.state);

describe("GET /v1/jobs/events", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
  });
  afterAll(async () => env?.close());

  const open = async (query = "", headers: Record<string, string> = {}) => {
    const controller = new AbortController();
    const res = await env.app.request(`/v1/jobs/events${query}`, {
      headers: { ...(await env.auth("editor")), ...headers },
      signal: controller.signal,
    });
    return { res, controller };
  };

  it("streams an upload's states as they change, then resumes after the last event seen", async () => {
    const { res, controller } = await open();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const upload = await env.app.request("/v1/documents", {
      method: "POST",
      headers: await env.auth("editor"),
      body: multipart([{ name: "BILLS-117hr2008ih-uslm.xml", bytes: fixture(BILL) }]),
    });
    const [entry] = ((await upload.json()) as { documents: { id: string }[] }).documents;
    const id = entry?.id as string;
    const processed = (all: ServerEvent[]) =>
      all.some((e) => e.event === "job" && e.data.documentId === id && e.data.state === "done");
    const events = await readEvents(res, controller, (all) => states(all, id).includes("ready") && processed(all));

    expect(states(events, id)).toEqual(["queued", "processing", "ready"]);
    const ready = events.find((e) => e.data.id === id && e.data.state === "ready");
    expect(ready?.data).toEqual({ id, state: "ready", fileName: "BILLS-117hr2008ih-uslm.xml", documentType: "bill" });
    const jobs = events.filter((e) => e.event === "job" && e.data.documentId === id);
    expect(jobs.map((e) => [e.data.type, e.data.state])).toEqual([
      ["process", "queued"],
      ["process", "processing"],
      ["process", "done"],
    ]);
    const ids = events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // Reconnecting after the queued event replays what followed it, for this document only.
    const queued = events.find((e) => e.data.id === id && e.data.state === "queued");
    const again = await open(`?documents=${id}`, { "last-event-id": queued?.id as string });
    const replayed = await readEvents(again.res, again.controller, (all) => states(all, id).includes("ready"));
    expect(states(replayed, id)).toEqual(["processing", "ready"]);
    expect(replayed.every((e) => e.data.id === id || e.data.documentId === id)).toBe(true);

    // A new stream for the document starts with its current state.
    const fresh = await open(`?documents=${id}`);
    const [current] = await readEvents(fresh.res, fresh.controller, (all) => all.length > 0);
    expect(current).toMatchObject({ event: "document", data: { id, state: "ready" } });
  });

  it("sees documents another process ingests into the same folder", async () => {
    const { res, controller } = await open();
    // As `opendiscourse ingest` would, beside the running server.
    const cli = await openNodeRuntime(env.config, silentLogger);
    try {
      const bytes = new TextEncoder().encode("A note on water quality.\n\nNonpoint source management programs.\n");
      const { id } = await cli.services.ingest({
        body: new Blob([bytes]).stream(),
        filename: "note.txt",
        uploadedBy: "cli",
      });
      const events = await readEvents(res, controller, (all) => states(all, id).includes("ready"));
      expect(states(events, id).at(-1)).toBe("ready");
      expect(events.find((e) => e.data.id === id)?.data.fileName).toBe("note.txt");
    } finally {
      await cli.close();
    }
  });

  it("beats while nothing changes and ends after its time, so that clients reconnect", async () => {
    const { latest } = await env.services.changes.bounds();
    const items: string[] = [];
    for await (const item of env.services.changes.watch({ after: latest, pollMs: 10, heartbeatMs: 30, maxMs: 200 })) {
      items.push(item.type);
    }
    // The loop above ended by itself; a late change of the previous test's jobs may come before the beats.
    expect(items).toContain("heartbeat");
  });

  it("says when a cursor is past what the log holds, and is for editors", async () => {
    const { res, controller } = await open("?after=999999999");
    const [first] = await readEvents(res, controller, (all) => all.length > 0);
    expect(first?.event).toBe("reset");
    const viewer = await env.app.request("/v1/jobs/events", { headers: await env.auth("viewer") });
    expect(viewer.status).toBe(403);
    const many = Array.from({ length: 101 }, (_, i) => `d${i}`).join(",");
    expect((await open(`?documents=${many}`)).res.status).toBe(400);
  });
});
