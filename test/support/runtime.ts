import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readBusboyUploads } from "../../src/adapters/node/busboy-uploads";
import { openNodeRuntime } from "../../src/apps/node-runtime";
import { type ConfigInput, configSchema } from "../../src/core/config";
import type { DocumentRecord, DocumentState } from "../../src/core/domain";
import { silentLogger } from "../../src/core/observability";
import type { Role } from "../../src/core/security";
import type { Services } from "../../src/core/services";
import { createApp } from "../../src/http/app";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

export function fixture(...path: string[]): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, ...path)));
}

/** A Node runtime over a fresh temporary data folder, with its job workers running, and the HTTP app over it. */
export async function openTestRuntime(overrides: Partial<ConfigInput> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), "opendiscourse-test-"));
  const config = configSchema.parse({ dataDir, embedder: "use-lite", embedThreads: 1, ...overrides });
  const runtime = await openNodeRuntime(config, silentLogger);
  const workers = runtime.startWorkers();
  const app = createApp(runtime.services, {
    metrics: runtime.metrics,
    readUploads: readBusboyUploads,
    docsAsset: runtime.docsAsset,
    // As a local client seen by the Node server: inside the default admin allowlist.
    remoteAddress: () => "127.0.0.1",
  });
  const keys = new Map<Role, string>();
  return {
    config,
    dataDir,
    runtime,
    services: runtime.services,
    app,
    /**
     * Headers authenticating as the role (an API key made once per role and runtime): every HTTP test sends them,
     * as a real client would.
     */
    async auth(role: Role = "admin"): Promise<Record<string, string>> {
      let key = keys.get(role);
      if (!key) {
        key = (await runtime.services.security.keys.create({ role, name: `test ${role}` }, { actor: "cli" })).key;
        keys.set(role, key);
      }
      return { authorization: `Bearer ${key}` };
    },
    async close() {
      await workers.stop();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until the document reaches one of the states (the pipeline is asynchronous). */
export async function waitForDocument(
  services: Services,
  id: string,
  states: DocumentState[] = ["ready", "failed"],
  timeoutMs = 60_000,
): Promise<DocumentRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const doc = await services.documents.get(id);
    if (states.includes(doc.state)) return doc;
    if (Date.now() > deadline) throw new Error(`document ${id} stuck in ${doc.state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function multipart(files: { name: string; bytes: Uint8Array | string; type?: string }[]): FormData {
  const form = new FormData();
  for (const f of files) {
    form.append("file", new Blob([f.bytes as BlobPart], { type: f.type ?? "application/octet-stream" }), f.name);
  }
  return form;
}
