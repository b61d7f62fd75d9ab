import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";

/** Fixture paths under test/fixtures: a bill, two bill statuses, a statement and a vote on one of the bills. */
const FILES = [
  "gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih-uslm.xml",
  "legislation/BILLSTATUS-117hr2002.xml",
  "legislation/BILLSTATUS-115s2372.xml",
  "legislation/2018-05-15_s2372.pdf",
  "gov/votes/vote-115-2018-s106.xml",
];

describe("government documents over HTTP: metadata, bills, people, citations", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    const res = await env.app.request("/v1/documents", {
      method: "POST",
      body: multipart(FILES.map((file) => ({ name: file.split("/").at(-1) as string, bytes: fixture(file) }))),
    });
    const { documents } = (await res.json()) as { documents: { filename: string; id: string }[] };
    for (const d of documents) ids.set(d.filename, d.id);
    for (const id of ids.values()) expect((await waitForDocument(env.services, id)).state).toBe("ready");
  });
  afterAll(async () => env?.close());

  const get = async <T>(path: string) => {
    const res = await env.app.request(path);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it("returns a bill's structured metadata with its document", async () => {
    const doc = await get<Record<string, unknown>>(`/v1/documents/${ids.get("BILLS-117hr2002ih-uslm.xml")}`);
    expect(doc).toMatchObject({ documentType: "bill", billId: "117-hr-2002", congress: 117, billType: "hr" });
    expect(doc.billNumber).toBe(2002);
    expect(doc.version).toBe("ih");
    expect(doc.versionName).toBe("Introduced in House");
    expect(doc.title).toBe("Let States Cut Taxes Act");
    expect((doc.sections as unknown[]).length).toBeGreaterThan(0);
  });

  it("groups a bill's documents: versions, status with sponsors and actions", async () => {
    const bill = await get<{
      billId: string;
      versions: { version: string; renderings: { id: string }[] }[];
      status: { people: { role: string; bioguideId?: string }[]; actions: unknown[] } | null;
    }>("/v1/bills/117-hr-2002");
    expect(bill.billId).toBe("117-hr-2002");
    expect(bill.versions.map((v) => v.version)).toEqual(["ih"]);
    expect(bill.status?.people.filter((p) => p.role === "sponsor")).toHaveLength(1);
    expect(bill.status?.actions.length).toBeGreaterThan(0);
    const unknown = await env.app.request("/v1/bills/117-hr-99999");
    expect(unknown.status).toBe(404);
    expect((await env.app.request("/v1/bills/not-a-bill")).status).toBe(400);
  });

  it("links a vote and a statement to their bill, and voters to their record", async () => {
    const bill = await get<{ votes: { vote: { rollNumber: number } | null }[]; related: { id: string }[] }>(
      "/v1/bills/115-s-2372",
    );
    expect(bill.votes.map((v) => v.vote?.rollNumber)).toEqual([106]);
    const vote = await get<{ people: { lisId?: string; position?: string }[] }>(
      `/v1/documents/${ids.get("vote-115-2018-s106.xml")}`,
    );
    expect(vote.people.length).toBeGreaterThanOrEqual(99);
    const voter = vote.people.find((p) => p.lisId) as { lisId: string; position: string };
    const person = await get<{ votes: { billId: string; position: string }[]; name: string }>(
      `/v1/people/${voter.lisId}`,
    );
    expect(person.votes).toContainEqual(expect.objectContaining({ billId: "115-s-2372", position: voter.position }));
    expect(person.name.length).toBeGreaterThan(3);
    // A member's record carries the legislators data: full name and terms.
    const schumer = await get<{ name: string; terms: unknown[]; sponsored: string[] }>("/v1/people/S000148");
    expect(schumer.name).toBe("Charles E. Schumer");
    expect(schumer.terms.length).toBeGreaterThan(0);
  });

  it("finds the bills citing a law", async () => {
    const doc = await get<{ citations: { target: string }[] }>(
      `/v1/documents/${ids.get("BILLS-117hr2002ih-uslm.xml")}`,
    );
    expect(doc.citations.map((c) => c.target)).toContain("pl/117/2");
    const citing = await get<{ bills: string[] }>("/v1/citations/pl/117/2");
    expect(citing.bills).toContain("117-hr-2002");
    const none = await get<{ bills: string[] }>("/v1/citations/usc/99/1");
    expect(none.bills).toEqual([]);
  });

  it("filters documents by bill, type and congress", async () => {
    const page = await get<{ documents: { billId: string; documentType: string }[] }>(
      "/v1/documents?billId=115-s-2372",
    );
    expect(page.documents.length).toBeGreaterThanOrEqual(2);
    for (const d of page.documents) expect(d.billId).toBe("115-s-2372");
    const statuses = await get<{ documents: unknown[] }>("/v1/documents?documentType=bill-status&congress=117");
    expect(statuses.documents).toHaveLength(1);
    const status = await get<{
      people: { role: string; bioguideId: string; party: string; state: string }[];
      committees: { code?: string }[];
    }>(`/v1/documents/${ids.get("BILLSTATUS-117hr2002.xml")}`);
    const sponsor = status.people.find((p) => p.role === "sponsor") as {
      bioguideId: string;
      party: string;
      state: string;
    };
    const bySponsor = await get<{ documents: { id: string }[] }>(
      `/v1/documents?sponsor=${sponsor.bioguideId}&party=${sponsor.party}&sponsorState=${sponsor.state}`,
    );
    expect(bySponsor.documents.map((d) => d.id)).toContain(ids.get("BILLSTATUS-117hr2002.xml"));
    const otherParty = await get<{ documents: unknown[] }>(
      `/v1/documents?sponsor=${sponsor.bioguideId}&party=${sponsor.party === "R" ? "D" : "R"}`,
    );
    expect(otherParty.documents).toHaveLength(0);
    const code = status.committees.find((c) => c.code)?.code as string;
    const byCommittee = await get<{ documents: { id: string }[] }>(`/v1/documents?committee=${code}`);
    expect(byCommittee.documents.map((d) => d.id)).toContain(ids.get("BILLSTATUS-117hr2002.xml"));
  });
});

describe("people known only by name", () => {
  it("get a record of their own, merged into the id's record when a document gives the id", async () => {
    const env = await openTestRuntime({ embedder: "none" });
    try {
      const upload = async (name: string) => {
        const res = await env.app.request("/v1/documents", {
          method: "POST",
          body: multipart([{ name, bytes: fixture("documents", name) }]),
        });
        const { documents } = (await res.json()) as { documents: { id: string }[] };
        return waitForDocument(env.services, documents[0]?.id as string);
      };
      // The HTML rendering names the sponsor without an id, and he is not in the current legislators data.
      await upload("BILLS-117hr2002ih.htm");
      const anonymous = "name:mr bishop of north carolina::";
      const before = (await (await env.app.request(`/v1/people/${encodeURIComponent(anonymous)}`)).json()) as {
        name: string;
        sponsored: string[];
      };
      expect(before).toMatchObject({ name: "Mr. Bishop of North Carolina", sponsored: ["117-hr-2002"] });
      // The XML rendering gives his bioguide id: the name-only record becomes his.
      await upload("BILLS-117hr2002ih.xml");
      expect((await env.app.request(`/v1/people/${encodeURIComponent(anonymous)}`)).status).toBe(404);
      const merged = (await (await env.app.request("/v1/people/B001311")).json()) as { sponsored: string[] };
      expect(merged.sponsored).toEqual(["117-hr-2002"]);
    } finally {
      await env.close();
    }
  });
});
