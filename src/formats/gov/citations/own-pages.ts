import type { Citation } from "../types";

const SEARCHABLE = /[\p{L}\p{N}]/u;

/**
 * Where a printed page begins in a document's text, from the offset its page mark was at: the first letter or digit
 * from there (the mark may sit before a blank line or a printed rule, which no passage holds). None when no text
 * follows it.
 */
export function pageStart(text: string, at: number): number | undefined {
  for (let i = Math.max(0, at); i < text.length; i++) if (SEARCHABLE.test(text.charAt(i))) return i;
  return undefined;
}

/** Where each marked page begins in the finished text (see `pageStart`); pages whose mark no text follows are left out. */
export function pageStarts<Page>(text: string, marks: ReadonlyMap<Page, number>): Map<Page, number> {
  const starts = new Map<Page, number>();
  for (const [page, at] of marks) {
    const start = pageStart(text, at);
    if (start !== undefined) starts.set(page, start);
  }
  return starts;
}

/** Whether a citation is a page its own document is printed on (as `ownPage` makes them), not one it cites. */
export function isOwnPage(citation: Pick<Citation, "kind" | "start" | "end">): boolean {
  const { kind, start, end } = citation;
  return (kind === "federal-register" || kind === "congressional-record") && (start === undefined || start === end);
}

/**
 * A page the document is printed on, as its own citation: placed where the page begins, as an empty range (it cites
 * no text), or without a place when the page's start is not known. `isOwnPage`, and `ownPageSql` in SQL
 * (src/core/documents.ts), tell these from the citations a document makes.
 */
export function ownPage(citation: Omit<Citation, "start" | "end">, start: number | undefined): Citation {
  return start === undefined ? citation : { ...citation, start, end: start };
}
