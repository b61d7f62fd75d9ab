import type * as WorkerThreads from "node:worker_threads";

/**
 * Every thread started while `node:worker_threads` is mocked with `trackWorkers`, in order: a test stops one as a
 * crash would.
 */
export const startedWorkers: WorkerThreads.Worker[] = [];

const waiting: ((worker: WorkerThreads.Worker) => void)[] = [];

/**
 * The next thread started, as soon as it is made: before it can have answered anything, so that a test can stop it
 * while the code that started it waits for it. Each call waits for a thread of its own: the next one not yet given.
 */
export function nextWorker(): Promise<WorkerThreads.Worker> {
  return new Promise((resolve) => waiting.push(resolve));
}

/**
 * `vi.mock("node:worker_threads", async (original) => (await import("…/tracked-workers")).trackWorkers(await
 * original()))`: the module as it is, its `Worker` recording each thread in `startedWorkers`.
 */
export function trackWorkers(actual: typeof WorkerThreads): typeof WorkerThreads {
  class Tracked extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      startedWorkers.push(this);
      waiting.shift()?.(this);
    }
  }
  return { ...actual, Worker: Tracked };
}
