import { describe, expect, it } from "vitest";
import { compareUtf8, isWellFormed, utf8Length } from "./utf8";

const samples = ["", "a", "é", "ß€", "法律", "😀", "a😀b", "\uFEFFkey", "\uD800", "x\uDC00y", "\uDBFF\uDFFF", "\uD83D"];

describe("utf8Length", () => {
  it("counts the bytes TextEncoder writes, lone surrogates as U+FFFD", () => {
    const encoder = new TextEncoder();
    for (const text of samples) expect(utf8Length(text), JSON.stringify(text)).toBe(encoder.encode(text).byteLength);
  });
});

describe("isWellFormed", () => {
  it("refuses lone surrogates only", () => {
    expect(["a", "😀", "\uFEFF"].every(isWellFormed)).toBe(true);
    expect(["\uD800", "x\uDC00", "\uDC00\uD800"].some(isWellFormed)).toBe(false);
  });
});

describe("compareUtf8", () => {
  it("orders as the UTF-8 bytes do", () => {
    const wellFormed = samples.filter(isWellFormed);
    const encoder = new TextEncoder();
    const byBytes = (a: string, b: string) => Buffer.compare(encoder.encode(a), encoder.encode(b));
    expect([...wellFormed].sort(compareUtf8)).toEqual([...wellFormed].sort(byBytes));
    expect(compareUtf8("\uFFFF", "😀")).toBeLessThan(0);
  });
});
