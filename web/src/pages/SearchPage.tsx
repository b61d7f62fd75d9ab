import { useCallback, useEffect } from "react";
import { Link, useSearchParams } from "react-router";
import type { SearchMode, SearchResponse } from "../api/types";
import { EmptyState } from "../components/EmptyState";
import { FacetSidebar } from "../components/FacetSidebar";
import { ProblemMessage } from "../components/ProblemMessage";
import { RecentDocuments } from "../components/RecentDocuments";
import { ResultItem } from "../components/ResultItem";
import { SearchForm } from "../components/SearchForm";
import { ResultSkeletons } from "../components/Skeleton";
import { facetValueLabel, filterLabel } from "../lib/labels";
import { search, searchKey } from "../lib/search-request";
import {
  chosenYear,
  type FilterName,
  parseSearchState,
  type SearchState,
  toSearchParams,
  withFilters,
  yearFilters,
} from "../lib/search-state";
import { markSearchResults, markSearchStart } from "../lib/timing";
import { useApi } from "../lib/use-api";

/** Search: the whole state (query, mode, filters, cursor) lives in the URL. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const state = parseSearchState(params);
  const key = searchKey(state);
  const result = useApi<SearchResponse>(key, (signal) => search(state, key as string, signal));

  const go = useCallback((next: SearchState) => setParams(toSearchParams(next)), [setParams]);
  const onSearch = (q: string, mode: SearchMode) => {
    markSearchStart();
    go({ ...state, q, mode, cursor: null, page: 1, correct: true });
  };
  const onFilter = (patch: Partial<Record<FilterName, string | null>>) => {
    markSearchStart();
    go(withFilters(state, patch));
  };

  useEffect(() => {
    if (result.status === "ok" && key) markSearchResults();
  }, [result.status, key]);

  useEffect(() => {
    document.title = state.q ? `${state.q} – OpenDiscourse` : "Search – OpenDiscourse";
  }, [state.q]);

  // A year chosen from its facet is one filter to the reader, not two dates.
  const year = chosenYear(state.filters);
  const active = (Object.entries(state.filters) as [FilterName, string][]).filter(
    ([name]) => !year || (name !== "dateFrom" && name !== "dateTo"),
  );
  const data = result.data;
  // A chip names a coded value (a sponsor's id) as the facets do, while the response holds it.
  const valueLabel = (name: FilterName, value: string) =>
    data?.facets?.[name as keyof typeof data.facets]?.find((v) => v.value === value)?.label ??
    facetValueLabel(name, value);

  return (
    <div className="search-page">
      <SearchForm
        query={state.q}
        mode={state.mode}
        groupByBill={state.groupByBill}
        sort={state.sort}
        onSearch={onSearch}
        onGroup={(groupByBill) => {
          markSearchStart();
          go({ ...state, groupByBill, cursor: null, page: 1 });
        }}
        onSort={(sort) => {
          markSearchStart();
          go({ ...state, sort, cursor: null, page: 1 });
        }}
      />
      {active.length > 0 || year ? (
        <ul className="active-filters" aria-label="Active filters">
          {year ? (
            <li key="year">
              <button
                type="button"
                className="chip"
                onClick={() => onFilter(yearFilters(null))}
                aria-label={`Remove filter Year: ${year}`}
              >
                Year: {year} <span aria-hidden="true">×</span>
              </button>
            </li>
          ) : null}
          {active.map(([name, value]) => (
            <li key={name}>
              <button
                type="button"
                className="chip"
                onClick={() => onFilter({ [name]: null })}
                aria-label={`Remove filter ${filterLabel(name)}: ${valueLabel(name, value)}`}
              >
                {filterLabel(name)}: {valueLabel(name, value)} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {!state.q ? (
        <>
          <EmptyState title="Search bills, votes, the Congressional Record, the Federal Register and your uploads.">
            <p>Type words or a phrase above; open “Search syntax” for phrases, exclusions and prefixes.</p>
          </EmptyState>
          <RecentDocuments />
        </>
      ) : (
        <div className="search-layout">
          <FacetSidebar
            facets={data?.facets}
            filters={state.filters}
            onFilter={onFilter}
            loading={result.status === "loading"}
          />
          <section className="results" aria-labelledby="results-heading" aria-busy={result.status === "loading"}>
            <h2 id="results-heading" className="results-heading">
              {result.status === "ok"
                ? `${data?.results.length ? "Results" : "No results"}${state.page > 1 ? ` — page ${state.page}` : ""}`
                : "Results"}
              {data ? <span className="results-mode"> ({data.mode})</span> : null}
            </h2>
            {data?.warning ? (
              <p className="warning" role="status">
                {data.warning}
              </p>
            ) : null}
            {data?.searchedFor && result.status === "ok" ? (
              <p className="suggestions">
                Showing results for <strong>{data.searchedFor}</strong>. Search instead for{" "}
                <Link to={`/?${toSearchParams({ ...state, correct: false, cursor: null, page: 1 })}`}>{state.q}</Link>.
              </p>
            ) : null}
            {data?.unmatched && !data.searchedFor && data.results.length > 0 ? (
              <p className="unmatched">
                No document contains {data.unmatched.map((word) => `“${word}”`).join(", ")}:{" "}
                {data.results.some((r) => r.matchedBy.includes("keywords"))
                  ? "results are for the other words."
                  : "these results are related in meaning only."}
              </p>
            ) : null}
            {data?.suggestions && result.status === "ok" ? (
              <p className="suggestions">
                Did you mean{" "}
                {data.suggestions.map((q, i) => (
                  <span key={q}>
                    {i > 0 ? " or " : null}
                    <Link to={`/?${toSearchParams({ ...state, q, cursor: null, page: 1 })}`} onClick={markSearchStart}>
                      {q}
                    </Link>
                  </span>
                ))}
                ?
              </p>
            ) : null}
            {result.status === "error" ? <ProblemMessage error={result.error} onRetry={result.reload} /> : null}
            {result.status === "loading" && !data ? <ResultSkeletons /> : null}
            {data && result.status !== "error" ? (
              data.results.length === 0 ? (
                <EmptyState title={`Nothing matches “${state.q}”.`}>
                  <p>Try fewer words, another mode, or remove a filter.</p>
                </EmptyState>
              ) : (
                <ol className={result.status === "loading" ? "result-list stale" : "result-list"}>
                  {data.results.map((r) => (
                    <ResultItem key={r.documentId} result={r} query={data.searchedFor ?? state.q} mode={data.mode} />
                  ))}
                </ol>
              )
            ) : null}
            <nav className="pager" aria-label="Pages">
              {state.cursor ? (
                <Link to={`/?${toSearchParams({ ...state, cursor: null, page: 1 })}`} className="button secondary">
                  First page
                </Link>
              ) : null}
              {data?.nextCursor && result.status === "ok" ? (
                <Link
                  to={`/?${toSearchParams({ ...state, cursor: data.nextCursor, page: state.page + 1 })}`}
                  className="button secondary"
                  onClick={markSearchStart}
                >
                  Next page
                </Link>
              ) : null}
            </nav>
          </section>
        </div>
      )}
    </div>
  );
}
