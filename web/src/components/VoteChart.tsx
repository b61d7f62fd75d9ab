import type { PersonMention, VoteRecord } from "../api/types";
import { partyName } from "../lib/labels";

export interface PartyTally {
  party: string;
  yea: number;
  nay: number;
  other: number;
}

const YEA = /^(yea|aye|yes|guilty)$/i;
const NAY = /^(nay|no|not guilty)$/i;

/** Each party's yeas, nays and others from the roll call's named voters. */
export function tallyByParty(voters: PersonMention[]): PartyTally[] {
  const byParty = new Map<string, PartyTally>();
  for (const voter of voters) {
    if (voter.role !== "voter") continue;
    const party = voter.party?.toUpperCase() || "?";
    const tally = byParty.get(party) ?? { party, yea: 0, nay: 0, other: 0 };
    const position = voter.position?.trim() ?? "";
    if (YEA.test(position)) tally.yea += 1;
    else if (NAY.test(position)) tally.nay += 1;
    else tally.other += 1;
    byParty.set(party, tally);
  }
  return [...byParty.values()].sort((a, b) => b.yea + b.nay + b.other - (a.yea + a.nay + a.other));
}

/** Horizontal stacked bars, one per party, in plain CSS; the numbers are in the text for screen readers. */
export function PartyChart({ tallies }: { tallies: PartyTally[] }) {
  const max = Math.max(1, ...tallies.map((t) => t.yea + t.nay + t.other));
  return (
    <table className="party-chart">
      <caption className="visually-hidden">Votes by party</caption>
      <thead>
        <tr>
          <th scope="col">Party</th>
          <th scope="col">Yea</th>
          <th scope="col">Nay</th>
          <th scope="col">Other</th>
          <th scope="col" className="chart-col">
            <span className="visually-hidden">Chart</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {tallies.map((t) => (
          <tr key={t.party}>
            <th scope="row">{partyName(t.party)}</th>
            <td>{t.yea}</td>
            <td>{t.nay}</td>
            <td>{t.other}</td>
            <td className="chart-col" aria-hidden="true">
              <div className="bar">
                <span className="bar-yea" style={{ width: `${(t.yea / max) * 100}%` }} />
                <span className="bar-nay" style={{ width: `${(t.nay / max) * 100}%` }} />
                <span className="bar-other" style={{ width: `${(t.other / max) * 100}%` }} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The totals of a roll call as one stacked bar. */
export function TotalsBar({ counts }: { counts: VoteRecord["counts"] }) {
  const total = Math.max(1, counts.yea + counts.nay + counts.present + counts.notVoting);
  return (
    <div className="totals">
      <p>
        Yea {counts.yea} · Nay {counts.nay} · Present {counts.present} · Not voting {counts.notVoting}
      </p>
      <div className="bar" aria-hidden="true">
        <span className="bar-yea" style={{ width: `${(counts.yea / total) * 100}%` }} />
        <span className="bar-nay" style={{ width: `${(counts.nay / total) * 100}%` }} />
        <span className="bar-other" style={{ width: `${((counts.present + counts.notVoting) / total) * 100}%` }} />
      </div>
    </div>
  );
}
