import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import legislatorsYaml from "../../reference/legislators/legislators-current.yaml?raw";
import worker from "../../src/apps/worker/index";
import { workerPeopleResolver } from "../../src/apps/worker/legislators";
import billHtml from "../fixtures/gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih.htm?raw";
import billXml from "../fixtures/gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih.xml?raw";
import billMods from "../fixtures/gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih_mods.xml?raw";
import govtrack from "../fixtures/gov/misc/govtrack-s968-112.xml?raw";
import thomas from "../fixtures/gov/misc/thomas-s968-112.html?raw";
import { registerQueueHandler } from "./queue-harness";
import { workerAuth } from "./worker-auth";

const JOBS = "opendiscourse-test-jobs";
const ORIGIN = "https://opendiscourse.test";

interface Person {
  name: string;
  role: string;
  bioguideId?: string;
  lisId?: string;
  state?: string;
}

interface DocumentBody {
  id: string;
  state: string;
  documentType?: string;
  billId?: string;
  people: Person[];
  committees: { name: string; code?: string }[];
}

/** Uploads one file through the Worker, lets its queue consumer process it, and returns the stored document. */
async function process(file: File): Promise<DocumentBody> {
  const stop = registerQueueHandler(JOBS, (batch) => worker.queue(batch, env));
  try {
    const form = new FormData();
    form.append("file", file);
    const upload = await exports.default.fetch(`${ORIGIN}/v1/documents`, {
      headers: await workerAuth(),
      method: "POST",
      body: form,
    });
    expect(upload.status).toBe(202);
    const { documents } = (await upload.json()) as { documents: { id: string }[] };
    const id = documents[0]?.id ?? "";
    const deadline = Date.now() + 30_000;
    for (;;) {
      const doc = (await (
        await exports.default.fetch(`${ORIGIN}/v1/documents/${id}`, { headers: await workerAuth() })
      ).json()) as DocumentBody;
      if (["indexed", "ready", "failed"].includes(doc.state)) return doc;
      if (Date.now() > deadline) throw new Error(`document ${id} is still ${doc.state}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    stop();
  }
}

describe("people on the Worker, resolved against the bundled legislators data", () => {
  it("gives the bioguide id to a sponsor a bill's status page names only by name and state", async () => {
    // The THOMAS page with its member links' THOMAS ids taken out: `…(@1(Sen+Blumenthal++Richard))+02076))`.
    const namesOnly = thomas.replace(/\)\)\+\d{5}\)\)/g, "))))");
    expect(namesOnly).not.toBe(thomas);
    const doc = await process(new File([namesOnly], "information.html", { type: "text/html" }));
    expect(doc.state).not.toBe("failed");
    expect([doc.documentType, doc.billId]).toEqual(["bill-status", "112-s-968"]);
    expect(doc.people.find((p) => p.name === "Sen Blumenthal, Richard")).toMatchObject({
      role: "cosponsor",
      state: "CT",
      bioguideId: "B001277",
    });
    // The 14 of its 42 sponsors who still serve are in the bundled file; the sponsor, Leahy, has retired.
    expect(doc.people.filter((p) => p.bioguideId)).toHaveLength(14);
    expect(doc.people.find((p) => p.role === "sponsor")?.bioguideId).toBeUndefined();
  });

  it("resolves the same people by the THOMAS ids of the unaltered page, and its committee by name", async () => {
    const doc = await process(new File([thomas], "information.html", { type: "text/html" }));
    // "Senate Judiciary" on the page, named as the bundled committees data names it.
    expect(doc.committees).toEqual([{ name: "Senate Committee on the Judiciary", code: "ssju00", chamber: "senate" }]);
    expect(doc.people.find((p) => p.bioguideId === "B001277")?.name).toBe("Sen Blumenthal, Richard");
    expect(doc.people.filter((p) => p.bioguideId)).toHaveLength(14);
  });

  it("reads a document stored by an earlier version again when an admin calls for it over HTTP", async () => {
    const stored = await process(new File([thomas], "information.html", { type: "text/html" }));
    // As a version that knew no committees data and no THOMAS parser stored it.
    await env.DB.batch([
      env.DB.prepare("UPDATE documents SET parser = NULL WHERE id = ?").bind(stored.id),
      env.DB.prepare("DELETE FROM document_committees WHERE document_id = ?").bind(stored.id),
    ]);
    const stop = registerQueueHandler(JOBS, (batch) => worker.queue(batch, env));
    try {
      const editor = await exports.default.fetch(`${ORIGIN}/v1/reprocess`, {
        method: "POST",
        headers: { ...(await workerAuth("editor")), "cf-connecting-ip": "127.0.0.1" },
      });
      expect(editor.status).toBe(403);
      const res = await exports.default.fetch(`${ORIGIN}/v1/reprocess?parser=none&limit=10`, {
        method: "POST",
        // An admin inside the admin allowlist (loopback by default).
        headers: { ...(await workerAuth()), "cf-connecting-ip": "127.0.0.1" },
      });
      expect([res.status, await res.json()]).toEqual([202, { documents: 1, next: null }]);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const row = await env.DB.prepare(
          "SELECT d.state, d.parser, (SELECT COUNT(*) FROM document_committees k WHERE k.document_id = d.id) AS n FROM documents d WHERE d.id = ?",
        )
          .bind(stored.id)
          .first<{ state: string; parser: string | null; n: number }>();
        if (row?.state === "ready" || row?.state === "indexed" || row?.state === "failed") {
          expect(row).toMatchObject({ parser: expect.any(String), n: 1 });
          break;
        }
        if (Date.now() > deadline) throw new Error(`document ${stored.id} is still ${row?.state}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      stop();
    }
  });

  it("names a bill text's name-only cosponsors by the bill's MODS record stored after it", async () => {
    // "Mr. Stewart", a former member the bundled data does not hold; the MODS record gives his bioguide id.
    const text = await process(new File([billHtml], "BILLS-117hr2002ih.htm", { type: "text/html" }));
    expect(text.people.find((p) => p.name === "Mr. Stewart")?.bioguideId).toBeUndefined();
    await process(new File([billMods], "BILLS-117hr2002ih_mods.xml", { type: "application/xml" }));
    const fetched = async (path: string) =>
      (await exports.default.fetch(`${ORIGIN}${path}`, { headers: await workerAuth() })).json();
    const after = (await fetched(`/v1/documents/${text.id}`)) as DocumentBody;
    expect(after.people.find((p) => p.name === "Mr. Stewart")?.bioguideId).toBe("S001192");
    const bill = (await fetched("/v1/bills/117-hr-2002")) as { cosponsors: { personId: string }[] };
    expect(bill.cosponsors).toHaveLength(33);
    expect(bill.cosponsors.filter((c) => c.personId.startsWith("name:"))).toEqual([]);
  });

  it("joins a name-only sponsor to the one member an unrelated bill names the same way with his id", async () => {
    // Two other bills of the same sponsor, renumbered: his id comes with the first, his name alone with the second.
    await process(new File([billXml.replaceAll("2002", "2003")], "BILLS-117hr2003ih.xml", { type: "application/xml" }));
    await process(new File([billHtml.replaceAll("2002", "2004")], "BILLS-117hr2004ih.htm", { type: "text/html" }));
    const bill = (await (
      await exports.default.fetch(`${ORIGIN}/v1/bills/117-hr-2004`, { headers: await workerAuth() })
    ).json()) as { sponsors: { personId: string }[] };
    expect(bill.sponsors.map((s) => s.personId)).toEqual(["B001311"]);
  });

  it("names the people a GovTrack record gives only by GovTrack id", async () => {
    const doc = await process(new File([govtrack], "govtrack.xml", { type: "application/xml" }));
    expect(doc.state).not.toBe("failed");
    expect(doc.people.find((p) => p.bioguideId === "B001277")).toMatchObject({
      name: "Richard Blumenthal",
      role: "cosponsor",
    });
    expect(doc.people.filter((p) => p.bioguideId)).toHaveLength(14);
  });
});

describe("workerPeopleResolver", () => {
  // One legislator's entry, cut from the committed file as it is written there.
  const start = legislatorsYaml.indexOf("- id:\n    bioguide: B001277");
  const entry = legislatorsYaml.slice(start, legislatorsYaml.indexOf("\n- id:", start) + 1);

  it("reads the file the key names in the documents bucket, YAML or JSON, in place of the bundled one", async () => {
    await env.DOCUMENTS.put("reference/one-legislator.yaml", entry);
    const fromYaml = await workerPeopleResolver({ bucket: env.DOCUMENTS, key: "reference/one-legislator.yaml" })();
    expect(fromYaml.resolve({ name: "", thomasId: "02076" })?.bioguideId).toBe("B001277");
    // Only that one legislator: the bundled file's others are not there.
    expect(fromYaml.resolve({ name: "", bioguideId: "P000197" })).toBeNull();

    // The same legislator as the JSON twin of the file writes it.
    const json = JSON.stringify([
      {
        id: { bioguide: "B001277", thomas: "02076", lis: "S341", govtrack: 412490 },
        name: { first: "Richard", last: "Blumenthal", official_full: "Richard Blumenthal" },
        terms: [{ type: "sen", start: "2011-01-05", end: "2017-01-03", state: "CT", class: 3, party: "Democrat" }],
      },
    ]);
    await env.DOCUMENTS.put("reference/one-legislator.json", json);
    const fromJson = await workerPeopleResolver({ bucket: env.DOCUMENTS, key: "reference/one-legislator.json" })();
    expect(fromJson.resolve({ name: "", govtrackId: 412490 })?.name).toBe("Richard Blumenthal");
  });

  it("rejects a key that names no object, and tries again on the next call", async () => {
    const load = workerPeopleResolver({ bucket: env.DOCUMENTS, key: "reference/later.yaml" });
    await expect(load()).rejects.toMatchObject({ code: "not_found" });
    await env.DOCUMENTS.put("reference/later.yaml", entry);
    expect((await load()).get("S341")?.bioguideId).toBe("B001277");
  });
});
