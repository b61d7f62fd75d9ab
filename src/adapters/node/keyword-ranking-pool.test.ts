import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestRuntime, waitForDocument } from "../../../test/support/runtime";
import { nextWorker, startedWorkers } from "../../../test/support/tracked-workers";
import { filterSql } from "../../core/document-filters";
import { type KeywordRanker, keywordHits } from "../../core/search/keyword";
import { parseQuery } from "../../core/search/query-parser";
import { createServices } from "../../core/services";
import { createKeywordRankingPool, type KeywordRankingPool } from "./keyword-ranking-pool";
import { createPrometheusMetrics } from "./prometheus-metrics";

// Each thread started, to stop one as a crash would.
vi.mock("node:worker_threads", async (original) =>
  (await import("../../../test/support/tracked-workers")).trackWorkers(await original()),
);

const TEXTS = [
  "The Secretary of Agriculture shall make crop insurance available to beginning farmers.",
  "Crop insurance premiums for specialty crops are reduced by 10 percent.",
  "Veterans health care: the Secretary of Veterans Affairs shall expand telehealth.",
  "Highway bridge repair grants under 23 U.S.C. 144 are extended.",
];
const QUERIES = [
  "crop insurance",
  '"crop insurance premiums"',
  "secretary -veterans",
  "23 U.S.C. 144",
  "telehealth OR bridge",
  "insur* -veter*",
  "crop insurance farmers veterans highway bridge repair grants telehealth",
];

describe("keyword ranking threads", () => {
  let t: Awaited<ReturnType<typeof openTestRuntime>>;
  let pool: KeywordRankingPool;
  let path: string;

  beforeAll(async () => {
    t = await openTestRuntime({ embedder: "none", searchThreads: 0 });
    for (const [i, text] of TEXTS.entries()) {
      const { id } = await t.services.ingest({
        body: new Blob([text]).stream(),
        filename: `${i}.txt`,
        uploadedBy: "t",
      });
      await waitForDocument(t.services, id);
    }
    path = join(t.dataDir, "opendiscourse.db");
    pool = createKeywordRankingPool({ path, threads: 2 });
  });
  /** The search service ranking through `ranker`, with metrics of its own to read its fallbacks from. */
  const searchThrough = (ranker: KeywordRanker) => {
    const metrics = createPrometheusMetrics({
      documentsByState: async () => ({}),
      queueDepth: async () => ({}),
      searchIndex: async () => ({ segments: 0, pages: 0, pagesOutsideLargest: 0, chunksToFill: 0 }),
    });
    return { metrics, services: createServices(t.config, { ...t.services.deps, metrics, keywordRanker: ranker }) };
  };
  afterAll(async () => {
    await pool?.close();
    await t?.close();
  });

  it("rank as the search does in process, many at once, with and without filters", async () => {
    const filters = [filterSql({}), filterSql({ documentType: "bill" })];
    const inputs = QUERIES.flatMap((q) => filters.map((filter) => ({ parsed: parseQuery(q), filter, generation: 1 })));
    const pooled = await Promise.all(inputs.map((input) => pool.rank(input)));
    for (const [i, input] of inputs.entries()) {
      const local = await keywordHits(t.services.deps.db, input.parsed, input.filter);
      expect(pooled[i], QUERIES[Math.floor(i / 2)]).toEqual(local);
    }
    expect(pooled[0]?.hits.length).toBe(2);
    // The filter applies in the thread: no document is a bill.
    expect(pooled[1]?.hits).toEqual([]);
  });

  it("search through them gives the same page as in process", async () => {
    const pooled = createKeywordRankingPool({ path, threads: 1 });
    try {
      const services = createServices(t.config, { ...t.services.deps, keywordRanker: pooled });
      for (const q of QUERIES) {
        const [a, b] = await Promise.all([
          services.search({ q, mode: "keyword" }),
          t.services.search({ q, mode: "keyword" }),
        ]);
        expect(a.results, q).toEqual(b.results);
      }
    } finally {
      await pooled.close();
    }
  });

  it("leave a ranking to its idle caller when no other is asked for, and rank it on a thread when one is", async () => {
    const input = (q: string) => ({ parsed: parseQuery(q), filter: filterSql({}), generation: null });
    const idle = { callerIdle: true };
    expect(await pool.rank(input("crop insurance"), idle)).toBeNull();
    // Not told the caller is idle, the threads rank.
    expect((await pool.rank(input("crop insurance")))?.hits).toHaveLength(2);
    // Asked for together (one request read after another), neither is alone: both go to the threads.
    const local = await keywordHits(t.services.deps.db, parseQuery("crop insurance"), filterSql({}));
    const together = await Promise.all([
      pool.rank(input("crop insurance"), idle),
      pool.rank(input("crop insurance"), idle),
    ]);
    expect(together).toEqual([local, local]);
    // While a thread ranks another, so does this one.
    const busy = pool.rank(input("telehealth OR bridge"));
    expect(await pool.rank(input("crop insurance"), idle)).toEqual(local);
    await busy;
  });

  it("start all at once when warmed, before the first search", async () => {
    const before = startedWorkers.length;
    const warmed = createKeywordRankingPool({ path, threads: 2 });
    try {
      warmed.warm();
      warmed.warm();
      expect(startedWorkers.length).toBe(before + 2);
      const ranked = await Promise.all(
        QUERIES.map((q) => warmed.rank({ parsed: parseQuery(q), filter: filterSql({}), generation: null })),
      );
      expect(ranked[0]?.hits.length).toBe(2);
      expect(startedWorkers.length).toBe(before + 2);
    } finally {
      await warmed.close();
    }
  });

  it("hold a process open while they start and rank, and not once idle, whatever its flags", () => {
    // A script ranking once, run with a flag no worker thread accepts: it prints its hits and exits by itself.
    const module = (file: string) => JSON.stringify(new URL(file, import.meta.url).href);
    const script = `
      const { createKeywordRankingPool } = await import(${module("./keyword-ranking-pool.ts")});
      const { filterSql } = await import(${module("../../core/document-filters.ts")});
      const { parseQuery } = await import(${module("../../core/search/query-parser.ts")});
      const pool = createKeywordRankingPool({ path: ${JSON.stringify(path)}, threads: 2 });
      pool.warm();
      const { hits } = await pool.rank({ parsed: parseQuery("crop insurance"), filter: filterSql({}), generation: null });
      console.log(hits.length);`;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect([run.status, run.stdout.trim(), run.stderr]).toEqual([0, "2", ""]);
  });

  it("refuse with `unavailable` when they cannot open the database, and after close", async () => {
    const missing = createKeywordRankingPool({ path: join(t.dataDir, "missing.db"), threads: 1 });
    const input = { parsed: parseQuery("crop"), filter: filterSql({}), generation: null };
    await expect(missing.rank(input)).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("could not open the database"),
    });
    // The next search does not try again: it would fail alike.
    await expect(missing.rank(input)).rejects.toMatchObject({ code: "unavailable" });
    // A search through it ranks in process, and the metrics count it.
    const { metrics, services } = searchThrough(missing);
    expect((await services.search({ q: "crop", mode: "keyword" })).results).toHaveLength(2);
    expect((await metrics.render()).body).toContain('opendiscourse_search_fallbacks_total{part="keyword_ranking"} 1');
    await missing.close();
    await expect(missing.rank(input)).rejects.toMatchObject({ code: "unavailable" });
  });

  it("refuse the rankings a thread had in hand when it stops; the search ranks them in process, the next on a new thread", async () => {
    const crashing = createKeywordRankingPool({ path, threads: 1 });
    let reached: () => void = () => {};
    const asked = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const { metrics, services } = searchThrough({
      rank: (call, options) => {
        const ranking = crashing.rank(call, options);
        reached();
        return ranking;
      },
    });
    const input = (q: string) => ({ parsed: parseQuery(q), filter: filterSql({}), generation: null });
    try {
      await crashing.rank(input("crop"));
      const first = startedWorkers.at(-1) as Worker;
      const inHand = crashing.rank(input("crop insurance"));
      await first.terminate();
      await expect(inHand).rejects.toMatchObject({
        code: "unavailable",
        message: expect.stringContaining("a keyword ranking thread stopped"),
      });
      // A search whose thread stops answers all the same, from this thread, and the metrics count it. Another ranking
      // is in hand, so the search's goes to the thread as well.
      const starting = nextWorker();
      const other = crashing.rank(input("crop")).catch((error: unknown) => error);
      const second = await starting;
      const searched = services.search({ q: "crop insurance", mode: "keyword" });
      await asked;
      await second.terminate();
      expect(await other).toMatchObject({ code: "unavailable" });
      const expected = await t.services.search({ q: "crop insurance", mode: "keyword" });
      expect((await searched).results).toEqual(expected.results);
      expect((await metrics.render()).body).toContain('opendiscourse_search_fallbacks_total{part="keyword_ranking"} 1');
      // The next ranking starts a thread of its own and answers as in process.
      const local = await keywordHits(t.services.deps.db, parseQuery("crop insurance"), filterSql({}));
      expect(await crashing.rank(input("crop insurance"))).toEqual(local);
      expect(startedWorkers.at(-1)).not.toBe(second);
    } finally {
      await crashing.close();
    }
  });
});
