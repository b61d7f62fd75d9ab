import { describe, expect, it } from "vitest";
import { committeeCodeForms, committeeSystemCode } from "./committees";

describe("committee codes", () => {
  it("reads the system code of each spelling documents use", () => {
    // Congress.gov (bill MODS, bill status), GPO's bill XML, GovTrack.
    expect(committeeSystemCode("hsif00")).toBe("hsif00");
    expect(committeeSystemCode("HIF00")).toBe("hsif00");
    expect(committeeSystemCode("HSIF")).toBe("hsif00");
    expect(committeeSystemCode("hif14")).toBe("hsif14");
    expect(committeeSystemCode("SSFI00")).toBe("ssfi00");
    // The House's permanent select and joint committees are not `hs`.
    expect(committeeSystemCode("HIG00")).toBe("hlig00");
    expect(committeeSystemCode("hlig")).toBe("hlig00");
    expect(committeeSystemCode("hit00")).toBe("jstx00");
    expect(committeeSystemCode("ru00")).toBeNull();
    expect(committeeSystemCode("Committee on Rules")).toBeNull();
  });

  it("lists every spelling a filter must match, the system code first", () => {
    expect(committeeCodeForms("hsif00")).toEqual(["hsif00", "hsif", "hif00"]);
    expect(committeeCodeForms("HIF00")).toEqual(["hsif00", "hsif", "hif00"]);
    expect(committeeCodeForms("hsif14")).toEqual(["hsif14", "hif14"]);
    expect(committeeCodeForms("hlig00")).toEqual(["hlig00", "hlig", "hig00"]);
    expect(committeeCodeForms("ssfi00")).toEqual(["ssfi00", "ssfi"]);
    expect(committeeCodeForms(" RU00 ")).toEqual(["ru00"]);
    // Every form reads back as the same system code.
    for (const code of ["hsif00", "hlig00", "jstx00", "ssju00", "hsif14"]) {
      for (const form of committeeCodeForms(code)) expect(committeeSystemCode(form)).toBe(code);
    }
  });
});
