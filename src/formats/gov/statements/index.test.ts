import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "../../parse";
import { congressOn } from "../bill-id";
import { recogniseStatement } from "./index";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "..", "test", "fixtures");

async function read(...path: string[]) {
  return parseDocument(new Uint8Array(readFileSync(join(FIXTURES, ...path))), "pdf");
}

describe("recogniseStatement", () => {
  it("reads a statement's date, chamber, bill and sponsor", async () => {
    const sap = recogniseStatement(await read("legislation", "2018-05-15_s2372.pdf"));
    expect(sap?.metadata).toMatchObject({
      documentType: "statement-of-administration-policy",
      date: "2018-05-15",
      dateKind: "publication",
      congress: 115,
      chamber: "house",
      billId: "115-s-2372",
      billType: "s",
      billNumber: 2372,
      relatedBills: [],
      people: [{ name: "Rep. Roe", role: "sponsor", party: "R", state: "TN" }],
    });
    expect(sap?.metadata.title).toMatch(/^Statement of Administration Policy: S\. 2372 – John S\. McCain III/);
  });

  it("reads a 117th Congress statement", async () => {
    const sap = recogniseStatement(await read("documents", "2022-03-09_hr2471.pdf"));
    expect(sap?.metadata.billId).toBe("117-hr-2471");
    expect(sap?.metadata.date).toBe("2022-03-09");
  });

  it("leaves other documents alone", () => {
    expect(recogniseStatement({ text: "A bill to amend title 42.", sections: [] })).toBeNull();
  });

  it.each([
    ["2017-01-02", 114],
    ["2017-01-03", 115],
    ["2018-05-15", 115],
    ["2021-06-22", 117],
    ["2022-03-09", 117],
    ["2019-01-03", 116],
  ])("the Congress sitting on %s is the %ith", (date, congress) => {
    expect(congressOn(date)).toBe(congress);
  });
});
