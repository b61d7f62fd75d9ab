import { AppError } from "../errors";
import { decodeListCursor } from "./listing";
import { compareUtf8, isWellFormed } from "./utf8";

/** The keys a listing page may hold, as a range in UTF-8 order, for stores that walk a sorted index. */
export interface ListBounds {
  /** Lowest key to return; inclusive for a prefix, exclusive after a cursor. */
  lower: string;
  inclusive: boolean;
  /** Smallest key above every key with the prefix, or null when there is none. */
  upper: string | null;
}

/**
 * The key range of a listing: the keys with the prefix, after the key the cursor names (see `encodeListCursor`).
 * A range rather than a prefix test lets SQLite walk the primary-key index instead of scanning. An empty cursor
 * counts as none; throws `bad_request` for a prefix that is not well-formed text or a cursor that is not ours.
 */
export function listBounds(prefix: unknown, cursor: unknown): ListBounds {
  if (typeof prefix !== "string" || !isWellFormed(prefix)) {
    throw new AppError("bad_request", "list prefix must be well-formed text");
  }
  const upper = prefixUpperBound(prefix);
  if (cursor === undefined || cursor === "") return { lower: prefix, inclusive: true, upper };
  const after = decodeListCursor(cursor);
  return compareUtf8(after, prefix) >= 0
    ? { lower: after, inclusive: false, upper }
    : { lower: prefix, inclusive: true, upper };
}

/** Increments the last code point that can be incremented (skipping surrogates), dropping any after it. */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix, (c) => c.codePointAt(0) as number);
  while (points.length > 0) {
    const last = points.pop() as number;
    if (last < 0x10ffff) {
      points.push(last === 0xd7ff ? 0xe000 : last + 1);
      return String.fromCodePoint(...points);
    }
  }
  return null;
}
