import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../adapters/node/migrations";
import { openSqliteDatabase } from "../adapters/node/sqlite-database";
import { configSchema } from "./config";
import type { JobMessage } from "./domain";
import { AppError } from "./errors";
import { type Metrics, noMetrics, silentLogger } from "./observability";
import type { Embedder, JobQueue } from "./ports";
import type { KeywordRanker } from "./search/keyword";
import { createServices } from "./services";
import { createMemoryBlobStore } from "./testing/memory-blob-store";
import { createMemoryJobQueue } from "./testing/memory-job-queue";
import { createMemoryKeyValue } from "./testing/memory-key-value";
import { createMemoryVectorIndex } from "./testing/memory-vector-index";

/** Letters counted into a small vector: enough to tell texts apart, and deterministic. */
function letterEmbedder(
  model = "letters",
  dimensions = 26,
): Embedder & { calls: number; fail: number; texts: string[] } {
  const embedder = {
    model,
    dimensions,
    calls: 0,
    /** Every text embedded, in order. */
    texts: [] as string[],
    /** Calls left that throw a transient error. */
    fail: 0,
    async embed(texts: string[]) {
      embedder.calls++;
      embedder.texts.push(...texts);
      if (embedder.fail > 0) {
        embedder.fail--;
        throw new Error("model server restarting");
      }
      return texts.map((t) => {
        const v = new Float32Array(dimensions).fill(0.01);
        for (const c of t.toLowerCase()) {
          const i = c.charCodeAt(0) - 97;
          if (i >= 0 && i < dimensions) v[i] = (v[i] ?? 0) + 1;
        }
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      });
    },
  };
  return embedder;
}

const text = (s: string) => new Blob([s]).stream();

/** Metrics that count passages embedded and passages that took a stored vector. */
function countingEmbeddings() {
  const counted = { embedded: 0, reused: 0 };
  const metrics: Metrics = {
    ...noMetrics,
    embedded: (n) => {
      counted.embedded += n;
    },
    reused: (n) => {
      counted.reused += n;
    },
  };
  return { counted, metrics };
}

function setup(
  options: {
    embedder?: ReturnType<typeof letterEmbedder>;
    queue?: JobQueue<JobMessage>;
    chunkMaxChars?: number;
    metrics?: Metrics;
  } = {},
) {
  const db = openSqliteDatabase({ path: ":memory:" });
  applyMigrations(db.raw);
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const queue = createMemoryJobQueue<JobMessage>({ maxAttempts: 3, backoff: { baseSeconds: 0, maxSeconds: 0 } });
  const embedder = options.embedder ?? letterEmbedder();
  const config = { jobMaxAttempts: 3, jobRetryDelaySeconds: 0, chunkMaxChars: options.chunkMaxChars };
  const services = createServices(configSchema.parse(config), {
    db,
    blobs: createMemoryBlobStore(),
    kv: createMemoryKeyValue(),
    queue: options.queue ?? queue,
    vectors: createMemoryVectorIndex({ dimensions: embedder.dimensions }),
    embedder,
    now: () => new Date(clock),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const consumer = queue.consume((batch) => services.jobs.handleBatch(batch), {
    pollIntervalMs: 5,
    deadLetterHandler: (batch) => services.jobs.handleDeadLetters(batch),
  });
  return {
    db,
    queue,
    services,
    embedder,
    advance(ms: number) {
      clock += ms;
    },
    async settle() {
      await consumer.drained();
    },
    async close() {
      await consumer.stop();
      db.close();
    },
  };
}

describe("services over in-memory adapters", () => {
  let env: ReturnType<typeof setup> | undefined;
  afterEach(async () => env?.close());

  it("takes a document through process and embed to ready, idempotently", async () => {
    env = setup();
    const { id } = await env.services.ingest({
      body: text("Budget appropriations.\n\nFarm subsidies."),
      filename: "a.txt",
      uploadedBy: "t",
    });
    await env.settle();
    const doc = await env.services.documents.get(id);
    expect(doc).toMatchObject({ state: "ready", embeddingModel: "letters", chunkCount: 1 });
    // A duplicate delivery of a finished job changes nothing.
    const [job] = await env.services.jobs.list({ state: "done" });
    await env.queue.send({ jobId: job?.id as string });
    await env.settle();
    const chunks = await env.db.prepare("SELECT COUNT(*) AS n FROM chunks").first<number>("n");
    expect(chunks).toBe(1);
  });

  it("embeds a passage once, whichever documents read the same", async () => {
    const { counted, metrics } = countingEmbeddings();
    env = setup({ chunkMaxChars: 200, metrics });
    const shared = `# Appropriations\n\n${"Funds are appropriated for farm subsidies. ".repeat(4).trim()}`;
    const first = await env.services.ingest({
      body: text(`${shared}\n\n# Only here\n\n${"A passage of the first version. ".repeat(5).trim()}`),
      filename: "v1.md",
      uploadedBy: "t",
    });
    await env.settle();
    const inputs = [...env.embedder.texts];
    expect(inputs).toHaveLength(2);
    env.embedder.texts.length = 0;
    const second = await env.services.ingest({
      body: text(`${shared}\n\n# Changed\n\n${"A passage of the second version. ".repeat(5).trim()}\n\n${shared}`),
      filename: "v2.md",
      uploadedBy: "t",
    });
    await env.settle();
    expect((await env.services.documents.get(second.id)).state).toBe("ready");
    // Only the passage the first version lacks is embedded; the shared one, twice in it, takes the first's vector.
    expect(env.embedder.texts).toHaveLength(1);
    expect(env.embedder.texts[0]).toMatch(/^Changed\n(?!.*farm).*second version\.$/s);
    expect(counted).toEqual({ embedded: 3, reused: 2 });
    const vectors = env.services.deps.vectors;
    if (!vectors) throw new Error("no vector index");
    const byId = new Map(
      (await vectors.getByIds([`${first.id}:0`, `${second.id}:0`, `${second.id}:2`])).map((v) => [v.id, [...v.values]]),
    );
    expect(byId.get(`${second.id}:0`)).toEqual(byId.get(`${first.id}:0`));
    expect(byId.get(`${second.id}:2`)).toEqual(byId.get(`${first.id}:0`));
    // Semantic search finds both documents by the shared passage.
    const page = await env.services.search({ q: "farm subsidies appropriated", mode: "semantic" });
    expect(page.results.map((r) => r.documentId)).toEqual(expect.arrayContaining([first.id, second.id]));
    // A letter typed as a prefix is searched as the letter, and said so, where words are searched; the model reads it.
    const { services } = env;
    const letter = (mode: "semantic" | "hybrid" | "keyword") => services.search({ q: "farm s*", mode });
    expect((await letter("semantic")).warning).toBeUndefined();
    expect((await letter("hybrid")).warning).toBe("a prefix needs two letters or more: s* was searched as s");
    expect((await letter("keyword")).warning).toBe("a prefix needs two letters or more: s* was searched as s");
  });

  it("shows the passage the model found, within the filter, and leaves out documents gone since", async () => {
    env = setup({ chunkMaxChars: 200 });
    const body = [
      "# Budget",
      "Budget totals for the year. ".repeat(5),
      "# Farms",
      "Farm subsidies for growers. ".repeat(5),
    ];
    const { id } = await env.services.ingest({ body: text(body.join("\n\n")), filename: "a.md", uploadedBy: "t" });
    const gone = await env.services.ingest({
      body: text("Farm subsidies for growers."),
      filename: "b.md",
      uploadedBy: "t",
    });
    await env.settle();
    const semantic = (filters: { congress?: number } = {}) =>
      env?.services.search({ q: "farm subsidies for growers", mode: "semantic", limit: 5, ...filters });
    const found = await semantic();
    const a = found?.results.find((r) => r.documentId === id);
    expect(a?.passage.heading).toBe("Farms");
    expect(a?.snippet).toMatch(/Farm subsidies/);
    expect(a?.snippet).not.toMatch(/Budget/);
    expect(found?.results.map((r) => r.documentId)).toContain(gone.id);
    expect((await semantic({ congress: 117 }))?.results).toEqual([]);
    // A document removed behind the index's back (its vectors still there) is no result.
    env.db.raw.prepare("DELETE FROM documents WHERE id = ?").run(gone.id);
    env.advance(1000);
    const after = await semantic();
    expect(after?.results.map((r) => r.documentId)).toEqual([id]);
  });

  it("sends a job whose message was never sent on the next sweep", async () => {
    let down = true;
    const real = createMemoryJobQueue<JobMessage>();
    const flaky: JobQueue<JobMessage> = {
      send: (body, options) => (down ? Promise.reject(new Error("queue down")) : real.send(body, options)),
      sendBatch: (items, options) => (down ? Promise.reject(new Error("queue down")) : real.sendBatch(items, options)),
    };
    env = setup({ queue: flaky });
    const { id } = await env.services.ingest({ body: text("stranded"), filename: "s.txt", uploadedBy: "t" });
    expect((await env.services.documents.get(id)).state).toBe("queued");
    down = false;
    // Young jobs are left alone: their sender may be about to send them.
    expect(await env.services.jobs.sweep()).toBe(0);
    env.advance(60_000);
    expect(await env.services.jobs.sweep()).toBe(1);
    expect(await real.stats()).toMatchObject({ ready: 1 });
    expect(await env.services.jobs.sweep()).toBe(0);
  });

  it("sends many jobs in batches Queues accepts (at most 100 messages each)", async () => {
    const real = createMemoryJobQueue<JobMessage>();
    const sizes: number[] = [];
    const counting: JobQueue<JobMessage> = {
      send: (body, options) => real.send(body, options),
      sendBatch: (items, options) => {
        const all = [...items];
        sizes.push(all.length);
        return real.sendBatch(all, options);
      },
    };
    env = setup({ queue: counting });
    const { db } = env;
    // Jobs whose messages were never sent, long enough ago for the sweep to send them.
    const created = "2025-12-31T00:00:00.000Z";
    await db.batch(
      Array.from({ length: 250 }, (_, i) =>
        db
          .prepare("INSERT INTO jobs (id, type, state, created_at, updated_at) VALUES (?, 'process', 'queued', ?, ?)")
          .bind(`stranded-${i}`, created, created),
      ),
    );
    expect(await env.services.jobs.sweep()).toBe(250);
    expect(sizes).toEqual([100, 100, 50]);
    expect(await real.stats()).toMatchObject({ ready: 250 });
  });

  it("retries transient failures, then gives up: dead job, failed document with the reason", async () => {
    const embedder = letterEmbedder();
    embedder.fail = 100;
    env = setup({ embedder });
    const { id } = await env.services.ingest({ body: text("never embeds"), filename: "n.txt", uploadedBy: "t" });
    await env.settle();
    const doc = await env.services.documents.get(id);
    expect(doc.state).toBe("failed");
    expect(doc.error).toMatch(/^gave up after 3 attempts: model server restarting$/);
    const [dead] = await env.services.jobs.list({ state: "dead" });
    expect(dead).toMatchObject({ type: "embed", documentId: id, attempts: 3 });
    // Keyword search still finds it: the text was indexed before embedding failed.
    const page = await env.services.search({ q: "embeds", mode: "keyword" });
    expect(page.results.map((r) => r.documentId)).toEqual([id]);
    // Retrying once the model is back takes it to ready.
    embedder.fail = 0;
    await env.services.jobs.retry(dead?.id as string);
    await env.settle();
    expect((await env.services.documents.get(id)).state).toBe("ready");
  });

  it("recovers from one transient failure without the user noticing", async () => {
    const embedder = letterEmbedder();
    embedder.fail = 1;
    env = setup({ embedder });
    const { id } = await env.services.ingest({ body: text("flaky model"), filename: "f.txt", uploadedBy: "t" });
    await env.settle();
    expect((await env.services.documents.get(id)).state).toBe("ready");
    const [job] = await env.services.jobs.list({ state: "done" });
    expect(job?.attempts).toBeGreaterThanOrEqual(1);
  });

  it("answers a repeated search from its page cache until the index changes, whoever changes it", async () => {
    env = setup();
    await env.services.ingest({ body: text("Rural broadband grants."), filename: "a.txt", uploadedBy: "t" });
    await env.settle();
    // Another instance over the same database stands for another process: its cache, the shared index.
    const counted: boolean[] = [];
    const reader = createServices(env.services.config, {
      ...env.services.deps,
      metrics: { ...noMetrics, searchCached: (hit) => counted.push(hit) },
    });
    const first = await reader.search({ q: "broadband", mode: "keyword" });
    expect(await reader.search({ q: "broadband", mode: "keyword" })).toBe(first);
    expect(first.results).toHaveLength(1);
    // Another limit, facets or mode is another page.
    await reader.search({ q: "broadband", mode: "keyword", facets: false });
    expect(counted).toEqual([false, true, false]);

    const { id } = await env.services.ingest({ body: text("Broadband maps."), filename: "b.txt", uploadedBy: "t" });
    await env.settle();
    const after = await reader.search({ q: "broadband", mode: "keyword" });
    expect(after.results.map((r) => r.documentId)).toContain(id);
    await env.services.documents.delete(id);
    expect((await reader.search({ q: "broadband", mode: "keyword" })).results).toHaveLength(1);
    expect(counted.slice(3)).toEqual([false, false]);
  });

  it("counts a word afresh once the index changes", async () => {
    env = setup();
    await env.services.ingest({ body: text("Rural broadband grants."), filename: "a.txt", uploadedBy: "t" });
    await env.settle();
    // Probed once and found nowhere: kept as matching nothing, for as long as the index stays as it is.
    expect((await env.services.search({ q: "rural broadband satellites", mode: "keyword" })).results).toHaveLength(1);
    const { id } = await env.services.ingest({
      body: text("Satellites for rural broadband."),
      filename: "b.txt",
      uploadedBy: "t",
    });
    await env.settle();
    const after = await env.services.search({ q: "rural broadband satellites", mode: "keyword" });
    expect(after.results.map((r) => r.documentId)).toEqual([id]);
  });

  it("ranks every search afresh with searchCacheEntries 0", async () => {
    env = setup();
    await env.services.ingest({ body: text("Rural broadband grants."), filename: "a.txt", uploadedBy: "t" });
    await env.settle();
    const counted: boolean[] = [];
    const reader = createServices(configSchema.parse({ searchCacheEntries: 0 }), {
      ...env.services.deps,
      metrics: { ...noMetrics, searchCached: (hit) => counted.push(hit) },
    });
    const first = await reader.search({ q: "broadband", mode: "keyword" });
    expect(await reader.search({ q: "broadband", mode: "keyword" })).not.toBe(first);
    expect(counted).toEqual([false, false]);
  });

  it("ranks keywords in process when the ranker leaves it a keyword search with nothing else to do", async () => {
    env = setup();
    await env.services.ingest({
      body: text("Rural broadband grants under 47 U.S.C. 1302."),
      filename: "a.txt",
      uploadedBy: "t",
    });
    await env.settle();
    const asked: (boolean | undefined)[] = [];
    const ranker: KeywordRanker = {
      rank: async (_input, options) => {
        asked.push(options?.callerIdle);
        return null;
      },
    };
    const search = createServices(configSchema.parse({}), { ...env.services.deps, keywordRanker: ranker }).search;
    for (const mode of ["keyword", "hybrid"] as const) {
      const page = await search({ q: "broadband grants", mode });
      expect(page.results.map((r) => r.filename)).toEqual(["a.txt"]);
      expect(page.results[0]?.matchedBy).toContain("keywords");
    }
    // A citation alone is searched by its keywords in hybrid mode too.
    expect((await search({ q: "47 U.S.C. 1302", mode: "hybrid" })).results).toHaveLength(1);
    // Hybrid's keywords rank while the model embeds the query: the ranker is not told the caller is idle.
    expect(asked).toEqual([true, false, true]);
  });

  it("ranks keywords in process when the runtime's ranker cannot, and reports its other failures", async () => {
    env = setup();
    await env.services.ingest({ body: text("Rural broadband grants."), filename: "a.txt", uploadedBy: "t" });
    await env.settle();
    const asked: (number | null)[] = [];
    let failure = new AppError("unavailable", "a keyword ranking thread stopped (exit code 1)");
    const ranker: KeywordRanker = {
      rank: async ({ generation }) => {
        asked.push(generation);
        throw failure;
      },
    };
    const warnings: unknown[] = [];
    const logger = { ...silentLogger, warn: (obj: object | string) => warnings.push(obj) };
    const fellBack: string[] = [];
    const search = createServices(configSchema.parse({}), {
      ...env.services.deps,
      logger,
      metrics: { ...noMetrics, searchFellBack: (part) => fellBack.push(part) },
      keywordRanker: ranker,
    }).search;
    const page = await search({ q: "broadband", mode: "keyword" });
    expect(page.results).toHaveLength(1);
    // It was given the generation the search read at, for its own match counts.
    expect(asked).toEqual([expect.any(Number)]);
    // The same reason again is not logged again.
    expect((await search({ q: "rural", mode: "keyword" })).results).toHaveLength(1);
    expect(warnings).toEqual([{ err: "a keyword ranking thread stopped (exit code 1)" }]);
    // Counted every time, for the metrics.
    expect(fellBack).toEqual(["keyword_ranking", "keyword_ranking"]);
    failure = new AppError("internal", "keyword ranking failed: disk I/O error");
    await expect(search({ q: "grants", mode: "keyword" })).rejects.toThrow("disk I/O error");
  });

  it("keeps a document's vectors when it is read again, and takes none whose values changed since", async () => {
    const { counted, metrics } = countingEmbeddings();
    env = setup({ chunkMaxChars: 200, metrics });
    const body = ["# One", "First passage. ".repeat(8), "# Two", "Second passage. ".repeat(8)].join("\n\n");
    const { id } = await env.services.ingest({ body: text(body), filename: "a.md", uploadedBy: "t" });
    await env.settle();
    expect(counted).toEqual({ embedded: 2, reused: 0 });
    const vectors = env.services.deps.vectors;
    if (!vectors) throw new Error("no vector index");
    const before = await vectors.getByIds([`${id}:0`, `${id}:1`]);

    // Read again with the same parser: both passages read as before, so nothing is embedded.
    env.embedder.texts.length = 0;
    expect(await env.services.reprocess.all()).toEqual({ documents: 1, next: null });
    await env.settle();
    expect((await env.services.documents.get(id)).state).toBe("ready");
    expect(env.embedder.texts).toEqual([]);
    expect(counted).toEqual({ embedded: 2, reused: 2 });
    expect(await vectors.getByIds([`${id}:0`, `${id}:1`])).toEqual(before);

    // A vector whose values are no longer the ones recorded (an index showing another write, or none) is not taken.
    await vectors.upsert([{ id: `${id}:1`, values: before[0]?.values as number[], metadata: { documentId: id } }]);
    await env.services.reprocess.all();
    await env.settle();
    expect(env.embedder.texts).toEqual([expect.stringMatching(/^Two\n.*Second passage/s)]);
    expect(counted).toEqual({ embedded: 3, reused: 3 });
    expect(await vectors.getByIds([`${id}:1`])).toEqual([before[1]]);
    // Deleting the document forgets what its vectors embedded.
    await env.services.documents.delete(id);
    expect(await env.db.prepare("SELECT count(*) AS n FROM embedded_vectors").first<number>("n")).toBe(0);
  });

  it("orders hybrid results by date among what the keywords matched, when they matched something", async () => {
    env = setup();
    for (const [name, body] of [
      ["farm.txt", "Farm subsidies for growers."],
      ["budget.txt", "Budget appropriations."],
    ]) {
      await env.services.ingest({ body: text(body as string), filename: name as string, uploadedBy: "t" });
    }
    await env.settle();
    const files = async (q: string, sort?: "newest") =>
      (await env?.services.search({ q, mode: "hybrid", ...(sort ? { sort } : {}) }))?.results.map((r) => r.filename);
    // Best match first, the meaning's nearest passages follow the keywords' matches, and say what found them.
    expect(await files("farm")).toEqual(["farm.txt", "budget.txt"]);
    const found = async (mode: "hybrid" | "keyword" | "semantic") =>
      (await env?.services.search({ q: "farm", mode }))?.results.map((r) => [r.filename, r.matchedBy]);
    expect(await found("hybrid")).toEqual([
      ["farm.txt", ["keywords", "meaning"]],
      ["budget.txt", ["meaning"]],
    ]);
    expect(await found("keyword")).toEqual([["farm.txt", ["keywords"]]]);
    expect((await found("semantic"))?.map(([, by]) => by)).toEqual([["meaning"], ["meaning"]]);
    expect(await files("farm", "newest")).toEqual(["farm.txt"]);
    // Where no keyword matches, the meaning's are all there is.
    expect((await files("zzz", "newest"))?.sort()).toEqual(["budget.txt", "farm.txt"]);
  });

  it("keeps out whole documents holding an excluded word, in every mode, and the model reads only the rest", async () => {
    const embedder = letterEmbedder();
    env = setup({ chunkMaxChars: 200, embedder });
    for (const [name, body] of [
      // The rural act's second passage, about permits, does not itself say rural.
      [
        "rural.md",
        `# Rural Broadband Act\n\n${"Rural carriers get grants. ".repeat(6)}\n\n# Permits\n\n${"Broadband permits move faster. ".repeat(6)}`,
      ],
      ["city.md", "# City Broadband Act\n\nBroadband for every city block."],
      ["farm.md", "# Farm Act\n\nFarm subsidies for growers."],
    ] as const) {
      await env.services.ingest({ body: text(body), filename: name, uploadedBy: "t" });
    }
    await env.settle();
    const files = async (q: string, mode: "keyword" | "semantic" | "hybrid") =>
      (await env?.services.search({ q, mode }))?.results.map((r) => r.filename).sort();
    expect(await files("broadband", "keyword")).toEqual(["city.md", "rural.md"]);
    expect(await files("broadband -rural", "keyword")).toEqual(["city.md"]);
    expect(await files('broadband -"rural carriers"', "keyword")).toEqual(["city.md"]);
    expect(await files("broadband -rural", "semantic")).toEqual(["city.md", "farm.md"]);
    expect(await files("broadband -rural", "hybrid")).toEqual(["city.md", "farm.md"]);
    expect(await files("-rural", "semantic")).toEqual([]);
    embedder.texts.length = 0;
    await env.services.search({ q: 'broadband -"rural carriers" -permits grants', mode: "hybrid" });
    expect(embedder.texts).toEqual(["broadband grants"]);

    // A quoted phrase asks for its words in that order: hybrid lists the documents that have it, while any does.
    const found = async (q: string) =>
      (await env?.services.search({ q, mode: "hybrid" }))?.results.map((r) => [r.filename, r.matchedBy]);
    expect(await found('"broadband permits"')).toEqual([["rural.md", ["keywords", "meaning"]]]);
    const none = await found('"broadband zeppelins"');
    expect(none?.length).toBe(3);
    expect(none?.every(([, by]) => by?.[0] === "meaning")).toBe(true);
    expect((await env.services.search({ q: '"broadband zeppelins"', mode: "hybrid" })).unmatched).toEqual([
      '"broadband zeppelins"',
    ]);
  });

  it("embeds a long query's first 48 words in hybrid mode, and all of it in semantic mode", async () => {
    const embedder = letterEmbedder();
    env = setup({ embedder });
    await env.services.ingest({ body: text("Farm subsidies for growers."), filename: "farm.txt", uploadedBy: "t" });
    await env.settle();
    const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
    embedder.texts.length = 0;
    await env.services.search({ q: `farm ${words.join("  ")}`, mode: "hybrid" });
    await env.services.search({ q: "farm subsidies", mode: "hybrid" });
    await env.services.search({ q: `farm ${words.join(" ")}`, mode: "semantic" });
    expect(embedder.texts).toEqual([
      `farm ${words.slice(0, 47).join(" ")}`,
      "farm subsidies",
      `farm ${words.join(" ")}`,
    ]);
  });

  it("refuses to mix vectors of two models", async () => {
    env = setup();
    await env.services.ingest({ body: text("first model"), filename: "1.txt", uploadedBy: "t" });
    await env.settle();
    const queue = createMemoryJobQueue<JobMessage>();
    const fellBack: string[] = [];
    const services = createServices(env.services.config, {
      ...env.services.deps,
      queue,
      embedder: letterEmbedder("other-model"),
      metrics: { ...noMetrics, searchFellBack: (part) => fellBack.push(part) },
    });
    const consumer = queue.consume((batch) => services.jobs.handleBatch(batch), { pollIntervalMs: 5 });
    const { id } = await services.ingest({ body: text("second model"), filename: "2.txt", uploadedBy: "t" });
    await consumer.drained();
    await consumer.stop();
    const doc = await services.documents.get(id);
    expect(doc.state).toBe("failed");
    expect(doc.error).toMatch(/holds letters .* not other-model .*reembed/);
    await expect(services.search({ q: "model", mode: "semantic" })).rejects.toMatchObject({ code: "unavailable" });
    // Hybrid still answers, from keywords, and says so.
    const page = await services.search({ q: "model" });
    expect(page.mode).toBe("hybrid");
    expect(page.results.length).toBe(2);
    expect(page.warning).toMatch(/^keyword results only: the index holds letters/);
    expect(fellBack).toEqual(["meaning"]);
    // A page that fell back is not kept: the next search tries the model again.
    expect(await services.search({ q: "model" })).not.toBe(page);
  });

  it("reads documents again with this version's parsers, the ones selected, without duplicating anything", async () => {
    env = setup();
    const page = readFileSync(
      new URL("../../test/fixtures/gov/record/CREC-2005-07-20-pt1-PgE1539-2.json", import.meta.url),
    );
    const { id } = await env.services.ingest({ body: new Blob([page]).stream(), filename: "p.json", uploadedBy: "t" });
    const { id: other } = await env.services.ingest({
      body: text("Farm subsidies."),
      filename: "f.txt",
      uploadedBy: "t",
    });
    await env.settle();
    const count = (table: string) => env?.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<number>("n");
    const before = { chunks: await count("chunks"), people: await count("document_people") };
    // As an earlier version stored the page: read as plain text, with none of what its parser finds.
    await env.db.prepare("UPDATE documents SET parser = NULL, title = NULL WHERE id = ?").bind(id).run();
    await env.db.prepare("DELETE FROM document_people WHERE document_id = ?").bind(id).run();

    await expect(env.services.reprocess.all({ parser: "crec-html" })).rejects.toThrow(
      "no document was read by crec-html; read by: none",
    );
    expect(await env.services.reprocess.all({ parser: "none" })).toEqual({ documents: 2, next: null });
    expect((await env.services.documents.get(id)).state).toBe("queued");
    await env.settle();
    const doc = await env.services.documents.get(id);
    expect(doc).toMatchObject({ state: "ready", parser: "crec-json", title: "HONORING MIKHAIL VOLYNETS" });
    expect((await env.services.documents.get(other)).state).toBe("ready");
    expect({ chunks: await count("chunks"), people: await count("document_people") }).toEqual(before);
    // Read again, it is embedded again; once each.
    const jobs = await env.services.jobs.list({ state: "done" });
    expect(
      jobs
        .filter((j) => j.documentId === id)
        .map((j) => j.type)
        .sort(),
    ).toEqual(["embed", "process", "process"]);
    expect(await env.services.reprocess.all()).toEqual({ documents: 2, next: null });
    await env.settle();
    expect((await env.services.documents.get(id)).parser).toBe("crec-json");
  });
});
