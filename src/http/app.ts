import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError } from "../core/errors";
import type { Logger } from "../core/observability";
import type { Services } from "../core/services";
import { ANONYMOUS, type RequestIdentity } from "./identity";
import { problemResponse } from "./problem";
import { registerDocumentRoutes } from "./routes/documents";
import { registerJobRoutes } from "./routes/jobs";
import { registerLegislationRoutes } from "./routes/legislation";
import { registerSearchRoutes } from "./routes/search";
import { registerSystemRoutes } from "./routes/system";
import { readFormDataUploads, type UploadReader } from "./uploads";

export interface AppEnv {
  Variables: {
    requestId: string;
    /** Who the request acts for; ANONYMOUS until the authentication middleware finds a credential. */
    identity: RequestIdentity;
    /** The client's address as the trusted-proxy setting decides, or null when the runtime cannot tell. */
    clientIp: string | null;
  };
}

export interface HttpMetrics {
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  render(): Promise<{ contentType: string; body: string }>;
}

export interface AppOptions {
  logger?: Logger;
  metrics?: HttpMetrics;
  /** How multipart uploads are read; defaults to `Request.formData()`. */
  readUploads?: UploadReader;
  /** Serves the API reference's static files (swagger-ui) by file name, or null when unknown. */
  docsAsset?: (file: string) => Promise<Response | null>;
}

/** The HTTP API over the services: the same app serves Node and the Worker. */
export function createApp(services: Services, options: AppOptions = {}) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const detail = result.error.issues.map((i) => `${i.path.join(".") || "request"}: ${i.message}`).join("; ");
        return problemResponse(c, new AppError("bad_request", detail));
      }
    },
  });
  const logger = options.logger;

  app.use("*", async (c, next) => {
    const requestId = c.req.header("x-request-id")?.slice(0, 100) || crypto.randomUUID();
    c.set("requestId", requestId);
    c.set("identity", ANONYMOUS);
    c.set("clientIp", null);
    const started = performance.now();
    await next();
    c.res.headers.set("x-request-id", requestId);
    const seconds = (performance.now() - started) / 1000;
    const route = c.req.routePath === "/*" ? "unmatched" : c.req.routePath;
    options.metrics?.observeRequest({ method: c.req.method, route, status: c.res.status }, seconds);
    logger?.info(
      { requestId, method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) },
      "request",
    );
  });

  app.onError((error, c) => {
    if (!(error instanceof AppError)) {
      logger?.error({ err: error, requestId: c.get("requestId"), path: c.req.path }, "unhandled error");
    }
    return problemResponse(c, error);
  });
  app.notFound((c) => problemResponse(c, new AppError("not_found", `no route for ${c.req.method} ${c.req.path}`)));

  registerDocumentRoutes(app, services, { readUploads: options.readUploads ?? readFormDataUploads });
  registerSearchRoutes(app, services);
  registerJobRoutes(app, services);
  registerLegislationRoutes(app, services);
  registerSystemRoutes(app, services, options);
  return app;
}

export type App = ReturnType<typeof createApp>;
