import { createHash } from "node:crypto";
import { join } from "node:path";
import type { AppConfig } from "../../core/config";
import type { Logger } from "../../core/observability";
import type { BlobStore, SqlDatabase } from "../../core/ports";
import { createEncryptedBlobStore, type IncrementalHash, type Keyring } from "../../core/security/encryption";
import { createFsBlobStore } from "./fs-blob-store";
import { loadNodeKeyring } from "./master-key-file";

/**
 * The data folder's document store, encrypted at rest: files under `blobs/`, each object's data key wrapped by the
 * master key (`loadNodeKeyring`) in the database. `inner` is the store as stored, for maintenance commands;
 * `keyring` the master keys, for readiness and rewrapping.
 */
export async function openEncryptedFsBlobs(
  config: Pick<AppConfig, "dataDir" | "masterKey" | "masterKeyFile">,
  options: { db: SqlDatabase; logger: Logger },
): Promise<{ blobs: BlobStore; inner: BlobStore; keyring: Keyring }> {
  const inner = createFsBlobStore({ root: join(config.dataDir, "blobs") });
  const keyring = await loadNodeKeyring(config, options.logger);
  let warned = false;
  const blobs = createEncryptedBlobStore({
    inner,
    db: options.db,
    keyring,
    md5: nodeMd5,
    onPlaintextRead(key) {
      if (warned) return;
      warned = true;
      options.logger.warn(
        { key },
        "documents stored before encryption are still in plaintext; run `opendiscourse encryption encrypt-existing`",
      );
    },
  });
  return { blobs, inner, keyring };
}

/** Node's native MD5: several times faster than the JavaScript one for large documents. */
function nodeMd5(): IncrementalHash {
  const hash = createHash("md5");
  return { update: (bytes) => hash.update(bytes), digestHex: () => hash.digest("hex") };
}
