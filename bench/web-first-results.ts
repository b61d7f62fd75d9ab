/**
 * Time to first results in the browser: `npm run bench:web -- --data DIR [--queries 5] [--modes hybrid,keyword]
 * [--kinds short,long,phrase,citation] [--corpus ../shared/corpus] [--out FILE.json]`.
 *
 * Starts the real server on a data folder (a `bench:search` folder such as DIR/size-100000, or DIR itself holding
 * one), signs a viewer in with a local account, and drives Debian's Chromium through the web app's search page,
 * reading the app's own `od:time-to-results` measure: from navigation to results on screen for a search page loaded
 * from its URL, and from submitting to results for a query typed into the box. Queries come from the search
 * benchmark's mix (short words, 80-word summaries, quoted phrases, bill numbers); each is used once, so no
 * measurement finds its query embedding cached on the server. Prints p50/p95/max per mode and way; never fails a build.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Page, Request } from "playwright-core";
import { launchBrowser } from "../test/browser/browser";
import { loadCorpus } from "./search/corpus";
import { prepareGraph } from "./search/graph-ready";
import { type BenchQuery, buildQueryMix, distinctBatches, type QueryKind } from "./search/query-mix";
import { seededRandom, summarize } from "./search/stats";

const ROOT = join(import.meta.dirname, "..");
const MEASURE = "od:time-to-results";
const USER = { name: "bench-web", password: "time to first results, measured" };

const { values } = parseArgs({
  options: {
    data: { type: "string" },
    queries: { type: "string", default: "5" },
    modes: { type: "string", default: "hybrid,keyword" },
    kinds: { type: "string", default: "short,long,phrase,citation" },
    corpus: { type: "string", default: "../shared/corpus" },
    seed: { type: "string", default: "7" },
    out: { type: "string" },
  },
});
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const load = () =>
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(", ")}`;

/** The folder itself when it holds a database, else its largest `size-N` folder (a `bench:search --data` root). */
function dataFolder(dir: string): string | null {
  if (existsSync(join(dir, "opendiscourse.db"))) return dir;
  const sizes = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /^size-\d+$/.test(f) && existsSync(join(dir, f, "opendiscourse.db")))
        .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5)))
    : [];
  return sizes[0] ? join(dir, sizes[0]) : null;
}

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [join(ROOT, "bin", "opendiscourse.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    input,
  });
}

/** The server as users run it; resolves with its URL once it listens. */
function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [join(ROOT, "bin", "opendiscourse.js"), "serve", "--port", "0", "--data", dataDir],
    {
      cwd: ROOT,
      // The limiter still runs on every request, with a limit one browser never reaches.
      env: { ...process.env, OPENDISCOURSE_RATE_LIMIT_PER_MINUTE: "1000000000" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  return new Promise((done, fail) => {
    let seen = "";
    child.stderr?.on("data", (d: Buffer) => {
      seen = (seen + d.toString()).slice(-8000);
      const match = /serving at (http:\/\/\S+)/.exec(seen);
      if (match?.[1]) done({ url: match[1], child });
    });
    child.once("close", (code) => fail(new Error(`the server exited (${code}): ${seen}`)));
  });
}

const measures = (page: Page) => page.evaluate((name) => performance.getEntriesByName(name).length, MEASURE);
const lastMeasure = (page: Page) =>
  page.evaluate((name) => performance.getEntriesByName(name).at(-1)?.duration ?? Number.NaN, MEASURE);
const resultCount = (page: Page) => page.locator(".result-list .result").count();

/**
 * The search request for `q` that completed: one the app aborted (a newer search replacing it) never finishes, so
 * waiting for its response's end would wait forever.
 */
const searchAnswer = (page: Page, q: string) =>
  page.waitForEvent("requestfinished", (r) => {
    const at = new URL(r.url());
    return at.pathname === "/v1/search" && at.searchParams.get("q") === q.trim();
  });

/** The search request's own time, from sending it to the last byte of its answer, as the browser saw it. */
function apiTime(request: Request): number {
  const timing = request.timing();
  return timing.responseEnd - timing.requestStart;
}

/** A search page loaded from its URL: navigation start to results on screen (the app's measure). */
async function byUrl(page: Page, url: string, q: string, mode: string): Promise<{ ms: number; apiMs: number }> {
  const answered = searchAnswer(page, q);
  await page.goto(`${url}/?${new URLSearchParams({ q, mode }).toString()}`);
  await page.waitForFunction((name) => performance.getEntriesByName(name).length > 0, MEASURE);
  return { ms: await lastMeasure(page), apiMs: apiTime(await answered) };
}

/**
 * A query typed into the box of a search page already open in `mode`: Enter to the new results on screen, timed
 * here (the answer to this query received, then the first frame where the results are no longer busy), and the
 * app's own measure beside it. The app's measure can end early when results of the previous query are showing:
 * its effect sees the new query with the old "ok" state before the request even starts.
 */
async function typed(page: Page, q: string): Promise<{ ms: number; appMs: number; apiMs: number }> {
  const before = await measures(page);
  const box = page.getByRole("searchbox", { name: "Search documents" });
  await box.fill(q);
  const answered = searchAnswer(page, q);
  const t0 = await page.evaluate(() => performance.now());
  await box.press("Enter");
  const request = await answered;
  const shown = await page.waitForFunction(
    () => document.querySelector("section.results")?.getAttribute("aria-busy") === "false" && performance.now(),
    undefined,
    { polling: "raf" },
  );
  const ms = ((await shown.jsonValue()) as number) - t0;
  await page.waitForFunction(({ name, count }) => performance.getEntriesByName(name).length > count, {
    name: MEASURE,
    count: before,
  });
  return { ms, appMs: await lastMeasure(page), apiMs: apiTime(request) };
}

interface Sample {
  mode: string;
  way: "url" | "typed";
  kind: QueryKind;
  q: string;
  ms: number;
  /** The app's `od:time-to-results` for a typed query (for a page loaded by URL, `ms` is the app's). */
  appMs?: number;
  /** The search request alone (server and connection), from the browser's resource timing. */
  apiMs: number;
  results: number;
}

const dir = values.data ? dataFolder(resolve(values.data)) : null;
if (!dir) {
  console.error("pass --data DIR: a data folder, or a `bench:search --data` folder holding size-N folders");
  process.exit(0);
}
const perKind = Number(values.queries);
const modes = values.modes.split(",").filter(Boolean);
const kinds = values.kinds.split(",").filter(Boolean) as QueryKind[];

log(`data folder ${dir}; ${load()}`);
const corpus = await loadCorpus({
  corpus: resolve(values.corpus),
  cacheFile: join(os.tmpdir(), "opendiscourse-bench-search-cache", "corpus.json"),
  log,
});
const ways = ["url", "typed"] as const;
// One batch of never-used queries per mode and way, plus one for warming up.
const batches = distinctBatches({
  pool: buildQueryMix({
    passages: corpus.documents.flatMap((d) => d.chunks.map((c) => c.text)),
    summaries: corpus.summaries,
    billIds: corpus.billIds,
    perKind: (perKind + 1) * (modes.length * ways.length + 1) * 3,
    random: seededRandom(Number(values.seed)),
  }).filter((q) => kinds.includes(q.kind)),
  exclude: [],
  count: modes.length * ways.length + 1,
  perKind,
});
const warmUp = batches.pop() ?? [];

const graph = await prepareGraph(dir);
log(`vector graph: ${graph.mode}, ready in ${graph.seconds.toFixed(1)} s${graph.rebuilt ? " (rebuilt)" : ""}`);
const built = spawnSync(process.execPath, [join(ROOT, "scripts", "web-build.mjs"), "--if-stale"], { cwd: ROOT });
if (built.status !== 0) throw new Error(`web build failed: ${built.stderr}`);
const created = cli(
  ["users", "create", USER.name, "--role", "viewer", "--password-stdin", "--data", dir],
  USER.password,
);
if (created.status !== 0 && !/exist|taken|already/i.test(created.stderr)) {
  throw new Error(`creating the viewer failed: ${created.stderr}`);
}

const { url, child } = await startServer(dir);
const browser = await launchBrowser();
const samples: Sample[] = [];
const failures: { mode: string; way: string; q: string; error: string }[] = [];
try {
  const { page } = browser;
  page.setDefaultTimeout(60_000);
  const signIn = await page.request.post(`${url}/v1/auth/login`, { data: USER });
  if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()} ${await signIn.text()}`);
  // The first search loads the model and the vector graph; that start-up cost is not what is measured here.
  for (const [i, q] of warmUp.slice(0, 4).entries()) await byUrl(page, url, q.q, modes[i % modes.length] ?? "hybrid");
  log(`signed in as ${USER.name} (viewer), warmed up; ${load()}`);

  let batch = 0;
  for (const mode of modes) {
    for (const way of ways) {
      const queries = batches[batch++] ?? [];
      if (way === "typed") await byUrl(page, url, warmUp[4 + batch]?.q ?? "appropriations", mode);
      for (const query of queries as BenchQuery[]) {
        try {
          const timed = way === "url" ? await byUrl(page, url, query.q, mode) : await typed(page, query.q);
          samples.push({ mode, way, kind: query.kind, q: query.q, ...timed, results: await resultCount(page) });
        } catch (error) {
          // A search that never showed results (an error page, a timeout) is reported, not timed.
          failures.push({ mode, way, q: query.q, error: String(error).split("\n")[0] ?? "" });
          if (way === "typed") await byUrl(page, url, warmUp[4]?.q ?? "appropriations", mode).catch(() => {});
        }
      }
      const these = samples.filter((s) => s.mode === mode && s.way === way);
      const summary = summarize(these.map((s) => s.ms));
      log(
        `${mode} ${way}: ${these.length} queries, p50 ${summary.p50.toFixed(0)} max ${summary.max.toFixed(0)} ms; ${load()}`,
      );
    }
  }
} finally {
  await browser.close();
  child.kill("SIGTERM");
}

const rows = [
  ["mode", "way", "kind", "queries", "p50 ms", "p95 ms", "max ms", "no results", "app's p50 ms", "API p50 ms"],
];
for (const mode of modes) {
  for (const way of ways) {
    for (const kind of ["all", ...kinds]) {
      const these = samples.filter((s) => s.mode === mode && s.way === way && (kind === "all" || s.kind === kind));
      const s = summarize(these.map((x) => x.ms));
      const empty = these.filter((x) => x.results === 0).length;
      rows.push([
        mode,
        way,
        kind,
        String(s.count),
        s.p50.toFixed(0),
        s.p95.toFixed(0),
        s.max.toFixed(0),
        String(empty),
        summarize(these.map((x) => x.appMs ?? x.ms)).p50.toFixed(0),
        summarize(these.map((x) => x.apiMs)).p50.toFixed(0),
      ]);
    }
  }
}
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
console.log(`\n${rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")).join("\n")}`);
for (const f of failures) console.log(`no results shown: ${f.mode} ${f.way} ${JSON.stringify(f.q)}: ${f.error}`);
console.log(`${load()} at the end (${os.availableParallelism()} cores)`);
if (values.out) {
  const report = { dataDir: dir, at: new Date().toISOString(), loadAverage: os.loadavg(), graph, samples, failures };
  writeFileSync(resolve(values.out), JSON.stringify(report, null, 2));
  console.log(`JSON: ${resolve(values.out)}`);
}
