import type { Deps } from "./deps";
import { errorMessage } from "./errors";

export interface ReadinessCheck {
  name: "database" | "blobs" | "queue" | "model";
  ok: boolean;
  detail?: string;
}

/**
 * Readiness: each dependency answers a cheap request. The model check embeds one word, so a remote embedder that
 * is down shows here (keyword search still works).
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
      ]);
      return { ok: checks.every((c) => c.ok), checks };
    },
  };
}
