import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/apps/worker/index";
import vote from "../fixtures/gov/votes/vote-115-2018-s106.xml?raw";
import status from "../fixtures/legislation/BILLSTATUS-115s2372.xml?raw";
import { registerQueueHandler } from "./queue-harness";
import { workerAuth } from "./worker-auth";

const JOBS = "opendiscourse-test-jobs";
const ORIGIN = "https://opendiscourse.test";
const BILL = "115-s-2372";

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const headers = { ...(await workerAuth()), ...(init?.headers as Record<string, string> | undefined) };
  const res = await exports.default.fetch(`${ORIGIN}${path}`, { ...init, headers });
  expect(res.status, path).toBeLessThan(300);
  return (await res.json()) as T;
}

async function waitForProcessing(id: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { state } = await api<{ state: string }>(`/v1/documents/${id}`);
    if (state === "ready" || state === "indexed") return;
    if (state === "failed" || Date.now() > deadline) throw new Error(`document ${id} is ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function upload(name: string, text: string): Promise<string> {
  const form = new FormData();
  form.append("file", new File([text], name, { type: "application/xml" }));
  const { documents } = await api<{ documents: { id: string }[] }>("/v1/documents", { method: "POST", body: form });
  const id = documents[0]?.id ?? "";
  await waitForProcessing(id);
  return id;
}

const all = async (sql: string, ...params: string[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .all()
  ).results;

/** What the legislation tables hold, without the time stamps. */
async function snapshot() {
  return {
    bills: await all(
      `SELECT bill_id, congress, bill_type, number, title, policy_area, introduced_date, latest_action_date,
         latest_action_text, public_law FROM bills ORDER BY bill_id`,
    ),
    actions: await all("SELECT * FROM bill_actions ORDER BY document_id, ord"),
    votes: await all("SELECT * FROM votes ORDER BY document_id"),
    versions: await all("SELECT * FROM bill_versions ORDER BY document_id"),
    sponsorships: await all("SELECT * FROM sponsorships ORDER BY bill_id, role, person_id"),
  };
}

describe("legislation tables on D1", () => {
  let stop: () => void = () => {};
  let statusId = "";
  let voteId = "";

  beforeAll(async () => {
    stop = registerQueueHandler(JOBS, (batch) => worker.queue(batch, env));
    statusId = await upload("BILLSTATUS-115s2372.xml", status);
    voteId = await upload("vote-115-2018-s106.xml", vote);
  });
  afterAll(() => stop());

  it("fills bills, actions, votes and sponsorships from a bill status and a vote", async () => {
    const [bill] = await all("SELECT * FROM bills WHERE bill_id = ?", BILL);
    expect(bill).toMatchObject({
      congress: 115,
      bill_type: "s",
      number: 2372,
      title: "VA MISSION Act of 2018",
      policy_area: "Armed Forces and National Security",
      introduced_date: "2018-02-05",
      latest_action_date: "2018-06-06",
      public_law: "115-182",
    });
    const actions = await all("SELECT ord, date FROM bill_actions WHERE document_id = ? ORDER BY ord", statusId);
    expect(actions).toHaveLength(43);
    const dates = actions.map((a) => a.date as string);
    expect(dates).toEqual([...dates].sort());
    expect(await all("SELECT roll_number, chamber, yea, nay, bill_id FROM votes")).toEqual([
      { roll_number: 106, chamber: "senate", yea: 92, nay: 5, bill_id: BILL },
    ]);
    const sponsors = await all("SELECT person_id, role FROM sponsorships WHERE bill_id = ? AND role = 'sponsor'", BILL);
    expect(sponsors).toEqual([{ person_id: "I000055", role: "sponsor" }]);
    const view = await api<{ sponsors: unknown[]; cosponsors: unknown[]; votes: unknown[]; actions: unknown[] }>(
      `/v1/bills/${BILL}`,
    );
    expect(view.sponsors).toHaveLength(1);
    expect(view.cosponsors).toHaveLength(10);
    expect(view.votes).toHaveLength(1);
    expect(view.actions).toHaveLength(43);
    // The roll call never names the law the bill became; it is found by the law's number all the same.
    const found = await api<{ results: { documentId: string }[] }>(
      `/v1/search?mode=keyword&q=${encodeURIComponent("Pub. L. 115-182")}`,
    );
    expect(found.results.map((r) => r.documentId).sort()).toEqual([statusId, voteId].sort());
  });

  it("fills the same rows from stored documents when the migration runs", async () => {
    const before = await snapshot();
    await env.DB.batch(
      [
        // The search titles' view reads `bills` since 0020: it goes first, and comes back with 0020.
        "DROP VIEW document_search_titles",
        "DROP VIEW sponsorships",
        "DROP TRIGGER documents_bill_ad",
        "DROP TRIGGER documents_bill_au",
        "DROP INDEX documents_bill_type",
        "DROP TABLE bills",
        "DROP TABLE bill_versions",
        "DROP TABLE bill_actions",
        "DROP TABLE votes",
        "ALTER TABLE document_people DROP COLUMN date",
        "ALTER TABLE document_people DROP COLUMN original",
        "ALTER TABLE document_people DROP COLUMN withdrawn",
      ].map((sql) => env.DB.prepare(sql)),
    );
    for (const prefix of ["0003_", "0020_"]) {
      const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith(prefix));
      expect(migration).toBeDefined();
      await env.DB.batch((migration?.queries ?? []).map((sql) => env.DB.prepare(sql)));
    }
    expect(await snapshot()).toEqual(before);
  });

  it("replaces a document's rows when it is processed again", async () => {
    const before = await snapshot();
    const job = await env.DB.prepare("SELECT id FROM jobs WHERE document_id = ? AND type = 'process'")
      .bind(statusId)
      .first<string>("id");
    await env.DB.prepare("UPDATE jobs SET state = 'failed' WHERE id = ?").bind(job).run();
    // Retrying is an admin route: it answers only from the admin allowlist (loopback by default), and on Workers
    // the client's address is the CF-Connecting-IP header Cloudflare's edge sets.
    await api(`/v1/jobs/${job}/retry`, { method: "POST", headers: { "cf-connecting-ip": "127.0.0.1" } });
    await waitForProcessing(statusId);
    expect(await snapshot()).toEqual(before);
    const { throughput } = await api<{ throughput: { lastHour: { process: number } } }>("/v1/jobs");
    expect(throughput.lastHour.process).toBeGreaterThanOrEqual(1);
  });

  it("leaves no rows of a deleted document, and no bill without documents", async () => {
    await exports.default.fetch(`${ORIGIN}/v1/documents/${voteId}`, { headers: await workerAuth(), method: "DELETE" });
    expect(await all("SELECT * FROM votes")).toEqual([]);
    expect(await all("SELECT bill_id FROM bills")).toEqual([{ bill_id: BILL }]);
    await exports.default.fetch(`${ORIGIN}/v1/documents/${statusId}`, {
      headers: await workerAuth(),
      method: "DELETE",
    });
    for (const table of ["bills", "bill_actions", "bill_versions", "votes", "sponsorships", "document_people"]) {
      expect(await all(`SELECT * FROM ${table}`), table).toEqual([]);
    }
    expect((await exports.default.fetch(`${ORIGIN}/v1/bills/${BILL}`, { headers: await workerAuth() })).status).toBe(
      404,
    );
  });
});
