import type { Citation } from "../types";
import type { CitationMatch } from "./match";
import { ownPage } from "./own-pages";

/**
 * Congressional Record pages as documents cite them: `151 Cong. Rec. H6110` (the daily edition's House, Senate,
 * Extensions of Remarks and Daily Digest pages), `151 Cong. Rec. 16873` (the bound edition). The target is the volume
 * and the page, in lower case as every target is (`crec/151/h6110`); a pinpoint or range after it stays in the text
 * but not in the target.
 */
const RECORD = /(?<![\w.])(\d{1,3})\s+Cong\.\s?Rec\.\s+([HSED]?)\s?(\d{1,6})(?!\d)/g;

/** Pages a Record page's header spans at most; a longer range is misread. */
const MAX_PAGES = 200;

export function matchCongressionalRecord(text: string): CitationMatch[] {
  const out: CitationMatch[] = [];
  for (const m of text.matchAll(RECORD)) {
    const volume = Number(m[1]);
    const page = Number(m[3]);
    if (volume === 0 || page === 0) continue;
    const target = `crec/${volume}/${(m[2] as string).toLowerCase()}${page}`;
    out.push({ kind: "congressional-record", start: m.index, end: m.index + m[0].length, targets: [target] });
  }
  return out;
}

/**
 * The citations of the pages a Record page is printed on, from its volume and its header's pages (`H6110`,
 * `H6110-H6112`, `S8560-S8573`); none when they do not read as pages. `starts` places pages after the first by where
 * they begin in the text (`H6111` at its `[[Page H6111]]` mark), so a search for one opens the page at that passage;
 * the first begins with the text.
 */
export function recordPageCitations(
  volume: number | string | undefined,
  pages: string | undefined,
  starts: ReadonlyMap<string, number> = new Map(),
): Citation[] {
  const vol = Number(volume);
  const range = /^([HSED]?)(\d{1,6})(?:\s*[-\u2010-\u2013]\s*\1?(\d{1,6}))?$/.exec(pages?.trim() ?? "");
  if (!range || !Number.isInteger(vol) || vol <= 0) return [];
  const letter = range[1] as string;
  const first = Number(range[2]);
  const last = range[3] === undefined ? first : Number(range[3]);
  if (first <= 0 || last < first || last - first >= MAX_PAGES) return [];
  return Array.from({ length: last - first + 1 }, (_, i) =>
    ownPage(
      {
        kind: "congressional-record",
        target: `crec/${vol}/${letter.toLowerCase()}${first + i}`,
        text: `${vol} Cong. Rec. ${letter}${first + i}`,
      },
      i === 0 ? 0 : starts.get(`${letter}${first + i}`),
    ),
  );
}
