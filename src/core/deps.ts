import type { AppConfig } from "./config";
import type { JobMessage } from "./domain";
import type { Logger, Metrics } from "./observability";
import type { CommitteeResolver, PeopleResolver } from "./people";
import type {
  BlobStore,
  Embedder,
  JobQueue,
  KeyValue,
  RateLimiter,
  SqlDatabase,
  UrlFetcher,
  VectorIndex,
} from "./ports";
import type { DocumentReader } from "./read-for-storage";
import type { KeywordRanker } from "./search/keyword";
import type { ScryptFunction } from "./security";
import type { Keyring } from "./security/encryption";

/** What a runtime hands to `createServices`: one implementation of each port. */
export interface Adapters {
  db: SqlDatabase;
  blobs: BlobStore;
  kv: KeyValue;
  queue: JobQueue<JobMessage>;
  /** Null when no embedder is configured: documents stop at keyword indexing and search is keyword-only. */
  vectors: VectorIndex | null;
  embedder: Embedder | null;
  logger?: Logger;
  metrics?: Metrics;
  now?: () => Date;
  /** A cheap request that fails when the queue cannot be reached; without one, readiness checks the outbox. */
  probeQueue?: () => Promise<unknown>;
  /** The legislators gazetteer, loaded on first use; without it, people keep only the ids their documents give. */
  people?: () => Promise<PeopleResolver>;
  /** The committees data, loaded on first use; without it, committees stay as their documents name them. */
  committees?: () => Promise<CommitteeResolver>;
  /** A native scrypt giving the same bytes as the web-standard one (Node's is several times faster). */
  scrypt?: ScryptFunction;
  /** Fetches documents by URL under the address policy; without one, ingestion by URL is refused. */
  urlFetcher?: UrlFetcher;
  /** Counts requests per caller for the HTTP rate limit; without one, requests are not limited. */
  rateLimiter?: RateLimiter;
  /** Ranks keyword searches off the event loop (Node's worker threads); without one, searches rank in process. */
  keywordRanker?: KeywordRanker;
  /**
   * Reads stored documents for storage (`readForStorage`) off the event loop (a Node worker thread); without one,
   * they are read in process.
   */
  documentReader?: DocumentReader;
  /** Counts failed API keys and sign-ins per address, at a lower limit; without one, failures are not throttled. */
  authFailureLimiter?: RateLimiter;
  /**
   * The master keys `blobs` encrypts with: null when none is configured (the store then refuses uploads), absent
   * when the store does not encrypt. Readiness reports it; rewrapping data keys over HTTP needs it.
   */
  keyring?: Keyring | Promise<Keyring> | null;
}

/** The adapters with defaults filled in, plus config: what every use case receives. */
export interface Deps
  extends Required<
    Omit<
      Adapters,
      | "vectors"
      | "embedder"
      | "probeQueue"
      | "people"
      | "committees"
      | "scrypt"
      | "urlFetcher"
      | "rateLimiter"
      | "keywordRanker"
      | "documentReader"
      | "authFailureLimiter"
      | "keyring"
    >
  > {
  config: AppConfig;
  probeQueue?: () => Promise<unknown>;
  people?: () => Promise<PeopleResolver>;
  committees?: () => Promise<CommitteeResolver>;
  scrypt?: ScryptFunction;
  urlFetcher?: UrlFetcher;
  rateLimiter?: RateLimiter;
  keywordRanker?: KeywordRanker;
  documentReader?: DocumentReader;
  authFailureLimiter?: RateLimiter;
  keyring?: Keyring | Promise<Keyring> | null;
  vectors: VectorIndex | null;
  embedder: Embedder | null;
}

export function nowIso(deps: Pick<Deps, "now">): string {
  return deps.now().toISOString();
}
