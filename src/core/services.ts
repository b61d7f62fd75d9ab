import { createBillCompare } from "./bill-compare";
import { createChanges } from "./changes";
import type { AppConfig } from "./config";
import type { Adapters, Deps } from "./deps";
import { createDocumentOutline } from "./document-outline";
import { createDocumentRelated } from "./document-related";
import { createDocumentService } from "./documents";
import { createHealth } from "./health";
import { createIngest } from "./ingest";
import { createIngestUrl } from "./ingest-url";
import { createJobService, type JobService } from "./jobs";
import { createLegislation } from "./legislation";
import { noMetrics, silentLogger } from "./observability";
import { createPipeline } from "./pipeline";
import { createReembed } from "./reembed";
import { createReprocess } from "./reprocess";
import { createSearch } from "./search";
import { searchIndexState, searchIndexUpkeep } from "./search/index-upkeep";
import { createSecurity } from "./security";

/**
 * The one composition function: the Node server and CLI call it once at start, the Worker once per isolate.
 * Everything a route, a command or a queue consumer does goes through what it returns.
 */
export function createServices(config: AppConfig, adapters: Adapters) {
  const deps: Deps = {
    ...adapters,
    config,
    logger: adapters.logger ?? silentLogger,
    metrics: adapters.metrics ?? noMetrics,
    now: adapters.now ?? (() => new Date()),
  };
  // The pipeline and the job service need each other; the getter breaks the cycle without mutable wiring.
  const jobs: JobService = createJobService(
    deps,
    createPipeline(deps, () => jobs),
  );
  const getJobs = () => jobs;
  const ingest = createIngest(deps, getJobs);
  return {
    config,
    deps,
    documents: createDocumentService(deps),
    ingest,
    ingestUrl: createIngestUrl(deps, ingest),
    search: createSearch(deps),
    /** One step of the keyword index's upkeep (see index-upkeep.ts); the runtimes repeat it until it returns null. */
    upkeepSearchIndex: () => searchIndexUpkeep(deps.db),
    searchIndexState: () => searchIndexState(deps.db),
    jobs,
    reembed: createReembed(deps, getJobs),
    reprocess: createReprocess(deps, getJobs),
    health: createHealth(deps),
    legislation: createLegislation(deps),
    compareBill: createBillCompare(deps),
    documentOutline: createDocumentOutline(deps),
    relatedDocuments: createDocumentRelated(deps),
    changes: createChanges(deps),
    security: createSecurity({
      db: deps.db,
      kv: deps.kv,
      now: deps.now,
      scrypt: deps.scrypt,
      sessionTtlSeconds: config.sessionTtlSeconds,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
