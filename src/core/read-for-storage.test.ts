import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chunkText } from "../formats";
import { embeddingInput, readForStorage, textKey } from "./read-for-storage";

const fixture = (path: string) =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../../test/fixtures/${path}`, import.meta.url))));

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

describe("a document read for storage", () => {
  it("holds its chunks as offsets into its text, with their acronyms, embedding keys and the citations", async () => {
    const read = await readForStorage(fixture("gov/bill-text/S2245_IS.XML"), "xml", { chunkMaxChars: 600 });
    const { text } = read.parsed;
    const chunks = chunkText(read.parsed, { maxChars: 600 });
    expect(chunks.length).toBeGreaterThan(20);
    expect(read.prepared.chunks.map(({ ord, start, end, heading }) => ({ ord, start, end, heading }))).toEqual(
      chunks.map(({ ord, start, end, heading }) => ({ ord, start, end, heading })),
    );
    for (const c of read.prepared.chunks) {
      const chunkText = text.slice(c.start, c.end);
      const sha = createHash("sha256").update(embeddingInput(c.heading, chunkText)).digest("hex");
      expect(c.embedKey).toBe(sha);
    }
    // The bill names the CBO and OMB by their acronyms, and cites the Code in its prose.
    expect(read.prepared.chunks.find((c) => c.acronyms.split(" ").includes("acrcbo0"))?.acronyms).toBe(
      "acromb0 acrcbo0",
    );
    expect(read.prepared.citations.map((c) => c.text)).toContain("2 U.S.C. 901");
    expect(read.prepared.textKey).toBe(textKey(text, read.gov?.metadata));
    expect(read.parts).toEqual([]);
  });

  it("prepares each part of a Federal Register issue", async () => {
    const bytes = new Uint8Array(gunzipSync(fixture("gov/federal-register/FR-2024-02-12.xml.gz")));
    const read = await readForStorage(bytes, "xml", { chunkMaxChars: 2000 });
    const children = read.gov?.children ?? [];
    expect(read.parts).toHaveLength(children.length);
    for (const [i, child] of children.entries()) {
      const part = read.parts[i];
      expect(part?.chunks.map((c) => c.end)).toEqual(chunkText(child, { maxChars: 2000 }).map((c) => c.end));
      expect(part?.textKey).toBe(part?.chunks.length ? textKey(child.text, child.metadata) : null);
    }
  });
});
