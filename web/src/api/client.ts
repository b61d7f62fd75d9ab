/** A problem+json answer (RFC 9457) as the API sends it; `detail` is what the user reads. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  instance?: string;
}

/** A failed request: the server's problem document, or one made up for network failures. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
  }
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);
let csrfToken: string | undefined;

/** The session's CSRF token, sent on unsafe methods; set from GET /v1/auth/me after sign-in. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function csrfHeaders(method: string): Record<string, string> {
  return UNSAFE.has(method.toUpperCase()) && csrfToken ? { "x-csrf-token": csrfToken } : {};
}

export type QueryValue = string | number | boolean | null | undefined;

/** A path with its query string; empty and undefined values are left out so URLs stay short and stable. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  method?: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  json?: unknown;
  body?: BodyInit;
  signal?: AbortSignal;
}

/** Reads a failed response as a problem, whatever the server sent. */
export async function toApiError(response: Response): Promise<ApiError> {
  const fallback: Problem = { title: response.statusText || "Request failed", status: response.status, detail: "" };
  try {
    const body = (await response.json()) as Partial<Problem>;
    return new ApiError({ ...fallback, ...body, detail: body.detail ?? body.title ?? fallback.title });
  } catch {
    return new ApiError({ ...fallback, detail: `${response.status} ${response.statusText}`.trim() });
  }
}

/**
 * The one way the app calls the API: same-origin cookies, the CSRF header on unsafe methods, JSON in and out, and a
 * typed ApiError carrying the problem document on failure.
 */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.json === undefined && options.body === undefined ? "GET" : "POST");
  const headers: Record<string, string> = { accept: "application/json", ...csrfHeaders(method) };
  let body = options.body;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({ title: "Network error", status: 0, detail: "The server could not be reached." });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
