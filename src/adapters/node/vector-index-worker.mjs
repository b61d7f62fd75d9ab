// Starts a vector index thread (vector-index-thread-body.ts) under the loader the command line runs under
// (bin/opendiscourse.js): the index is TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./vector-index-thread-body.ts");
