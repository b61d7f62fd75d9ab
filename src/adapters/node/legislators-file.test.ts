import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { nextWorker } from "../../../test/support/tracked-workers";
import { AppError } from "../../core/errors";
import { DEFAULT_LEGISLATORS_PATH, loadCommitteesFile, loadLegislatorsFile } from "./legislators-file";

// Each thread started, to stop one as a crash would.
vi.mock("node:worker_threads", async (original) =>
  (await import("../../../test/support/tracked-workers")).trackWorkers(await original()),
);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "legislators-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("loadLegislatorsFile", () => {
  it("loads the committed legislators-current.yaml by default", async () => {
    expect(DEFAULT_LEGISLATORS_PATH.endsWith(path.join("reference", "legislators", "legislators-current.yaml"))).toBe(
      true,
    );
    const all = await loadLegislatorsFile();
    expect(all).toHaveLength(537);
    const cantwell = all.find((l) => l.bioguideId === "C000127");
    expect(cantwell?.lisId).toBe("S275");
    expect(cantwell?.terms[0]).toEqual({
      type: "rep",
      state: "WA",
      district: 1,
      party: "Democrat",
      start: "1993-01-05",
      end: "1995-01-03",
    });
  });

  it("loads any other file, such as a historical one", async () => {
    const file = path.join(dir, "legislators-historical.yaml");
    fs.writeFileSync(
      file,
      [
        "- id: {bioguide: B000444, thomas: '00099', lis: S111}",
        "  name: {first: Jeff, last: Bingaman}",
        "  terms:",
        "  - {type: sen, start: '1983-01-03', end: '2013-01-03', state: NM, party: Democrat}",
      ].join("\n"),
    );
    expect(await loadLegislatorsFile({ path: file })).toEqual([
      {
        bioguideId: "B000444",
        lisId: "S111",
        thomasId: "00099",
        name: { first: "Jeff", last: "Bingaman" },
        terms: [{ type: "sen", state: "NM", party: "Democrat", start: "1983-01-03", end: "2013-01-03" }],
      },
    ]);
  });

  it("fails clearly on a missing file, invalid YAML and YAML that is not a list", async () => {
    await expect(loadLegislatorsFile({ path: path.join(dir, "none.yaml") })).rejects.toMatchObject({
      code: "not_found",
    });
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(bad, "- id: [unclosed\n");
    // Parsed on a thread of its own, refused as if here.
    const refused = await loadLegislatorsFile({ path: bad }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: "unprocessable",
      message: expect.stringMatching(/^legislators file is not valid YAML: /),
    });
    const map = path.join(dir, "map.yaml");
    fs.writeFileSync(map, "legislators: 3\n");
    await expect(loadLegislatorsFile({ path: map })).rejects.toMatchObject({ code: "unprocessable" });
  });

  it("loads the committed committees file, subcommittees included", async () => {
    const committees = await loadCommitteesFile();
    expect(committees.length).toBeGreaterThan(200);
    expect(committees).toContainEqual({ code: "hsag00", name: "House Committee on Agriculture", chamber: "house" });
    expect(committees.some((c) => c.code.startsWith("hsag") && c.code !== "hsag00")).toBe(true);
  });

  it("parses in this thread when its own stops mid-parse: the same records, the same refusals", async () => {
    const expected = await loadCommitteesFile();
    let starting = nextWorker();
    const loading = loadCommitteesFile();
    await (await starting).terminate();
    expect(await loading).toEqual(expected);

    const invalid = path.join(dir, "crash-invalid.yaml");
    fs.writeFileSync(invalid, "- id: [unclosed\n");
    starting = nextWorker();
    const refusing = loadLegislatorsFile({ path: invalid });
    await (await starting).terminate();
    await expect(refusing).rejects.toMatchObject({
      code: "unprocessable",
      message: expect.stringContaining("not valid YAML"),
    });
  });
});
