import os from "node:os";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

describe("lowerThreadPriority", () => {
  it.runIf(process.platform === "linux")("lowers the thread that calls it, not the process", async () => {
    const before = os.getPriority();
    const url = new URL("./thread-priority.mjs", import.meta.url).href;
    const worker = new Worker(
      `import os from "node:os"; import { parentPort } from "node:worker_threads";
       const { lowerThreadPriority } = await import(${JSON.stringify(url)});
       const start = os.getPriority(); lowerThreadPriority();
       parentPort.postMessage([start, os.getPriority()]);`,
      { eval: true },
    );
    const [start, lowered] = await new Promise<number[]>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    await worker.terminate();
    expect(lowered).toBe(Math.max(start as number, os.constants.priority.PRIORITY_BELOW_NORMAL));
    expect(start).toBe(before);
    expect(os.getPriority()).toBe(before);
  });
});
