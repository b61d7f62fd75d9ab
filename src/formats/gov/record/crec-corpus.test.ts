import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusTable, corpusText, HAS_CORPUS, warnIfNoCorpus } from "../../../../test/support/corpus";
import { isOwnPage } from "../citations";
import type { GovDocument, PersonMention } from "../types";
import { parseCrecHtml } from "./crec-html";
import { parseCrecJson } from "./crec-json";
import { parseCrecMetadata } from "./crec-mods";

warnIfNoCorpus("Congressional Record corpus checks");

function manifest(format: string): string[] {
  return corpusTable("manifest.tsv")
    .filter((cols) => cols[3] === format)
    .map((cols) => cols[0] as string);
}

function gold(format: string): { path: string; id: string; name: string }[] {
  return corpusTable("gold/entities.tsv")
    .filter((cols) => cols[1] === format)
    .map((cols) => ({ path: cols[0] as string, id: cols[2] as string, name: cols[4] as string }));
}

describe.skipIf(!HAS_CORPUS)("Congressional Record over the whole corpus", () => {
  it("detects the reference parse's speeches, chamber and title on every page it covers", () => {
    const pages = manifest("crec-parsed-json");
    let same = 0;
    const differing: string[] = [];
    const titles: string[] = [];
    for (const file of pages) {
      const reference = JSON.parse(corpusText(file)) as {
        content: { kind: string; speaker: string }[];
        title: string | null;
        header: { chamber: string };
      };
      const want = reference.content.filter((c) => c.kind === "speech").map((c) => c.speaker);
      const html = file.replace("/json/", "/html/").replace(/\.json$/, ".htm");
      const doc = parseCrecHtml(corpusText(html));
      if (JSON.stringify(doc.sections.map((s) => s.heading)) === JSON.stringify(want)) same++;
      else differing.push(html);
      expect(doc.metadata.chamber).toBe(reference.header.chamber.toLowerCase());
      if (reference.title && reference.title.replace(/\s+/g, " ") !== doc.metadata.title) titles.push(basename(html));
    }
    // The reference runs a headline on into the subheading below it ("ADDITIONAL COSPONSORS S. 37").
    expect(titles).toEqual(["CREC-2005-07-20-pt1-PgS8559.htm"]);
    expect(pages.length).toBe(180);
    expect(differing).toEqual([]);
    expect(same).toBe(180);
  });

  it("reads the reference parse's JSON pages as their HTML pages, with the speakers' bioguide ids", () => {
    const pages = manifest("crec-parsed-json");
    let sameText = 0;
    let laterPages = 0;
    let placed = 0;
    const people: PersonMention[] = [];
    for (const file of pages) {
      const json = parseCrecJson(corpusText(file));
      const html = parseCrecHtml(corpusText(file.replace("/json/", "/html/").replace(/\.json$/, ".htm")));
      expect(json.parser).toBe("crec-json");
      expect(json.metadata).toMatchObject({ date: html.metadata.date, chamber: html.metadata.chamber });
      expect(json.sections.map((s) => s.heading)).toEqual(html.sections.map((s) => s.heading));
      expect(json.metadata.people.map((p) => p.name)).toEqual(html.metadata.people.map((p) => p.name));
      if (json.text === html.text) sameText++;
      // Both name the pages the page is printed on (only GPO's HTML marks where the later ones begin).
      const own = (doc: GovDocument) => doc.metadata.citations.filter(isOwnPage).map((c) => c.target);
      expect(own(json).length, file).toBeGreaterThan(0);
      expect(own(json)).toEqual(own(html));
      const [first, ...later] = html.metadata.citations.filter(isOwnPage);
      expect(first?.start, file).toBe(0);
      laterPages += later.length;
      placed += later.filter((c) => c.start !== undefined).length;
      people.push(...json.metadata.people);
    }
    expect(pages.length).toBe(180);
    // Pages after the first are placed where their mark is, unless no text of the page's follows it (a closing rule).
    expect({ laterPages, placed }).toEqual({ laterPages: 118, placed: 113 });
    // The same text, but for one page whose headline the scraper runs on into the subheading
    // below it ("ADDITIONAL COSPONSORS S. 37").
    expect(sameText).toBe(179);
    // Every speaker the gold list names on a page, with the id the page gives.
    const expected = gold("crec-html");
    const found = expected.filter((g) => {
      const page = parseCrecJson(corpusText(g.path.replace("/html/", "/json/").replace(/\.htm$/, ".json")));
      return page.metadata.people.some((p) => p.name === g.name && p.bioguideId === g.id);
    });
    expect(found.length / expected.length).toBe(1);
    // Presiding officers named in parentheses ("The SPEAKER pro tempore (Mr. Poe)") come without an id.
    expect({ speakers: people.length, withId: people.filter((p) => p.bioguideId).length }).toEqual({
      speakers: 174,
      withId: 160,
    });
  });

  it("parses every page and names every gold speaker (name recall)", () => {
    const pages = manifest("crec-html");
    const names = new Map<string, Set<string>>();
    for (const file of pages) {
      const doc = parseCrecHtml(corpusText(file));
      expect(doc.metadata.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      names.set(file, new Set(doc.metadata.people.map((p) => p.name)));
    }
    const expected = gold("crec-html");
    const found = expected.filter((g) => names.get(g.path)?.has(g.name));
    expect(pages.length).toBe(291);
    expect(expected.length).toBe(160);
    expect(found.length / expected.length).toBe(1);
  });

  it("yields every gold member of the MODS records with the right bioguide id", () => {
    const expected = gold("crec-mods-xml");
    const ids = new Map<string, Set<string>>();
    for (const file of manifest("crec-mods-xml")) {
      const doc = parseCrecMetadata(corpusText(file));
      ids.set(file, new Set(doc.metadata.people.map((p) => p.bioguideId ?? "")));
    }
    const found = expected.filter((g) => ids.get(g.path)?.has(g.id));
    expect(expected.length).toBe(288);
    expect(found.length / expected.length).toBe(1);
  });
});
