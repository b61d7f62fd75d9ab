import { type FormEvent, useEffect, useId, useState } from "react";
import type { SearchMode, SearchSort } from "../api/types";

const MODES: { value: SearchMode; label: string; hint: string }[] = [
  { value: "hybrid", label: "Hybrid", hint: "words and meaning" },
  { value: "keyword", label: "Keyword", hint: "exact words" },
  { value: "semantic", label: "Semantic", hint: "meaning" },
];

const SORTS: { value: SearchSort; label: string }[] = [
  { value: "relevance", label: "Best match" },
  { value: "newest", label: "Newest first" },
  { value: "oldest", label: "Oldest first" },
];

export interface SearchFormProps {
  query: string;
  mode: SearchMode;
  groupByBill: boolean;
  sort: SearchSort;
  onSearch(query: string, mode: SearchMode): void;
  onGroup(groupByBill: boolean): void;
  onSort(sort: SearchSort): void;
}

/** The query box, the mode switch, grouping, order and the syntax help. */
export function SearchForm({ query, mode, groupByBill, sort, onSearch, onGroup, onSort }: SearchFormProps) {
  const [text, setText] = useState(query);
  const inputId = useId();
  const helpId = useId();
  const groupId = useId();
  const sortId = useId();
  // Back and forward change the URL: the box follows it.
  useEffect(() => setText(query), [query]);
  // "/" anywhere outside a field jumps to the query box, as on most search sites.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target?.closest("input, textarea, select, [contenteditable='true']");
      if (event.key !== "/" || typing || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      document.getElementById(inputId)?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [inputId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text.trim(), mode);
  };

  return (
    <search className="search-form">
      <form onSubmit={submit}>
        <label htmlFor={inputId} className="search-label">
          Search documents
        </label>
        <div className="search-row">
          <input
            id={inputId}
            name="q"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder='e.g. "public health" appropriations -tobacco'
            aria-describedby={helpId}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="button">
            Search
          </button>
        </div>
        <fieldset className="mode-switch">
          <legend>Mode</legend>
          {MODES.map((m) => (
            <label key={m.value} className={m.value === mode ? "mode active" : "mode"}>
              <input
                type="radio"
                name="mode"
                value={m.value}
                checked={m.value === mode}
                onChange={() => onSearch(text.trim(), m.value)}
              />
              {m.label} <span className="mode-hint">({m.hint})</span>
            </label>
          ))}
        </fieldset>
        <label htmlFor={groupId} className="checkbox group-toggle">
          <input id={groupId} type="checkbox" checked={groupByBill} onChange={(e) => onGroup(e.target.checked)} />
          One result per bill
        </label>
        <label htmlFor={sortId} className="sort-select">
          Order{" "}
          <select id={sortId} value={sort} onChange={(e) => onSort(e.target.value as SearchSort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <details className="syntax-help" id={helpId}>
          <summary>Search syntax</summary>
          <dl>
            <dt>
              <code>"exact phrase"</code>
            </dt>
            <dd>the words together, in this order</dd>
            <dt>
              <code>-word</code>
            </dt>
            <dd>leave out documents with this word</dd>
            <dt>
              <code>tariff OR duty</code>
            </dt>
            <dd>either word</dd>
            <dt>
              <code>immigra*</code>
            </dt>
            <dd>words starting with this prefix (two letters or more)</dd>
            <dt>
              <code>H.R. 2000</code>, <code>42 U.S.C. 1395</code>, <code>Pub. L. 116-136</code>,{" "}
              <code>40 CFR 52.21</code>, <code>88 FR 52262</code>, <code>151 Cong. Rec. H6110</code>
            </dt>
            <dd>
              bills and citations, in any spelling; a Federal Register or Record page also finds what is printed on it
            </dd>
            <dt>
              <code>CARES Act</code>
            </dt>
            <dd>a word in capitals is an acronym: CARES, not care (so is the first word of a name: cares act)</dd>
            <dt>
              <kbd>/</kbd>
            </dt>
            <dd>jump to the search box from anywhere on the page</dd>
          </dl>
        </details>
      </form>
    </search>
  );
}
