// Starts a keyword ranking thread (keyword-ranking-thread.ts): core's ranking is TypeScript, so the thread registers
// the same loader the command line runs under (bin/opendiscourse.js) before loading it.
import { register } from "tsx/esm/api";

register();
await import("./keyword-ranking-thread.ts");
