// Plain JavaScript, so that the embedder's worker, which runs without a TypeScript loader, can import it too.
import os from "node:os";

/**
 * Puts the calling thread below the threads that serve searches, on Linux, where a thread has a priority of its own
 * (other systems would lower the whole process): the work of an ingest (reading documents, embedding their passages)
 * then takes the cores searches leave idle rather than a share of them. A system that refuses leaves it as it was.
 */
export function lowerThreadPriority() {
  if (process.platform !== "linux") return;
  const below = os.constants.priority.PRIORITY_BELOW_NORMAL;
  try {
    // A higher nice value is a lower priority: a thread already lower (a server started with `nice`) stays so.
    if (os.getPriority() < below) os.setPriority(below);
  } catch {
    // A preference only.
  }
}
