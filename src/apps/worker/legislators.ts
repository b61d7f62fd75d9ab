/// <reference path="./text-modules.d.ts" />
import bundledCommittees from "../../../reference/legislators/committees-current.yaml";
import bundledLegislators from "../../../reference/legislators/legislators-current.yaml";
import { AppError } from "../../core/errors";
import {
  type CommitteeResolver,
  createCommitteeResolver,
  createPeopleResolver,
  type PeopleResolver,
  parseCommitteesText,
  parseLegislatorsText,
} from "../../core/people";

/** Where the Worker reads a legislators file that takes the bundled one's place. */
export interface WorkerLegislatorsSource {
  /** The bucket holding the file (the DOCUMENTS binding). */
  bucket: Pick<R2Bucket, "get">;
  /** The file's object key (`OPENDISCOURSE_LEGISLATORS_FILE`); without one, the bundled file is used. */
  key?: string;
}

// Parsed once per isolate and source: the data is the same for every request, and parsing is the costly part.
const resolvers = new Map<string, Promise<PeopleResolver>>();

/**
 * The people resolver of the Worker, loaded on first use: from the R2 object `source.key` (a congress-legislators
 * file, YAML or JSON) when a key is set, else from `legislators-current.yaml` bundled with the Worker. The promise
 * is shared by every caller in the isolate; a failed load is forgotten, so the next call tries again. Rejects with
 * `AppError("not_found")` when the key names no object and `AppError("unprocessable")` when the file is not
 * legislators data. A replaced object is read by isolates started after the change.
 */
export function workerPeopleResolver(source: WorkerLegislatorsSource): () => Promise<PeopleResolver> {
  const cacheKey = source.key ? `r2:${source.key}` : "bundled";
  return () => {
    let resolver = resolvers.get(cacheKey);
    if (!resolver) {
      resolver = loadResolver(source);
      resolvers.set(cacheKey, resolver);
      resolver.catch(() => resolvers.delete(cacheKey));
    }
    return resolver;
  };
}

async function loadResolver(source: WorkerLegislatorsSource): Promise<PeopleResolver> {
  if (!source.key) return createPeopleResolver(parseLegislatorsText(bundledLegislators));
  const object = await source.bucket.get(source.key);
  if (!object) throw new AppError("not_found", `legislators file not found in the documents bucket: ${source.key}`);
  return createPeopleResolver(parseLegislatorsText(await object.text()));
}

let committees: CommitteeResolver | null = null;

/** The committees data bundled with the Worker (`committees-current.yaml`), parsed once per isolate on first use. */
export async function workerCommitteeResolver(): Promise<CommitteeResolver> {
  committees ??= createCommitteeResolver(parseCommitteesText(bundledCommittees));
  return committees;
}
