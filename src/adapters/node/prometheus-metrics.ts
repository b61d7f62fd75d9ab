import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Metrics } from "../../core/observability";
import type { HttpMetrics } from "../../http/app";
import type { NodeVectorIndexStatus } from "./vector-index";

export interface GaugeSources {
  documentsByState(): Promise<Record<string, number>>;
  queueDepth(): Promise<Record<string, number>>;
  searchIndex(): Promise<{ segments: number; pages: number; pagesOutsideLargest: number; chunksToFill: number }>;
  /** The vector index's state, or null without one. */
  vectorIndex?(): Promise<NodeVectorIndexStatus | null>;
}

/**
 * Prometheus metrics for the Node runtime: HTTP request durations by route and status, jobs by type and outcome,
 * embedder latency, search cache hits, and, read at scrape time, documents by state, queue depth, the keyword
 * index's upkeep and the vector index's graph.
 */
export function createPrometheusMetrics(sources: GaugeSources): Metrics & HttpMetrics & { registry: Registry } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "opendiscourse_process_" });
  const requests = new Histogram({
    name: "opendiscourse_http_request_duration_seconds",
    help: "HTTP request duration by method, route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const jobs = new Histogram({
    name: "opendiscourse_job_duration_seconds",
    help: "Job run time by type and outcome (done, retry, failed, dead)",
    labelNames: ["type", "outcome"],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const embedSeconds = new Histogram({
    name: "opendiscourse_embedder_batch_duration_seconds",
    help: "Time to embed one batch of passages",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const passages = new Counter({
    name: "opendiscourse_embedded_passages_total",
    help: "Passages embedded",
    registers: [registry],
  });
  const reused = new Counter({
    name: "opendiscourse_reused_passages_total",
    help: "Passages that took the vector of a passage embedded before, reading the same",
    registers: [registry],
  });
  const searches = new Counter({
    name: "opendiscourse_search_cache_total",
    help: "Searches by whether the page cache answered them (hit) or they were ranked (miss)",
    labelNames: ["result"],
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: "opendiscourse_search_fallbacks_total",
    help: "Searches that ranked without an unavailable part: keyword ranking threads (ranked in process), the model (keywords only) or the vector thread (vector query in process)",
    labelNames: ["part"],
    registers: [registry],
  });
  new Gauge({
    name: "opendiscourse_documents",
    help: "Documents by state",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      for (const [state, n] of Object.entries(await sources.documentsByState())) this.set({ state }, n);
    },
  });
  new Gauge({
    name: "opendiscourse_queue_messages",
    help: "Queue messages by status (ready, delayed, in flight, dead)",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      for (const [status, n] of Object.entries(await sources.queueDepth())) this.set({ status }, n);
    },
  });

  new Gauge({
    name: "opendiscourse_search_index",
    help: "The keyword index's upkeep: its segments and leaf pages (merged into one when settled), chunks to fill",
    labelNames: ["measure"],
    registers: [registry],
    async collect() {
      const { segments, pages, pagesOutsideLargest, chunksToFill } = await sources.searchIndex();
      this.set({ measure: "segments" }, segments);
      this.set({ measure: "pages" }, pages);
      this.set({ measure: "pages_outside_largest" }, pagesOutsideLargest);
      this.set({ measure: "chunks_to_fill" }, chunksToFill);
    },
  });

  new Gauge({
    name: "opendiscourse_vector_index",
    help: "The vector index: its vectors; whether queries use the HNSW graph (1) or exact search (0); the graph's vectors, those written since it was brought up to date (searched exactly beside it), its tombstones, and whether background work (build, catch-up, rebuild) runs",
    labelNames: ["measure"],
    registers: [registry],
    async collect() {
      const status = await sources.vectorIndex?.();
      if (!status) return;
      this.set({ measure: "vectors" }, status.vectorCount);
      this.set({ measure: "hnsw" }, status.mode === "hnsw" ? 1 : 0);
      this.set({ measure: "graph_vectors" }, status.hnsw?.size ?? 0);
      this.set({ measure: "graph_behind" }, status.hnsw?.behind ?? 0);
      this.set({ measure: "graph_tombstones" }, status.hnsw?.tombstones ?? 0);
      this.set({ measure: "graph_building" }, status.hnsw?.building ? 1 : 0);
    },
  });

  return {
    registry,
    observeRequest(labels, seconds) {
      requests.observe({ method: labels.method, route: labels.route, status: String(labels.status) }, seconds);
    },
    jobFinished(type, outcome, seconds) {
      jobs.observe({ type, outcome }, seconds);
    },
    embedded(count, seconds) {
      passages.inc(count);
      embedSeconds.observe(seconds);
    },
    reused(count) {
      reused.inc(count);
    },
    searchCached(hit) {
      searches.inc({ result: hit ? "hit" : "miss" });
    },
    searchFellBack(part) {
      fallbacks.inc({ part });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
