import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { readBusboyUploads } from "../adapters/node/busboy-uploads";
import type { AppConfig } from "../core/config";
import { AppError } from "../core/errors";
import type { Logger } from "../core/observability";
import { createApp } from "../http/app";
import { openNodeRuntime } from "./node-runtime";
import { createWebAssets } from "./web-assets";

export interface RunningServer {
  url: string;
  /** Stops accepting connections, finishes requests and jobs in flight, closes the data folder. */
  shutdown(): Promise<void>;
}

/**
 * Limits on what a client may send before the app sees it. Headers over 16 KiB get 431 and the connection is closed;
 * all headers must arrive within 30 s (a slow client cannot hold connections open by dribbling them); a whole
 * request within 15 min, so a 100 MiB upload still gets through on a slow link.
 */
export const SERVER_LIMITS = { maxHeaderSize: 16 * 1024, headersTimeout: 30_000, requestTimeout: 15 * 60_000 };

/**
 * Node's own answer to a request it cannot read (headers and URL over the limit, a malformed request, headers too
 * slow), as problem+json like every other error, rather than its bare status line; the connection is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's own handler does: a response already begun on this connection cannot be followed by another.
  const begun = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === "ECONNRESET" || !socket.writable || begun) {
    socket.destroy();
    return;
  }
  const [status, title, detail] =
    error.code === "HPE_HEADER_OVERFLOW"
      ? [
          431,
          "Request Header Fields Too Large",
          `the request's URL and headers exceed ${SERVER_LIMITS.maxHeaderSize / 1024} KiB`,
        ]
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT" || error.code === "HPE_HEADERS_TIMEOUT"
        ? [408, "Request Timeout", "the request's headers did not arrive in time"]
        : [400, "Bad Request", "the request is not valid HTTP"];
  const body = JSON.stringify({
    type: "https://opendiscourse.dev/problems/bad_request",
    title,
    status,
    detail,
    code: "bad_request",
  });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Starts the HTTP server and the job workers over one data folder. A taken port is a one-line AppError. */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  const runtime = await openNodeRuntime(config, logger);
  const app = createApp(runtime.services, {
    logger,
    metrics: runtime.metrics,
    readUploads: readBusboyUploads,
    docsAsset: runtime.docsAsset,
    webAsset: createWebAssets(),
    // The socket's peer: the only address a client cannot forge (proxy headers count only under trustProxy).
    remoteAddress: (c) => getConnInfo(c).remote.address ?? null,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: SERVER_LIMITS }, () =>
      resolve(s),
    );
    s.on("clientError", answerClientError);
    s.once("error", (error: NodeJS.ErrnoException) => {
      void runtime.close();
      reject(
        error.code === "EADDRINUSE"
          ? new AppError("unavailable", `port ${config.port} on ${config.host} is already in use`)
          : error,
      );
    });
  });
  const workers = runtime.startWorkers();
  // The keyword ranking threads, the model and the vector graph start now, in the background, rather than on the
  // first searches that need them.
  const started = performance.now();
  runtime.warmSearch().then(
    () => {
      if (config.embedder !== "none") {
        logger.info({ ms: Math.round(performance.now() - started) }, "semantic search ready");
      }
    },
    (error: unknown) =>
      logger.warn({ err: error }, "semantic search did not start: hybrid searches rank by keywords alone"),
  );
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, dataDir: config.dataDir, embedder: config.embedder }, "OpenDiscourse is listening");
  // A fresh installation has no account that could create one: print a one-time link for the first admin.
  const setupToken = await runtime.services.security.setup.issue();
  if (setupToken) {
    const link = `${(config.publicUrl ?? url).replace(/\/+$/, "")}/setup?token=${setupToken}`;
    logger.warn({ setupUrl: link }, `No admin account yet: open ${link} within 24 hours to create one`);
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    shutdown() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        await Promise.all([closed, workers.stop()]);
        await runtime.close();
      })();
      return closing;
    },
  };
}
