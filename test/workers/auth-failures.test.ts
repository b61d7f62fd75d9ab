import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createWorkerRuntime } from "../../src/apps/worker/runtime";

const ORIGIN = "https://opendiscourse.test";

describe("failed credentials on Workers", () => {
  it("are counted per address in KV at a tenth of the request limit, then answered 429", async () => {
    const { app, services } = createWorkerRuntime({ ...env, OPENDISCOURSE_RATE_LIMIT_PER_MINUTE: "20" });
    expect(services.deps.authFailureLimiter).toBeDefined();
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 1}`;
    const statuses: number[] = [];
    // Two failures a minute; a minute may end between two requests, so a refusal comes within five.
    for (let i = 0; i < 5 && !statuses.includes(429); i++) {
      const res = await app.request(`${ORIGIN}/v1/documents`, {
        headers: { authorization: "Bearer od_wrong_wrongwrongwrong", "cf-connecting-ip": address },
      });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    expect(statuses.slice(0, 2)).toEqual([401, 401]);
    expect(statuses).toContain(429);
    const off = createWorkerRuntime({ ...env, OPENDISCOURSE_RATE_LIMIT_PER_MINUTE: "0" });
    expect(off.services.deps.authFailureLimiter).toBeUndefined();
  });
});
