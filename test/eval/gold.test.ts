import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listCorpus, readQrels, readQueries } from "../../bench/eval/gold";
import { summarize } from "../../bench/eval/report";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "opendiscourse-eval-gold-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("gold files", () => {
  it("reads queries and graded judgements, keeping the higher grade of a repeated pair", () => {
    writeFileSync(
      join(dir, "queries.tsv"),
      "qid\tbill_id\tquery_type\tquery_source_path\ttext\n" +
        "tq00001\t116-hconres-105\tofficial_title_from_text\tbills_text/a.xml\tPermitting the remains of the Honorable John Lewis\n\n",
    );
    writeFileSync(
      join(dir, "qrels.tsv"),
      "qid\tdoc_path\tdoc_category\tdoc_format\trelevance\n" +
        "tq00001\tbills_text/a.xml\tbills_text\tbill-uslm1-xml\t2\n" +
        "tq00001\tbillstatus/b.xml\tbillstatus\tbillstatus-xml\t1\n" +
        "tq00001\tbills_text/a.xml\tbills_text\tbill-uslm1-xml\t1\n",
    );
    expect(readQueries(join(dir, "queries.tsv"))).toEqual([
      {
        qid: "tq00001",
        type: "official_title_from_text",
        text: "Permitting the remains of the Honorable John Lewis",
      },
    ]);
    const qrels = readQrels(join(dir, "qrels.tsv"));
    expect([...(qrels.get("tq00001") ?? [])]).toEqual([
      ["bills_text/a.xml", 2],
      ["billstatus/b.xml", 1],
    ]);
  });

  it("lists a corpus without a manifest by walking it, leaving out gold/ and top-level files", () => {
    for (const sub of ["bills_text/x", "gold", "votes"]) mkdirSync(join(dir, sub), { recursive: true });
    for (const file of ["README.md", "bills_text/x/b.xml", "gold/qrels.tsv", "votes/v.json"]) {
      writeFileSync(join(dir, file), "<a/>");
    }
    expect(listCorpus(dir)).toEqual([
      { path: "bills_text/x/b.xml", category: "bills_text" },
      { path: "votes/v.json", category: "votes" },
    ]);
  });
});

describe("summarize", () => {
  it("averages per mode and query type, with an overall row", () => {
    const row = (qid: string, type: string, mode: string, ndcg10: number) => ({
      qid,
      type,
      mode,
      ndcg10,
      recall100: 1,
      mrr: 1,
      firstRelevant: 1,
    });
    const summary = summarize([
      row("q1", "short_title", "keyword", 1),
      row("q2", "crs_summary", "keyword", 0),
      row("q3", "crs_summary", "keyword", 0.5),
    ]);
    expect(summary.keyword?.crs_summary).toMatchObject({ queries: 2, ndcg10: 0.25 });
    expect(summary.keyword?.short_title).toMatchObject({ queries: 1, ndcg10: 1 });
    expect(summary.keyword?.all).toMatchObject({ queries: 3, ndcg10: 0.5 });
  });
});
