import type { ErrorCode } from "../core/errors";

/** The CLI's exit code for each error code (sysexits-style where one fits). */
export const EXIT_CODE: Record<ErrorCode, number> = {
  bad_request: 64,
  unauthorized: 77,
  forbidden: 77,
  not_found: 66,
  conflict: 75,
  payload_too_large: 65,
  unsupported_media_type: 65,
  unprocessable: 65,
  rate_limited: 75,
  unavailable: 69,
  internal: 70,
};

/** Some files of an ingest failed; the rest went through. */
export const EXIT_PARTIAL_FAILURE = 1;
