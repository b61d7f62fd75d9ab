import { OpenAPIHono } from "@hono/zod-openapi";
import { AppError } from "../core/errors";
import type { Logger } from "../core/observability";
import type { Services } from "../core/services";
import { ANONYMOUS, type RequestIdentity } from "./identity";
import { parseAddressRanges } from "./middleware/address-ranges";
import { createAuthFailureGuard } from "./middleware/auth-failures";
import { authenticate } from "./middleware/authenticate";
import { authorize } from "./middleware/authorize";
import { clientIp, type RemoteAddress } from "./middleware/client-ip";
import { corsAllowlist, jsonBodyLimit, rateLimit, securityHeaders } from "./middleware/hardening";
import { asAppError, problemResponse } from "./problem";
import { registerAdminRoutes } from "./routes/admin";
import { registerAuthRoutes } from "./routes/auth";
import { registerDocumentRoutes } from "./routes/documents";
import { registerEncryptionRoutes } from "./routes/encryption";
import { registerJobRoutes } from "./routes/jobs";
import { registerLegislationRoutes } from "./routes/legislation";
import { registerSearchRoutes } from "./routes/search";
import { registerSystemRoutes } from "./routes/system";
import { registerWebRoutes } from "./routes/web";
import { registerWebApiRoutes } from "./routes/web-api";
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
  /** Serves the built web app's files by path (`index.html`, `assets/x.js`), or null when unknown. */
  webAsset?: (path: string) => Promise<Response | null>;
  /**
   * The peer's address (the Node server reads the socket); without it only a trusted proxy header can say who the
   * client is, and with `trustProxy` none the address is unknown, which closes the admin routes.
   */
  remoteAddress?: RemoteAddress;
}

/**
 * The HTTP API over the services: the same app serves Node and the Worker. Every request passes, in order: request
 * id and logging; security headers, CORS and the body limit; client address; authentication; the rate limit (by
 * identity, so after authentication); authorization against ROUTE_PERMISSIONS; then its route. Throws
 * `bad_request` when `adminAllowlist` holds something that is not an address range.
 */
export function createApp(services: Services, options: AppOptions = {}) {
  const { config } = services;
  const adminAllowlist = parseAddressRanges(config.adminAllowlist);
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

  app.use("*", securityHeaders(config));
  app.use("*", corsAllowlist(config));
  app.use("*", jsonBodyLimit());
  app.use("*", clientIp({ trustProxy: config.trustProxy, remoteAddress: options.remoteAddress }));
  const authFailures = createAuthFailureGuard({
    limiter: services.deps.authFailureLimiter,
    onError: (error) => logger?.error({ err: error }, "failure limiter failed; failure not counted"),
  });
  app.use("*", authenticate(services.security, { failures: authFailures }));
  app.use(
    "*",
    rateLimit({
      limiter: services.deps.rateLimiter,
      perMinute: config.rateLimitPerMinute,
      onError: (error) => logger?.error({ err: error }, "rate limiter failed; request served"),
    }),
  );
  app.use("*", authorize({ anonymousRead: config.anonymousRead, adminAllowlist, logger }));
  registerSecuritySchemes(app);

  app.onError((thrown, c) => {
    const error = asAppError(thrown);
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
  registerWebApiRoutes(app, services);
  registerSystemRoutes(app, services, options);
  registerAuthRoutes(app, services, { failures: authFailures });
  registerAdminRoutes(app, services);
  registerEncryptionRoutes(app, services);
  registerWebRoutes(app, options); // keep last: the web app answers only paths no API route takes
  return app;
}

export type App = ReturnType<typeof createApp>;

/** The credentials the API takes, named in the OpenAPI document so clients and the reference page offer them. */
function registerSecuritySchemes(app: OpenAPIHono<AppEnv>) {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key (od_…) from `opendiscourse keys create` or POST /v1/keys",
  });
  registry.registerComponent("securitySchemes", "apiKey", { type: "apiKey", in: "header", name: "X-API-Key" });
  registry.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "od_session",
    description: "A browser session from sign-in; unsafe methods must also send X-CSRF-Token",
  });
}
