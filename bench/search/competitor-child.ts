/**
 * One in-process search engine (MiniSearch or Orama) over the benchmark's chunk texts, in a process of its own so
 * that an out-of-memory crash ends only this engine's run and its RSS is its own:
 * `node --expose-gc --max-old-space-size=N --import tsx bench/search/competitor-child.ts SPEC.json`.
 * Prints one JSON line: build time, memory after build, per-query latency.
 */
import { readFileSync } from "node:fs";
import { create, insertMultiple, search } from "@orama/orama";
import Database from "better-sqlite3";
import MiniSearch from "minisearch";
import { addTo, summarize, summarizeGroups } from "./stats";

export interface CompetitorSpec {
  engine: "minisearch" | "orama";
  dbPath: string;
  queries: { kind: string; q: string }[];
  /** Measured passes over the queries (after a short warm-up). */
  passes: number;
  /** Measuring stops after this long (an engine that takes seconds a query would otherwise run for hours). */
  maxSeconds: number;
}

export interface CompetitorResult {
  engine: string;
  documents: number;
  buildSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  latency: ReturnType<typeof summarize>;
  byKind: Record<string, ReturnType<typeof summarize>>;
}

/** The first queries of the mix (every kind twice) are run once unmeasured. */
const WARM_UP_QUERIES = 12;

interface Row {
  id: number;
  heading: string;
  text: string;
}

type Engine = { add(rows: Row[]): Promise<void>; query(q: string): Promise<number> };

function miniSearch(): Engine {
  const index = new MiniSearch<Row>({ fields: ["heading", "text"], idField: "id" });
  return {
    async add(rows) {
      index.addAll(rows);
    },
    async query(q) {
      return index.search(q).slice(0, 10).length;
    },
  };
}

function orama(): Engine {
  const db = create({ schema: { heading: "string", text: "string" } as const });
  return {
    async add(rows) {
      await insertMultiple(
        db,
        rows.map((r) => ({ id: String(r.id), heading: r.heading, text: r.text })),
        rows.length,
      );
    },
    async query(q) {
      const found = await search(db, { term: q, limit: 10 });
      return found.hits.length;
    },
  };
}

async function run(spec: CompetitorSpec): Promise<CompetitorResult> {
  const sqlite = new Database(spec.dbPath, { readonly: true });
  const engine = spec.engine === "minisearch" ? miniSearch() : orama();
  let documents = 0;
  let buildMs = 0;
  // Streamed in batches so the texts read from SQLite do not all stay alive next to the index.
  let batch: Row[] = [];
  const flush = async () => {
    const t0 = performance.now();
    await engine.add(batch);
    buildMs += performance.now() - t0;
    documents += batch.length;
    batch = [];
  };
  for (const row of sqlite.prepare("SELECT id, heading, text FROM chunks ORDER BY id").iterate() as Iterable<Row>) {
    batch.push(row);
    if (batch.length >= 10_000) await flush();
  }
  await flush();
  sqlite.close();
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();

  const latencies: number[] = [];
  const byKind: Record<string, number[]> = {};
  for (const { q } of spec.queries.slice(0, WARM_UP_QUERIES)) await engine.query(q);
  const deadline = performance.now() + spec.maxSeconds * 1000;
  for (let pass = 0; pass < spec.passes; pass++) {
    for (const { kind, q } of spec.queries) {
      if (performance.now() > deadline) break;
      const t0 = performance.now();
      await engine.query(q);
      const ms = performance.now() - t0;
      latencies.push(ms);
      addTo(byKind, kind, ms);
    }
  }
  return {
    engine: spec.engine,
    documents,
    buildSeconds: buildMs / 1000,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    latency: summarize(latencies),
    byKind: summarizeGroups(byKind),
  };
}

const specFile = process.argv[2];
if (specFile) {
  const result = await run(JSON.parse(readFileSync(specFile, "utf8")) as CompetitorSpec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
