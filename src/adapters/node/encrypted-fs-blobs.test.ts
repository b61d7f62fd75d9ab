import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { silentLogger } from "../../core/observability";
import { describeBlobStoreContract } from "../../core/testing/blob-store.contract";
import { openEncryptedFsBlobs } from "./encrypted-fs-blobs";
import { applyMigrations } from "./migrations";
import { openSqliteDatabase } from "./sqlite-database";

describeBlobStoreContract("encrypted over fs", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "encrypted-fs-contract-"));
  const db = openSqliteDatabase({ path: path.join(dataDir, "test.db") });
  applyMigrations(db.raw);
  const { blobs } = await openEncryptedFsBlobs({ dataDir }, { db, logger: silentLogger });
  return {
    store: blobs,
    cleanup: async () => {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
