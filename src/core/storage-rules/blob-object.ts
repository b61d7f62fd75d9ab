import type { BlobHttpMetadata, BlobObject, BlobObjectBody } from "../ports/blob-store";

/**
 * The parts of a `BlobObject` our stores build alike, so that objects from the Node store and the in-memory one
 * look the same to callers (and as R2's do for the fields we keep).
 */

/** The HTTP metadata a store keeps: only the content type and disposition, as strings. */
export function pickHttpMetadata(input: BlobHttpMetadata | undefined): BlobHttpMetadata {
  const out: BlobHttpMetadata = {};
  if (input?.contentType !== undefined) out.contentType = String(input.contentType);
  if (input?.contentDisposition !== undefined) out.contentDisposition = String(input.contentDisposition);
  return out;
}

/**
 * The object with its body. The body can be read once, by streaming it or through `arrayBuffer()` or `text()`
 * (UTF-8), as on R2.
 */
export function blobObjectBody(object: BlobObject, body: ReadableStream<Uint8Array>): BlobObjectBody {
  const arrayBuffer = () => new Response(body).arrayBuffer();
  return {
    ...object,
    body,
    arrayBuffer,
    text: async () => new TextDecoder().decode(await arrayBuffer()),
  };
}
