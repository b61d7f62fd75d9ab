import { scrypt } from "node:crypto";
import type { ScryptFunction } from "../../core/security";

/** Node's scrypt: the same bytes as the web-standard one in core, several times faster. */
export const nativeScrypt: ScryptFunction = (password, salt, { N, r, p, dkLen }) =>
  new Promise((resolve, reject) =>
    scrypt(password, salt, dkLen, { N, r, p, maxmem: 2 ** 30 }, (error, key) =>
      error ? reject(error) : resolve(new Uint8Array(key)),
    ),
  );
