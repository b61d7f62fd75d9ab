import { sha256 } from "@noble/hashes/sha2.js";

/**
 * Small byte helpers on web-standard APIs and pure JavaScript, so the security code runs unchanged on Node and
 * Workers.
 */

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** Lower-case RFC 4648 base32 without padding: no `_` or `-`, so it can sit between separators in a key. */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** SHA-256 of the UTF-8 text, as lower-case hex. */
export async function sha256Hex(text: string): Promise<string> {
  // Synchronous: `crypto.subtle.digest` hands a 50-byte key to a thread and back, about 100 µs of CPU a request on
  // Node (9 % of a cached search's time) against about 2 µs here.
  return toHex(sha256(new TextEncoder().encode(text)));
}

/**
 * Compares without an early exit, so the time taken says nothing about where two values differ. Lengths are
 * compared openly: every value compared here (hex digests, derived keys) has a public, fixed length.
 */
export function constantTimeEqual(a: Uint8Array | string, b: Uint8Array | string): boolean {
  const x = typeof a === "string" ? new TextEncoder().encode(a) : a;
  const y = typeof b === "string" ? new TextEncoder().encode(b) : b;
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
