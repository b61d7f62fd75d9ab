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
 * A part's file name as the user's file was named: browsers send `"`, CR and LF in a form's file names as `%22`,
 * `%0D` and `%0A` (HTML's multipart/form-data encoding), and no parser undoes it. Control characters are removed
 * later with the rest of the name's cleaning.
 */
export function formFileName(sent: string): string {
  return sent.replace(/%(22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
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
    yield { filename: formFileName(value.name), declaredType: value.type || undefined, body: value.stream() };
  }
};
