import { describe, expect, it } from "vitest";
import { chronological, versionStage } from "./version-order";

const order = (versions: [string, string | null][]) =>
  chronological(versions.map(([version, date]) => ({ version, date }))).map((v) => v.version);

describe("version order", () => {
  it("orders dated versions by date, whatever the stage", () => {
    expect(
      order([
        ["eh", "2021-06-15"],
        ["ih", "2021-03-18"],
        ["rh", "2021-05-28"],
      ]),
    ).toEqual(["ih", "rh", "eh"]);
  });

  it("puts an undated version after the dated ones of its stage or before, not after every dated one", () => {
    expect(
      order([
        ["ih", "2021-03-18"],
        ["eh", "2021-06-15"],
        ["rh", null],
      ]),
    ).toEqual(["ih", "rh", "eh"]);
    expect(
      order([
        ["enr", null],
        ["eh", "2021-06-15"],
        ["ih", null],
        ["rfs", "2021-06-16"],
      ]),
    ).toEqual(["ih", "eh", "rfs", "enr"]);
    expect(
      order([
        ["rh", null],
        ["ih", null],
        ["eas", null],
      ]),
    ).toEqual(["ih", "rh", "eas"]);
  });

  it("treats an unknown code as a committee stage", () => {
    expect(versionStage("zz")).toBe(versionStage("rh"));
    expect(versionStage(null)).toBe(versionStage("rh"));
  });
});
