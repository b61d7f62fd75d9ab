import type * as WorkerThreads from "node:worker_threads";

/**
 * Every thread started while `node:worker_threads` is mocked with `trackWorkers`, in order: a test stops one as a
 * crash would.
 */
export const startedWorkers: WorkerThreads.Worker[] = [];

/**
 * `vi.mock("node:worker_threads", async (original) => (await import("…/tracked-workers")).trackWorkers(await
 * original()))`: the module as it is, its `Worker` recording each thread in `startedWorkers`.
 */
export function trackWorkers(actual: typeof WorkerThreads): typeof WorkerThreads {
  class Tracked extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      startedWorkers.push(this);
    }
  }
  return { ...actual, Worker: Tracked };
}
