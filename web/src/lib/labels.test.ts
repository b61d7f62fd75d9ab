import { describe, expect, it } from "vitest";
import { billLabel, versionLabel } from "./labels";

describe("labels", () => {
  it("names bill versions and enacted laws by GPO's codes, and shows other codes as they are", () => {
    expect(versionLabel("enr")).toBe("Enrolled Bill");
    expect(versionLabel("publ")).toBe("Public Law");
    expect(versionLabel("pvtl")).toBe("Private Law");
    expect(versionLabel("xyz")).toBe("XYZ");
    expect(billLabel("114-hr-240")).toBe("H.R. 240 (114th)");
  });
});
