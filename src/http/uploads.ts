import { AppError } from "../core/errors";

export interface UploadedFile {
  filename: string;
  declaredType?: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * Reads the files of a multipart request one at a time. Each file's body must be consumed (or cancelled) before
 * the next is yielded, which lets a streaming implementation hold only one part in flight.
 */
export type UploadReader = (request: Request, limits: UploadLimits) => AsyncIterable<UploadedFile>;

export interface UploadLimits {
  maxFileBytes: number;
  /** The whole request, framing included: past it the reader stops reading and fails with payload_too_large. */
  maxRequestBytes: number;
}

/**
 * The web-standard reader: `Request.formData()`. It buffers the request, which is what Workers do anyway (their
 * request bodies are capped by the platform); the Node server passes a streaming reader instead.
 */
export const readFormDataUploads: UploadReader = async function* (request) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError("bad_request", "the request body is not valid multipart/form-data");
  }
  for (const [, value] of form.entries()) {
    if (typeof value === "string") continue;
    yield { filename: value.name, declaredType: value.type || undefined, body: value.stream() };
  }
};
