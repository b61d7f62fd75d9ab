import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createWorkerUrlFetcher } from "../../src/adapters/cloudflare/worker-url-fetcher";
import type { WorkerEnv } from "../../src/apps/worker/env";
import { createWorkerRuntime } from "../../src/apps/worker/runtime";

const LIMITS = { maxBytes: 1024 * 1024, timeoutMs: 5_000 };

// Inside workerd, with the platform's own fetch: every refusal happens before a request is sent, so none of these
// needs a network.
describe("the Worker URL fetcher inside workerd", () => {
  const strict = createWorkerUrlFetcher({ allowPrivate: false });

  it.each([
    ["http://127.0.0.1:8787/", "refused: 127.0.0.1 is a loopback address"],
    ["http://169.254.169.254/latest/meta-data/", "refused: 169.254.169.254 is a link-local address"],
    ["http://[::1]/", "refused: ::1 is a loopback address"],
    ["http://0.0.0.0/", "refused: 0.0.0.0 is an unspecified address"],
    ["http://192.168.0.1/", "refused: 192.168.0.1 is a private address"],
    ["http://localhost/", "refused: localhost is a local host name"],
    ["http://service.internal/", "refused: service.internal is a local host name"],
  ])("refuses %s", async (url, message) => {
    await expect(strict.fetch(url, LIMITS)).rejects.toMatchObject({ code: "forbidden", message });
  });

  it("refuses a scheme other than http and https", async () => {
    await expect(strict.fetch("file:///etc/passwd", LIMITS)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("refuses a redirect to the metadata address after the first hop", async () => {
    const calls: string[] = [];
    const fetcher = createWorkerUrlFetcher({
      allowPrivate: false,
      fetch: async (input) => {
        calls.push(String(input));
        return new Response(null, { status: 307, headers: { location: "http://169.254.169.254/" } });
      },
    });
    await expect(fetcher.fetch("https://www.govinfo.gov/app/details", LIMITS)).rejects.toMatchObject({
      code: "forbidden",
      message: "refused: 169.254.169.254 is a link-local address",
    });
    expect(calls).toEqual(["https://www.govinfo.gov/app/details"]);
  });

  it("is what the Worker runtime ingests URLs with, and a refusal stores nothing", async () => {
    const { services } = createWorkerRuntime(env as unknown as WorkerEnv);
    const count = async () =>
      (await services.deps.db.prepare("SELECT count(*) AS n FROM documents").first<{ n: number }>())?.n;
    const before = await count();
    await expect(
      services.ingestUrl({ url: "http://169.254.169.254/latest/meta-data/", uploadedBy: "test" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await count()).toBe(before);
  });
});
