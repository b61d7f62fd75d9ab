import { AppError } from "../../errors";
import {
  type AesKey,
  DATA_KEY_ID_BYTES,
  DEFAULT_SEGMENT_BYTES,
  decodeHeader,
  encodeHeader,
  HEADER_BYTES,
  NONCE_PREFIX_BYTES,
  type SegmentHeader,
  segmentParameters,
  TAG_BYTES,
} from "./format";

export interface EncryptStreamOptions {
  /** The object's own AES-256-GCM data key. */
  key: AesKey;
  /** Written into the header: finds the wrapped data key again when the object is read. */
  dataKeyId: Uint8Array<ArrayBuffer>;
  segmentBytes?: number;
}

/**
 * Encrypts a byte stream segment by segment. At most one segment of plaintext is held at a time, and the
 * transform waits once a few segments are being sealed, so a reader that stops reading stops the writer
 * (backpressure).
 */
export function createEncryptStream(options: EncryptStreamOptions): TransformStream<Uint8Array, Uint8Array> {
  const segmentBytes = options.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  const header = encodeHeader({
    segmentBytes,
    dataKeyId: options.dataKeyId,
    noncePrefix: crypto.getRandomValues(new Uint8Array(NONCE_PREFIX_BYTES)),
  });
  let segment = new Uint8Array(segmentBytes);
  let filled = 0;
  let index = 0;
  const sealed = inOrder();

  function seal(final: boolean): Promise<Uint8Array> {
    const params = segmentParameters(header, index++, final);
    const plain = segment.subarray(0, filled);
    segment = new Uint8Array(segmentBytes);
    filled = 0;
    return crypto.subtle
      .encrypt(
        { name: "AES-GCM", iv: params.iv, additionalData: params.additionalData, tagLength: TAG_BYTES * 8 },
        options.key,
        plain,
      )
      .then((bytes) => new Uint8Array(bytes));
  }

  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      controller.enqueue(header.bytes.slice());
    },
    async transform(chunk, controller) {
      let offset = 0;
      while (offset < chunk.byteLength) {
        // A full segment is sealed only once more bytes arrive: the last one must be sealed as final.
        if (filled === segmentBytes) await sealed.add(seal(false), controller);
        const n = Math.min(segmentBytes - filled, chunk.byteLength - offset);
        segment.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
      }
    },
    async flush(controller) {
      await sealed.add(seal(true), controller);
      await sealed.drain(controller);
    },
  });
}

export interface DecryptStreamOptions {
  /** The data key for the object this header names; throws when there is none. */
  resolveKey(header: SegmentHeader): Promise<AesKey>;
}

/**
 * Decrypts what `createEncryptStream` wrote, segment by segment, and errors the stream (an `AppError` saying
 * which segment) instead of ever passing on a byte that did not authenticate. A stream cut short, even at a
 * segment boundary, errors at its end.
 */
export function createDecryptStream(options: DecryptStreamOptions): TransformStream<Uint8Array, Uint8Array> {
  const headerBuffer = new Uint8Array(HEADER_BYTES);
  let headerFilled = 0;
  let header: SegmentHeader | undefined;
  let key: AesKey | undefined;
  let segment: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  let filled = 0;
  let index = 0;
  const opened = inOrder();

  function open(final: boolean): Promise<Uint8Array> {
    if (!header || !key) throw truncated();
    const at = index++;
    const params = segmentParameters(header, at, final);
    const sealed = segment.subarray(0, filled);
    segment = new Uint8Array(segment.byteLength);
    filled = 0;
    return crypto.subtle
      .decrypt(
        { name: "AES-GCM", iv: params.iv, additionalData: params.additionalData, tagLength: TAG_BYTES * 8 },
        key,
        sealed,
      )
      .then(
        (plain) => new Uint8Array(plain),
        () => {
          throw new AppError(
            "internal",
            `encrypted object: segment ${at} does not authenticate (damaged, truncated, reordered, or the wrong key)`,
          );
        },
      );
  }

  return new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      let offset = 0;
      if (!header) {
        const n = Math.min(HEADER_BYTES - headerFilled, chunk.byteLength);
        headerBuffer.set(chunk.subarray(0, n), headerFilled);
        headerFilled += n;
        offset = n;
        if (headerFilled < HEADER_BYTES) return;
        header = decodeHeader(headerBuffer);
        key = await options.resolveKey(header);
        segment = new Uint8Array(header.segmentBytes + TAG_BYTES);
      }
      while (offset < chunk.byteLength) {
        // A full segment may be the last one: it is opened once more bytes show it is not.
        if (filled === segment.byteLength) await opened.add(open(false), controller);
        const n = Math.min(segment.byteLength - filled, chunk.byteLength - offset);
        segment.set(chunk.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
      }
    },
    async flush(controller) {
      if (!header || filled < TAG_BYTES) {
        await opened.drain(controller);
        throw truncated();
      }
      await opened.add(open(true), controller);
      await opened.drain(controller);
    },
  });
}

/** Segments sealed or opened at once: WebCrypto works off the main thread, so a few in flight keep cores busy. */
const IN_FLIGHT = 4;

/**
 * Results of segment operations passed on in the order they were started, with at most `IN_FLIGHT` running: the
 * first failure stops the stream before anything after it is passed on.
 */
function inOrder() {
  const running: Promise<Uint8Array>[] = [];
  const next = async (controller: TransformStreamDefaultController<Uint8Array>) => {
    const first = running.shift();
    if (first) controller.enqueue(await first);
  };
  return {
    async add(work: Promise<Uint8Array>, controller: TransformStreamDefaultController<Uint8Array>) {
      // Awaited in order below; this only keeps a failure behind an earlier one from being reported as unhandled.
      work.catch(() => {});
      running.push(work);
      if (running.length >= IN_FLIGHT) await next(controller);
    },
    async drain(controller: TransformStreamDefaultController<Uint8Array>) {
      while (running.length > 0) await next(controller);
    },
  };
}

function truncated(): AppError {
  return new AppError("internal", "encrypted object: truncated (the stream ends before its last segment)");
}

/** Reads the data key id from a header, as the lower-case hex the store records it under. */
export function dataKeyIdHex(header: Pick<SegmentHeader, "dataKeyId">): string {
  return Array.from(header.dataKeyId.subarray(0, DATA_KEY_ID_BYTES), (b) => b.toString(16).padStart(2, "0")).join("");
}
