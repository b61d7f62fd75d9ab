import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";
import { createBillCompare } from "../core/bill-compare";

const HR2008 = "gov/bill-text/billsim/117/bills/hr2008";
/** Three versions of H.R. 2008 (117th), two of them in two renderings; another bill with its status; a status. */
const FILES = [
  `${HR2008}/BILLS-117hr2008ih-uslm.xml`,
  `${HR2008}/BILLS-117hr2008ih.xml`,
  `${HR2008}/BILLS-117hr2008rh-uslm.xml`,
  `${HR2008}/BILLS-117hr2008eh-uslm.xml`,
  `${HR2008}/BILLS-117hr2008eh.xml`,
  "gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih-uslm.xml",
  "legislation/BILLSTATUS-117hr2002.xml",
  "legislation/BILLSTATUS-115s2372.xml",
];

interface Comparison {
  from: { version: string; name: string; documentId: string; parser: string };
  to: { version: string; name: string; documentId: string; parser: string };
  versions: { version: string }[];
  summary: Record<string, number>;
  sections: {
    key: string;
    status: string;
    from: { heading: string | null; text: string; start: number } | null;
    to: { heading: string | null; text: string; start: number } | null;
    diff: { granularity: string; ops: { op: string; text: string }[] } | null;
  }[];
  diffLimited: boolean;
}

describe("web app views: bill comparison, document outline and related documents", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    const res = await env.app.request("/v1/documents", {
      method: "POST",
      headers: await env.auth("editor"),
      body: multipart(FILES.map((file) => ({ name: file.split("/").at(-1) as string, bytes: fixture(file) }))),
    });
    const { documents } = (await res.json()) as { documents: { filename: string; id: string }[] };
    for (const d of documents) ids.set(d.filename, d.id);
    for (const id of ids.values()) expect((await waitForDocument(env.services, id)).state).toBe("ready");
  });
  afterAll(async () => env?.close());

  const get = async <T>(path: string, status = 200): Promise<T> => {
    const res = await env.app.request(path, { headers: await env.auth("viewer") });
    expect(res.status, path).toBe(status);
    return (await res.json()) as T;
  };
  const id = (name: string) => ids.get(name) as string;

  it("compares the oldest and newest versions section by section, in the same rendering", async () => {
    const c = await get<Comparison>("/v1/bills/117-hr-2008/compare");
    expect(c.versions.map((v) => v.version)).toEqual(["ih", "rh", "eh"]);
    expect(c.from).toMatchObject({ version: "ih", name: "Introduced in House", parser: "uslm-xml" });
    expect(c.to).toMatchObject({ version: "eh", name: "Engrossed in House", parser: "uslm-xml" });
    expect(c.from.documentId).toBe(id("BILLS-117hr2008ih-uslm.xml"));
    expect(c.to.documentId).toBe(id("BILLS-117hr2008eh-uslm.xml"));
    expect(c.sections.map((s) => [s.key, s.status])).toEqual([
      ["front", "changed"],
      ["Sec. 1", "unchanged"],
      ["Sec. 2", "unchanged"],
      ["end", "added"],
    ]);
    expect(c.summary).toEqual({ added: 1, removed: 0, changed: 1, unchanged: 2 });
    // The House passed it: "A BILL" became "AN ACT".
    const front = c.sections[0];
    expect(front?.diff?.granularity).toBe("words");
    expect(front?.diff?.ops.filter((o) => o.op !== "equal")).toEqual([
      { op: "delete", text: "A BILL\n" },
      { op: "insert", text: "AN ACT\n" },
    ]);
    expect(
      front?.diff?.ops
        .filter((o) => o.op !== "delete")
        .map((o) => o.text)
        .join(""),
    ).toBe(front?.to?.text);
    expect(c.sections[1]?.to?.heading).toBe("SECTION 1. SHORT TITLE.");
    expect(c.sections[3]?.to?.text).toContain("Passed the House of Representatives June 15, 2021.");
    // Offsets point into each document's text.
    const text = await get<{ text: string }>(`/v1/documents/${c.to.documentId}/text`);
    const sec2 = c.sections[2]?.to;
    expect(text.text.slice(sec2?.start, (sec2?.start ?? 0) + (sec2?.text.length ?? 0))).toBe(sec2?.text);
    expect(c.diffLimited).toBe(false);
  });

  it("takes versions by code or by one rendering's document id", async () => {
    const c = await get<Comparison>("/v1/bills/117-hr-2008/compare?from=rh&to=EH");
    expect([c.from.version, c.to.version]).toEqual(["rh", "eh"]);
    // The reported version's end matter (committal) gave way to the clerk's attestation.
    expect(c.sections.find((s) => s.key === "end")?.status).toBe("changed");
    const dtd = await get<Comparison>(`/v1/bills/117-hr-2008/compare?from=${id("BILLS-117hr2008ih.xml")}`);
    expect(dtd.from).toMatchObject({ version: "ih", parser: "bill-dtd-xml" });
    // The other side follows the rendering asked for.
    expect(dtd.to).toMatchObject({ version: "eh", parser: "bill-dtd-xml", documentId: id("BILLS-117hr2008eh.xml") });
    expect(dtd.sections.filter((s) => s.key.startsWith("Sec.")).map((s) => s.status)).toEqual([
      "unchanged",
      "unchanged",
    ]);
    const renderings = await get<Comparison>(
      `/v1/bills/117-hr-2008/compare?from=${id("BILLS-117hr2008eh.xml")}&to=${id("BILLS-117hr2008eh-uslm.xml")}`,
    );
    expect(renderings.sections.find((s) => s.key === "Sec. 1")?.status).toBe("changed");
  });

  it("reports changed sections without a diff once the request's diff work is spent", async () => {
    const compare = createBillCompare(env.services.deps, { diffBudget: 10 });
    const c = await compare({ billId: "117-hr-2008", from: "ih", to: "eh" });
    expect(c.sections[0]).toMatchObject({ key: "front", status: "changed", diff: null });
    expect(c.diffLimited).toBe(true);
  });

  it("refuses the same version twice, unknown versions and bills, and anonymous callers", async () => {
    await get("/v1/bills/117-hr-2008/compare?from=eh&to=eh", 400);
    await get(`/v1/bills/117-hr-2008/compare?from=${id("BILLS-117hr2008eh.xml")}&to=eh`, 400);
    await get("/v1/bills/117-hr-2002/compare", 400);
    await get("/v1/bills/117-hr-2008/compare?to=enr", 404);
    await get("/v1/bills/117-hr-9999/compare", 404);
    await get("/v1/bills/not-a-bill/compare", 400);
    await get("/v1/bills/117-hr-2008/compare?from=a%20b", 400);
    expect((await env.app.request("/v1/bills/117-hr-2008/compare")).status).toBe(401);
  });

  it("outlines a document's headings with their depth and offsets", async () => {
    const doc = id("BILLS-117hr2002ih-uslm.xml");
    const outline = await get<{
      title: string;
      sections: { heading: string; depth: number; path: string; start: number; end: number }[];
      truncated: boolean;
    }>(`/v1/documents/${doc}/outline`);
    const { text } = await get<{ text: string }>(`/v1/documents/${doc}/text`);
    expect(outline.title).toBe("Let States Cut Taxes Act");
    expect(outline.truncated).toBe(false);
    expect(outline.sections.slice(0, 3).map((s) => [s.path, s.depth])).toEqual([
      ["Sec. 1", 0],
      ["Sec. 2", 0],
      ["Sec. 2 > (a)", 1],
    ]);
    for (const s of outline.sections) expect(text.slice(s.start, s.end).startsWith(s.heading)).toBe(true);
    expect(Math.max(...outline.sections.map((s) => s.depth))).toBeGreaterThan(1);
    const top = await get<{ sections: { depth: number }[]; truncated: boolean }>(
      `/v1/documents/${doc}/outline?maxDepth=0`,
    );
    expect(top.sections.map((s) => s.depth)).toEqual([0, 0]);
    expect(top.truncated).toBe(true);
    await get("/v1/documents/no-such-document/outline", 404);
  });

  it("lists a document's other versions and renderings, its bill's documents, and cited bills", async () => {
    type Related = {
      billId: string | null;
      versions: { document: { id: string; filename: string }; version: string; sameVersion: boolean }[];
      billDocuments: { filename: string }[];
      citedBy: { filename: string }[];
      cites: { billId: string; title: string | null; documents: number }[];
      truncated: boolean;
    };
    const ih = await get<Related>(`/v1/documents/${id("BILLS-117hr2008ih-uslm.xml")}/related`);
    expect(ih.billId).toBe("117-hr-2008");
    expect(ih.versions.map((v) => [v.document.filename, v.version, v.sameVersion])).toEqual([
      ["BILLS-117hr2008ih.xml", "ih", true],
      ["BILLS-117hr2008rh-uslm.xml", "rh", false],
      ["BILLS-117hr2008eh-uslm.xml", "eh", false],
      ["BILLS-117hr2008eh.xml", "eh", false],
    ]);
    expect(ih.truncated).toBe(false);
    const text = await get<Related>(`/v1/documents/${id("BILLS-117hr2002ih-uslm.xml")}/related`);
    expect(text.billDocuments.map((d) => d.filename)).toEqual(["BILLSTATUS-117hr2002.xml"]);
    const status = await get<Related>(`/v1/documents/${id("BILLSTATUS-115s2372.xml")}/related`);
    // The VA MISSION Act's status names related bills none of which is stored.
    expect(status.cites.map((c) => c.billId)).toContain("115-hr-5698");
    expect(status.cites.every((c) => c.documents === 0 && c.title === null)).toBe(true);
    // No fixture of one bill cites another stored bill: a citation as the pipeline stores it from prose.
    await env.services.deps.db
      .prepare("INSERT INTO citations (document_id, ord, kind, target, text) VALUES (?, 999, 'bill', ?, 'H.R. 2008')")
      .bind(id("BILLSTATUS-115s2372.xml"), "bill/117-hr-2008")
      .run();
    const cited = await get<Related>(`/v1/documents/${id("BILLS-117hr2008eh.xml")}/related`);
    expect(cited.citedBy.map((d) => d.filename)).toEqual(["BILLSTATUS-115s2372.xml"]);
    const citing = await get<Related>(`/v1/documents/${id("BILLSTATUS-115s2372.xml")}/related`);
    expect(citing.cites.find((c) => c.billId === "117-hr-2008")).toEqual({
      billId: "117-hr-2008",
      title: "Local Water Protection Act",
      documents: 5,
    });
    await get("/v1/documents/no-such-document/related", 404);
  });
});
