import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { registerBillCompareRoutes } from "./bill-compare";
import { registerDocumentExtraRoutes } from "./document-extras";
import { registerEventRoutes } from "./events";

/** What the web app reads besides the core API: bill comparison, document outline and related documents, events. */
export function registerWebApiRoutes(app: OpenAPIHono<AppEnv>, services: Services) {
  registerBillCompareRoutes(app, services);
  registerDocumentExtraRoutes(app, services);
  registerEventRoutes(app, services);
}
