import { describe, expect, it } from "vitest";
import { acronymTokens } from "./acronyms";

describe("acronym tokens", () => {
  it("takes words in capitals amid ordinary text, unstemmed", () => {
    expect(acronymTokens("Loans under the CARES Act (Public Law 116–136) and the Veterans CARE Act.")).toEqual([
      "acrcares0",
      "acrcare0",
    ]);
    expect(acronymTokens("grants from the U.S. EPA, NASA’s budget, COVID–19 relief")).toEqual([
      "acrepa0",
      "acrnasa0",
      "acrcovid0",
    ]);
  });

  it("leaves out headings set in capitals and section designations", () => {
    const heading = "SEC. 2. AMENDMENTS TO THE MCKINNEY-VENTO HOMELESS ASSISTANCE ACT.\n\n(a) In General.—The Act";
    expect(acronymTokens(heading)).toEqual([]);
    expect(acronymTokens("TITLE I— SECURE PAYMENTS FOR STATES\nSEC. 101. Short title.")).toEqual([]);
    expect(acronymTokens("SEC. 2. Short title. Filings with the SEC are public.")).toEqual(["acrsec0"]);
    expect(acronymTokens("A word, a Capitalised one, and I.")).toEqual([]);
    expect(acronymTokens("117TH CONGRESS\n1ST SESSION\nH. R. 2002\nMr. BISHOP of Georgia introduced")).toEqual([]);
  });

  it("reads the neighbouring words in any script, within a clause and a reach of 64 characters", () => {
    // Capitals of other scripts make a run; lower-case ones are ordinary text.
    expect(acronymTokens("RÉSUMÉ NASA ÉTÉ")).toEqual([]);
    expect(acronymTokens("été NASA 𝐚")).toEqual(["acrnasa0"]);
    expect(acronymTokens("𝐀𝐁 NASA")).toEqual([]);
    // A clause end stops the search on that side; so does the reach.
    expect(acronymTokens("FUNDING FOR THE EPA; and more")).toEqual([]);
    expect(acronymTokens("FUNDING FOR THE; EPA and more")).toEqual(["acrepa0"]);
    expect(acronymTokens(`FUNDING FOR HOUSING${" ".repeat(57)}EPA and more`)).toEqual([]);
    expect(acronymTokens(`FUNDING FOR HOUSING${" ".repeat(64)}EPA and more`)).toEqual(["acrepa0"]);
  });
});
