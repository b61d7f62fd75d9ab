import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../adapters/node/migrations";
import { type NodeSqlDatabase, openSqliteDatabase } from "../../adapters/node/sqlite-database";
import { filterSql } from "../document-filters";
import { FREQUENT, type KeywordHit, keywordHits } from "./keyword";
import { parseQuery } from "./query-parser";

// Enough filler passages that the words they all share count as frequent.
const FILLER = FREQUENT + 200;
const FILLER_TEXT = "The Secretary shall report to the committee on the program of grants each fiscal year.";
const SPECIAL: Record<string, { title?: string; text: string; units?: string }> = {
  phraseInBody: { text: "Funds for the rural ventilator reserve shall remain available until expended." },
  phraseInTitle: { title: "Rural ventilator reserve act", text: "The rural ventilator reserve is established." },
  wordsApart: { text: "A ventilator for each rural hospital; the reserve holds them." },
  excluded: { text: "The rural ventilator reserve of the State of Ohio shall be audited." },
  frequentPhrase: { text: "Grants each fiscal year shall not exceed the program of grants ceiling." },
  paragraph: {
    text: "Oxygen concentrators and ventilators purchased under the stockpile replenishment program for tribal clinics.",
  },
  // Citation tokens as the pipeline stores them (see units.ts).
  familyMember: { text: "Requirements under 42 U.S.C. 1320b–5(g) are waived.", units: "usc42s1320b5" },
  section: { text: "As defined in 42 U.S.C. 1396a.", units: "usc42s1396a0" },
  sectionUnder: { text: "Payments under 42 U.S.C. 1396a-4 are adjusted.", units: "usc42s1396a4" },
  titleCited: { text: "Title XVIII of the Social Security Act (42 U.S.C. 1395 et seq.).", units: "usc42s1395" },
  lettered: { text: "Section 1861 of the Social Security Act (42 U.S.C. 1395x) is amended.", units: "usc42s1395x0" },
  numbered: { text: "Grants under 42 U.S.C. 13951 are renewed.", units: "usc42s13951" },
  // Sections the stemmer would make one.
  endingY: { text: "Exclusions under 42 U.S.C. 1397y apply.", units: "usc42s1397y0" },
  endingI: { text: "Payments under 42 U.S.C. 1397i are made.", units: "usc42s1397i0" },
  // Acronyms as the pipeline stores them (see acronyms.ts): the stemmer makes CARES and CARE both `care`.
  caresAct: { text: "Loans under the CARES Act (Public Law 116–136) are forgiven.", units: "acrcares0 pl116n136" },
  careAct: { text: "The Veterans CARE Act extends care to veterans.", units: "acrcare0" },
  caring: { text: "The clinic cares for veterans and their care." },
};

const SPREAD = ["The lighthouse keeper pension is established. ", "The coastal annuity is paid monthly."] as const;

let db: NodeSqlDatabase;
const chunkIds = new Map<string, number>();

beforeAll(() => {
  db = openSqliteDatabase({ path: ":memory:" });
  applyMigrations(db.raw);
  const doc = db.raw.prepare(
    `INSERT INTO documents (id, sha256, filename, media_type, format, size, blob_key, title, state, uploaded_by,
       created_at, updated_at) VALUES (?, ?, ?, 'text/plain', 'text', 1, 'k', ?, 'ready', 'test', ?, ?)`,
  );
  const chunk = db.raw.prepare(
    "INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text, title, units) VALUES (?, 0, 0, ?, '', ?, ?, ?)",
  );
  const at = new Date(0).toISOString();
  db.raw.transaction(() => {
    const add = (id: string, title: string, text: string, units = "") => {
      doc.run(id, id, `${id}.txt`, title, at, at);
      return Number(chunk.run(id, text.length, text, title, units).lastInsertRowid);
    };
    for (let i = 0; i < FILLER; i++) add(`filler${i}`, "", FILLER_TEXT);
    for (const [id, { title, text, units }] of Object.entries(SPECIAL))
      chunkIds.set(id, add(id, title ?? "", text, units));
    // A document whose words are spread over two passages, and one holding some of them in one.
    add("spread", "", SPREAD[0]);
    db.raw
      .prepare(
        "INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text, title, units) VALUES ('spread', 1, ?, ?, '', ?, '', '')",
      )
      .run(SPREAD[0].length, SPREAD[0].length + SPREAD[1].length, SPREAD[1]);
    db.raw.prepare("UPDATE documents SET chunk_count = 2 WHERE id = 'spread'").run();
    add("partial", "", "A lighthouse keeper walked the coastal road.");
    // A short document naming three words in three passages, and a long one holding them in one.
    const passages = (id: string, texts: string[]) => {
      add(id, "", texts[0] as string);
      let start = (texts[0] as string).length;
      for (const [ord, text] of texts.entries()) {
        if (ord === 0) continue;
        db.raw
          .prepare(
            "INSERT INTO chunks (document_id, ord, start_offset, end_offset, heading, text, title, units) VALUES (?, ?, ?, ?, '', ?, '', '')",
          )
          .run(id, ord, start, start + text.length, text);
        start += text.length;
      }
      db.raw.prepare("UPDATE documents SET chunk_count = ? WHERE id = ?").run(texts.length, id);
    };
    passages("scattered", ["The harbor froze in January.", "The tariff rose again.", "Its schedule slipped."]);
    passages("together", [
      "The harbor tariff schedule for vessels entering the port is published each year.",
      ...Array.from({ length: 9 }, () => FILLER_TEXT),
    ]);
    // A short document with a rare word, and one holding it and a frequent word in two passages.
    passages("beaconOnly", ["The beacon was repainted."]);
    // A short document saying one rare word in three passages, and a longer one holding two others once each.
    passages("albatrossOnly", ["The albatross circled.", "An albatross landed.", "The albatross left."]);
    passages("pelicanNets", ["Pelican colonies were counted.", "Nets were mended.", FILLER_TEXT]);
    passages("beaconGrants", ["The beacon at the jetty was repaired after the winter storms.", "Grants paid for it."]);
    // A long document whose title names two words and one passage the third, and a short one scattering all three.
    passages("ospreyAct", [...Array.from({ length: 6 }, () => FILLER_TEXT), "Sponsor: Mr. Smith of Maine."]);
    db.raw.prepare("UPDATE chunks SET title = 'Osprey Habitat Act' WHERE document_id = 'ospreyAct' AND ord = 0").run();
    passages("ospreyNote", ["The osprey nested.", "Its habitat shrank.", "A sponsor paid for a survey."]);
    // Documents naming a frequent word in a title, a longer title, and a heading; the filler says it in its text.
    add("programTitle", "Grants Program Act", "Amounts are authorized.");
    add("programLongTitle", "An Act to establish a grants program for harbors and other purposes", "Amounts.");
    add("programHeading", "", "Amounts are authorized for harbors.");
    db.raw.prepare("UPDATE chunks SET heading = 'SEC. 4. PROGRAM' WHERE document_id = 'programHeading'").run();
    db.raw.prepare("UPDATE documents SET chunk_count = 1 WHERE id IN ('partial') OR chunk_count = 0").run();
  })();
});

afterAll(async () => {
  await db.close();
});

const search = async (q: string): Promise<KeywordHit[]> => (await keywordHits(db, parseQuery(q), filterSql({}))).hits;
const names = (hits: KeywordHit[]) => hits.map((h) => h.documentId);

describe("keyword hits", () => {
  it("finds a phrase with a rare word only where its words are adjacent, a title first", async () => {
    const hits = await search('"rural ventilator reserve"');
    expect(hits[0]?.documentId).toBe("phraseInTitle");
    expect(new Set(names(hits))).toEqual(new Set(["phraseInTitle", "phraseInBody", "excluded"]));
    expect(hits.every((h) => h.score > 0)).toBe(true);
  });

  it("honours exclusions next to a phrase", async () => {
    expect(names(await search('"rural ventilator reserve" -ohio')).sort()).toEqual(["phraseInBody", "phraseInTitle"]);
  });

  it("lists a frequent word's documents naming it in a title, shortest first, then in a heading, then the others", async () => {
    const hits = await search("program");
    expect(names(hits).slice(0, 3)).toEqual(["programTitle", "programLongTitle", "programHeading"]);
    // Then one passage per document among the first matches in the text, below them.
    expect(hits.length).toBeGreaterThan(300);
    expect(new Set(names(hits)).size).toBe(hits.length);
    expect(hits[3]?.score).toBeGreaterThan(0);
    expect(hits[3]?.score).toBeLessThan(hits[2]?.score as number);
    // The same for two frequent words, in either order.
    expect(names(await search("grants program")).slice(0, 2)).toEqual(["programTitle", "programLongTitle"]);
  });

  it("finds a phrase whose every word is frequent, and nothing for a phrase that never occurs", async () => {
    // Every filler passage has these words, none of them side by side.
    expect(names(await search('"fiscal year shall"'))).toEqual(["frequentPhrase"]);
    expect(await search('"reserve rural ventilator"')).toEqual([]);
  });

  it("ranks a rare word among the passages that also have a frequent one", async () => {
    const hits = await search("ceiling fiscal");
    expect(names(hits)).toEqual(["frequentPhrase"]);
    expect(hits[0]?.score).toBeGreaterThan(0);
  });

  it("ranks a pasted paragraph on its rarest words", async () => {
    const paragraph =
      "The Secretary shall report on the stockpile replenishment program and its purchases of oxygen concentrators " +
      "for tribal clinics, together with the committee's review of grants made each fiscal year under the program, " +
      "the amounts obligated, the states served, and any recommendations for legislation.";
    expect(parseQuery(paragraph).groups.length).toBeGreaterThan(12);
    const hits = await search(paragraph);
    expect(hits[0]?.documentId).toBe("paragraph");
  });

  it("ranks a document whose passages hold the words between them above one passage holding fewer", async () => {
    const hits = await search("lighthouse keeper pension coastal annuity");
    expect(names(hits)).toEqual(["spread", "partial"]);
  });

  it("ranks whole documents within a filter as it does without one", async () => {
    db.raw.prepare("UPDATE documents SET congress = 117 WHERE id IN ('spread', 'partial', 'wordsApart')").run();
    try {
      const within = (q: string, congress: number) =>
        keywordHits(db, parseQuery(q), filterSql({ congress })).then((ranking) => names(ranking.hits));
      expect(await within("lighthouse keeper pension coastal annuity", 117)).toEqual(["spread", "partial"]);
      expect(await within("lighthouse keeper pension coastal annuity", 116)).toEqual([]);
    } finally {
      db.raw.prepare("UPDATE documents SET congress = NULL").run();
    }
  });

  it("keeps to documents with every word for a short query, wherever in them the words are", async () => {
    expect(names(await search("lighthouse pension coastal"))).toEqual(["spread"]);
    // Only when no document has them all do documents with some of them count, those with more first.
    const some = names(await search("lighthouse pension coastal ventilator"));
    expect(some.slice(0, 2)).toEqual(["spread", "partial"]);
    expect(some).toContain("wordsApart");
    // A question is not a conjunction: the documents holding some of its words follow those holding them all.
    expect(names(await search("which coastal lighthouse pension"))).toEqual(["spread", "partial"]);
  });

  it("names the words no passage holds, and ranks the others", async () => {
    const ranking = await keywordHits(
      db,
      parseQuery('harbor zeppelin "tariff moonbeam" CARES OR quasar'),
      filterSql({}),
    );
    expect(ranking.unmatched).toEqual(["zeppelin", '"tariff moonbeam"']);
    expect(names(ranking.hits)).toContain("together");
    // None matched: no hits, and every word named (hybrid shows the model's results alone then).
    expect(await keywordHits(db, parseQuery("zeppelin quasar"), filterSql({}))).toMatchObject({
      hits: [],
      unmatched: ["zeppelin", "quasar"],
    });
    expect((await keywordHits(db, parseQuery('"harbor zeppelin"'), filterSql({}))).unmatched).toEqual([
      '"harbor zeppelin"',
    ]);
    expect((await keywordHits(db, parseQuery("harbor tariff"), filterSql({}))).unmatched).toEqual([]);
  });

  it("ranks the documents holding a short query's words in one passage above those scattering them", async () => {
    // Whole-document bm25 alone favours the short document.
    expect(names(await search("harbor tariff schedule"))).toEqual(["together", "scattered"]);
    // Two words as well: the document holding them apart is found too, after.
    expect(names(await search("harbor tariff"))).toEqual(["together", "scattered"]);
    // A question too, though its words are not all required.
    expect(names(await search("where is the harbor tariff schedule")).slice(0, 2)).toEqual(["together", "scattered"]);
  });

  it("counts a title holding most of a short query's words, with a passage holding the rest, as holding them together", async () => {
    // Whole-document bm25 alone favours the short note; the act's title names what is asked about.
    expect(names(await search("osprey habitat sponsor")).slice(0, 2)).toEqual(["ospreyAct", "ospreyNote"]);
    expect(names(await search("who sponsored the osprey habitat act")).slice(0, 2)).toEqual([
      "ospreyAct",
      "ospreyNote",
    ]);
    // A title holding one word of four says little: the note holds more of them.
    expect(names(await search("osprey sponsor paid survey"))[0]).toBe("ospreyNote");
  });

  it("checks a short query's frequent words in the documents it ranks first", async () => {
    // `grants` is in every filler passage: ranking reads none of its matches, and bm25 favoured the short document.
    expect(names(await search("beacon grants"))).toEqual(["beaconGrants"]);
    // Where no document has the frequent word too, those with the rare one are what there is.
    expect(names(await search("beacon secretary"))?.sort()).toEqual(["beaconGrants", "beaconOnly"]);
  });

  it("ranks the documents holding more of a short query's words first when none holds them all", async () => {
    // bm25 alone put the short document saying "albatross" three times first.
    expect(names(await search("albatross pelican nets"))).toEqual(["pelicanNets", "albatrossOnly"]);
  });

  it("finds an acronym as written, and the word where the index has no such acronym", async () => {
    expect(names(await search("CARES Act"))).toEqual(["caresAct"]);
    expect(names(await search("CARE Act"))).toEqual(["careAct"]);
    // Quoted, the phrase is matched on stems, the acronym as written.
    expect(names(await search('"CARES Act"'))).toEqual(["caresAct"]);
    expect(names(await search('"CARE Act"'))).toEqual(["careAct"]);
    // Typed in lower case, a name's first word is still read as the acronym, unless no passage has it.
    expect(names(await search("cares act"))).toEqual(["caresAct"]);
    expect(names(await search("the Care Act"))).toEqual(["careAct"]);
    expect(new Set(names(await search("cares veterans")))).toEqual(new Set(["careAct", "caring"]));
    expect(new Set(names(await search("caring act")))).toEqual(new Set(["caresAct", "careAct"]));
    const ranking = await keywordHits(db, parseQuery("veterans CLINIC"), filterSql({}));
    expect(names(ranking.hits)).toEqual(["caring"]);
    expect(ranking.parsed.groups[1]?.alternatives).toEqual([{ kind: "term", term: "clinic" }]);
  });

  it("finds the sections numbered under a section few passages cite, after the passages citing it", async () => {
    expect(names(await search("42 U.S.C. 1320b"))).toEqual(["familyMember"]);
    expect(names(await search("42 USC 1396a"))).toEqual(["section", "sectionUnder"]);
    expect(names(await search("42 U.S.C. 1396a-4"))).toEqual(["sectionUnder"]);
    // A number ending in a digit continues with a letter: 13951 is another section.
    expect(names(await search("42 U.S.C. 1395"))).toEqual(["titleCited", "lettered"]);
    expect(names(await search("42 U.S.C. 1320"))).toEqual(["familyMember"]);
    expect(await search("42 U.S.C. 1320c")).toEqual([]);
  });

  it("tells apart sections whose last letter the stemmer would change", async () => {
    expect(names(await search("42 U.S.C. 1397y"))).toEqual(["endingY"]);
    expect(names(await search("42 U.S.C. 1397i"))).toEqual(["endingI"]);
  });
});
