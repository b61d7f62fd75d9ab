/** The benchmark's figures as a table, and the issue's targets checked against them. */

import type { SearchMode } from "../../src/core/domain";
import type { BuildReport } from "./build-index";
import type { CompetitorResult } from "./competitor-child";
import type { GraphPreparation } from "./graph-ready";
import type { LoadResult } from "./load-client";
import type { RawEngineReport } from "./raw-engine";
import type { LatencySummary } from "./stats";

export interface SizeResult {
  size: number;
  build: BuildReport;
  /**
   * The index was built by an earlier run (`--data` reused): its build times are that run's, on whatever the machine
   * was doing then, and are not compared with this run's engines (absent in reports of older runs).
   */
  reusedBuild?: boolean;
  /** Loading the saved vector graph before the timed runs (absent in reports of older runs). */
  graph?: GraphPreparation;
  diskBytes: number;
  raw: RawEngineReport | null;
  /**
   * HTTP load per mode and concurrency: "1", "16" cycle through the query mix after a warm-up (repeated searches:
   * the page cache answers them); "1 uncached", "16 uncached" send queries the server has never seen, once each.
   */
  http: Record<string, Record<string, LoadResult>>;
  /** `anonBytes`: resident memory without mapped file pages (the memory-mapped database is the OS page cache). */
  server: { rssBytes: number; peakRssBytes: number; anonBytes?: number };
  /** The never-seen keyword queries on a server without embedder or vector index, and its memory after them. */
  keywordOnly?: { http: LoadResult; rssBytes: number; peakRssBytes: number; anonBytes: number };
  competitors: (CompetitorResult | { engine: string; failed: string; peakRssBytes: number })[];
  /** The machine's 1, 5 and 15 minute load averages when the size finished: other work skews the figures. */
  loadAverage: number[];
}

export interface TargetCheck {
  target: string;
  value: string;
  pass: boolean | null;
}

// JSON turns NaN (no samples) into null.
const ms = (x: number | null | undefined) =>
  x === undefined || x === null || Number.isNaN(x) ? "-" : x.toFixed(x < 10 ? 2 : 1);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

/**
 * The engines' share of a mode's latency at the median: what the API adds is measured against it. A query whose
 * embedding the service has cached costs no embedding.
 */
export function engineMedian(raw: RawEngineReport, mode: string, uncached = true): number {
  // Never-seen queries against the engines on those same queries, when they were timed; else on the mix.
  const fresh = uncached ? raw.freshEngines?.[mode as SearchMode] : undefined;
  const engines = fresh ?? raw;
  if (mode === "keyword") return engines.fts.p50;
  // The model and the graph timed one after the other per query, as a search runs them, when they were.
  const meaning = fresh?.inSequence?.p50 ?? (uncached ? engines.embedding.p50 : 0) + engines.vector.p50;
  return mode === "semantic" ? meaning : engines.fts.p50 + meaning;
}

/**
 * Our keyword figures against the in-process engines: never-seen queries (no page cache), else the mix; the memory
 * of the keyword-only server without its mapped database pages (which `read()` would have left in the OS page cache,
 * uncounted), else the whole server's peak.
 */
function keywordForComparison(result: SizeResult): { http?: LoadResult; memoryBytes: number; label: string } {
  const never = result.http.keyword?.["1 uncached"];
  const only = result.keywordOnly;
  return {
    http: never ?? result.http.keyword?.["1"],
    memoryBytes: only ? only.anonBytes : result.server.peakRssBytes,
    label: `OpenDiscourse keyword (HTTP, 1 client${never ? ", never-seen queries" : ""}${only ? "; keyword-only server, anonymous RSS" : ""})`,
  };
}

/** The in-process service figure to set against an HTTP run ("1" or "1 uncached"). */
function serviceFor(raw: RawEngineReport, mode: string, uncached: boolean) {
  const table = uncached ? (raw.serviceUncached ?? {}) : raw.service;
  return table[mode as keyof typeof table];
}

export function formatSize(result: SizeResult): string {
  const lines: string[] = [];
  const { build, raw } = result;
  lines.push(
    `== ${result.size} chunks (${build.realChunks} real, ${build.generatedChunks} generated, ${build.documents} documents)`,
  );
  lines.push(`load average at the end: ${result.loadAverage.map((x) => x.toFixed(1)).join(", ")} (2 cores)`);
  if (build.searchFields) {
    const f = build.searchFields;
    lines.push(
      `search fields: units in ${f.units} chunks (acronyms in ${f.acronyms ?? "none"}), ${f.titles} first-chunk titles, ${f.seconds.toFixed(1)} s`,
    );
  }
  if (result.graph) {
    lines.push(
      `vector graph: ${result.graph.mode}, ready in ${result.graph.seconds.toFixed(1)} s before timing${result.graph.rebuilt ? " (rebuilt: the saved one had other settings)" : ""}`,
    );
  }
  const only = result.keywordOnly;
  const keywordOnly = only
    ? `; keyword-only server RSS ${mb(only.rssBytes)} (peak ${mb(only.peakRssBytes)}, anonymous ${mb(only.anonBytes)})`
    : "";
  const anon = result.server.anonBytes === undefined ? "" : `, anonymous ${mb(result.server.anonBytes)}`;
  lines.push(
    `build${result.reusedBuild ? ` (an earlier run's${build.builtAt ? `, ${build.builtAt.slice(0, 16).replace("T", " ")} UTC` : ""})` : ""}: text+FTS ${build.seconds.text.toFixed(1)} s${build.seconds.generate === undefined ? (build.generatedChunks > 0 ? " (with generating the text)" : "") : ` (+ ${build.seconds.generate.toFixed(1)} s generating text)`}, vectors ${build.seconds.vectors.toFixed(1)} s, HNSW ${build.seconds.hnsw.toFixed(1)} s; disk ${mb(result.diskBytes)}; server RSS ${mb(result.server.rssBytes)} (peak ${mb(result.server.peakRssBytes)}${anon})${keywordOnly}`,
  );
  const rows = [
    [
      "HTTP mode",
      "clients",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "queries/s",
      "requests",
      "distinct",
      "errors",
      "worst p99",
      "load 1m",
    ],
  ];
  for (const [mode, byConcurrency] of Object.entries(result.http)) {
    for (const [c, r] of Object.entries(byConcurrency)) {
      const worst = Object.entries(r.byKind).sort((a, b) => b[1].p99 - a[1].p99)[0];
      rows.push([
        mode,
        c,
        ms(r.latency.p50),
        ms(r.latency.p95),
        ms(r.latency.p99),
        r.perSecond.toFixed(0),
        String(r.requests),
        String(r.distinctPaths ?? "-"),
        String(r.errors),
        worst ? `${worst[0]} ${ms(worst[1].p99)}` : "-",
        r.loadAverage?.[0]?.toFixed(1) ?? "-",
      ]);
    }
  }
  lines.push(table(rows));
  if (raw) {
    const engineRows = [["in process", "p50 ms", "p95 ms", "p99 ms"]];
    engineRows.push(["FTS5 query alone", ms(raw.fts.p50), ms(raw.fts.p95), ms(raw.fts.p99)]);
    engineRows.push(["query embedding alone", ms(raw.embedding.p50), ms(raw.embedding.p95), ms(raw.embedding.p99)]);
    engineRows.push([
      `vector query alone (${raw.vectorMode})`,
      ms(raw.vector.p50),
      ms(raw.vector.p95),
      ms(raw.vector.p99),
    ]);
    for (const [mode, s] of Object.entries(raw.service)) {
      engineRows.push([`search service, ${mode}`, ms(s.p50), ms(s.p95), ms(s.p99)]);
    }
    for (const [mode, s] of Object.entries(raw.serviceUncached ?? {})) {
      engineRows.push([`search service, ${mode} uncached (${s.count})`, ms(s.p50), ms(s.p95), ms(s.p99)]);
    }
    for (const [mode, engines] of Object.entries(raw.freshEngines ?? {})) {
      const used: (readonly [string, LatencySummary])[] = [
        ...(mode === "semantic" ? [] : [["FTS5 query alone", engines.fts] as const]),
        ...(mode === "keyword"
          ? []
          : [["query embedding alone", engines.embedding] as const, ["vector query alone", engines.vector] as const]),
      ];
      if (engines.inSequence) used.push(["embedding then vector query, in sequence", engines.inSequence]);
      for (const [name, s] of used) {
        engineRows.push([`${name}, ${mode}'s never-seen queries`, ms(s.p50), ms(s.p95), ms(s.p99)]);
      }
    }
    lines.push(table(engineRows));
    lines.push(
      `embedder single-query throughput: ${raw.embedderQueriesPerSecond.sequential.toFixed(0)}/s one at a time, ${raw.embedderQueriesPerSecond.concurrent16.toFixed(0)}/s with 16 in flight (${raw.embedderQueriesPerSecond.hybridConcurrent16.toFixed(0)}/s on what hybrid embeds, the first 48 words); recall@10 ${raw.recallAt10.mean.toFixed(3)} (min ${raw.recallAt10.min.toFixed(2)}, same ids ${raw.recallAt10.sameIds.toFixed(3)}, ${raw.recallAt10.queries} queries; ${raw.recallAt10.withServiceCandidates.toFixed(3)} from the service's 100 candidates)`,
    );
    const overhead = Object.entries(result.http).flatMap(([mode, r]) =>
      (["1", "1 uncached"] as const).flatMap((key) => {
        const http = r[key]?.latency.p50;
        if (http === undefined) return [];
        const uncached = key !== "1";
        const service = serviceFor(raw, mode, key !== "1")?.p50 ?? Number.NaN;
        const label = key === "1" ? mode : `${mode} uncached`;
        return [
          `${label} HTTP p50 ${ms(http)} = engines ${ms(engineMedian(raw, mode, uncached))} / service ${ms(service)} + ${ms(http - service)} HTTP`,
        ];
      }),
    );
    lines.push(`API overhead (1 client): ${overhead.join("; ")}`);
  }
  const compRows = [["engine", "build s", "RSS", "p50 ms", "p99 ms", "queries timed"]];
  const ours = keywordForComparison(result);
  compRows.push([
    ours.label,
    build.seconds.text.toFixed(1),
    mb(ours.memoryBytes),
    ms(ours.http?.latency.p50),
    ms(ours.http?.latency.p99),
    String(ours.http?.latency.count ?? 0),
  ]);
  for (const c of result.competitors) {
    if ("failed" in c) compRows.push([c.engine, "-", mb(c.peakRssBytes), `failed: ${c.failed}`, ""]);
    else {
      const row = [c.engine, c.buildSeconds.toFixed(1), mb(c.rssBytes), ms(c.latency.p50), ms(c.latency.p99)];
      compRows.push([...row, String(c.latency.count)]);
    }
  }
  lines.push(table(compRows));
  return lines.join("\n");
}

/** The issue's targets, for the sizes that were run. */
export function checkTargets(results: SizeResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const at = (size: number) => results.find((r) => r.size === size);
  const k100 = at(100_000);
  const m1 = at(1_000_000);
  for (const [size, limit] of [
    [k100, 15],
    [m1, 100],
  ] as const) {
    for (const key of ["16", "16 uncached"]) {
      const run = size?.http.keyword?.[key];
      if (!size || !run) continue;
      const p99 = run.latency.p99;
      const which = key === "16" ? "repeated mix (page cache)" : "never-seen queries";
      checks.push({
        target: `keyword p99 <= ${limit} ms at ${size.size === 100_000 ? "100k" : "1M"}, 16 clients, ${which}`,
        value: `${ms(p99)} ms`,
        pass: p99 <= limit,
      });
    }
  }
  for (const key of ["1", "1 uncached"]) {
    const hybrid1 = k100?.http.hybrid?.[key];
    if (!hybrid1) continue;
    const p99 = hybrid1.latency.p99;
    const which = key === "1" ? "embeddings cached" : "never-seen queries";
    checks.push({ target: `hybrid p99 <= 40 ms at 100k, 1 client, ${which}`, value: `${ms(p99)} ms`, pass: p99 <= 40 });
  }
  for (const r of results) {
    for (const key of ["16", "16 uncached"]) {
      const hybrid16 = r.http.hybrid?.[key];
      if (!hybrid16 || !r.raw) continue;
      // Against the embedder on the text hybrid embeds: its first 48 words of each query.
      const ceiling = r.raw.embedderQueriesPerSecond.hybridConcurrent16;
      const which = key === "16" ? "embeddings cached" : "never-seen queries";
      checks.push({
        target: `hybrid queries/s at 16 clients >= 80% of the embedder's, ${which} (${r.size})`,
        value: `${hybrid16.perSecond.toFixed(0)} vs ${ceiling.toFixed(0)}/s (${((hybrid16.perSecond / ceiling) * 100).toFixed(0)}%)`,
        pass: hybrid16.perSecond >= 0.8 * ceiling,
      });
    }
    if (r.raw) {
      if (r.raw.recallAt10.queries > 0) {
        checks.push({
          target: `vector recall@10 >= 0.98 (${r.size})`,
          value: r.raw.recallAt10.mean.toFixed(3),
          pass: r.raw.recallAt10.mean >= 0.98,
        });
      }
      for (const [mode, byConcurrency] of Object.entries(r.http)) {
        // Never-seen queries only: a repeated one is answered from the page cache, below any engine's time.
        for (const key of ["1 uncached"]) {
          const http = byConcurrency[key]?.latency.p50;
          if (http === undefined) continue;
          const engine = engineMedian(r.raw, mode, true);
          const allowed = Math.max(engine + 2, engine * 1.5);
          checks.push({
            target: `API adds <= 2 ms (or 1.5x) over the engines, ${mode} p50, never-seen queries (${r.size})`,
            value: `${ms(http)} vs engines ${ms(engine)} ms`,
            pass: http <= allowed,
          });
        }
      }
    }
    const { http: ours, memoryBytes } = keywordForComparison(r);
    for (const c of r.competitors) {
      if (!ours) continue;
      if ("failed" in c) {
        checks.push({ target: `vs ${c.engine} (${r.size})`, value: `${c.engine} failed: ${c.failed}`, pass: true });
        continue;
      }
      checks.push({
        target: `keyword p50 >= 10x lower than ${c.engine} (${r.size})`,
        value: `${ms(ours.latency.p50)} vs ${ms(c.latency.p50)} ms (${(c.latency.p50 / ours.latency.p50).toFixed(1)}x)`,
        pass: ours.latency.p50 * 10 <= c.latency.p50,
      });
      checks.push({
        target: `less memory than ${c.engine} (${r.size})`,
        value: `${mb(memoryBytes)} vs ${mb(c.rssBytes)}`,
        pass: memoryBytes < c.rssBytes,
      });
      checks.push({
        target: `faster build than ${c.engine} (${r.size})`,
        value: `${r.build.seconds.text.toFixed(1)} vs ${c.buildSeconds.toFixed(1)} s${r.reusedBuild ? " (ours an earlier run's)" : ""}`,
        pass: r.reusedBuild ? null : r.build.seconds.text < c.buildSeconds,
      });
    }
  }
  return checks;
}

export function formatTargets(checks: TargetCheck[]): string {
  return table([
    ["target", "measured", "result"],
    ...checks.map((c) => [c.target, c.value, c.pass === null ? "-" : c.pass ? "met" : "MISSED"]),
  ]);
}
