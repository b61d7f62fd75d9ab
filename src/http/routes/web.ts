import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv, AppOptions } from "../app";

/** Paths the API owns: an unknown one among them is a problem+json 404, never the web app. */
const API_PATHS = /^\/(v1(\/|$)|docs(\/|$)|metrics$|healthz$|readyz$|openapi\.json$)/;

/** Content-hashed file names (Vite's `name-HASH.ext`) never change content, so browsers may keep them for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** The page itself is checked on every load, so a deployment takes effect at once. */
const REVALIDATE = "no-cache";

function withCache(response: Response, cacheControl: string): Response {
  const headers = new Headers(response.headers);
  headers.set("cache-control", cacheControl);
  headers.set("x-content-type-options", "nosniff");
  return new Response(response.body, { status: response.status, headers });
}

/**
 * The web app: `/` and any other non-API GET path answer with its index.html (the app routes in the browser), and
 * `/assets/*` with the built files. Registered after every API route, so the API always wins. Without a `webAsset`
 * option (a build without the app, or the Worker, whose static assets are served by Cloudflare) nothing is served.
 */
export function registerWebRoutes(app: OpenAPIHono<AppEnv>, options: AppOptions) {
  const asset = options.webAsset;
  const index = async () => {
    const response = asset ? await asset("index.html") : null;
    return response ? withCache(response, REVALIDATE) : null;
  };

  app.get("/assets/:file", async (c) => {
    const response = asset ? await asset(`assets/${c.req.param("file")}`) : null;
    return response ? withCache(response, IMMUTABLE) : c.notFound();
  });
  app.get("/", async (c) => (await index()) ?? c.notFound());
  app.get("/*", async (c) => {
    if (API_PATHS.test(c.req.path)) return c.notFound();
    return (await index()) ?? c.notFound();
  });
}
