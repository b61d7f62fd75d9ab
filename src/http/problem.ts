import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AppError, type ErrorCode } from "../core/errors";

/** The one mapping from error codes to HTTP statuses. */
export const STATUS_BY_CODE: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const TITLES: Record<ErrorCode, string> = {
  bad_request: "Bad request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  unsupported_media_type: "Unsupported media type",
  unprocessable: "Unprocessable content",
  rate_limited: "Too many requests",
  unavailable: "Service unavailable",
  internal: "Internal server error",
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  [extension: string]: unknown;
}

/**
 * Hono's own refusals of a request (a body that is not JSON), as the AppError of their status with their message,
 * which names the request's fault and nothing of the server; anything else as it is.
 */
export function asAppError(error: unknown): unknown {
  if (!(error instanceof HTTPException) || error.status >= 500) return error;
  const code = (Object.keys(STATUS_BY_CODE) as ErrorCode[]).find((c) => STATUS_BY_CODE[c] === error.status);
  return new AppError(code ?? "bad_request", error.message || "the request could not be read");
}

/** RFC 9457 problem details. Only AppError messages reach the client; anything else is a generic 500. */
export function problemFor(error: unknown, instance: string): Problem {
  const appError = error instanceof AppError ? error : new AppError("internal", "an unexpected error occurred");
  return {
    type: `https://opendiscourse.dev/problems/${appError.code}`,
    title: TITLES[appError.code],
    status: STATUS_BY_CODE[appError.code],
    detail: appError.message,
    instance,
    code: appError.code,
    ...(appError.details ?? {}),
  };
}

export function problemResponse(c: Context, error: unknown): Response {
  const problem = problemFor(error, c.req.path);
  const requestId = c.get("requestId" as never) as string | undefined;
  return c.body(
    JSON.stringify(requestId ? { ...problem, requestId } : problem),
    problem.status as ContentfulStatusCode,
    {
      "content-type": "application/problem+json",
    },
  );
}
