import { AppError, type ErrorCode, errorMessage } from "../../core/errors";

/** An error as a thread sends it back: what an `AppError` needs to be thrown again on the other side. */
export interface ThreadError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/** The error thrown in a thread, for its reply (`internal` unless it was an `AppError`). */
export function threadError(error: unknown): ThreadError {
  if (!(error instanceof AppError)) return { code: "internal", message: errorMessage(error) };
  return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
}

/** A thread's error, thrown again in the caller's thread as the `AppError` it was. */
export function fromThreadError(error: ThreadError): AppError {
  return new AppError(error.code, error.message, error.details);
}
