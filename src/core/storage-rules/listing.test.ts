import { describe, expect, it } from "vitest";
import { checkListLimit, decodeListCursor, encodeListCursor } from "./listing";

const bad = { code: "bad_request" };

describe("list cursors", () => {
  it("round-trip any non-empty key, a leading BOM included, as unpadded base64url", () => {
    for (const key of ["a", "docs/2024/bill.pdf", "\uFEFFx", "法律😀", "?>?"]) {
      const cursor = encodeListCursor(key);
      expect(cursor).toBe(Buffer.from(key, "utf8").toString("base64url"));
      expect(decodeListCursor(cursor)).toBe(key);
    }
  });

  it("refuse what encodeListCursor would not make", () => {
    const key = encodeListCursor("ab");
    for (const cursor of ["", "%%%", "not a cursor!", `${key}=`, "YQ==", "YR", "Zg/", "gA", 42]) {
      expect(() => decodeListCursor(cursor), String(cursor)).toThrow(expect.objectContaining(bad));
    }
  });
});

describe("checkListLimit", () => {
  it("defaults to 1000 and accepts integers from 1 to 1000 only", () => {
    expect(checkListLimit(undefined)).toBe(1000);
    expect(checkListLimit(1)).toBe(1);
    for (const limit of [0, 1001, 2.5, "10", Number.NaN]) {
      expect(() => checkListLimit(limit)).toThrow(expect.objectContaining(bad));
    }
  });
});
