import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Services } from "../../core/services";
import type { AppEnv, AppOptions } from "../app";

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["system"],
  summary: "Liveness: the process answers",
  responses: {
    200: { description: "Alive", content: { "application/json": { schema: z.object({ ok: z.boolean() }) } } },
  },
});

const readyRoute = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["system"],
  summary: "Readiness: database, blob store, queue and model each answer; a master key is configured",
  responses: {
    200: {
      description: "Ready",
      content: { "application/json": { schema: z.object({ ok: z.boolean() }).passthrough() } },
    },
    503: {
      description: "Not ready",
      content: { "application/json": { schema: z.object({ ok: z.boolean() }).passthrough() } },
    },
  },
});

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OpenDiscourse API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#reference", deepLinking: true });`;

export function registerSystemRoutes(app: OpenAPIHono<AppEnv>, services: Services, options: AppOptions) {
  app.openapi(healthRoute, (c) => c.json({ ok: true }, 200));
  app.openapi(readyRoute, async (c) => {
    const readiness = await services.health.readiness();
    return c.json(readiness, readiness.ok ? 200 : 503);
  });

  if (options.metrics) {
    const metrics = options.metrics;
    app.get("/metrics", async (c) => {
      const { contentType, body } = await metrics.render();
      return c.body(body, 200, { "content-type": contentType });
    });
  }

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "OpenDiscourse API",
      version: "1",
      description: "Ingest, process and search government and political documents.",
    },
  });

  // The reference page loads only local assets, so it works offline and under a strict CSP.
  app.get("/docs", (c) => c.html(DOCS_PAGE));
  app.get("/docs/init.js", (c) => c.body(DOCS_INIT, 200, { "content-type": "text/javascript; charset=utf-8" }));
  app.get("/docs/assets/:file", async (c) => {
    const response = options.docsAsset ? await options.docsAsset(c.req.param("file")) : null;
    return response ?? c.notFound();
  });
}
