import { stateCode } from "../states";

/**
 * Speaker lines of the Congressional Record. A speech opens a paragraph (indented by one or two spaces, or after a
 * `<bullet>`) with the speaker as the Record prints them, then a period: "Mr. SMITH of Texas.", "Ms. LINDA T.
 * SANCHEZ of California.", "The SPEAKER pro tempore (Mr. Poe).", "The PRESIDING OFFICER.".
 */

// A surname word in capitals, allowing the Record's mixed-case particles: McDONALD, DeFAZIO, MILLENDER-McDONALD.
const WORD = String.raw`[A-Za-z'\-]*[A-Z]{2}[A-Za-z'\-]*|[A-Z]'[A-Z]+`;
// House managers in an impeachment trial speak as "Mr. Manager SCHIFF".
const MEMBER = String.raw`(?:Mr|Ms|Mrs|Miss)\. (?:Manager )?(?:(?:[A-Z]\.|${WORD}) )*(?:${WORD})(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?)?`;
const OFFICER = String.raw`The (?:(?:VICE|ACTING|Acting) )?(?:PRESIDENT|SPEAKER|CHAIR(?:MAN|WOMAN)?)(?: pro tempore)?|The PRESIDING OFFICER|The CLERK|The CHIEF JUSTICE|The VICE PRESIDENT|Mr\. Counsel [A-Z]+`;
const SPEAKER_LINE = new RegExp(
  String.raw`^(?: {1,2}|<bullet> ?)(${MEMBER}|(?:${OFFICER})(?: \(([A-Za-z.\- ]+)\))?)\.(?= |$)`,
);

export interface SpeakerLine {
  /** As printed, without the final period: "Mr. SMITH of Texas", "The SPEAKER pro tempore (Mr. Poe)". */
  heading: string;
  /** Where the speaker's words start in the line (after the name's period). */
  rest: number;
  /** The member's name as printed ("Mr. SMITH of Texas", "Mr. Poe" for a presiding officer); absent for a bare office. */
  member?: string;
  /** Two-letter code of the state the heading names ("of Texas"). */
  state?: string;
}

/** The speaker a line of the Record opens with, or null when it is not the start of a speech. */
export function speakerLine(line: string): SpeakerLine | null {
  const match = SPEAKER_LINE.exec(line);
  if (!match) return null;
  const heading = match[1] as string;
  const result: SpeakerLine = { heading, rest: match[0].length };
  const member = heading.startsWith("The ") ? match[2] : heading;
  if (member) {
    result.member = member;
    const place = / of ([A-Z][a-z]+(?: [A-Z][a-z]+)?)$/.exec(member)?.[1];
    const state = place ? (stateCode(place) ?? undefined) : undefined;
    if (state) result.state = state;
  }
  return result;
}
