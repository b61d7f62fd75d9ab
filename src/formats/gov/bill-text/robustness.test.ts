import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { parseBillDtd } from "./bill-dtd";
import { parseBillHtml } from "./bill-html";
import { parseBillMods } from "./bill-mods";
import { parseBillPdf } from "./bill-pdf";
import { parseBillXhtml } from "./bill-xhtml";
import { parseUslm } from "./uslm";

const encode = (s: string) => new TextEncoder().encode(s);
const USLM = '<bill xmlns="http://schemas.gpo.gov/xml/uslm"><meta><citableAs>116hr1ih</citableAs></meta>';

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "parsed";
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unprocessable");
    return (error as AppError).message;
  }
}

describe("bad input", () => {
  it("refuses an empty file, a file without markup and a truncated file", async () => {
    expect(await reason(parseUslm(new Uint8Array()))).toBe("the file is empty");
    expect(await reason(parseBillDtd(encode("just text")))).toBe("the file has no XML root element");
    expect(await reason(parseUslm(encode(`${USLM}<main><section>`)))).toMatch(/truncated/);
  });

  it("never resolves external entities or expands entity definitions", async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE bill [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><bill bill-stage="Introduced-in-House"><form><official-title>&xxe;&b;</official-title></form><legis-body><section><enum>1.</enum><header>X</header><text>&b;</text></section></legis-body></bill>`;
    const doc = await parseBillDtd(encode(xxe));
    expect(doc.text).not.toContain("root:");
    expect(doc.text).not.toContain("aaaaaaaaaa");
  });

  it("refuses 10,000-deep nesting with a clear reason", async () => {
    const deep = `${USLM}${"<p>".repeat(10_000)}x${"</p>".repeat(10_000)}</bill>`;
    expect(await reason(parseUslm(encode(deep)))).toMatch(/nested more than 5000/);
  });

  it("refuses pages that are not GPO renderings", async () => {
    expect(await reason(parseBillHtml(encode("<html><body><pre>hello</pre></body></html>")))).toBe(
      "the page has no GPO bill banner",
    );
    expect(await reason(parseBillXhtml(encode("<html><body><p>hello</p></body></html>")))).toBe(
      "the page has no legislative number",
    );
  });

  it("refuses a PDF that is not one, and one that is not a bill", async () => {
    expect(await reason(parseBillPdf(encode("%PDF-1.7 not really")))).not.toBe("parsed");
    expect(await reason(parseBillPdf(encode("<html></html>")))).not.toBe("parsed");
  });

  it("reads windows-1252 bytes", async () => {
    const bytes = encode(
      `${USLM}<main><longTitle><officialTitle>Caf\u00e9 Act</officialTitle></longTitle></main></bill>`,
    );
    const latin = new Uint8Array([...bytes].filter((b) => b !== 0xc3).map((b) => (b === 0xa9 ? 0xe9 : b)));
    expect((await parseUslm(latin)).metadata.title).toBe("Café Act");
  });

  it("fails only with AppError on arbitrary strings and bytes", async () => {
    const parsers = [parseUslm, parseBillDtd, parseBillMods, parseBillHtml, parseBillXhtml];
    const markup = fc.stringMatching(/^[<>/a-z="' &;\-!?[\]\d]{0,200}$/);
    await fc.assert(
      fc.asyncProperty(fc.oneof(markup.map(encode), fc.uint8Array({ maxLength: 300 })), async (bytes) => {
        for (const parse of parsers) {
          try {
            const doc = await parse(bytes);
            expect(typeof doc.text).toBe("string");
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        }
      }),
      { numRuns: 300 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (body) => {
        try {
          await parseUslm(encode(`${USLM}<main>${body}</main></bill>`));
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
