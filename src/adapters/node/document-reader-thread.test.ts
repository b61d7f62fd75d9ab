import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Worker } from "node:worker_threads";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it, vi } from "vitest";
import { nextWorker, startedWorkers } from "../../../test/support/tracked-workers";
import { AppError } from "../../core/errors";
import { type ReadOptions, readForStorage } from "../../core/read-for-storage";
import { createDocumentReaderThread } from "./document-reader-thread";

// Each thread started, to stop one as a crash would.
vi.mock("node:worker_threads", async (original) =>
  (await import("../../../test/support/tracked-workers")).trackWorkers(await original()),
);

const fixtures = fileURLToPath(new URL("../../../test/fixtures/", import.meta.url));
/** Smaller than the default, so that the options are seen to reach the thread. */
const options: ReadOptions = { chunkMaxChars: 900 };
const file = (path: string) => {
  const bytes = readFileSync(join(fixtures, path));
  return new Uint8Array(path.endsWith(".gz") ? gunzipSync(bytes) : bytes);
};

describe("documents read on a thread of their own", () => {
  const reasons: string[] = [];
  const reader = createDocumentReaderThread({ onFallback: (reason) => reasons.push(reason) });
  afterAll(() => reader.close());

  it("reads each format as the caller's thread does, a Federal Register issue's parts included", async () => {
    const cases = [
      ["gov/bill-text/BILLS-116hr1865eas.xml", "xml"],
      ["gov/federal-register/FR-2024-02-12.xml.gz", "xml"],
      ["formats/2017-02-28_hr1004.pdf", "pdf"],
      ["formats/BILLS-119hr9010rh.html", "html"],
      ["formats/CREC-2005-07-20-pt1-PgH6181-2.txt", "text"],
      ["gov/votes/vote-115-2018-h147.xml", "xml"],
    ] as const;
    // Several at once, as the job consumer sends them.
    const read = await Promise.all(cases.map(([path, format]) => reader.read(file(path), format, options)));
    for (const [i, [path, format]] of cases.entries()) {
      expect(read[i], path).toEqual(await readForStorage(file(path), format, options));
    }
    expect(read[1]?.gov?.children?.length).toBeGreaterThan(10);
    expect(reasons).toEqual([]);
  });

  it("refuses what the parsers refuse, with their error", async () => {
    const pdf = file("formats/2017-02-28_hr1004.pdf");
    const truncated = pdf.subarray(0, 2000);
    const here = await readForStorage(truncated, "pdf", options).catch((error: unknown) => error);
    const there = await reader.read(truncated, "pdf", options).catch((error: unknown) => error);
    expect(here).toBeInstanceOf(AppError);
    expect(there).toBeInstanceOf(AppError);
    expect(there).toMatchObject({ code: (here as AppError).code, message: (here as AppError).message });
  });

  it("refuses documents once closed", async () => {
    const closing = createDocumentReaderThread();
    await closing.read(file("formats/CREC-2005-07-20-pt1-PgH6181-2.txt"), "text", options);
    await closing.close();
    await expect(closing.read(new Uint8Array([65]), "text", options)).rejects.toMatchObject({ code: "unavailable" });
  });

  it("refuses the documents a thread had in hand when it stops, and reads the next on a new thread", async () => {
    const reasons: string[] = [];
    const crashing = createDocumentReaderThread({ onFallback: (reason) => reasons.push(reason) });
    try {
      await crashing.read(file("formats/CREC-2005-07-20-pt1-PgH6181-2.txt"), "text", options);
      const first = startedWorkers.at(-1) as Worker;
      const issue = file("gov/federal-register/FR-2024-02-12.xml.gz");
      const inHand = crashing.read(issue, "xml", options);
      await first.terminate();
      await expect(inHand).rejects.toMatchObject({
        code: "unavailable",
        message: expect.stringContaining("the document reader thread stopped"),
      });
      expect(await crashing.read(issue, "xml", options)).toEqual(await readForStorage(issue, "xml", options));
      expect(startedWorkers.at(-1)).not.toBe(first);
      expect(reasons).toEqual([]);
    } finally {
      await crashing.close();
    }
  });

  it("reads again, each on a thread of its own, the documents a stopped thread had in hand, refusing only one that stops its thread too", async () => {
    const reasons: string[] = [];
    const crashing = createDocumentReaderThread({ onFallback: (reason) => reasons.push(reason) });
    try {
      const text = file("formats/CREC-2005-07-20-pt1-PgH6181-2.txt");
      await crashing.read(text, "text", options);
      const first = startedWorkers.at(-1) as Worker;
      const issue = file("gov/federal-register/FR-2024-02-12.xml.gz");
      // The two threads that read them again, in the order they were asked for.
      const forIssue = nextWorker();
      const forText = nextWorker();
      const inHand = [crashing.read(issue, "xml", options), crashing.read(text, "text", options)];
      await first.terminate();
      // The issue stops its own thread too: it alone is refused.
      await (await forIssue).terminate();
      await expect(inHand[0]).rejects.toMatchObject({
        code: "unavailable",
        message: expect.stringContaining("the document reader thread stopped"),
      });
      expect(await inHand[1]).toEqual(await readForStorage(text, "text", options));
      expect(await forText).not.toBe(first);
      expect(reasons).toEqual([]);
    } finally {
      await crashing.close();
    }
  });
});
