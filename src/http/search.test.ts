import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";
import type { Facets, SearchResult } from "../core/search";

/** Two renderings of H.R. 2002 (117th), its bill status, another bill, and notes written for these tests. */
const FILES = [
  "gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih.htm",
  "gov/bill-text/billsim/117/bills/hr2002/BILLS-117hr2002ih.xml",
  "legislation/BILLSTATUS-117hr2002.xml",
  "gov/bill-text/HR1000_IH.XML",
];
const NOTES = `# Coverage memo

The payment rules of 42 U.S.C. 1395 apply to hospice care. See Pub. L. 116-136, the CARES Act, and H.R. 2000 of
the last Congress, which would let states cut taxes on hospice providers.
`;
const MORE_NOTES = `# Program notes

Public Law 116-136 was signed in March. The 42 USC 1395 reference and HR 2000 appear here as well, beside
S. 1 and H.J.Res. 7. Nothing here is about hospice. Waivers under 42 U.S.C. 1320b–5(g) continue.
`;

interface Page {
  mode: string;
  results: SearchResult[];
  nextCursor: string | null;
  facets?: Facets;
  warning?: string;
  unmatched?: string[];
}

describe("search over HTTP", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  const ids = new Map<string, string>();

  const upload = async (files: { name: string; bytes: Uint8Array | string }[]) => {
    const res = await env.app.request("/v1/documents", {
      headers: await env.auth(),
      method: "POST",
      body: multipart(files),
    });
    const { documents } = (await res.json()) as { documents: { filename: string; id: string }[] };
    for (const d of documents) ids.set(d.filename, d.id);
    for (const d of documents) expect((await waitForDocument(env.services, d.id)).state).toBe("ready");
  };

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    await upload([
      ...FILES.map((file) => ({ name: file.split("/").at(-1) as string, bytes: fixture(file) })),
      { name: "notes.md", bytes: NOTES },
      { name: "more-notes.md", bytes: MORE_NOTES },
      { name: "filings.md", bytes: "# Filings\n\nReports required by 15 U.S.C. 78s reach the Commission in time.\n" },
    ]);
  });
  afterAll(async () => env?.close());

  const search = async (params: Record<string, string>) => {
    const res = await env.app.request(`/v1/search?${new URLSearchParams(params)}`, { headers: await env.auth() });
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as Page;
  };
  const names = (page: Page) => page.results.map((r) => r.filename);
  /** The files of a result and of the documents collapsed into it. */
  const filesOf = (r: SearchResult) => {
    const byId = new Map([...ids].map(([name, id]) => [id, name]));
    return [r.documentId, ...(r.collapsed ?? [])].map((id) => byId.get(id) ?? id);
  };
  const files = (results: SearchResult[]) => results.flatMap(filesOf);
  const problem = async (params: Record<string, string>) => {
    const res = await env.app.request(`/v1/search?${new URLSearchParams(params)}`, { headers: await env.auth() });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    return (await res.json()) as { status: number; code: string; detail: string };
  };

  it("finds exact phrases and highlights them as one range", async () => {
    const page = await search({ q: '"State Fiscal Recovery Fund"' });
    // The bill's XML and HTML, renderings of one version, are one result.
    expect(files(page.results)).toEqual(expect.arrayContaining(["BILLS-117hr2002ih.htm", "BILLS-117hr2002ih.xml"]));
    const renderings = ["BILLS-117hr2002ih.htm", "BILLS-117hr2002ih.xml"];
    const holding = page.results.filter((r) => filesOf(r).some((f) => renderings.includes(f)));
    expect(holding).toHaveLength(1);
    // A match in the title alone leaves the passage without it; where the passage has it, it is one range.
    const withPhrase = page.results.filter((r) => r.snippet.includes("State Fiscal Recovery Fund"));
    expect(withPhrase.length).toBeGreaterThan(0);
    for (const r of withPhrase) {
      const marked = r.highlights.map(([s, e]) => r.snippet.slice(s, e));
      expect(marked).toContain("State Fiscal Recovery Fund");
    }
    // So is a heading that holds it.
    const headed = page.results.filter((r) => /state fiscal recovery fund/i.test(r.passage.heading));
    expect(headed.length).toBeGreaterThan(0);
    for (const r of headed) {
      const marked = r.passage.headingHighlights.map(([s, e]) => r.passage.heading.slice(s, e).toLowerCase());
      expect(marked).toContain("state fiscal recovery fund");
    }
    // The words apart, in another order, are not the phrase.
    expect((await search({ q: '"Fund Recovery Fiscal State"' })).results).toEqual([]);
  });

  it("says which words no document holds, and answers for the others", async () => {
    const page = (await search({ q: "hospice zeppelin", mode: "keyword" })) as Page & { unmatched?: string[] };
    expect(page.unmatched).toEqual(["zeppelin"]);
    expect(names(page).sort()).toEqual(["more-notes.md", "notes.md"]);
    expect((await search({ q: "hospice", mode: "keyword" })) as object).not.toHaveProperty("unmatched");
  });

  it("takes the same search as a JSON body, with JSON's types, and refuses a body it cannot read", async () => {
    const post = async (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
      env.app.request("/v1/search", {
        method: "POST",
        headers: { ...(await env.auth()), ...headers },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const first = await post({ q: "hospice", mode: "keyword", limit: 1 });
    expect(first.status).toBe(200);
    const page = (await first.json()) as Page;
    expect(page).toEqual(await search({ q: "hospice", mode: "keyword", limit: "1" }));
    expect(page.results).toHaveLength(1);
    // Its cursor leads on in either form.
    const next = (await (
      await post({ q: "hospice", mode: "keyword", limit: 1, cursor: page.nextCursor })
    ).json()) as Page;
    expect(next.results.map((r) => r.documentId)).not.toContain(page.results[0]?.documentId);
    expect(next).toEqual(
      await search({ q: "hospice", mode: "keyword", limit: "1", cursor: page.nextCursor as string }),
    );
    // A filter as a JSON number, as the query string's digits filter.
    const narrowed = (await (
      await post({ q: "states", mode: "keyword", congress: 117, facets: false })
    ).json()) as Page;
    expect(narrowed).not.toHaveProperty("facets");
    expect(narrowed.results.length).toBeGreaterThan(0);
    expect(narrowed.results).toEqual((await search({ q: "states", mode: "keyword", congress: "117" })).results);
    expect(files(narrowed.results)).not.toContain("notes.md");

    // A query the URL could not carry: 4,000 Chinese characters are 36 KiB percent-encoded.
    const long = "医疗保险".repeat(1000);
    expect((await post({ q: long, mode: "keyword" })).status).toBe(200);
    for (const [body, detail] of [
      [{ q: `${long}险` }, /longer than 4000 characters/],
      ['{"q": "hospice"', /JSON/i],
      [{ q: "hospice", limit: "10" }, /limit/],
      [{ q: "hospice", facets: "false" }, /facets/],
      [{ q: "hospice", querry: "x" }, /querry/],
      [["hospice"], /expected object/i],
      [{ mode: "keyword" }, /q/],
    ] as const) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { detail: string }).detail).toMatch(detail);
    }
    const plain = await post({ q: "hospice" }, { "content-type": "text/plain" });
    expect([400, 415]).toContain(plain.status);
    expect(plain.headers.get("content-type")).toContain("application/problem+json");
  });

  it("searches a query no document has a word of as its correction, unless asked not to", async () => {
    type Suggested = Page & { unmatched?: string[]; suggestions?: string[]; searchedFor?: string };
    for (const mode of ["keyword", "hybrid"]) {
      const page = (await search({ q: "hospise", mode })) as Suggested;
      expect(page).toMatchObject({ unmatched: ["hospise"], searchedFor: "hospice" });
      expect(page).not.toHaveProperty("suggestions");
      expect(names(page).sort()).toEqual(["more-notes.md", "notes.md"]);
      // Page by page too: the cursor is the typed query's, and leads to the corrected results again.
      const first = (await search({ q: "hospise", mode, limit: "1" })) as Suggested;
      const second = (await search({ q: "hospise", mode, limit: "1", cursor: first.nextCursor ?? "" })) as Suggested;
      expect(second.searchedFor).toBe("hospice");
      expect([...names(first), ...names(second)].sort()).toEqual(["more-notes.md", "notes.md"]);
      // As typed: the correction is only suggested.
      const typed = (await search({ q: "hospise", mode, correct: "false" })) as Suggested;
      expect(typed).toMatchObject({ unmatched: ["hospise"], suggestions: ["hospice"] });
      expect(typed).not.toHaveProperty("searchedFor");
      expect(typed.results.filter((r) => r.matchedBy.includes("keywords"))).toEqual([]);
    }
    // A word that matched keeps the query as typed, with the correction suggested for the other.
    const partly = (await search({ q: "hospice providerz", mode: "keyword" })) as Suggested;
    expect(partly).toMatchObject({ unmatched: ["providerz"], suggestions: ["hospice providers"] });
    expect(partly).not.toHaveProperty("searchedFor");
    expect((await search({ q: "hospice zeppelin", mode: "keyword" })) as object).not.toHaveProperty("suggestions");
  });

  it("excludes words, joins alternatives with OR, and expands prefixes", async () => {
    expect(names(await search({ q: "hospice" })).sort()).toEqual(["more-notes.md", "notes.md"]);
    expect(names(await search({ q: "hospice -taxes" }))).toEqual(["more-notes.md"]);
    expect(names(await search({ q: "providers OR signed" })).sort()).toEqual(["more-notes.md", "notes.md"]);
    expect(names(await search({ q: "hosp*" })).sort()).toEqual(["more-notes.md", "notes.md"]);
    // Two letters make a prefix: `ho*` is `House` in the bills, `hospice` in the notes (`Waivers` in one).
    expect(names(await search({ q: "ho* -hosp*" })).sort()).toEqual([
      "BILLS-117hr2002ih.htm",
      "BILLSTATUS-117hr2002.xml",
      "HR1000_IH.XML",
    ]);
    const ho = await search({ q: "hospice -wa*" });
    expect([names(ho), ho.warning]).toEqual([["notes.md"], undefined]);
    // A letter is no prefix: it is searched as the letter, and the page says so.
    const letter = await search({ q: "hospice s* x* -q*" });
    expect(letter.warning).toBe(
      "a prefix needs two letters or more: s* was searched as s, x* was searched as x, q* was searched as q",
    );
    expect(letter.unmatched).toEqual(["x"]);
  });

  it("finds bill numbers and citations whatever their spelling", async () => {
    for (const q of ["H.R. 2000", "HR 2000", "hr2000", "H. R. 2000"]) {
      expect(names(await search({ q })).sort(), q).toEqual(["more-notes.md", "notes.md"]);
    }
    for (const q of ["42 U.S.C. 1395", "42 USC 1395", "Pub. L. 116-136", "Public Law 116-136"]) {
      expect(names(await search({ q })).sort(), q).toEqual(["more-notes.md", "notes.md"]);
    }
    expect(names(await search({ q: "S. 1" }))).toContain("more-notes.md");
    expect(names(await search({ q: "H.J.Res. 7" }))).toEqual(["more-notes.md"]);
    const [notes] = (await search({ q: "42 USC 1395", limit: "1" })).results.filter((r) => r.filename === "notes.md");
    const page = await search({ q: "42 USC 1395" });
    const hit = page.results.find((r) => r.filename === "notes.md") ?? notes;
    expect(hit?.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toContain("42 U.S.C. 1395");
    // A section nothing cites finds the sections numbered under it.
    const family = await search({ q: "42 U.S.C. 1320b", mode: "keyword" });
    expect(names(family)).toEqual(["more-notes.md"]);
    const [member] = family.results;
    // The whole citation as the document's parse found it, subsection included.
    expect(member?.highlights.map(([s, e]) => member.snippet.slice(s, e))).toContain("42 U.S.C. 1320b–5(g)");
  });

  it("finds a section whose last letter the stemmer would drop, and only it", async () => {
    const page = await search({ q: "15 U.S.C. 78s", mode: "keyword" });
    expect(names(page)).toEqual(["filings.md"]);
    const [hit] = page.results;
    expect(hit?.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(["15 U.S.C. 78s"]);
    expect(names(await search({ q: "15 U.S.C. 78", mode: "keyword" }))).toEqual([]);
  });

  it("finds an act by its acronym, not every passage about care", async () => {
    const page = await search({ q: "CARES Act", mode: "keyword" });
    expect(names(page)).toEqual(["notes.md"]);
    const [hit] = page.results;
    expect(hit?.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(["CARES", "Act"]);
    // In lower case it is the word, care.
    expect(names(await search({ q: "cares", mode: "keyword" })).length).toBeGreaterThan(1);
  });

  it("ranks a title match above the same words in a body", async () => {
    // The bill's title is "Let States Cut Taxes Act"; the memo says "let states cut taxes" in its text.
    const page = await search({ q: "let states cut taxes" });
    expect(page.results.at(-1)?.filename).toBe("notes.md");
    expect(page.results[0]?.billId).toBe("117-hr-2002");
    // The title's matches are marked, as the snippet's are; the memo's title holds none of the words.
    const marked = (r: SearchResult) => r.titleHighlights.map(([s, e]) => r.title?.slice(s, e));
    expect(marked(page.results[0] as SearchResult)).toEqual(["Let", "States", "Cut", "Taxes"]);
    expect(marked(page.results.at(-1) as SearchResult)).toEqual([]);
    // Its own number finds the bill's documents first, and says they are its.
    const own = await search({ q: "H.R. 2002" });
    expect(own.results[0]?.billId).toBe("117-hr-2002");
    expect(own.results.map((r) => [r.billId, r.namedBill ?? false])).toEqual(
      own.results.map((r) => [r.billId, r.billId === "117-hr-2002"]),
    );
    // Documents citing a bill are not its own (the memos cite H.R. 2000, which no document here is of).
    const citing = await search({ q: "H.R. 2000" });
    expect(citing.results.length).toBeGreaterThan(0);
    expect(citing.results.some((r) => r.namedBill)).toBe(false);
    expect((await search({ q: "let states cut taxes" })).results.some((r) => r.namedBill)).toBe(false);
  });

  it("gives passage offsets into the document's text", async () => {
    const [hit] = (await search({ q: "hospice providers" })).results;
    expect(hit?.filename).toBe("notes.md");
    const res = await env.app.request(`/v1/documents/${hit?.documentId}/text`, { headers: await env.auth() });
    const { text } = (await res.json()) as { text: string };
    const passage = text.slice(hit?.passage.start, hit?.passage.end).replace(/\s+/g, " ");
    expect(passage).toBe(hit?.snippet);
  });

  it("filters like the documents list and counts facets over the matches", async () => {
    const all = await search({ q: "states" });
    expect(all.facets?.documentType).toEqual(expect.arrayContaining([expect.objectContaining({ value: "bill" })]));
    expect(all.facets?.congress.map((f) => f.value)).toContain("117");
    const bills = await search({ q: "states", congress: "117", billType: "hr", documentType: "bill" });
    expect(bills.results.length).toBeGreaterThan(0);
    for (const r of bills.results) expect(r.billId).toBe("117-hr-2002");
    expect(bills.facets?.congress).toEqual([{ value: "117", count: bills.results.length }]);
    expect((await search({ q: "states", congress: "99" })).results).toEqual([]);
    expect((await search({ q: "states", dateFrom: "2100-01-01" })).results).toEqual([]);
  });

  it("searches within one bill's documents, and lists them, by its id in any case", async () => {
    const all = await search({ q: "states", mode: "keyword", limit: "100" });
    expect(files(all.results)).toEqual(expect.arrayContaining(["notes.md", "HR1000_IH.XML"]));
    const within = await search({ q: "states", mode: "keyword", limit: "100", bill: "117-HR-2002" });
    expect(files(within.results).sort()).toEqual([
      "BILLS-117hr2002ih.htm",
      "BILLS-117hr2002ih.xml",
      "BILLSTATUS-117hr2002.xml",
    ]);
    expect(within.facets?.congress).toEqual([{ value: "117", count: within.results.length }]);
    // A bill no document belongs to has none; an id of another form is refused.
    expect((await search({ q: "states", bill: "117-hr-9999" })).results).toEqual([]);
    expect((await problem({ q: "states", bill: "hr2002" })).detail).toMatch(/bill id/);
    const listed = await env.app.request("/v1/documents?bill=117-hr-2002", { headers: await env.auth() });
    const { documents } = (await listed.json()) as { documents: { filename: string }[] };
    expect(documents.map((d) => d.filename).sort()).toEqual([
      "BILLS-117hr2002ih.htm",
      "BILLS-117hr2002ih.xml",
      "BILLSTATUS-117hr2002.xml",
    ]);
  });

  it("filters by the sponsor and the bill's policy area, and counts them", async () => {
    const page = await search({ q: "states" });
    const area = page.facets?.policyArea[0]?.value;
    expect(area).toBeTruthy();
    const inArea = await search({ q: "states", policyArea: (area as string).toLowerCase() });
    expect(inArea.results.length).toBeGreaterThan(0);
    for (const r of inArea.results) expect(r.billId).toBe("117-hr-2002");
    expect((await search({ q: "states", policyArea: "No Such Area" })).results).toEqual([]);
    const party = page.facets?.party[0]?.value;
    expect(party).toBeTruthy();
    const byParty = await search({ q: "states", party: party as string });
    expect(byParty.results.length).toBeGreaterThan(0);
    expect(byParty.facets?.party).toEqual([{ value: party, count: byParty.results.length }]);
    // The sponsor facet gives the id the filter takes, and the name to show.
    const [sponsor] = page.facets?.sponsor ?? [];
    expect(sponsor?.label).toBeTruthy();
    expect(sponsor?.label).not.toBe(sponsor?.value);
    const bySponsor = await search({ q: "states", sponsor: sponsor?.value as string });
    expect(bySponsor.facets?.sponsor).toEqual([{ ...sponsor, count: bySponsor.results.length }]);
  });

  it("counts a committee once whichever way documents spell its code, and filters by any spelling", async () => {
    // The bill's XML names Oversight as GPO codes it (HGO00), its bill status as Congress.gov does (hsgo00).
    const page = await search({ q: "states", billType: "hr", congress: "117" });
    const oversight = page.facets?.committee.find((c) => c.value === "hsgo00");
    expect(oversight?.label).toMatch(/Oversight/);
    const committeeOf = new Set(["BILLS-117hr2002ih.xml", "BILLSTATUS-117hr2002.xml"]);
    // Counted once per result, whichever of its renderings leads it (the HTML names no committee).
    const counted = page.results.filter((r) => filesOf(r).some((f) => committeeOf.has(f)));
    expect(oversight?.count).toBe(counted.length);
    for (const code of ["hsgo00", "HGO00", "hsgo"]) {
      const found = names(await search({ q: "states", billType: "hr", congress: "117", committee: code }));
      expect(found.sort()).toEqual([...committeeOf].filter((f) => files(page.results).includes(f)).sort());
    }
  });

  it("counts the matches' years, newest first, and a year's dates give its count", async () => {
    const page = await search({ q: "states" });
    const years = page.facets?.year.map((y) => y.value) ?? [];
    expect(years.length).toBeGreaterThan(0);
    expect(years).toEqual([...years].sort().reverse());
    const year = page.facets?.year[0];
    const inYear = await search({ q: "states", dateFrom: `${year?.value}-01-01`, dateTo: `${year?.value}-12-31` });
    expect(inYear.results).toHaveLength(year?.count as number);
    for (const r of inYear.results) expect(r.date?.slice(0, 4)).toBe(year?.value);
    // A year or a month stands for its whole period.
    const asYear = await search({ q: "states", dateFrom: String(year?.value), dateTo: String(year?.value) });
    expect(files(asYear.results)).toEqual(files(inYear.results));
    const months = await Promise.all(
      ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].map(async (m) =>
        files((await search({ q: "states", dateFrom: `${year?.value}-${m}`, dateTo: `${year?.value}-${m}` })).results),
      ),
    );
    expect(months.flat().sort()).toEqual(files(inYear.results).sort());
  });

  it("collapses a bill's renderings and versions into one result with group=bill", async () => {
    const page = await search({ q: "Coronavirus State Fiscal Recovery Fund", group: "bill" });
    const bill = page.results.filter((r) => r.billId === "117-hr-2002");
    expect(bill).toHaveLength(1);
    expect(bill[0]?.collapsed?.length).toBeGreaterThanOrEqual(1);
    const byDocument = await search({ q: "Coronavirus State Fiscal Recovery Fund" });
    const ofBill = byDocument.results.filter((r) => r.billId === "117-hr-2002");
    expect(files(ofBill)).toHaveLength(1 + (bill[0]?.collapsed?.length ?? 0));
    // By document, the version's renderings are one result, and its bill status another.
    expect(ofBill.length).toBeLessThan(1 + (bill[0]?.collapsed?.length ?? 0));
  });

  it("pages with a keyset cursor that stays stable while documents are added", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let added = false;
    do {
      const page: Page = await search({ q: "states OR hospice", limit: "1", ...(cursor ? { cursor } : {}) });
      seen.push(...page.results.map((r) => r.documentId));
      cursor = page.nextCursor;
      if (!added) {
        added = true;
        await upload([{ name: "late.md", bytes: "# Late\n\nStates and hospice, added between two pages." }]);
      }
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);
  });

  it("orders by date, newest or oldest first with undated documents last, page after page", async () => {
    const all = async (sort: string) => {
      const results: SearchResult[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await search({ q: "states OR hospice", sort, limit: "2", ...(cursor ? { cursor } : {}) });
        results.push(...page.results);
        cursor = page.nextCursor;
      } while (cursor);
      return results;
    };
    const relevance = await all("relevance");
    for (const [sort, sign] of [
      ["newest", -1],
      ["oldest", 1],
    ] as const) {
      const results = await all(sort);
      expect(results.map((r) => r.documentId).sort()).toEqual(relevance.map((r) => r.documentId).sort());
      const dates = results.map((r) => r.date);
      const dated = dates.filter((d): d is string => d !== null);
      expect(dated.length).toBeGreaterThanOrEqual(2);
      expect(new Set(dated).size).toBeGreaterThanOrEqual(2);
      expect(dates.slice(0, dated.length)).toEqual([...dated].sort((a, b) => sign * a.localeCompare(b)));
      expect(dates.slice(dated.length).every((d) => d === null)).toBe(true);
      // On one day, or undated, the best match first.
      const rank = (r: SearchResult) => relevance.findIndex((x) => x.documentId === r.documentId);
      for (let i = 1; i < results.length; i++) {
        const [a, b] = [results[i - 1] as SearchResult, results[i] as SearchResult];
        if (a.date === b.date) expect(rank(a)).toBeLessThan(rank(b));
      }
    }
    // A cursor belongs to its order.
    const { nextCursor } = await search({ q: "states OR hospice", limit: "1" });
    await problem({ q: "states OR hospice", sort: "newest", cursor: nextCursor as string });
  });

  it("answers bad cursors and bad filters with a 400 problem", async () => {
    await problem({ q: "states", cursor: "not-a-cursor" });
    await problem({ q: "states", cursor: btoa(JSON.stringify(["s1", "x", 1, "id"])) });
    const { nextCursor } = await search({ q: "states", limit: "1" });
    expect(nextCursor).not.toBeNull();
    await problem({ q: "hospice", cursor: nextCursor as string });
    await problem({ q: "states", congress: "abc" });
    await problem({ q: "states", dateFrom: "yesterday" });
    for (const date of ["2020-13", "2021-02-29", "2020-1", "20200", "2020-06-00"])
      await problem({ q: "states", dateTo: date });
    const reversed = await problem({ q: "states", dateFrom: "2021", dateTo: "2020-06" });
    expect(reversed.detail).toBe("dateFrom (2021-01-01) is after dateTo (2020-06-30)");
    await problem({ q: "states", limit: "0" });
    // A number past every bound names the one that matters, once.
    const huge = await problem({ q: "states", congress: "99999999999999999999" });
    expect(huge.detail).toBe("congress: Too big: expected number to be <=200");
    expect((await problem({ q: "states", limit: "2.5" })).detail).toBe(
      "limit: Invalid input: expected int, received number",
    );
    await problem({ q: "states", group: "chamber" });
    await problem({ q: "states", sort: "alphabetical" });
  });

  it("is the same service called directly or as search.search", async () => {
    const direct = await env.services.search({ q: "hospice", mode: "keyword", limit: 5 });
    const method = await env.services.search.search({ q: "hospice", mode: "keyword", limit: 5 });
    expect(method.results.map((r) => r.documentId)).toEqual(direct.results.map((r) => r.documentId));
    expect(direct.mode).toBe("keyword");
  });

  it("never fails on odd queries", async () => {
    expect((await problem({ q: "" })).code).toBe("bad_request");
    await problem({ q: "   " });
    await problem({ q: "word ".repeat(2000) });
    for (const q of [
      "the of and",
      "😀🎉",
      "日本語の法律",
      "Ελληνικά νόμος",
      '"unbalanced quote',
      'a "b" "c',
      "NEAR(states taxes, 2)",
      "title:states",
      "^states",
      "(states OR) AND NOT",
      "states*",
      "* OR -",
      "-states",
      "'; DROP TABLE documents; --",
      "\u0000\u200b",
    ]) {
      const res = await env.app.request(`/v1/search?${new URLSearchParams({ q })}`, { headers: await env.auth() });
      expect(res.status, q).toBe(200);
    }
    expect(names(await search({ q: "title:states" }))).toContain("BILLS-117hr2002ih.xml");
  });
});

describe("search over one text stored twice", () => {
  const SANCHEZ = "Ms. LINDA T. SANCHEZ of California";
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    // A Record page as GPO publishes it and as the scraper writes it (the same text), and a note quoting it.
    const files = ["CREC-2005-07-20-pt1-PgH6110-5.htm", "CREC-2005-07-20-pt1-PgH6110-5.json"].map((name) => ({
      name,
      bytes: fixture("gov/record", name),
    }));
    const note = { name: "rove.md", bytes: "# Karl Rove\n\nKarl Rove and the White House, a note of our own." };
    const water = { name: "water.md", bytes: "Water rights in California, a note of our own." };
    const res = await env.app.request("/v1/documents", {
      headers: await env.auth(),
      method: "POST",
      body: multipart([...files, note, water]),
    });
    const { documents } = (await res.json()) as { documents: { filename: string; id: string }[] };
    for (const d of documents) {
      ids.set(d.filename, d.id);
      expect((await waitForDocument(env.services, d.id)).state).toBe("ready");
    }
  });
  afterAll(async () => env?.close());

  const search = async (params: Record<string, string>) => {
    const res = await env.app.request(`/v1/search?${new URLSearchParams(params)}`, { headers: await env.auth() });
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };

  it("shows it as one result, standing for both documents, and counts it once", async () => {
    for (const group of ["document", "bill"]) {
      const page = await search({ q: "Karl Rove White House", group });
      const record = page.results.filter((r) => r.filename.startsWith("CREC-2005-07-20-pt1-PgH6110-5"));
      expect(record, group).toHaveLength(1);
      const both = [record[0]?.documentId, ...(record[0]?.collapsed ?? [])].sort();
      expect(both).toEqual(
        [ids.get("CREC-2005-07-20-pt1-PgH6110-5.htm"), ids.get("CREC-2005-07-20-pt1-PgH6110-5.json")].sort(),
      );
      // The note says other things: it stays a result of its own, with nothing folded into it.
      expect(page.results.find((r) => r.filename === "rove.md")?.collapsed).toBeUndefined();
      expect(page.facets?.documentType).toContainEqual({ value: "congressional-record", count: 1 });
    }
  });

  it("shows who speaks in a passage, and does not rank the speaker's name as a heading", async () => {
    const page = await search({ q: "Sanchez", mode: "keyword" });
    expect(page.results[0]?.passage).toMatchObject({ heading: "", headingHighlights: [], speaker: SANCHEZ });
    // Named as the person the page names: a member in the legislators data, whose page the result links to.
    const id = page.results[0]?.passage.speakerId;
    expect(id).toBe("S001156");
    const person = await env.app.request(`/v1/people/${id}`, { headers: await env.auth() });
    expect(person.status).toBe(200);
    // The speech names California once in its text, as the note does: the note, all about it, comes first.
    const california = await search({ q: "California", mode: "keyword" });
    expect(california.results.map((r) => r.filename.replace(/\.(htm|json)$/, ""))).toEqual([
      "water.md",
      "CREC-2005-07-20-pt1-PgH6110-5",
    ]);
    expect(california.results.find((r) => r.passage.speaker)?.passage.speaker).toBe(SANCHEZ);
    expect(california.results[0]?.passage).not.toHaveProperty("speaker");
    expect(california.results[0]?.passage).not.toHaveProperty("speakerId");
  });

  it("lists the page as printed at its Record citation, apart from documents citing it", async () => {
    const res = await env.app.request("/v1/citations/crec/151/H6110", { headers: await env.auth() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      target: string;
      documents: { filename: string }[];
      printed: { filename: string }[];
    };
    expect(body.target).toBe("crec/151/h6110");
    expect(body.printed.map((d) => d.filename).sort()).toEqual([
      "CREC-2005-07-20-pt1-PgH6110-5.htm",
      "CREC-2005-07-20-pt1-PgH6110-5.json",
    ]);
    expect(body.documents).toEqual([]);
  });

  it("finds the page by its Record citation, however it is typed", async () => {
    for (const q of ["151 Cong. Rec. H6111", "151 cong rec h6110"]) {
      const page = await search({ q });
      expect(
        page.results.map((r) => r.filename.replace(/\.(htm|json)$/, "")),
        q,
      ).toEqual(["CREC-2005-07-20-pt1-PgH6110-5"]);
    }
  });
});

describe("search facets of a bill naming its sponsor without party", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  const NAME = "BILLS-116hr2009ih.xml";

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    const res = await env.app.request("/v1/documents", {
      headers: await env.auth(),
      method: "POST",
      body: multipart([{ name: NAME, bytes: fixture("gov/bill-text/billsim/116/bills/hr2009", NAME) }]),
    });
    const { documents } = (await res.json()) as { documents: { id: string }[] };
    for (const d of documents) expect((await waitForDocument(env.services, d.id)).state).toBe("ready");
  });
  afterAll(async () => env?.close());

  it("names the sponsor as the legislators data does, with the party and state of the term served", async () => {
    // The text says "Ms. Clarke of New York" and gives her bioguide id, not her party.
    const search = async (params: Record<string, string>) => {
      const res = await env.app.request(`/v1/search?${new URLSearchParams(params)}`, { headers: await env.auth() });
      return (await res.json()) as Page;
    };
    const page = await search({ q: "Medicare", mode: "keyword" });
    expect(page.results.map((r) => r.filename)).toEqual([NAME]);
    expect(page.facets?.sponsor).toEqual([{ value: "C001067", count: 1, label: "Yvette D. Clarke" }]);
    expect(page.facets?.party).toEqual([{ value: "D", count: 1 }]);
    expect(page.facets?.sponsorState).toEqual([{ value: "NY", count: 1 }]);
    expect((await search({ q: "Medicare", mode: "keyword", party: "D" })).results).toHaveLength(1);
    expect((await search({ q: "Medicare", mode: "keyword", party: "R" })).results).toHaveLength(0);
  });
});
