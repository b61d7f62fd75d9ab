import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ftsExpression, titleExpression } from "./fts-expression";
import { parseQuery, withoutExclusions } from "./query-parser";

function expression(q: string, join: "AND" | "OR" = "AND"): string | null {
  const parsed = parseQuery(q);
  return ftsExpression(parsed, parsed.groups, join);
}

describe("parseQuery", () => {
  it("reads phrases, exclusions, OR and prefixes", () => {
    expect(expression('"health care" -tobacco medicare OR medicaid appropriat*')).toBe(
      '("health care" AND ("medicare" OR "medicaid") AND {title heading text} : "appropriat"*) NOT ("tobacco")',
    );
  });

  it("takes a prefix of two letters or more; a single letter with a star is the letter", () => {
    expect(expression("co* -re*")).toBe('({title heading text} : "co"*) NOT ({title heading text} : "re"*)');
    expect(expression("x* tax")).toBe('"x" AND "tax"');
    expect(expression("(a)* tax")).toBe('"tax"');
    // Which letters were typed as prefixes, for the page to say so; not a stopword, which is not searched at all.
    expect(parseQuery("x* tax -y* x*").tooShort).toEqual(["x", "y"]);
    expect(parseQuery("(a)* tax co*").tooShort).toBeUndefined();
  });

  it("gives the query without its exclusions, as the model should read it", () => {
    expect(withoutExclusions("broadband -rural")).toBe("broadband");
    expect(withoutExclusions('-"rural carriers" broadband  -42 U.S.C. 1395 grants -CARES')).toBe("broadband grants");
    // A dash that excludes nothing stays: inside a word, alone, before an unbalanced quote.
    for (const q of ["e-mail rules", "a - b", 'pay -"unbalanced', "farm subsidies"])
      expect(withoutExclusions(q)).toBe(q);
    expect(withoutExclusions("-rural")).toBe("");
  });

  it("matches a long quoted phrase by its window of rarest-looking words", () => {
    expect(expression('"the Secretary of Health and Human Services"')).toBe('"secretary of health and human services"');
    const pasted =
      '"an owner or operator of a leveraged system to submit directly to the National Transit Database data"';
    expect(expression(pasted)).toBe('"directly to the national transit database"');
  });

  it("treats FTS5 syntax as text", () => {
    expect(expression("NEAR(a b) title:secret ^start (x AND y) NOT z")).toBe(
      '"near" AND "b" AND "title" AND "secret" AND "start" AND "x" AND "y" AND "not" AND "z"',
    );
    expect(expression('unbalanced "quote here')).toBe('"unbalanced" AND "quote" AND "here"');
    expect(expression('"" ** -- OR')).toBeNull();
  });

  it("reads a word in capitals as an acronym, unless the whole query is in capitals", () => {
    expect(expression("CARES Act -HEROES")).toBe('("acrcares0" AND "act") NOT ("acrheroes0")');
    expect(expression("NASA")).toBe('"acrnasa0"');
    expect(expression("CARE* act")).toBe('{title heading text} : "care"* AND "act"');
    expect(expression("(CARES) OR SECURE act")).toBe('("acrcares0" OR "acrsecure0") AND "act"');
    // Caps lock, operators of other engines, stopwords, mixed case and single letters stay words.
    expect(expression("CARES HEROES")).toBe('"cares" AND "heroes"');
    expect(expression("CARES OR HEROES")).toBe('("cares" OR "heroes")');
    expect(expression("care NOT THE Cares I")).toBe('"care" AND "not" AND "cares" AND "i"');
    // Titles are indexed as words: an acronym is matched there as its word.
    const parsed = parseQuery("VA MISSION Act");
    expect(ftsExpression(parsed, parsed.groups, "AND")).toBe('"acrva0" AND "acrmission0" AND "act"');
    expect(parsed.groups.map((g) => titleExpression(parsed, g))).toEqual([
      'title : ("va")',
      'title : ("mission")',
      'title : ("act")',
    ]);
  });

  it("reads the first word of a name typed in any case as an acronym", () => {
    expect(expression("cares act")).toBe('"acrcares0" AND "act"');
    expect(expression("the Jobs Act of 2012")).toBe('"acrjobs0" AND "act" AND "2012"');
    expect(expression("CARES ACT")).toBe('"acrcares0" AND "act"');
    // Not a word further on, nor anything but a plain word before `act`.
    expect(expression("affordable care act")).toBe('"affordable" AND "care" AND "act"');
    expect(expression("care acts")).toBe('"care" AND "acts"');
    expect(expression("-cares act")).toBe('("act") NOT ("cares")');
    expect(expression("1996 act")).toBe('"1996" AND "act"');
    expect(expression("care* act")).toBe('{title heading text} : "care"* AND "act"');
    expect(expression('"cares" act')).toBe('"cares" AND "act"');
  });

  it("also requires the acronyms of a quoted phrase, which its stems cannot tell apart", () => {
    expect(expression('"CARES Act" loans')).toBe('"cares act" AND "acrcares0" AND "loans"');
    expect(expression('"the Autism CARES Act of 2014"')).toBe('"the autism cares act of 2014" AND "acrcares0"');
    // Not a heading quoted in capitals, an excluded phrase, or phrases joined by OR.
    expect(expression('"SHORT TITLE" cares')).toBe('"short title" AND "cares"');
    expect(expression('loans -"CARES Act"')).toBe('("loans") NOT ("cares act")');
    expect(expression('"CARES Act" OR "HEROES Act"')).toBe('("cares act" OR "heroes act")');
    expect(expression('"CARES"')).toBe('"cares"');
  });

  it("normalises bill numbers and citations to one token", () => {
    const tokens = (q: string) =>
      parseQuery(q).groups.flatMap((g) => g.alternatives.map((a) => (a.kind === "unit" ? a.unit.token : a.kind)));
    for (const q of ["H.R. 2000", "HR 2000", "hr2000", "H. R. 2000"]) expect(tokens(q)).toEqual(["hr2000"]);
    expect(tokens("S. 1")).toEqual(["s1"]);
    expect(tokens("H.J.Res. 7")).toEqual(["hjres7"]);
    expect(tokens("42 U.S.C. 1395")).toEqual(["usc42s1395"]);
    expect(tokens("42 USC 1395")).toEqual(["usc42s1395"]);
    expect(tokens("Pub. L. 116-136")).toEqual(["pl116n136"]);
    expect(tokens("Public Law 116-136")).toEqual(["pl116n136"]);
    expect(tokens("medicare H.R. 2000 payments")).toEqual(["term", "hr2000", "term"]);
    // A section's subdivisions are part of its citation, not words: the query is one of citations only.
    expect(tokens("26 U.S.C. 401(k)")).toEqual(["usc26s401"]);
    expect(tokens("42 U.S.C. 1395ww(d)(1)(B)")).toEqual(["usc42s1395ww0"]);
    expect(tokens("40 CFR 52.21(b)(1)(iv)")).toEqual(["cfr40p52n21"]);
    // A parenthesis apart from the number is not a subdivision.
    expect(tokens("5 U.S.C. 552 (FOIA)")).toEqual(["usc5s552", "term"]);
  });

  it("gives a U.S. Code section the family of sections numbered under it", () => {
    const unitOf = (q: string) => {
      const a = parseQuery(q).groups[0]?.alternatives[0];
      return a?.kind === "unit" ? a : null;
    };
    const lettered = unitOf("42 U.S.C. 1320b");
    if (!lettered) throw new Error("no unit");
    // A section ending in a letter ends its token with 0, out of the stemmer's reach.
    expect(lettered.unit).toMatchObject({ token: "usc42s1320b0", family: ["usc42s1320b"] });
    expect(ftsExpression({ excluded: [] }, [{ alternatives: [lettered] }], "AND")).toBe('"usc42s1320b0"');
    expect(ftsExpression({ excluded: [] }, [{ alternatives: [{ ...lettered, family: true }] }], "AND")).toBe(
      '("usc42s1320b0" OR "usc42s1320b"*)',
    );
    // A number ending in a digit continues with a letter: 13951 is another section than 1395's 1395x.
    const numbered = unitOf("42 U.S.C. 1395");
    if (!numbered) throw new Error("no unit");
    expect(numbered.unit.family).toHaveLength(23);
    expect(unitOf("42 U.S.C. 1395e")?.unit.token).toBe("usc42s1395e0");
    expect(unitOf("42 U.S.C. 1395e")?.unit.family).toBeUndefined();
    const widened = ftsExpression({ excluded: [] }, [{ alternatives: [{ ...numbered, family: true }] }], "AND");
    expect(widened).toMatch(/^\("usc42s1395" OR "usc42s1395a"\* OR "usc42s1395b"\* OR .* OR "usc42s1395z"\*\)$/);
    expect(unitOf("H.R. 2000")?.unit.family).toBeUndefined();
  });

  it("drops stopwords unless nothing else is left", () => {
    expect(expression("the secretary of the treasury")).toBe('"secretary" AND "treasury"');
    expect(expression("the of")).toBe('"the" AND "of"');
    expect(expression('"the secretary"')).toBe('"the secretary"');
  });

  it("drops the words that make a query a question, but not an acronym in capitals", () => {
    expect(expression("How much funding for homeland security in 2015?")).toBe(
      '"much" AND "funding" AND "homeland" AND "security" AND "2015"',
    );
    expect(parseQuery("when was the social security act amended").question).toBe(true);
    expect(expression("which bills did the WHO fund")).toBe('"bills" AND "acrwho0" AND "fund"');
    expect(parseQuery("social security act").question).toBeUndefined();
    // Nothing else left: kept, as stopwords are.
    expect(expression("how")).toBe('"how"');
    expect(parseQuery("how").question).toBeUndefined();
    expect(expression('"how to"')).toBe('"how to"');
  });

  it("always produces a valid FTS5 expression", () => {
    const db = new Database(":memory:");
    db.exec(
      "CREATE VIRTUAL TABLE t USING fts5(title, heading, text, units, tokenize = 'porter unicode61 remove_diacritics 2')",
    );
    db.exec("INSERT INTO t VALUES ('An act', 'Sec. 2', 'the secretary of health', 'hr2000 usc42s1395')");
    const inputs = [
      'a"b"c',
      "-",
      "- x",
      "x -",
      "OR OR OR",
      "x OR",
      "OR x",
      "(",
      ")",
      "{a b}:c",
      "a:b",
      "a^b",
      "*",
      "ab*",
      "a*",
      "NEAR/3",
      "😀 emoji",
      "日本語のテキスト",
      "Ελληνικά",
      "x -y -z",
      "-only",
      'say "hello',
      "'quote'",
      "H.R. 2000 -S. 1",
      "\u0000\u0001",
      "a\u00adb",
      "ﬁnance",
      "¼ ½",
      "AND",
      "NOT",
      "and or not near",
    ];
    for (const q of inputs) {
      const e = expression(q);
      if (e === null) continue;
      expect(() => db.prepare("SELECT rowid FROM t WHERE t MATCH ?").all(e), q).not.toThrow();
    }
    db.close();
  });
});
