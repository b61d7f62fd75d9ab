/**
 * The load generator, in a process of its own so it does not share the server's event loop:
 * `node --import tsx bench/search/load-client.ts SPEC.json`. Keeps `concurrency` requests in flight on keep-alive
 * connections, cycling through the paths, until `requests` are done or `maxSeconds` pass; prints one JSON line.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import { addTo, summarize, summarizeGroups } from "./stats";

export interface LoadSpec {
  url: string;
  /** Sent with every request (the API key). */
  headers: Record<string, string>;
  paths: string[];
  /** The query kind of each path, for a breakdown. */
  kinds: string[];
  concurrency: number;
  requests: number;
  maxSeconds: number;
}

export interface LoadResult {
  requests: number;
  /** Distinct paths among the requests: below `requests`, the load repeated queries. */
  distinctPaths: number;
  errors: number;
  statuses: Record<string, number>;
  seconds: number;
  perSecond: number;
  latency: ReturnType<typeof summarize>;
  byKind: Record<string, ReturnType<typeof summarize>>;
  /** The machine's 1, 5 and 15 minute load averages when the load ended (added by the benchmark). */
  loadAverage?: number[];
}

function get(agent: http.Agent, url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const latencies: number[] = [];
  const byKind: Record<string, number[]> = {};
  const statuses: Record<string, number> = {};
  let next = 0;
  let errors = 0;
  const start = performance.now();
  const deadline = start + spec.maxSeconds * 1000;
  const worker = async () => {
    while (next < spec.requests && performance.now() < deadline) {
      const i = next++;
      const path = spec.paths[i % spec.paths.length] as string;
      const t0 = performance.now();
      let status = 0;
      try {
        status = await get(agent, new URL(path, spec.url), spec.headers);
      } catch {
        status = -1;
      }
      const ms = performance.now() - t0;
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status !== 200) errors++;
      latencies.push(ms);
      const kind = spec.kinds[i % spec.kinds.length] ?? "all";
      addTo(byKind, kind, ms);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    requests: latencies.length,
    distinctPaths: new Set(spec.paths.slice(0, latencies.length)).size,
    errors,
    statuses,
    seconds,
    perSecond: latencies.length / seconds,
    latency: summarize(latencies),
    byKind: summarizeGroups(byKind),
  };
}

const specFile = process.argv[2];
if (specFile) {
  const result = await run(JSON.parse(readFileSync(specFile, "utf8")) as LoadSpec);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
