/** The logging subset core uses; pino's logger satisfies it. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** What core reports for metrics; the Node runtime records it with prom-client, the Worker may ignore it. */
export interface Metrics {
  jobFinished(type: string, outcome: "done" | "retry" | "failed" | "dead", seconds: number): void;
  embedded(passages: number, seconds: number): void;
  /** Passages that took the vector of one embedded before, reading the same (see `embed_key`). */
  reused(passages: number): void;
  /** A search answered from the page cache (`hit`) or ranked. */
  searchCached(hit: boolean): void;
  /**
   * A search that ranked without a part that was unavailable: the keyword ranking threads (it ranked in process), the
   * model (hybrid answered with keywords only) or the vector thread (the vector query ran in process).
   */
  searchFellBack(part: "keyword_ranking" | "meaning" | "vector_thread"): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
export const noMetrics: Metrics = {
  jobFinished() {},
  embedded() {},
  reused() {},
  searchCached() {},
  searchFellBack() {},
};
