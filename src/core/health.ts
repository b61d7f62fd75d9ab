import type { Deps } from "./deps";
import { errorMessage } from "./errors";
import { currentKeyring } from "./security/encryption";

export interface ReadinessCheck {
  name: "database" | "blobs" | "queue" | "model" | "encryption";
  ok: boolean;
  detail?: string;
}

/** Why uploads fail on a runtime without a master key; the store itself refuses them (503). */
export const NO_MASTER_KEY = "OPENDISCOURSE_MASTER_KEY is not set; uploads are refused";

/**
 * Readiness: each dependency answers a cheap request. The model check embeds one word, so a remote embedder that
 * is down shows here (keyword search still works). The encryption check says which master key new documents are
 * encrypted with, and fails when there is none (a Worker without the secret), since uploads then fail.
 */
export function createHealth(deps: Deps) {
  async function check(name: ReadinessCheck["name"], probe: () => Promise<unknown>): Promise<ReadinessCheck> {
    try {
      await probe();
      return { name, ok: true };
    } catch (error) {
      return { name, ok: false, detail: errorMessage(error) };
    }
  }
  async function encryption(): Promise<ReadinessCheck> {
    const name = "encryption";
    if (deps.keyring === undefined) return { name, ok: true, detail: "the document store does not encrypt" };
    try {
      const configured = await deps.keyring;
      if (!configured) return { name, ok: false, detail: NO_MASTER_KEY };
      const ring = await currentKeyring(configured);
      const older = ring.ids.length - 1;
      const rotating = older > 0 ? `; ${older} older key(s) kept to read data keys not yet rewrapped` : "";
      return { name, ok: true, detail: `master key ${ring.currentId}${rotating}` };
    } catch (error) {
      return { name, ok: false, detail: errorMessage(error) };
    }
  }
  return {
    async readiness(): Promise<{ ok: boolean; checks: ReadinessCheck[] }> {
      const checks = await Promise.all([
        check("database", () => deps.db.prepare("SELECT COUNT(*) AS n FROM d1_migrations").first()),
        check("blobs", () => deps.blobs.head("readiness-probe")),
        check(
          "queue",
          deps.probeQueue ??
            (() => deps.db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE dispatched_at IS NULL").first()),
        ),
        deps.embedder
          ? check("model", () => (deps.embedder as NonNullable<Deps["embedder"]>).embed(["ready"]))
          : Promise.resolve<ReadinessCheck>({ name: "model", ok: true, detail: "no embedder configured" }),
        encryption(),
      ]);
      return { ok: checks.every((c) => c.ok), checks };
    },
  };
}
