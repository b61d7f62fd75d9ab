import { describe, expect, it } from "vitest";
import { declaredCharset, decodeText, decodeWindows1252, isUtf8, sniffBom } from "./decode";

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => new TextEncoder().encode(text);

describe("decodeText", () => {
  it("strips a UTF-8 byte order mark", () => {
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, ...ascii("Sec. 1")))).toBe("Sec. 1");
  });

  it("decodes UTF-16 in both byte orders", () => {
    expect(decodeText(bytes(0xff, 0xfe, 0x41, 0, 0x14, 0x20))).toBe("A—");
    expect(decodeText(bytes(0xfe, 0xff, 0, 0x41, 0x20, 0x14))).toBe("A—");
  });

  it("keeps valid UTF-8 even when windows-1252 is declared", () => {
    expect(decodeText(ascii("résumé — “quoted”"), { declaredCharset: "windows-1252" })).toBe("résumé — “quoted”");
  });

  it("falls back to windows-1252 for invalid UTF-8", () => {
    expect(decodeText(bytes(0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x20, 0x80))).toBe(
      "“Hi” – café €",
    );
  });

  it("uses a declared charset the runtime knows when the bytes are not UTF-8", () => {
    // 0xA4 is the euro sign in ISO-8859-15 and the currency sign in windows-1252.
    expect(decodeText(bytes(0xa4), { declaredCharset: "iso-8859-15" })).toBe("€");
    expect(decodeText(bytes(0xa4), { declaredCharset: "no-such-charset" })).toBe("¤");
  });

  it("maps the five bytes windows-1252 leaves undefined to themselves", () => {
    expect(decodeWindows1252(bytes(0x81, 0x8d, 0x8f, 0x90, 0x9d))).toBe("\u0081\u008d\u008f\u0090\u009d");
  });
});

describe("byte helpers", () => {
  it("recognises byte order marks", () => {
    expect(sniffBom(bytes(0xef, 0xbb, 0xbf))).toEqual({ encoding: "utf-8", length: 3 });
    expect(sniffBom(bytes(0xff, 0xfe))).toEqual({ encoding: "utf-16le", length: 2 });
    expect(sniffBom(ascii("<?xml"))).toBeNull();
  });

  it("accepts UTF-8 cut mid-character only when told the bytes are a head", () => {
    const cut = ascii("é").subarray(0, 1);
    expect(isUtf8(cut)).toBe(false);
    expect(isUtf8(cut, { truncated: true })).toBe(true);
  });

  it("reads the charset from an XML declaration or a meta tag", () => {
    expect(declaredCharset(ascii('<?xml version="1.0" encoding="ISO-8859-1"?><a/>'))).toBe("ISO-8859-1");
    expect(declaredCharset(ascii('<html><head><meta charset="windows-1252">'))).toBe("windows-1252");
    expect(declaredCharset(ascii('<META http-equiv="Content-Type" content="text/html; charset=UTF-8">'))).toBe("UTF-8");
    expect(declaredCharset(ascii("<p>none</p>"))).toBeUndefined();
  });
});
