import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, multipart, openTestRuntime, waitForDocument } from "../../test/support/runtime";

describe("a Federal Register issue over HTTP", () => {
  let env: Awaited<ReturnType<typeof openTestRuntime>>;
  let issueId: string;

  beforeAll(async () => {
    env = await openTestRuntime({ embedder: "none" });
    const xml = gunzipSync(fixture("gov", "federal-register", "FR-2024-02-12.xml.gz"));
    const res = await env.app.request("/v1/documents", {
      headers: await env.auth(),
      method: "POST",
      body: multipart([{ name: "FR-2024-02-12.xml", bytes: new Uint8Array(xml) }]),
    });
    const { documents } = (await res.json()) as { documents: { id: string }[] };
    issueId = documents[0]?.id as string;
    await waitForDocument(env.services, issueId);
  });
  afterAll(async () => env?.close());

  it("yields one document per rule, proposed rule, notice and presidential document, each with its parent", async () => {
    const issue = (await (await env.app.request(`/v1/documents/${issueId}`, { headers: await env.auth() })).json()) as {
      documentType: string;
      title: string;
      date: string;
      parts: string[];
    };
    expect(issue).toMatchObject({ documentType: "federal-register-issue", date: "2024-02-12" });
    expect(issue.title).toBe("Federal Register Volume 89, Number 29");
    expect(issue.parts).toHaveLength(96);
    const page = (await (
      await env.app.request(`/v1/documents?parentId=${issueId}&limit=500`, { headers: await env.auth() })
    ).json()) as {
      documents: { parentId: string; documentType: string; state: string }[];
    };
    expect(page.documents).toHaveLength(96);
    const counts: Record<string, number> = {};
    for (const d of page.documents) {
      expect(d.parentId).toBe(issueId);
      expect(d.state).toBe("ready");
      counts[d.documentType] = (counts[d.documentType] ?? 0) + 1;
    }
    expect(counts).toEqual({ rule: 13, "proposed-rule": 7, notice: 75, "presidential-document": 1 });
    const rules = (await (
      await env.app.request("/v1/documents?documentType=rule&dateFrom=2024-02-12&dateTo=2024-02-12", {
        headers: await env.auth(),
      })
    ).json()) as {
      documents: unknown[];
    };
    expect(rules.documents).toHaveLength(13);
  });

  it("finds a notice by keyword as a document of its own", async () => {
    const search = (await (
      await env.app.request("/v1/search?q=airworthiness%20directives&mode=keyword", { headers: await env.auth() })
    ).json()) as {
      results: { documentId: string }[];
    };
    expect(search.results.length).toBeGreaterThan(0);
    expect(search.results.some((r) => r.documentId.startsWith(`${issueId}-`))).toBe(true);
  });

  it("finds a rule by the page it is printed on, and passages by the regulation or page they cite", async () => {
    const search = async (q: string) =>
      (await (
        await env.app.request(`/v1/search?${new URLSearchParams({ q, mode: "hybrid" })}`, {
          headers: await env.auth(),
        })
      ).json()) as {
        results: {
          documentId: string;
          title: string;
          snippet: string;
          highlights: [number, number][];
          passage: { start: number; end: number };
        }[];
      };
    const marked = (r: { snippet: string; highlights: [number, number][] }) =>
      r.highlights.map(([s, e]) => r.snippet.slice(s, e));
    // The FDA's rule runs from page 9743 to 9757 of volume 89.
    for (const q of ["89 FR 9750", "89 Fed. Reg. 9,750", "89 fr 9750"]) {
      expect((await search(q)).results[0]?.title, q).toBe("Biologics License Applications and Master Files");
    }
    // It opens at the passage where that page begins, not at the rule's first (page 9743), and shows that place.
    const [rule] = (await search("89 FR 9750")).results;
    const headers = await env.auth();
    const { text } = (await (await env.app.request(`/v1/documents/${rule?.documentId}/text`, { headers })).json()) as {
      text: string;
    };
    const page = text.indexOf("the same information to assist in demonstrating biosimilarity");
    expect(page).toBeGreaterThan(10_000);
    expect(rule?.passage.start).toBeLessThanOrEqual(page);
    expect(rule?.passage.end).toBeGreaterThan(page);
    expect(rule?.highlights).toEqual([]);
    const { citations } = (await (await env.app.request(`/v1/documents/${rule?.documentId}`, { headers })).json()) as {
      citations: { text: string; start?: number; end?: number }[];
    };
    const pages = citations.filter((c) => / FR 97(4[4-9]|5[0-6])$/.test(c.text));
    expect(pages).toHaveLength(13);
    for (const { text: q, start } of pages) {
      const found = (await search(q)).results.find((r) => r.documentId === rule?.documentId);
      expect(found?.passage.start, q).toBeLessThanOrEqual(start ?? -1);
      expect(found?.passage.end, q).toBeGreaterThan(start ?? Infinity);
    }
    // Sections of the CFR cited in the rules' prose, however they are typed, with the citation marked.
    for (const q of ["17 CFR 240.19b-4", "17 C.F.R. § 240.19b-4"]) {
      const results = (await search(q)).results;
      expect(results.length, q).toBeGreaterThan(0);
      for (const r of results) expect(marked(r).join(" "), q).toMatch(/17 CFR 240\.19b-4/);
    }
    // Federal Register pages cited in the prose.
    const cited = (await search("65 FR 50823")).results;
    expect(cited.length).toBeGreaterThan(0);
    expect(marked(cited[0] as (typeof cited)[number])).toContain("65 FR 50823");
  });

  it("lists the documents citing the pages a rule is printed on", async () => {
    const headers = await env.auth();
    const upload = await env.app.request("/v1/documents", {
      headers,
      method: "POST",
      body: multipart([{ name: "comment.md", bytes: "# Comment\n\nOn the licensing rule at 89 FR 9750, we object." }]),
    });
    const [note] = ((await upload.json()) as { documents: { id: string }[] }).documents;
    await waitForDocument(env.services, note?.id as string);
    const parts = (await (
      await env.app.request(`/v1/documents?parentId=${issueId}&limit=500`, { headers })
    ).json()) as {
      documents: { id: string; title: string }[];
    };
    const idOf = (title: string) => parts.documents.find((d) => d.title === title)?.id as string;
    const citedBy = async (id: string) =>
      (
        (await (await env.app.request(`/v1/documents/${id}/related`, { headers })).json()) as {
          citedBy: { id: string }[];
        }
      ).citedBy.map((d) => d.id);
    expect(await citedBy(idOf("Biologics License Applications and Master Files"))).toEqual([note?.id]);
    const at = (await (await env.app.request("/v1/citations/fr/89/9750", { headers })).json()) as {
      documents: { id: string }[];
      printed: { id: string }[];
    };
    expect(at.printed.map((d) => d.id)).toEqual([idOf("Biologics License Applications and Master Files")]);
    expect(at.documents.map((d) => d.id)).toEqual([note?.id]);
    // The rule before it ends on page 9743, where this one begins: sharing a page is not citing it.
    expect(await citedBy(idOf("Airworthiness Directives; The Boeing Company Airplanes"))).toEqual([]);
  });

  it("reads the issue again in place: the same parts, one it no longer has removed", async () => {
    const partIds = async () => {
      const page = (await (
        await env.app.request(`/v1/documents?parentId=${issueId}&limit=500`, { headers: await env.auth() })
      ).json()) as { documents: { id: string; state: string }[] };
      return page.documents;
    };
    const before = (await partIds()).map((d) => d.id).sort();
    const db = new Database(join(env.dataDir, "opendiscourse.db"));
    try {
      db.prepare(
        `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, state, uploaded_by, created_at,
           updated_at, parent_id)
         SELECT id || '-97', sha256 || '#97', filename || '#97', media_type, format, 1, blob_key, 'ready', uploaded_by,
           created_at, updated_at, id FROM documents WHERE id = ?`,
      ).run(issueId);
    } finally {
      db.close();
    }
    expect(await partIds()).toHaveLength(97);
    const res = await env.app.request("/v1/reprocess", { headers: await env.auth(), method: "POST" });
    expect(res.status).toBe(202);
    await waitForDocument(env.services, issueId);
    const after = await partIds();
    expect(after.map((d) => d.id).sort()).toEqual(before);
    expect(after.every((d) => d.state === "ready")).toBe(true);
    const search = (await (
      await env.app.request("/v1/search?q=airworthiness%20directives&mode=keyword&group=document", {
        headers: await env.auth(),
      })
    ).json()) as { results: { documentId: string }[] };
    expect(search.results.length).toBeGreaterThan(0);
    expect(new Set(search.results.map((r) => r.documentId)).size).toBe(search.results.length);
  });

  it("deletes the parts with the issue", async () => {
    expect(
      (await env.app.request(`/v1/documents/${issueId}`, { headers: await env.auth(), method: "DELETE" })).status,
    ).toBe(204);
    const page = (await (
      await env.app.request(`/v1/documents?parentId=${issueId}`, { headers: await env.auth() })
    ).json()) as {
      documents: unknown[];
    };
    expect(page.documents).toHaveLength(0);
  });
});
