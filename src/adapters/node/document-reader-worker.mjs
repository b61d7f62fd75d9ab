// Starts a document reader thread (document-reader-thread-body.ts) under the loader the command line runs under
// (bin/opendiscourse.js): the parsers are TypeScript.
import { register } from "tsx/esm/api";

register();
await import("./document-reader-thread-body.ts");
