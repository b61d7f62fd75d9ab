import { type FormEvent, useId, useState } from "react";
import { FACET_NAMES, type FacetName } from "../../../src/core/search/facets";
import type { Facets } from "../api/types";
import { facetValueLabel, filterLabel } from "../lib/labels";
import { chosenYear, type FilterName, filterDay, type SearchState, yearFilters } from "../lib/search-state";

export interface FacetSidebarProps {
  facets: Partial<Facets> | undefined;
  filters: SearchState["filters"];
  onFilter(patch: Partial<Record<FilterName, string | null>>): void;
  loading: boolean;
}

const SHOWN = 8;

/** The filters a facet value selects (null clears them): a year is its first to last day. */
function selectFacet(name: FacetName, value: string | null): Partial<Record<FilterName, string | null>> {
  return name === "year" ? yearFilters(value) : { [name]: value };
}

/**
 * Facet counts over the matches: choosing a value filters by it, choosing it again clears it. Values that are codes
 * (a sponsor's id) show the label the response gives them.
 */
export function FacetSidebar({ facets, filters, onFilter, loading }: FacetSidebarProps) {
  const fromId = useId();
  const toId = useId();
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const toggle = (name: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const applyDates = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onFilter({
      dateFrom: String(form.get("dateFrom") ?? "") || null,
      dateTo: String(form.get("dateTo") ?? "") || null,
    });
  };
  return (
    <aside className="facets" aria-label="Filters" aria-busy={loading}>
      <h2 className="facets-title">Filters</h2>
      {FACET_NAMES.map((name) => {
        const values = facets?.[name] ?? [];
        const active = name === "year" ? chosenYear(filters) : filters[name];
        if (values.length === 0 && !active) return null;
        const open = expanded.has(name);
        const shown = open ? [...values] : values.slice(0, SHOWN);
        if (active && !shown.some((v) => v.value === active)) shown.unshift({ value: active, count: 0 });
        return (
          <section key={name} className="facet" aria-labelledby={`facet-${name}`}>
            <h3 id={`facet-${name}`}>{filterLabel(name)}</h3>
            <ul>
              {shown.map((v) => {
                const pressed = v.value === active;
                return (
                  <li key={v.value}>
                    <button
                      type="button"
                      className="facet-value"
                      aria-pressed={pressed}
                      onClick={() => onFilter(selectFacet(name, pressed ? null : v.value))}
                    >
                      <span className="facet-label">{v.label ?? facetValueLabel(name, v.value)}</span>
                      {v.count > 0 ? <span className="facet-count">{v.count}</span> : null}
                    </button>
                  </li>
                );
              })}
            </ul>
            {values.length > SHOWN ? (
              <button type="button" className="link-button" aria-expanded={open} onClick={() => toggle(name)}>
                {open ? "Show fewer" : `Show all ${values.length}`}
              </button>
            ) : null}
          </section>
        );
      })}
      <form className="facet facet-dates" onSubmit={applyDates} key={`${filters.dateFrom}-${filters.dateTo}`}>
        <h3>Date</h3>
        <label htmlFor={fromId}>From</label>
        <input id={fromId} name="dateFrom" type="date" defaultValue={filterDay(filters.dateFrom, "first")} />
        <label htmlFor={toId}>To</label>
        <input id={toId} name="dateTo" type="date" defaultValue={filterDay(filters.dateTo, "last")} />
        <button type="submit" className="button secondary small">
          Apply dates
        </button>
      </form>
    </aside>
  );
}
