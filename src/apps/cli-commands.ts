import { copyFileSync, mkdirSync } from "node:fs";
import { loadLegislatorsFile } from "../adapters/node/legislators-file";
import type { AppConfig } from "../core/config";
import { AppError } from "../core/errors";
import type { Logger } from "../core/observability";
import { readEmbeddingIdentity } from "../core/pipeline";
import { versionLabel } from "../formats/gov/bill-id";
import { searchQuerySchema } from "../http/routes/search";
import { dataLegislatorsPath, legislatorsPath, type NodeRuntime, openNodeRuntime } from "./node-runtime";

/** The search flags are the API's query parameters, checked by the same schema. */
const searchFlags = searchQuerySchema.omit({ q: true, facets: true });

/** The search flags, named as the API's query parameters (`--billType hr`, `--dateFrom 2020-01-01`). */
export const SEARCH_FLAGS = Object.keys(searchFlags.shape) as (keyof typeof searchFlags.shape)[];

export async function runSearch(
  config: AppConfig,
  logger: Logger,
  options: { q: string; json: boolean; flags: Partial<Record<string, string>> },
): Promise<number> {
  const flags = searchFlags.safeParse(options.flags);
  if (!flags.success) {
    throw new AppError("bad_request", flags.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; "));
  }
  // One search: a ranking thread would only add its start (about 130 ms).
  const runtime = await openNodeRuntime({ ...config, searchThreads: 0 }, logger);
  try {
    const { correct, ...rest } = flags.data;
    const page = await runtime.services.search({
      q: options.q,
      ...rest,
      facets: options.json,
      correct: correct !== "false",
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(page)}\n`);
    } else if (page.results.length === 0) {
      process.stdout.write("No results.\n");
      if (page.suggestions) process.stdout.write(`Did you mean: ${page.suggestions.join(" | ")}\n`);
    } else {
      if (page.warning) process.stdout.write(`(${page.warning})\n`);
      if (page.searchedFor) {
        process.stdout.write(`(showing results for ${page.searchedFor}; --correct false searches as typed)\n`);
      } else if (page.unmatched) process.stdout.write(`(no document contains ${page.unmatched.join(", ")})\n`);
      if (page.suggestions) process.stdout.write(`Did you mean: ${page.suggestions.join(" | ")}\n`);
      page.results.forEach((r, i) => {
        const date = r.date ? `  ${r.date}` : "";
        // A bill's versions are results of their own, often with one title.
        const version = r.version ? `  ${versionLabel(r.version)}` : "";
        const meaningOnly = page.mode === "hybrid" && !r.matchedBy.includes("keywords") ? "  (related in meaning)" : "";
        process.stdout.write(
          `${i + 1}. ${r.title ?? r.filename}  [${r.filename}]${version}${date}  score ${r.score.toFixed(4)}${meaningOnly}\n`,
        );
        const where = [
          r.passage.heading ? `in ${r.passage.heading}` : "",
          r.passage.speaker ? `spoken by ${r.passage.speaker}` : "",
        ].filter(Boolean);
        if (where.length > 0) process.stdout.write(`   ${where.join(", ")}\n`);
        process.stdout.write(`   ${r.snippet}\n   id ${r.documentId}\n`);
        if (r.collapsed?.length) process.stdout.write(`   also ${r.collapsed.join(", ")}\n`);
      });
      if (page.nextCursor) process.stdout.write(`next page: --cursor ${page.nextCursor}\n`);
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

export async function runStatus(config: AppConfig, logger: Logger, options: { json: boolean }): Promise<number> {
  const runtime = await openNodeRuntime({ ...config, embedder: "none" }, logger);
  try {
    const { services, queue } = runtime;
    const status = {
      dataDir: config.dataDir,
      documents: await services.documents.countByState(),
      jobs: await services.jobs.counts(),
      queue: await queue.stats(),
      embedding: await readEmbeddingIdentity(services.deps),
    };
    if (options.json) process.stdout.write(`${JSON.stringify(status)}\n`);
    else {
      const line = (label: string, counts: object) =>
        `${label.padEnd(10)} ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}\n`;
      process.stdout.write(`data       ${status.dataDir}\n`);
      process.stdout.write(line("documents", status.documents));
      process.stdout.write(line("jobs", status.jobs));
      process.stdout.write(line("queue", status.queue));
      process.stdout.write(
        `embedding  ${status.embedding ? `${status.embedding.model} (${status.embedding.dimensions} dimensions)` : "none yet"}\n`,
      );
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

/** Works the job queue in this process until no document waits for processing or embedding. */
async function untilProcessed(runtime: NodeRuntime): Promise<void> {
  for (;;) {
    const counts = await runtime.services.documents.countByState();
    if (counts.queued + counts.processing + counts.indexed === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Re-embeds everything with the configured model, working the queue in this process until it is done. */
export async function runReembed(config: AppConfig, logger: Logger): Promise<number> {
  const runtime = await openNodeRuntime(config, logger, { resetVectorIndex: true });
  const workers = runtime.startWorkers();
  try {
    const result = await runtime.services.reembed.all();
    process.stderr.write(
      `re-embedding ${result.documents} documents with ${result.model}${result.previousModel ? ` (was ${result.previousModel})` : ""}\n`,
    );
    await untilProcessed(runtime);
    process.stdout.write(`re-embedded ${result.documents} documents with ${result.model}\n`);
    return 0;
  } finally {
    await workers.stop();
    await runtime.close();
  }
}

/**
 * `opendiscourse reprocess [--parser NAME|none]`: reads the documents again with this version's parsers, working
 * the queue in this process until it is done; exit code 1 when some failed (their reasons in `status`).
 */
export async function runReprocess(config: AppConfig, logger: Logger, options: { parser?: string }): Promise<number> {
  const runtime = await openNodeRuntime(config, logger);
  const workers = runtime.startWorkers();
  try {
    const failedBefore = (await runtime.services.documents.countByState()).failed;
    const { documents } = await runtime.services.reprocess.all(options.parser ? { parser: options.parser } : {});
    process.stderr.write(`reading ${documents} documents again\n`);
    await untilProcessed(runtime);
    const failed = (await runtime.services.documents.countByState()).failed;
    process.stdout.write(`read ${documents} documents again; ${failed} failed (${failedBefore} before)\n`);
    return failed > failedBefore ? 1 : 0;
  } finally {
    await workers.stop();
    await runtime.close();
  }
}

/**
 * `opendiscourse legislators [load FILE]`: which legislators file people are resolved against, or load a newer or
 * a historical congress-legislators file into the data folder, where it takes the committed file's place.
 */
export async function runLegislators(config: AppConfig, args: string[]): Promise<number> {
  const [action, file] = args;
  if (action === "load") {
    if (!file) throw new AppError("bad_request", "legislators load needs a FILE");
    const legislators = await loadLegislatorsFile({ path: file });
    mkdirSync(config.dataDir, { recursive: true });
    copyFileSync(file, dataLegislatorsPath(config.dataDir));
    process.stdout.write(
      `loaded ${legislators.length} legislators from ${file}; documents processed from now on are resolved against them\n`,
    );
    return 0;
  }
  if (action !== undefined) throw new AppError("bad_request", `unknown legislators action "${action}"; use load FILE`);
  const path = legislatorsPath(config);
  const legislators = await loadLegislatorsFile({ path });
  process.stdout.write(`${legislators.length} legislators from ${path}\n`);
  return 0;
}
