import { Link } from "react-router";
import type { SearchMode, SearchResult } from "../api/types";
import { billLabel, humanize, versionLabel } from "../lib/labels";
import { Badge, StateBadge } from "./Badge";
import { Highlighted } from "./Highlighted";

/** Where a result opens: the document at its passage, with the query so its words are marked there. */
export function resultHref(result: SearchResult, query: string): string {
  const params = new URLSearchParams({ q: query, at: `${result.passage.start}-${result.passage.end}` });
  return `/documents/${encodeURIComponent(result.documentId)}?${params}`;
}

/**
 * One ranked document: title, badges (what it is, its format, bill and version: the versions of one bill are results
 * of their own, often with one title), the passage heading (and who speaks there) and the snippet, with the query's
 * matches marked in the title, heading and snippet, and the bill's badge when the query is that bill's number. In
 * hybrid mode, a document the keywords did not find (only the model's reading of the query did) says so, since it may
 * not contain the words searched for.
 */
export function ResultItem({ result, query, mode }: { result: SearchResult; query: string; mode?: SearchMode }) {
  const title = result.title?.trim() || result.filename;
  const byMeaningOnly = mode === "hybrid" && !result.matchedBy.includes("keywords");
  return (
    <li className="result">
      <h3 className="result-title">
        <Link to={resultHref(result, query)}>
          {result.title?.trim() ? <Highlighted text={result.title} ranges={result.titleHighlights} /> : title}
        </Link>
      </h3>
      <div className="result-meta">
        {result.documentType ? <Badge tone="info">{humanize(result.documentType)}</Badge> : null}
        <Badge>{result.format}</Badge>
        {result.billId ? (
          <Link className="badge badge-bill" to={`/bills/${encodeURIComponent(result.billId)}`}>
            {result.namedBill ? <mark>{billLabel(result.billId)}</mark> : billLabel(result.billId)}
          </Link>
        ) : null}
        {result.version ? <Badge title={result.version.toUpperCase()}>{versionLabel(result.version)}</Badge> : null}
        {result.date ? <time dateTime={result.date}>{result.date}</time> : null}
        {result.state !== "ready" ? <StateBadge state={result.state} /> : null}
        {byMeaningOnly ? (
          <Badge title="Found by the meaning of the query, not by its words, which this document may not contain">
            related in meaning
          </Badge>
        ) : null}
        {title !== result.filename ? <span className="result-filename">{result.filename}</span> : null}
      </div>
      {result.passage.heading || result.passage.speaker ? (
        <p className="result-heading">
          <Highlighted text={result.passage.heading} ranges={result.passage.headingHighlights} />
          {result.passage.speaker ? (
            <span className="result-speaker">
              {result.passage.heading ? " — " : ""}
              {result.passage.speakerId ? (
                <Link to={`/people/${encodeURIComponent(result.passage.speakerId)}`}>{result.passage.speaker}</Link>
              ) : (
                result.passage.speaker
              )}
            </span>
          ) : null}
        </p>
      ) : null}
      <p className="snippet">
        <Highlighted text={result.snippet} ranges={result.highlights} />
      </p>
      {result.collapsed && result.collapsed.length > 0 ? (
        <p className="result-collapsed">
          <Collapsed result={result} more={result.collapsed.length} />
        </p>
      ) : null}
    </li>
  );
}

/** What a result stands for besides itself: a roll call's other files, a bill's other documents, the same text. */
function Collapsed({ result, more }: { result: SearchResult; more: number }) {
  const files = `${more} more ${more === 1 ? "file" : "files"}`;
  if (result.documentType === "roll-call-vote") return <>also stored as {files} of this roll call</>;
  if (!result.billId) return <>also stored as {files} of the same text</>;
  return (
    <>
      and {more} more {more === 1 ? "version or rendering" : "versions or renderings"} of{" "}
      <Link to={`/bills/${encodeURIComponent(result.billId)}`}>this bill</Link>
    </>
  );
}
