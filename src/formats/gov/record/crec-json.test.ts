import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { isOwnPage } from "../citations";
import { GOV_PARSERS } from "../index";
import type { GovDocument } from "../types";
import { parseCrecHtml } from "./crec-html";
import { crecJsonParser, parseCrecJson } from "./crec-json";
import { sniffOf } from "./test-support";

const FIXTURES = path.resolve(__dirname, "../../../../test/fixtures/gov/record");
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const page = (name: string) => parseCrecJson(read(name).toString("utf8"));

describe("crec-json", () => {
  it("reads a Senate page as its HTML page reads, with the speakers' bioguide ids", async () => {
    const bytes = new Uint8Array(read("CREC-2005-07-20-pt1-PgS8504-2.json"));
    expect(GOV_PARSERS.find((p) => p.accepts(sniffOf(bytes)))?.name).toBe("crec-json");
    const doc = await crecJsonParser.parse(bytes);
    const html = parseCrecHtml(read("CREC-2005-07-20-pt1-PgS8504-2.htm").toString("utf8"));
    expect(doc.parser).toBe("crec-json");
    expect(doc.metadata).toMatchObject({
      documentType: "congressional-record",
      title: "NOMINATION OF JOHN ROBERTS TO THE UNITED STATES SUPREME COURT",
      date: "2005-07-20",
      congress: 109,
      dateKind: "publication",
      chamber: "senate",
    });
    expect(doc.sections.map((s) => s.heading)).toEqual(html.sections.map((s) => s.heading));
    expect(doc.metadata.people.slice(0, 3)).toEqual([
      { name: "Mr. REID", role: "speaker", bioguideId: "R000146" },
      { name: "Mr. McCONNELL", role: "speaker", bioguideId: "M000355" },
      { name: "Mr. BROWNBACK", role: "speaker", bioguideId: "B000953" },
    ]);
    // A presiding officer is named in the heading; the scraper gives no id for them.
    expect(doc.metadata.people.find((p) => p.name === "Mr. Talent")).toEqual({ name: "Mr. Talent", role: "speaker" });
    expect(doc.text.replace(/\s+/g, " ")).toContain(
      "Mr. REID. Mr. President, as we all know now, last night the President",
    );
    expect(doc.text.startsWith("NOMINATION OF JOHN ROBERTS TO THE UNITED STATES SUPREME COURT\n\n")).toBe(true);
  });

  it("reads an Extension of Remarks in the House, state and id of its speaker", () => {
    const doc = page("CREC-2005-07-20-pt1-PgE1539-2.json");
    expect(doc.metadata).toMatchObject({ title: "HONORING MIKHAIL VOLYNETS", chamber: "house", date: "2005-07-20" });
    expect(doc.metadata.people).toEqual([
      { name: "Mr. WELDON of Pennsylvania", role: "speaker", state: "PA", bioguideId: "W000268" },
    ]);
  });

  it("gives the text of the HTML page, whatever the scraper makes of the headline", () => {
    for (const name of [
      "CREC-2005-07-20-pt1-PgH6110-5",
      "CREC-2005-07-20-pt1-PgH6176-5",
      "CREC-2005-07-20-pt1-PgS8503-2",
    ]) {
      expect(page(`${name}.json`).text).toBe(parseCrecHtml(read(`${name}.htm`).toString("utf8")).text);
    }
    // Both give the pages the page is printed on, as citations of its own.
    const own = (doc: GovDocument) => doc.metadata.citations.filter(isOwnPage).map((c) => c.target);
    const karlRove = "CREC-2005-07-20-pt1-PgH6110-5";
    const html = parseCrecHtml(read(`${karlRove}.htm`).toString("utf8"));
    expect(own(page(`${karlRove}.json`))).toEqual(["crec/151/h6110", "crec/151/h6111"]);
    expect(own(html)).toEqual(["crec/151/h6110", "crec/151/h6111"]);
    // GPO's page marks where H6111 begins, mid-speech; the scraper's JSON leaves the marks out.
    const second = (doc: GovDocument) => doc.metadata.citations.find((c) => c.target === "crec/151/h6111")?.start;
    expect(html.text.slice(second(html))).toMatch(/^While Rove continues to hide behind his attorney/);
    expect(second(page(`${karlRove}.json`))).toBeUndefined();
    // The scraper titles a page without a headline "None": it is named as GPO names it, and "None" is not its text.
    const untitled = page("CREC-2005-07-20-pt1-PgH6176-5.json");
    expect(untitled.metadata.title).toBe("Congressional Record, Volume 151 Issue 99 (Wednesday, July 20, 2005)");
    expect(untitled.text).toMatch(/^The SPEAKER pro tempore\. Under a previous order/);
    // A headline the page prints in lower case is not printed twice.
    const prayer = page("CREC-2005-07-20-pt1-PgS8503-2.json");
    expect(prayer.metadata.title).toBe("prayer");
    expect(prayer.text).toMatch(/^prayer\n\nThe Chaplain, Dr\. Barry C\. Black/);
  });

  it("names the bills the scraper found on the page", () => {
    const json = JSON.parse(read("CREC-2005-07-20-pt1-PgH6110-5.json").toString("utf8"));
    json.related_bills = [
      { type: "HR", congress: "109", number: "739", context: "HEADERLINE" },
      { type: "S", congress: 109, number: 1429, context: "OTHER" },
      { type: "HR", congress: "109", number: "739", context: "OTHER" },
      { type: "XX", congress: "109", number: "1", context: "OTHER" },
    ];
    expect(parseCrecJson(JSON.stringify(json)).metadata.relatedBills).toEqual(["109-hr-739", "109-s-1429"]);
  });

  it("is not taken for a vote or any other JSON", () => {
    const other = new TextEncoder().encode('{"content": [{"kind": "text", "text": "hello"}]}');
    expect(crecJsonParser.accepts(sniffOf(other))).toBe(false);
  });

  it("refuses a page it cannot read with the reason", () => {
    const refuse = (source: string, reason: RegExp) => {
      const error = (() => {
        try {
          parseCrecJson(source);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("unprocessable");
      expect((error as AppError).message).toMatch(reason);
    };
    refuse('{"speaker_bioguide": ', /not valid JSON/);
    refuse('{"header": {"extension": false}, "content": "none"}', /content/);
    refuse(
      '{"header": {"extension": false, "month": "Smarch", "day": "1", "year": "2005"}, "content": []}',
      /no valid date/,
    );
    refuse("[]", /not a Congressional Record page/);
  });
});
