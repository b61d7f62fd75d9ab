import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { readBusboyUploads } from "../adapters/node/busboy-uploads";
import type { AppConfig } from "../core/config";
import { AppError } from "../core/errors";
import type { Logger } from "../core/observability";
import { createApp } from "../http/app";
import { openNodeRuntime } from "./node-runtime";

export interface RunningServer {
  url: string;
  /** Stops accepting connections, finishes requests and jobs in flight, closes the data folder. */
  shutdown(): Promise<void>;
}

/** Starts the HTTP server and the job workers over one data folder. A taken port is a one-line AppError. */
export async function startServer(config: AppConfig, logger: Logger): Promise<RunningServer> {
  const runtime = await openNodeRuntime(config, logger);
  const app = createApp(runtime.services, {
    logger,
    metrics: runtime.metrics,
    readUploads: readBusboyUploads,
    docsAsset: runtime.docsAsset,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
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
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, dataDir: config.dataDir, embedder: config.embedder }, "OpenDiscourse is listening");

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
