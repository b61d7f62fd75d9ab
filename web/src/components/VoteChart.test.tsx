import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { PartyChart, tallyByParty } from "./VoteChart";

describe("votes by party", () => {
  it("counts each party's yeas, nays and others from named voters", () => {
    const tallies = tallyByParty([
      { name: "A", role: "voter", party: "D", position: "Yea" },
      { name: "B", role: "voter", party: "D", position: "Aye" },
      { name: "C", role: "voter", party: "R", position: "Nay" },
      { name: "D", role: "voter", party: "R", position: "Not Voting" },
      { name: "E", role: "voter", party: "R", position: "No" },
      { name: "F", role: "sponsor", party: "I", position: "Yea" },
    ]);
    expect(tallies).toEqual([
      { party: "R", yea: 0, nay: 2, other: 1 },
      { party: "D", yea: 2, nay: 0, other: 0 },
    ]);
    render(<PartyChart tallies={tallies} />);
    expect(screen.getByRole("rowheader", { name: "Republican" })).toBeInTheDocument();
    expect(screen.getByRole("table", { name: "Votes by party" })).toBeInTheDocument();
  });
});
