import type { AppConfig } from "../../core/config";
import type { Logger } from "../../core/observability";

const LEVELS: Record<AppConfig["logLevel"], number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

type Method = "debug" | "info" | "warn" | "error";

/**
 * A logger for Workers Logs, which indexes the fields of objects passed to `console`: one object per line with
 * `level` and `msg`. Errors become their name, message and stack, which `JSON.stringify` would drop.
 */
export function createConsoleLogger(level: AppConfig["logLevel"]): Logger {
  const threshold = LEVELS[level];
  const log = (method: Method, obj: object | string, msg?: string) => {
    if (LEVELS[method] < threshold) return;
    const fields =
      typeof obj === "string" ? { msg: obj } : { ...serialise(obj), ...(msg === undefined ? {} : { msg }) };
    console[method]({ level: method, ...fields });
  };
  return {
    debug: (obj, msg) => log("debug", obj, msg),
    info: (obj, msg) => log("info", obj, msg),
    warn: (obj, msg) => log("warn", obj, msg),
    error: (obj, msg) => log("error", obj, msg),
  };
}

function serialise(obj: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
  }
  return out;
}
