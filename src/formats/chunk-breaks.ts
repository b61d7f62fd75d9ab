/**
 * Where text may be cut, and how good a cut each place is. A cut is a run of whitespace: the chunk before it ends
 * where the run starts, the next chunk begins where it ends.
 */

export const Strength = {
  word: 0,
  /** After `;` or `:` inside a line: the joints of legal enumerations. */
  clause: 1,
  /** A line break inside running text, as in hard-wrapped plain text. */
  line: 2,
  sentence: 3,
  /** A line break after a sentence or before an indented line: a paragraph in text without blank lines. */
  blockLine: 4,
  paragraph: 5,
} as const;
export type Strength = (typeof Strength)[keyof typeof Strength];

const ABBREVIATIONS = new Set(
  (
    "mr mrs ms messrs dr sen rep reps sec secs no nos jr sr st inc co corp ltd vs v gen gov hon prof pub stat cong " +
    "rept doc docs vol p pp art arts ch cl para subpara subsec subch fig e.g i.e jan feb mar apr jun jul aug sep " +
    "sept oct nov dec approx dept govt mt ft amdt res"
  ).split(" "),
);

const CLOSERS = /["'”’)\]`]+$/;

function indentation(text: string, lineStart: number): number {
  let i = lineStart;
  while (text[i] === " " || text[i] === "\t") i++;
  return i - lineStart;
}

/** The character before `index` once closing quotes and brackets are skipped, and where it is. */
function lastMeaningful(text: string, index: number): { char: string; at: number } {
  const tail = text.slice(Math.max(0, index - 8), index);
  const stripped = tail.replace(CLOSERS, "");
  const at = index - (tail.length - stripped.length) - 1;
  return { char: text.charAt(at), at };
}

function isAbbreviation(text: string, periodAt: number): boolean {
  const before = text.slice(Math.max(0, periodAt - 24), periodAt);
  const word = /([^\s(["'“‘`]+)$/.exec(before)?.[1] ?? "";
  if (word === "") return false;
  // Initials and dotted abbreviations: "U.S", "H.R", "J".
  if (/^(?:[A-Za-z]\.)*[A-Za-z]$/.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** How good a cut the whitespace run [start, end) of `text` is. */
export function breakStrength(text: string, start: number, end: number): Strength {
  const run = text.slice(start, end);
  const newline = run.indexOf("\n");
  if (newline >= 0 && run.indexOf("\n", newline + 1) >= 0) return Strength.paragraph;
  const { char, at } = lastMeaningful(text, start);
  const next = text.charAt(end);
  const sentenceEnd =
    (char === "." || char === "!" || char === "?") &&
    !(char === "." && isAbbreviation(text, at)) &&
    /[\p{Lu}\d"'“‘(`[§]/u.test(next);
  if (newline >= 0) {
    if (sentenceEnd || char === ":" || char === ";") return Strength.blockLine;
    const previousLineStart = text.lastIndexOf("\n", start - 1) + 1;
    if (indentation(text, start + newline + 1) > indentation(text, previousLineStart)) return Strength.blockLine;
    return Strength.line;
  }
  if (sentenceEnd) return Strength.sentence;
  if (char === ";" || char === ":") return Strength.clause;
  return Strength.word;
}
