import { describe, expect, it } from "vitest";
import { AppError } from "../../../core/errors";
import { sniff } from "../index";
import { houseVoteXmlParser, officialVoteDate, parseOfficialVoteXml, senateVoteXmlParser } from "./official-vote-xml";

// Trimmed copies of official records (public domain): House Clerk roll call 258 of 2025 (119th Congress) and
// senate.gov roll call vote 618 of the 119th Congress, 1st session, each cut to its first members; totals as
// published.
const HOUSE_258 = `<?xml version="1.0" encoding="UTF-8"?>
<rollcall-vote>
<vote-metadata>
<majority>R</majority>
<congress>119</congress>
<session>1st</session>
<committee>U.S. House of Representatives</committee>
<rollcall-num>258</rollcall-num>
<legis-num>H R 3838</legis-num>
<vote-question>On Agreeing to the Amendment</vote-question>
<amendment-num>20</amendment-num>
<amendment-author>McCormick of Georgia Part A Amendment No. 25</amendment-author>
<vote-type>RECORDED VOTE</vote-type>
<vote-result>Agreed to</vote-result>
<action-date>10-Sep-2025</action-date>
<action-time time-etz="17:33">5:33 PM</action-time>
<vote-desc></vote-desc>
<vote-totals>
<totals-by-party-header>
<party-header>Party</party-header>
<yea-header>Ayes</yea-header>
<nay-header>Noes</nay-header>
<present-header>Answered “Present”</present-header>
<not-voting-header>Not Voting</not-voting-header>
</totals-by-party-header>
<totals-by-party>
<party>Republican</party>
<yea-total>217</yea-total>
<nay-total>1</nay-total>
<present-total>0</present-total>
<not-voting-total>3</not-voting-total>
</totals-by-party>
<totals-by-vote>
<total-stub>Totals</total-stub>
<yea-total>219</yea-total>
<nay-total>211</nay-total>
<present-total>0</present-total>
<not-voting-total>7</not-voting-total>
</totals-by-vote>
</vote-totals>
</vote-metadata>
<vote-data>
<recorded-vote><legislator name-id="A000370" sort-field="Adams" unaccented-name="Adams" party="D" state="NC" role="legislator">Adams</legislator><vote>No</vote></recorded-vote>
<recorded-vote><legislator name-id="A000055" sort-field="Aderholt" unaccented-name="Aderholt" party="R" state="AL" role="legislator">Aderholt</legislator><vote>Aye</vote></recorded-vote>
<recorded-vote><legislator name-id="A000371" sort-field="Aguilar" unaccented-name="Aguilar" party="D" state="CA" role="legislator">Aguilar</legislator><vote>No</vote></recorded-vote>
</vote-data>
</rollcall-vote>`;

const SENATE_618 = `<?xml version="1.0" encoding="UTF-8"?><roll_call_vote>
  <congress>119</congress>
  <session>1</session>
  <congress_year>2025</congress_year>
  <vote_number>618</vote_number>
  <vote_date>November 10, 2025,  08:58 PM</vote_date>
  <modify_date>November 10, 2025,  09:36 PM</modify_date>
  <vote_question_text>On Passage of the Bill H.R. 5371</vote_question_text>
  <vote_document_text>A bill making continuing appropriations and extensions for fiscal year 2026, and for other purposes.</vote_document_text>
  <vote_result_text>Bill Passed (60-40)</vote_result_text>
  <question>On Passage of the Bill</question>
  <vote_title>H.R. 5371, As Amended</vote_title>
  <majority_requirement>1/2</majority_requirement>
  <vote_result>Bill Passed</vote_result>
  <document>
    <document_congress>119</document_congress>
    <document_type>H.R.</document_type>
    <document_number>5371</document_number>
    <document_name>H.R. 5371</document_name>
  </document>
  <count>
    <yeas>60</yeas>
    <nays>40</nays>
    <present/>
    <absent/>
  </count>
  <members>
    <member>
      <member_full>Alsobrooks (D-MD)</member_full>
      <last_name>Alsobrooks</last_name>
      <first_name>Angela</first_name>
      <party>D</party>
      <state>MD</state>
      <vote_cast>Nay</vote_cast>
      <lis_member_id>S428</lis_member_id>
    </member>
    <member>
      <member_full>Banks (R-IN)</member_full>
      <last_name>Banks</last_name>
      <first_name>Jim</first_name>
      <party>R</party>
      <state>IN</state>
      <vote_cast>Yea</vote_cast>
      <lis_member_id>S429</lis_member_id>
    </member>
  </members>
</roll_call_vote>`;

const bytes = (text: string) => new TextEncoder().encode(text);

describe("official roll-call vote XML", () => {
  it("reads a House Clerk record: bioguide ids from name-id, Aye/No as Yea/Nay, the published totals", () => {
    const doc = parseOfficialVoteXml(bytes(HOUSE_258));
    const m = doc.metadata;
    expect(doc.parser).toBe("house-vote-xml");
    expect(m.vote).toEqual({
      congress: 119,
      session: 1,
      chamber: "house",
      rollNumber: 258,
      question: "On Agreeing to the Amendment",
      result: "Agreed to",
      counts: { yea: 219, nay: 211, present: 0, notVoting: 7 },
    });
    expect([m.date, m.dateKind, m.billId]).toEqual(["2025-09-10", "vote", "119-hr-3838"]);
    expect(m.people).toEqual([
      { name: "Adams", role: "voter", position: "Nay", bioguideId: "A000370", party: "D", state: "NC" },
      { name: "Aderholt", role: "voter", position: "Yea", bioguideId: "A000055", party: "R", state: "AL" },
      { name: "Aguilar", role: "voter", position: "Nay", bioguideId: "A000371", party: "D", state: "CA" },
    ]);
    expect(doc.text).toContain("Subject: McCormick of Georgia Part A Amendment No. 25");
  });

  it("reads a Senate record: LIS ids, the bill voted on, empty counts as zero", () => {
    const doc = parseOfficialVoteXml(bytes(SENATE_618));
    const m = doc.metadata;
    expect(doc.parser).toBe("senate-vote-xml");
    expect(m.vote).toMatchObject({
      congress: 119,
      session: 1,
      chamber: "senate",
      rollNumber: 618,
      result: "Bill Passed",
    });
    expect(m.vote?.counts).toEqual({ yea: 60, nay: 40, present: 0, notVoting: 0 });
    expect([m.date, m.billId]).toEqual(["2025-11-10", "119-hr-5371"]);
    expect(m.people[0]).toEqual({
      name: "Angela Alsobrooks",
      role: "voter",
      position: "Nay",
      lisId: "S428",
      party: "D",
      state: "MD",
    });
  });

  it("accepts by root element and refuses others", () => {
    expect(houseVoteXmlParser.accepts(sniff(bytes(HOUSE_258), "xml"))).toBe(true);
    expect(senateVoteXmlParser.accepts(sniff(bytes(SENATE_618), "xml"))).toBe(true);
    expect(senateVoteXmlParser.accepts(sniff(bytes(HOUSE_258), "xml"))).toBe(false);
    expect(() => parseOfficialVoteXml(bytes("<roll/>"))).toThrow(AppError);
    expect(() => parseOfficialVoteXml(bytes("<rollcall-vote><vote-metadata/></rollcall-vote>"))).toThrow(/roll number/);
  });

  it("reads both chambers' date spellings", () => {
    expect([
      officialVoteDate("10-Sep-2025"),
      officialVoteDate("May 23, 2018,  03:51 PM"),
      officialVoteDate("soon"),
    ]).toEqual(["2025-09-10", "2018-05-23", undefined]);
  });
});
