import { scryptAsync } from "@noble/hashes/scrypt.js";
import { constantTimeEqual, fromBase64, randomBytes, toBase64 } from "./encoding";

export interface ScryptParams {
  /** CPU and memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * One of OWASP's equivalent scrypt settings (N=2^17,r=8,p=1 ≈ N=2^15,r=8,p=3): the same work with 32 MiB of memory
 * rather than 128, so several logins at once stay within a small machine's (or a Worker's) memory.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

/** Derives `dkLen` bytes from the (already NFKC-normalised) password; the Node runtime may pass its native scrypt, which gives the same bytes faster. */
export type ScryptFunction = (
  password: string,
  salt: Uint8Array,
  params: ScryptParams & { dkLen: number },
) => Promise<Uint8Array>;

const nobleScrypt: ScryptFunction = (password, salt, params) =>
  scryptAsync(password, salt, { ...params, maxmem: 2 ** 30 });

const KEY_LENGTH = 32;

/** `scrypt$N$r$p$<salt base64>$<key base64>`: the parameters travel with the hash, so they can be raised later. */
export async function hashPassword(
  password: string,
  options: { params?: ScryptParams; scrypt?: ScryptFunction } = {},
): Promise<string> {
  const params = options.params ?? DEFAULT_SCRYPT;
  const salt = randomBytes(16);
  const key = await (options.scrypt ?? nobleScrypt)(password.normalize("NFKC"), salt, { ...params, dkLen: KEY_LENGTH });
  return ["scrypt", params.N, params.r, params.p, toBase64(salt), toBase64(key)].join("$");
}

/** Whether the password matches the stored hash; false (never a throw) for a hash it cannot read. */
export async function verifyPassword(
  password: string,
  stored: string,
  options: { scrypt?: ScryptFunction } = {},
): Promise<boolean> {
  const parts = stored.split("$");
  const [scheme, n, r, p, salt, key] = parts;
  if (parts.length !== 6 || scheme !== "scrypt" || !salt || !key) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every((v) => Number.isInteger(v) && v > 0)) return false;
  const expected = fromBase64(key);
  const derived = await (options.scrypt ?? nobleScrypt)(password.normalize("NFKC"), fromBase64(salt), {
    ...params,
    dkLen: expected.length,
  });
  return constantTimeEqual(derived, expected);
}

/** Whether a stored hash uses weaker parameters than `params` (rehash it at the next successful login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const [scheme, n, r, p] = stored.split("$");
  if (scheme !== "scrypt") return true;
  return Number(n) * Number(r) * Number(p) < params.N * params.r * params.p;
}
