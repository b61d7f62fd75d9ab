import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { Change, WatchOptions } from "../../core/changes";
import { AppError } from "../../core/errors";
import type { Services } from "../../core/services";
import type { AppEnv } from "../app";
import { problemResponses } from "../schemas";

/** How many documents one stream may watch by id. */
const MAX_WATCHED = 100;
/** What EventSource waits before reconnecting after the stream ends. */
const RETRY_MS = 1000;

const eventsRoute = createRoute({
  method: "get",
  path: "/v1/jobs/events",
  tags: ["jobs"],
  summary: "Server-sent events of document and job state changes, for live processing views",
  description:
    "A `text/event-stream` of `document` events (`{id, state, error?, fileName, documentType?}`; state `deleted` " +
    "when a document is removed) and `job` events (`{id, documentId, type, state, attempts, error?}`), each with " +
    "an `id:` that only grows: reconnecting with `Last-Event-ID` (or `?after=`) resumes after it, and a `reset` " +
    "event says changes were missed (the log keeps the latest 10,000) and what is shown should be reloaded. A new " +
    "stream starts with the current state of the watched documents (`?documents=id1,id2`, up to 100), or of those " +
    "still processing. Changes from any process are seen within about a second; a comment line every 15 s of " +
    "silence keeps the connection open; the stream ends after 5 minutes, and EventSource reconnects.",
  request: {
    query: z.object({
      documents: z.string().max(10_000).optional().openapi({ description: "Comma-separated document ids" }),
      after: z.coerce.number().int().min(0).optional().openapi({ description: "Resume after this event id" }),
    }),
    headers: z.object({
      "last-event-id": z
        .string()
        .regex(/^\d{1,15}$/)
        .optional(),
    }),
  },
  responses: {
    200: {
      description: "The event stream",
      content: {
        "text/event-stream": {
          schema: z.string().openapi({
            example: 'event: document\ndata: {"id":"…","state":"ready","fileName":"BILLS-117hr2008ih.xml"}\nid: 42\n\n',
          }),
        },
      },
    },
    ...problemResponses,
  },
});

export function registerEventRoutes(
  app: OpenAPIHono<AppEnv>,
  services: Services,
  options: Pick<WatchOptions, "pollMs" | "heartbeatMs" | "maxMs"> = {},
) {
  app.openapi(eventsRoute, (c) => {
    const query = c.req.valid("query");
    const lastEventId = c.req.valid("header")["last-event-id"];
    const documents = query.documents
      ?.split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
    if (documents && documents.length > MAX_WATCHED) {
      throw new AppError("bad_request", `watch at most ${MAX_WATCHED} documents per stream`);
    }
    const after = lastEventId !== undefined ? Number(lastEventId) : query.after;
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      c.req.raw.signal.addEventListener("abort", () => abort.abort(), { once: true });
      await stream.write(`retry: ${RETRY_MS}\n\n`);
      const watch = services.changes.watch({ ...options, after, documents, signal: abort.signal });
      for await (const item of watch) {
        if (stream.aborted) break;
        if (item.type === "heartbeat") await stream.write(": heartbeat\n\n");
        else if (item.type === "reset") await stream.writeSSE({ event: "reset", id: String(item.seq), data: "{}" });
        else await stream.writeSSE(toEvent(item.change));
      }
    });
  });
}

function toEvent(change: Change): { event: string; id: string; data: string } {
  const data =
    change.kind === "document"
      ? {
          id: change.id,
          state: change.state,
          ...(change.error !== null && { error: change.error }),
          fileName: change.name,
          ...(change.documentType !== null && { documentType: change.documentType }),
        }
      : {
          id: change.id,
          documentId: change.documentId,
          type: change.name,
          state: change.state,
          attempts: change.attempts,
          ...(change.error !== null && { error: change.error }),
        };
  return { event: change.kind, id: String(change.seq), data: JSON.stringify(data) };
}
