import { parseArgs } from "node:util";
import { AppError, errorMessage, isAppError } from "../core/errors";
import { runLegislators, runReembed, runReprocess, runSearch, runStatus, SEARCH_FLAGS } from "./cli-commands";
import { ENCRYPTION_FLAGS, runEncryption } from "./cli-encryption";
import { runIngest } from "./cli-ingest";
import { runSecurity, SECURITY_FLAGS } from "./cli-security";
import { loadConfig } from "./config-source";
import { EXIT_CODE } from "./exit-codes";
import { createLogger } from "./logger";
import { startServer } from "./server";

const USAGE = `Usage: opendiscourse <command> [options]

Commands:
  serve [--port N] [--host H]                 start the HTTP server and job workers
  ingest PATH|URL... [--wait] [--json]        store files, folders (recursively) and http(s) URLs, and queue them
  search QUERY [--mode M] [--limit N] [--json] search (mode: hybrid, keyword, semantic); filters as the API's:
                                              --bill --congress --billType --version --documentType --dateFrom
                                              --dateTo --sponsor --party --sponsorState --committee --policyArea
                                              --group bill, --sort newest|oldest, --cursor C;
                                              --correct false keeps a misspelt query as typed
  status [--json]                             documents, jobs and queue at a glance
  reembed                                     re-embed every document with the configured embedder
  reprocess [--parser NAME|none]              read documents again with this version's parsers (all, those
                                              a parser read, or those read as plain text, HTML, XML or PDF)
  legislators [load FILE]                     the legislators file in use, or load a newer or historical one
  users create NAME --role R [--password-stdin]
                                              add a local user (viewer, editor or admin); password prompted
  users list | set-role NAME R | disable NAME manage local users
  keys create --role R [--expires DATE] [--name N] [--json]
                                              create an API key (printed once, stored only as a hash)
  keys list [--json] | revoke ID              list or revoke API keys (at once, even while serving)
  audit verify [--expect SEQ:HASH] | export   check the audit log's hash chain (and that it still holds a
                                              head recorded earlier), or print it as JSON lines
  audit head [--json]                         the log's last entry as SEQ:HASH, to record outside the database
  encryption status [--json]                  master keys in use and objects per key; plaintext objects left
  encryption rotate-master [--new-key-file F] rewrap every document's data key with a new master key
  encryption encrypt-existing                 encrypt documents stored before encryption, in place

Every command takes --data DIR (default ./data, or OPENDISCOURSE_DATA).
Settings: OPENDISCOURSE_* environment variables (see the README).`;

const OPTIONS = {
  data: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  wait: { type: "boolean" },
  json: { type: "boolean" },
  parser: { type: "string" },
  ...(Object.fromEntries(SEARCH_FLAGS.map((name) => [name, { type: "string" }])) as Record<
    (typeof SEARCH_FLAGS)[number],
    { type: "string" }
  >),
  ...SECURITY_FLAGS,
  ...ENCRYPTION_FLAGS,
  help: { type: "boolean", short: "h" },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 64;
  }
  const serving = command === "serve";
  const config = loadConfig(process.env, {
    dataDir: values.data,
    port: values.port,
    host: values.host,
    // Commands log warnings only unless asked: their output is the point.
    logLevel: process.env.OPENDISCOURSE_LOG_LEVEL ?? (serving ? "info" : "warn"),
  });
  const logger = createLogger(config.logLevel);

  switch (command) {
    case "serve": {
      const server = await startServer(config, logger);
      process.stderr.write(`OpenDiscourse is serving at ${server.url} (data: ${config.dataDir})\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          logger.info({ signal }, "shutting down");
          const force = setTimeout(() => {
            logger.error("shutdown timed out");
            process.exit(1);
          }, config.shutdownTimeoutSeconds * 1000);
          force.unref();
          server.shutdown().then(resolve, resolve);
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
      return 0;
    }
    case "ingest":
      if (rest.length === 0) throw new AppError("bad_request", "ingest needs at least one PATH or URL");
      return runIngest(config, logger, { paths: rest, wait: values.wait ?? false, json: values.json ?? false });
    case "search":
      if (rest.length === 0) throw new AppError("bad_request", "search needs a QUERY");
      return runSearch(config, logger, {
        q: rest.join(" "),
        json: values.json ?? false,
        flags: Object.fromEntries(SEARCH_FLAGS.map((name) => [name, values[name] as string | undefined])),
      });
    case "status":
      return runStatus(config, logger, { json: values.json ?? false });
    case "reembed":
      return runReembed(config, logger);
    case "reprocess":
      return runReprocess(config, logger, values.parser ? { parser: values.parser } : {});
    case "legislators":
      return runLegislators(config, rest);
    case "users":
    case "keys":
    case "audit":
      return runSecurity(config, command, rest, values);
    case "encryption":
      return runEncryption(config, logger, rest, values);
    default:
      throw new AppError("bad_request", `unknown command "${command}"; see opendiscourse --help`);
  }
}

// A reader that stops early (`opendiscourse status | head -1`) closes the pipe: the command ends quietly, as a Unix
// tool does on SIGPIPE, rather than with a stack trace. Logs go to stderr, so this is only ever the output.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  process.stderr.write(`opendiscourse: cannot write the output: ${error.message}\n`);
  process.exit(74);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isAppError(error)) {
      process.stderr.write(`opendiscourse: ${error.message}\n`);
      process.exitCode = EXIT_CODE[error.code];
    } else if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`opendiscourse: ${error.message}\n`);
      process.exitCode = 64;
    } else {
      process.stderr.write(`opendiscourse: unexpected error: ${errorMessage(error)}\n`);
      process.exitCode = 70;
    }
  },
);
