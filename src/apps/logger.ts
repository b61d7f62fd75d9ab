import pino from "pino";
import type { Logger } from "../core/observability";

/** Structured JSON logs on stderr, so a command's `--json` output on stdout stays clean. */
export function createLogger(level: string): Logger & pino.Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: 2, sync: true }));
}
