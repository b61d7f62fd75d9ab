import { describe, expect, it } from "vitest";
import { textKey } from "./store-parsed";

describe("text key", () => {
  it("is the same for the same text of the same thing, and apart for two bills or versions worded alike", () => {
    const text = "Relating to a national emergency declared by the President on February 15, 2019.";
    const hjres = { documentType: "bill", billId: "116-hjres-46", version: { code: "enr" }, date: null };
    expect(textKey(text, hjres)).toBe(textKey(text, { ...hjres }));
    expect(textKey(text, hjres)).toMatch(/^[0-9a-f]{64}$/);
    expect(textKey(text, { ...hjres, billId: "116-sjres-54" })).not.toBe(textKey(text, hjres));
    expect(textKey(text, { ...hjres, version: { code: "eh" } })).not.toBe(textKey(text, hjres));
    expect(textKey(`${text} `, hjres)).not.toBe(textKey(text, hjres));
    expect(textKey(text, undefined)).not.toBe(textKey(text, hjres));
  });
});
