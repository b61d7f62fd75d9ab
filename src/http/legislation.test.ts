import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";
import { MIGRATIONS_DIR } from "../adapters/node/migrations";

/** Fixture paths under test/fixtures: a bill, two bill statuses, a statement and a vote on one of the bills. */
const FILES = [
  "gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih-uslm.xml",
  "legislation/BILLSTATUS-117hr2002.xml",
  "legislation/BILLSTATUS-115s2372.xml",
  "legislation/2018-05-15_s2372.pdf",
  "gov/votes/vote-115-2018-s106.xml",
];

type TestEnv = Awaited<ReturnType<typeof openTestRuntime>>;

/** Uploads one file over HTTP and waits until it is processed; its id. */
async function storeDocument(env: TestEnv, name: string, bytes: Uint8Array): Promise<string> {
  const res = await env.app.request("/v1/documents", {
    headers: await env.auth(),
    method: "POST",
    body: multipart([{ name, bytes }]),
  });
  const { documents } = (await res.json()) as { documents: { id: string }[] };
  const id = documents[0]?.id as string;
  expect((await waitForDocument(env.services, id)).state).toBe("ready");
  return id;
}

describe("government documents over HTTP: metadata, bills, people, citations", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    const res = await env.app.request("/v1/documents", {
      headers: await env.auth(),
      method: "POST",
      body: multipart(FILES.map((file) => ({ name: file.split("/").at(-1) as string, bytes: fixture(file) }))),
    });
    const { documents } = (await res.json()) as { documents: { filename: string; id: string }[] };
    for (const d of documents) ids.set(d.filename, d.id);
    for (const id of ids.values()) expect((await waitForDocument(env.services, id)).state).toBe("ready");
  });
  afterAll(async () => env?.close());

  const get = async <T>(path: string) => {
    const res = await env.app.request(path, { headers: await env.auth() });
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
    const unknown = await env.app.request("/v1/bills/117-hr-99999", { headers: await env.auth() });
    expect(unknown.status).toBe(404);
    expect((await env.app.request("/v1/bills/not-a-bill", { headers: await env.auth() })).status).toBe(400);
  });

  it("reads a bill's record, versions, actions and sponsors from the legislation tables", async () => {
    const bill = await get<{
      congress: number;
      billType: string;
      number: number;
      title: string;
      policyArea: string;
      introducedDate: string;
      latestAction: { date: string; text: string };
      versions: { version: string; name: string; renderings: { id: string }[] }[];
      actions: { date: string; text: string }[];
      sponsors: { bioguideId: string; name: string }[];
      cosponsors: { original: boolean; withdrawn: boolean; date: string }[];
    }>("/v1/bills/117-hr-2002");
    expect(bill).toMatchObject({
      congress: 117,
      billType: "hr",
      number: 2002,
      title: "Let States Cut Taxes Act",
      policyArea: "Government Operations and Politics",
      introducedDate: "2021-03-18",
      latestAction: { date: "2021-03-18" },
    });
    expect(bill.versions).toEqual([
      expect.objectContaining({
        version: "ih",
        name: "Introduced in House",
        renderings: [expect.objectContaining({ id: ids.get("BILLS-117hr2002ih-uslm.xml") })],
      }),
    ]);
    // The bill status's actions, oldest first, ending with the latest.
    expect(bill.actions.length).toBeGreaterThan(0);
    const dates = bill.actions.map((a) => a.date);
    expect(dates).toEqual([...dates].sort());
    expect(bill.actions.at(-1)?.text).toBe(bill.latestAction.text);
    expect(bill.sponsors).toEqual([expect.objectContaining({ bioguideId: "B001311" })]);
    // Every cosponsor the status lists, each once.
    expect(bill.cosponsors).toHaveLength(55);
    const original = bill.cosponsors.filter((c) => c.original);
    expect(original).toHaveLength(33);
    expect(new Set(original.map((c) => c.date))).toEqual(new Set(["2021-03-18"]));
    expect(bill.cosponsors.filter((c) => c.withdrawn !== false || !c.date)).toEqual([]);

    const law = await get<{ publicLaw: string; latestAction: { text: string }; number: number; sponsors: unknown[] }>(
      "/v1/bills/115-s-2372",
    );
    expect(law).toMatchObject({ publicLaw: "115-182", number: 2372, latestAction: { date: "2018-06-06" } });
    expect(law.latestAction.text).toContain("115-182");
    expect(law.sponsors).toEqual([expect.objectContaining({ bioguideId: "I000055" })]);
  });

  it("links a vote and a statement to their bill, and voters to their record", async () => {
    const bill = await get<{
      votes: { id: string; vote: { rollNumber: number } | null }[];
      related: { id: string }[];
    }>("/v1/bills/115-s-2372");
    expect(bill.votes.map((v) => v.vote?.rollNumber)).toEqual([106]);
    expect(bill.votes[0]).toMatchObject({
      id: ids.get("vote-115-2018-s106.xml"),
      date: "2018-05-23",
      vote: { congress: 115, session: 2, chamber: "senate", counts: { yea: 92, nay: 5, present: 0, notVoting: 3 } },
    });
    expect(bill.related.map((d) => d.id)).toContain(ids.get("2018-05-15_s2372.pdf"));
    const vote = await get<{ people: { lisId?: string; position?: string }[] }>(
      `/v1/documents/${ids.get("vote-115-2018-s106.xml")}`,
    );
    expect(vote.people.length).toBeGreaterThanOrEqual(99);
    const voter = vote.people.find((p) => p.lisId) as { lisId: string; position: string };
    const person = await get<{ votes: { billId: string; position: string }[]; name: string }>(
      `/v1/people/${voter.lisId}`,
    );
    expect(person.votes).toContainEqual(
      expect.objectContaining({
        billId: "115-s-2372",
        position: voter.position,
        chamber: "senate",
        rollNumber: 106,
        result: "Motion Agreed to",
      }),
    );
    const sponsor = await get<{ sponsored: string[]; sponsorships: { billId: string; role: string; title: string }[] }>(
      "/v1/people/I000055",
    );
    expect(sponsor.sponsored).toEqual(["115-s-2372"]);
    expect(sponsor.sponsorships).toContainEqual(
      expect.objectContaining({ billId: "115-s-2372", role: "sponsor", title: "VA MISSION Act of 2018" }),
    );
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
    const citing = await get<{ bills: string[]; billRecords: { billId: string; title: string }[] }>(
      "/v1/citations/pl/117/2",
    );
    expect(citing.bills).toContain("117-hr-2002");
    expect(citing.billRecords).toContainEqual({
      billId: "117-hr-2002",
      title: "Let States Cut Taxes Act",
      latestActionDate: "2021-03-18",
      publicLaw: null,
    });
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
    // The bill's policy area narrows every document of the bill, its text included.
    const byArea = await get<{ documents: { id: string }[] }>(
      "/v1/documents?policyArea=government%20operations%20and%20politics",
    );
    expect(byArea.documents.map((d) => d.id).sort()).toEqual(
      [ids.get("BILLSTATUS-117hr2002.xml"), ids.get("BILLS-117hr2002ih-uslm.xml")].sort(),
    );
  });
});

describe("people known only by name", () => {
  it("get a record of their own, merged into the id's record when a document gives the id", async () => {
    const env = await openTestRuntime({ embedder: "none" });
    try {
      const upload = async (name: string, folder = "gov/bill-text/billsim/117/bills/hr2002") => {
        const res = await env.app.request("/v1/documents", {
          headers: await env.auth(),
          method: "POST",
          body: multipart([{ name, bytes: fixture(folder, name) }]),
        });
        const { documents } = (await res.json()) as { documents: { id: string }[] };
        return waitForDocument(env.services, documents[0]?.id as string);
      };
      // The HTML rendering names the sponsor without an id, and he is not in the current legislators data.
      await upload("BILLS-117hr2002ih.htm");
      const anonymous = "name:mr bishop of north carolina::";
      const before = (await (
        await env.app.request(`/v1/people/${encodeURIComponent(anonymous)}`, { headers: await env.auth() })
      ).json()) as {
        name: string;
        sponsored: string[];
      };
      expect(before).toMatchObject({ name: "Mr. Bishop of North Carolina", sponsored: ["117-hr-2002"] });
      // The XML rendering gives his bioguide id: the name-only record becomes his.
      await upload("BILLS-117hr2002ih.xml");
      expect(
        (await env.app.request(`/v1/people/${encodeURIComponent(anonymous)}`, { headers: await env.auth() })).status,
      ).toBe(404);
      const person = async () =>
        (await (await env.app.request("/v1/people/B001311", { headers: await env.auth() })).json()) as {
          name: string;
          sponsored: string[];
        };
      expect(await person()).toMatchObject({ name: "Mr. Bishop of North Carolina", sponsored: ["117-hr-2002"] });
      // The bill's status lists him in full ("Rep. Bishop, Dan [R-NC-9]"): his record takes that name, in reading order,
      // and so does the sponsor facet.
      await upload("BILLSTATUS-117hr2002.xml", "legislation");
      expect(await person()).toMatchObject({ name: "Dan Bishop", sponsored: ["117-hr-2002"] });
      const page = await env.services.search({ q: "2002", mode: "keyword", sponsor: "B001311" });
      expect(page.facets?.sponsor).toEqual([{ value: "B001311", label: "Dan Bishop", count: expect.any(Number) }]);

      // The record lasts as long as a document names him.
      const { documents } = await env.services.documents.list({ limit: 10 });
      expect(documents).toHaveLength(3);
      for (const [i, document] of documents.entries()) {
        await env.services.documents.delete(document.id);
        const res = await env.app.request("/v1/people/B001311", { headers: await env.auth() });
        expect(res.status).toBe(i < documents.length - 1 ? 200 : 404);
      }
    } finally {
      await env.close();
    }
  });
});

describe("a name-only mention and an unrelated document giving the id", () => {
  const folder = "gov/bill-text/billsim/117/bills/hr2002";
  // Another bill by the same sponsor, written the same way ("Mr. Bishop of North Carolina", with his bioguide id): the
  // bill's XML renumbered, so that no related-document link applies.
  const otherBill = () =>
    new TextEncoder().encode(
      new TextDecoder()
        .decode(fixture(folder, "BILLS-117hr2002ih.xml"))
        .replace("HR 2002", "HR 2003")
        .replace("H. R. 2002", "H. R. 2003"),
    );
  for (const idFirst of [false, true]) {
    it(`are one person whichever is stored first (${idFirst ? "the id" : "the name"} first)`, async () => {
      const env = await openTestRuntime({ embedder: "none" });
      try {
        const stored = [];
        for (const which of idFirst ? ["id", "name"] : ["name", "id"]) {
          stored.push(
            which === "id"
              ? await storeDocument(env, "BILLS-117hr2003ih.xml", otherBill())
              : await storeDocument(env, "BILLS-117hr2002ih.htm", fixture(folder, "BILLS-117hr2002ih.htm")),
          );
        }
        const res = await env.app.request("/v1/people/B001311", { headers: await env.auth() });
        expect(((await res.json()) as { sponsored: string[] }).sponsored.sort()).toEqual([
          "117-hr-2002",
          "117-hr-2003",
        ]);
        // The mention takes his id, which the sponsor filter reads and the document's people show.
        const { documents } = await env.services.documents.list({ sponsor: "B001311" });
        expect(documents.map((d) => d.id).sort()).toEqual([...stored].sort());
        const html = await env.services.documents.details(stored[idFirst ? 1 : 0] as string);
        expect(html.people.find((p) => p.role === "sponsor")?.bioguideId).toBe("B001311");
        const anonymous = await env.app.request(
          `/v1/people/${encodeURIComponent("name:mr bishop of north carolina::")}`,
          {
            headers: await env.auth(),
          },
        );
        expect(anonymous.status).toBe(404);
      } finally {
        await env.close();
      }
    });
  }

  it("stays a name of its own when two people's mentions were written that way", async () => {
    const env = await openTestRuntime({ embedder: "none" });
    try {
      await storeDocument(env, "BILLS-117hr2003ih.xml", otherBill());
      const namesake = new TextDecoder()
        .decode(otherBill())
        .replace("HR 2003", "HR 2004")
        .replace("H. R. 2003", "H. R. 2004")
        .replace('name-id="B001311"', 'name-id="X000001"');
      await storeDocument(env, "BILLS-117hr2004ih.xml", new TextEncoder().encode(namesake));
      await storeDocument(env, "BILLS-117hr2002ih.htm", fixture(folder, "BILLS-117hr2002ih.htm"));
      const anonymous = await env.app.request(
        `/v1/people/${encodeURIComponent("name:mr bishop of north carolina::")}`,
        {
          headers: await env.auth(),
        },
      );
      expect(((await anonymous.json()) as { sponsored: string[] }).sponsored).toEqual(["117-hr-2002"]);
    } finally {
      await env.close();
    }
  });
});

describe("people a document names without an id", () => {
  /** Stores the files one after the other, each processed before the next is sent; their ids by file name. */
  async function storeInOrder(env: TestEnv, folder: string, names: string[]): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    for (const name of names) ids.set(name, await storeDocument(env, name, fixture(folder, name)));
    return ids;
  }

  const get = async <T>(env: TestEnv, path: string) =>
    (await (await env.app.request(path, { headers: await env.auth() })).json()) as T;

  function nameOnlyRecords(env: TestEnv): unknown[] {
    const db = new Database(join(env.dataDir, "opendiscourse.db"), { readonly: true });
    try {
      return db.prepare("SELECT id FROM people WHERE id LIKE 'name:%'").all();
    } finally {
      db.close();
    }
  }

  // The HTML text names its 33 cosponsors "Mr. Stewart", "Mrs. Greene of Georgia"…, former members the bundled
  // legislators data does not hold; the MODS record gives each one's bioguide id.
  for (const order of [
    ["BILLS-117hr2002ih.htm", "BILLS-117hr2002ih_mods.xml"],
    ["BILLS-117hr2002ih_mods.xml", "BILLS-117hr2002ih.htm"],
  ]) {
    it(`are the members another document of the bill identifies (${order.join(" then ")})`, async () => {
      const env = await openTestRuntime({ embedder: "none" });
      try {
        const ids = await storeInOrder(env, "gov/bill-text/billsim/117/bills/hr2002", order);
        const bill = await get<{ sponsors: { personId: string }[]; cosponsors: { personId: string }[] }>(
          env,
          "/v1/bills/117-hr-2002",
        );
        // One sponsor and 33 cosponsors, each once, all by bioguide id: no name-only twin of any of them.
        expect(bill.sponsors.map((s) => s.personId)).toEqual(["B001311"]);
        expect(bill.cosponsors).toHaveLength(33);
        expect(bill.cosponsors.filter((c) => !/^[A-Z]\d{6}$/.test(c.personId))).toEqual([]);
        const stewart = await get<{ cosponsored: string[] }>(env, "/v1/people/S001192");
        expect(stewart.cosponsored).toEqual(["117-hr-2002"]);
        // The text's own metadata names him by his id too, whichever document came first.
        const text = await get<{ people: { name: string; bioguideId?: string }[] }>(
          env,
          `/v1/documents/${ids.get("BILLS-117hr2002ih.htm")}`,
        );
        expect(text.people.find((p) => p.name === "Mr. Stewart")?.bioguideId).toBe("S001192");
        expect(nameOnlyRecords(env)).toEqual([]);
      } finally {
        await env.close();
      }
    });
  }

  it("are joined however many a document names: every cosponsor, with legislators data that holds none of them", async () => {
    const empty = join(mkdtempSync(join(tmpdir(), "opendiscourse-legislators-")), "none.json");
    writeFileSync(empty, "[]");
    const env = await openTestRuntime({ embedder: "none", legislatorsFile: empty });
    try {
      const ids = await storeInOrder(env, "gov/bill-text/billsim/117/bills/hr2002", [
        "BILLS-117hr2002ih.htm",
        "BILLS-117hr2002ih_mods.xml",
      ]);
      const text = await get<{ people: { name: string; bioguideId?: string }[] }>(
        env,
        `/v1/documents/${ids.get("BILLS-117hr2002ih.htm")}`,
      );
      // All 34 were name-only until the MODS record came: each now has the id it gives.
      expect(text.people).toHaveLength(34);
      expect(text.people.filter((p) => !p.bioguideId)).toEqual([]);
      expect(text.people.find((p) => p.name === "Mr. Moore of Utah")?.bioguideId).toBe("M001213");
      expect(nameOnlyRecords(env)).toEqual([]);
    } finally {
      await env.close();
      rmSync(dirname(empty), { recursive: true, force: true });
    }
  });

  // GPO's HTML of a House and a Senate page of 2005-05-20 name "Mr. GILLMOR" and "Mr. ALLARD", members long gone;
  // only the MODS record gives their ids, for members of both chambers at once.
  for (const modsFirst of [false, true]) {
    it(`are the members the issue's MODS record lists in the page's chamber (MODS ${modsFirst ? "first" : "last"})`, async () => {
      const env = await openTestRuntime({ embedder: "none" });
      try {
        const pages = ["CREC-2005-05-20-pt1-PgE1029-2.htm", "CREC-2005-05-20-pt1-PgS5551-6.htm"];
        const mods = () =>
          storeDocument(env, "mods.xml", gunzipSync(fixture("gov/record", "CREC-2005-05-20-mods.xml.gz")));
        if (modsFirst) await mods();
        const ids = await storeInOrder(env, "gov/record", pages);
        if (!modsFirst) await mods();
        const speakers = async (name: string) =>
          (await get<{ people: { name: string; bioguideId?: string }[] }>(env, `/v1/documents/${ids.get(name)}`))
            .people;
        expect(await speakers(pages[0] as string)).toEqual([
          expect.objectContaining({ name: "Mr. GILLMOR", bioguideId: "G000210" }),
        ]);
        expect(await speakers(pages[1] as string)).toEqual([
          expect.objectContaining({ name: "Mr. ALLARD", bioguideId: "A000109" }),
        ]);
        expect(nameOnlyRecords(env)).toEqual([]);
      } finally {
        await env.close();
      }
    });
  }

  // GPO's HTML of a Senate page of 2005 names its five speakers "Mr. LEVIN"…, senators since retired; the scraper's
  // JSON rendering of the page gives their bioguide ids.
  for (const order of [
    ["CREC-2005-07-20-pt1-PgS8583.htm", "CREC-2005-07-20-pt1-PgS8583.json"],
    ["CREC-2005-07-20-pt1-PgS8583.json", "CREC-2005-07-20-pt1-PgS8583.htm"],
  ]) {
    it(`are the members another rendering of the Record page identifies (${order.join(" then ")})`, async () => {
      const env = await openTestRuntime({ embedder: "none" });
      try {
        const ids = await storeInOrder(env, "gov/record", order);
        const html = await get<{ people: { name: string; bioguideId?: string }[] }>(
          env,
          `/v1/documents/${ids.get("CREC-2005-07-20-pt1-PgS8583.htm")}`,
        );
        expect(html.people.map((p) => [p.name, p.bioguideId])).toEqual([
          ["Mr. BROWNBACK", "B000953"],
          ["Mr. WARNER", "W000154"],
          ["Mr. LEVIN", "L000261"],
          ["Mr. AKAKA", "A000069"],
          ["Mr. SESSIONS", "S001141"],
        ]);
        const levin = await get<{ speeches: { id: string }[] }>(env, "/v1/people/L000261");
        expect(levin.speeches.map((d) => d.id).sort()).toEqual([...ids.values()].sort());
        expect(nameOnlyRecords(env)).toEqual([]);
      } finally {
        await env.close();
      }
    });
  }
});

describe("legislation tables over a bill's lifecycle", () => {
  const TEXT = "BILLS-117hr2002ih-uslm.xml";
  const STATUS = "BILLSTATUS-117hr2002.xml";
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  let sql: Database.Database;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    const res = await env.app.request("/v1/documents", {
      headers: await env.auth(),
      method: "POST",
      body: multipart([
        { name: TEXT, bytes: fixture("gov/bill-text/billsim/117/bills/hr2002", TEXT) },
        { name: STATUS, bytes: fixture("legislation", STATUS) },
      ]),
    });
    const { documents } = (await res.json()) as { documents: { filename: string; id: string }[] };
    for (const d of documents) ids.set(d.filename, (await waitForDocument(env.services, d.id)).id);
    sql = new Database(join(env.dataDir, "opendiscourse.db"));
  });
  afterAll(async () => {
    sql?.close();
    await env?.close();
  });

  /** What the legislation tables hold, without the time stamps. */
  const snapshot = () => ({
    bills: sql
      .prepare("SELECT * FROM bills")
      .all()
      .map((r) => ({ ...(r as object), updated_at: null })),
    versions: sql.prepare("SELECT * FROM bill_versions ORDER BY document_id").all(),
    actions: sql.prepare("SELECT * FROM bill_actions ORDER BY document_id, ord").all(),
    sponsorships: sql.prepare("SELECT * FROM sponsorships ORDER BY bill_id, role, person_id").all(),
  });

  const reprocess = async (id: string) => {
    const job = sql.prepare("SELECT id FROM jobs WHERE document_id = ? AND type = 'process'").pluck().get(id);
    sql.prepare("UPDATE jobs SET state = 'failed' WHERE id = ?").run(job);
    expect((await env.app.request(`/v1/jobs/${job}/retry`, { headers: await env.auth(), method: "POST" })).status).toBe(
      202,
    );
    await waitForDocument(env.services, id);
  };

  it("fills the same rows from stored documents when the migration runs", () => {
    const before = snapshot();
    expect(before.versions).toHaveLength(1);
    expect(before.sponsorships.length).toBeGreaterThan(50);
    sql.transaction(() => {
      // The search titles' view reads `bills` since 0020: it goes first, and comes back with 0020.
      sql.exec(`DROP VIEW document_search_titles; DROP VIEW sponsorships; DROP TRIGGER documents_bill_ad; DROP TRIGGER documents_bill_au;
        DROP INDEX documents_bill_type; DROP TABLE bills; DROP TABLE bill_versions; DROP TABLE bill_actions;
        DROP TABLE votes; ALTER TABLE document_people DROP COLUMN date;
        ALTER TABLE document_people DROP COLUMN original; ALTER TABLE document_people DROP COLUMN withdrawn;`);
      sql.exec(readFileSync(join(MIGRATIONS_DIR, "0003_legislation.sql"), "utf8"));
      sql.exec(readFileSync(join(MIGRATIONS_DIR, "0020_law_titles.sql"), "utf8"));
    })();
    expect(snapshot()).toEqual(before);
  });

  it("moves a re-processed document's rows to the bill it belongs to", async () => {
    const before = snapshot();
    // As if the text had been read as another bill's: processing it again takes it back.
    sql.prepare("UPDATE documents SET bill_id = '117-hr-9999' WHERE id = ?").run(ids.get(TEXT));
    sql.prepare("UPDATE bill_versions SET bill_id = '117-hr-9999' WHERE document_id = ?").run(ids.get(TEXT));
    sql
      .prepare("INSERT INTO bills (bill_id, congress, bill_type, number, updated_at) VALUES (?, 117, 'hr', 9999, '')")
      .run("117-hr-9999");
    await reprocess(ids.get(TEXT) as string);
    expect(snapshot()).toEqual(before);
  });

  it("recomputes a bill from the documents left, and removes it with its last", async () => {
    await env.services.documents.delete(ids.get(STATUS) as string);
    const bill = await (await env.app.request("/v1/bills/117-hr-2002", { headers: await env.auth() })).json();
    expect(bill).toMatchObject({
      title: "Let States Cut Taxes Act",
      policyArea: null,
      status: null,
      // The USLM text names no one with an id, and the status's sponsors went with it.
      sponsors: [],
      cosponsors: [],
    });
    expect(sql.prepare("SELECT count(*) FROM bill_actions WHERE document_id = ?").pluck().get(ids.get(STATUS))).toBe(0);
    await env.services.documents.delete(ids.get(TEXT) as string);
    for (const table of ["bills", "bill_versions", "bill_actions", "votes", "sponsorships", "document_people"]) {
      expect(sql.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect((await env.app.request("/v1/bills/117-hr-2002", { headers: await env.auth() })).status).toBe(404);
  });
});

describe("a bill that became law, found by the law's number", () => {
  it("whichever document says it, and not once that one is gone; also in a library the migration updates", async () => {
    const env = await openTestRuntime({ embedder: "none" });
    try {
      const store = (folder: string, name: string) => storeDocument(env, name, fixture(folder, name));
      // Each check asks in another spelling: a search's page is cached until the library changes, and the raw SQL
      // below changes it behind the services' back.
      const found = async (q: string) =>
        (await env.services.search({ q, mode: "keyword" })).results.map((r) => r.documentId).sort();
      // The Statement of Administration Policy on S. 2372, written before it became Public Law 115-182, never says so.
      const statement = await store("legislation", "2018-05-15_s2372.pdf");
      expect(await found("Pub. L. 115-182")).toEqual([]);
      // The bill's status does: the law's number now finds both, however it is written.
      const status = await store("legislation", "BILLSTATUS-115s2372.xml");
      const both = [statement, status].sort();
      expect(await found("P.L. 115-182")).toEqual(both);
      expect(await found("Public Law 115–182")).toEqual(both);
      // Another law's number finds neither.
      expect(await found("Pub. L. 115-18")).toEqual([]);

      // A library stored before the law's number was searchable gets it from the migration.
      const sql = new Database(join(env.dataDir, "opendiscourse.db"));
      try {
        sql.exec(`DROP VIEW document_search_titles;
          CREATE VIEW document_search_titles AS SELECT id AS document_id, coalesce(title, '') AS title FROM documents;
          UPDATE chunks SET title = (SELECT title FROM document_search_titles WHERE document_id = chunks.document_id)
          WHERE ord = 0;`);
        expect(await found("pub l 115-182")).toEqual([status]);
        sql.exec(readFileSync(join(MIGRATIONS_DIR, "0020_law_titles.sql"), "utf8"));
      } finally {
        sql.close();
      }
      expect(await found("Public Law No. 115-182")).toEqual(both);

      await env.services.documents.delete(status);
      expect(await found("PL 115-182")).toEqual([]);
    } finally {
      await env.close();
    }
  });
});

describe("a query naming a bill or a law", () => {
  it("lists the bill's documents first, its text before its record, statements and votes; a roll call once", async () => {
    const env = await openTestRuntime({ embedder: "none" });
    try {
      const store = (...path: string[]) => storeDocument(env, path.at(-1) as string, fixture(...path));
      const text = await store("gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih-uslm.xml");
      const textStatus = await store("legislation", "BILLSTATUS-117hr2002.xml");
      const status = await store("legislation", "BILLSTATUS-115s2372.xml");
      const statement = await store("legislation", "2018-05-15_s2372.pdf");
      const voteXml = await store("gov/votes", "vote-115-2018-s106.xml");
      const voteJson = await store("gov/votes", "vote-115-2018-s106.json");
      const search = async (q: string, cursor?: string) => {
        const params = new URLSearchParams({ q, limit: "1", ...(cursor ? { cursor } : {}) });
        const res = await env.app.request(`/v1/search?${params}`, { headers: await env.auth() });
        return (await res.json()) as {
          results: { documentId: string; score: number; collapsed?: string[] }[];
          nextCursor: string | null;
        };
      };
      /** Every page of a query, one result a page, as [document, documents it stands for]. */
      const pages = async (q: string) => {
        const results: [string, string[]][] = [];
        let cursor: string | undefined;
        do {
          const page = await search(q, cursor);
          results.push(...page.results.map((r): [string, string[]] => [r.documentId, r.collapsed ?? []]));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return results;
      };
      // bm25 alone put the short roll call first (its title holds the bill's number beside a few words) and listed it
      // twice, once per rendering.
      const s2372 = await pages("S. 2372");
      expect(s2372.slice(0, 3).map(([id]) => id)).toEqual([status, statement, expect.any(String)]);
      expect([s2372[2]?.[0], ...(s2372[2]?.[1] ?? [])].sort()).toEqual([voteXml, voteJson].sort());
      expect(s2372).toHaveLength(3);
      expect((await pages("Public Law 115-182")).map(([id]) => id)).toEqual(s2372.map(([id]) => id));
      expect((await pages("H.R. 2002")).map(([id]) => id)).toEqual([text, textStatus]);
      // Words beside the number are ranked as words.
      expect((await search("S. 2372 veterans")).results.length).toBeGreaterThan(0);
    } finally {
      await env.close();
    }
  });
});

describe("people known only by a GovTrack id", () => {
  it("each keeps a record of their own when the legislators data cannot resolve them", async () => {
    const env = await openTestRuntime({ embedder: "none" });
    try {
      const names = ["govtrack-hr1954-112.xml", "govtrack-s968-112.xml"];
      const res = await env.app.request("/v1/documents", {
        headers: await env.auth(),
        method: "POST",
        body: multipart(names.map((name) => ({ name, bytes: fixture(`gov/misc/${name}`) }))),
      });
      const { documents } = (await res.json()) as { documents: { id: string }[] };
      for (const d of documents) expect((await waitForDocument(env.services, d.id)).state).toBe("ready");

      const hr1954 = (await (await env.app.request("/v1/bills/112-hr-1954", { headers: await env.auth() })).json()) as {
        sponsors: { personId: string }[];
      };
      expect(hr1954.sponsors.map((s) => s.personId)).toEqual(["govtrack:400058"]);
      const s968 = (await (await env.app.request("/v1/bills/112-s-968", { headers: await env.auth() })).json()) as {
        cosponsors: { personId: string; bioguideId: string | null }[];
      };
      const ids = s968.cosponsors.map((c) => c.personId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => id.startsWith("govtrack:")).length).toBeGreaterThan(0);
      expect(s968.cosponsors.filter((c) => c.bioguideId !== null).length).toBeGreaterThan(0);
    } finally {
      await env.close();
    }
  });
});

describe("a bill version's date, shared by its renderings", () => {
  const DIR = "gov/bill-text/billsim/116/bills";
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  let sql: Database.Database;

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    sql = new Database(join(env.dataDir, "opendiscourse.db"));
  });
  afterAll(async () => {
    sql?.close();
    await env?.close();
  });

  const upload = async (path: string) => {
    const res = await env.app.request("/v1/documents", {
      headers: await env.auth(),
      method: "POST",
      body: multipart([{ name: path.split("/").at(-1) as string, bytes: fixture(DIR, path) }]),
    });
    const { documents } = (await res.json()) as { documents: { id: string }[] };
    return (await waitForDocument(env.services, documents[0]?.id as string)).id;
  };
  const dates = (billId: string) =>
    sql
      .prepare(
        `SELECT d.filename, d.document_date AS date, v.date AS versionDate FROM documents d
         LEFT JOIN bill_versions v ON v.document_id = d.id WHERE d.bill_id = ? ORDER BY d.filename`,
      )
      .all(billId);

  it("is given to a rendering stored without one by the version's MODS record, and taken from a rendering", async () => {
    // USLM converted from the bill XML: no date of its own.
    await upload("hr2000/BILLS-116hr2000ih-uslm.xml");
    expect(dates("116-hr-2000")).toEqual([{ filename: "BILLS-116hr2000ih-uslm.xml", date: null, versionDate: null }]);
    await upload("hr2000/BILLS-116hr2000ih_mods.xml");
    expect(dates("116-hr-2000")).toEqual([
      { filename: "BILLS-116hr2000ih-uslm.xml", date: "2019-04-01", versionDate: "2019-04-01" },
      { filename: "BILLS-116hr2000ih_mods.xml", date: "2019-04-01", versionDate: null },
    ]);

    // The other way round: the dated bill XML first, then its USLM.
    await upload("hr2001/BILLS-116hr2001ih.xml");
    await upload("hr2001/BILLS-116hr2001ih-uslm.xml");
    const [uslm, xml] = dates("116-hr-2001") as { date: string; versionDate: string }[];
    expect(uslm).toEqual({ ...xml, filename: "BILLS-116hr2001ih-uslm.xml" });
    expect(uslm?.date).toMatch(/^2019-\d\d-\d\d$/);

    // So a date filter and the year facet count it.
    const res = await env.app.request(
      `/v1/search?q=public+health+plan&mode=keyword&dateFrom=2019-04-01&dateTo=2019-04-01`,
      { headers: await env.auth() },
    );
    const page = (await res.json()) as {
      results: { title: string; billId: string; documentType: string; version: string }[];
      facets: { year: { value: string }[] };
    };
    expect(page.results.length).toBeGreaterThan(0);
    expect(page.facets.year.map((y) => y.value)).toEqual(["2019"]);
    // Each result says what it is and which version of its bill.
    expect(page.results.find((r) => r.billId === "116-hr-2001")).toMatchObject({ documentType: "bill", version: "ih" });
  });

  it("is filled for documents stored before, by the migration", () => {
    const before = dates("116-hr-2001");
    sql.exec(`UPDATE documents SET document_date = NULL WHERE filename = 'BILLS-116hr2001ih-uslm.xml';
      UPDATE bill_versions SET date = NULL WHERE document_id IN
        (SELECT id FROM documents WHERE filename = 'BILLS-116hr2001ih-uslm.xml');`);
    expect(dates("116-hr-2001")).not.toEqual(before);
    sql.exec(readFileSync(join(MIGRATIONS_DIR, "0018_version_dates.sql"), "utf8"));
    expect(dates("116-hr-2001")).toEqual(before);
  });
});
