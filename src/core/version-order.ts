/**
 * The order of a bill's versions. Dates come from the text (an action line, an attestation), and some renderings
 * state none (USLM converted from the DTD drops the action lines): such a version still belongs between the stages
 * before and after it, not after every dated one.
 */

/** Where each version code stands in a bill's passage, roughly: introduced, committee, passed, amended, enrolled. */
const STAGES: Record<string, number> = {
  ih: 0,
  is: 0,
  rth: 1,
  rfh: 1,
  rfs: 1,
  rdh: 1,
  rds: 1,
  rh: 1,
  rs: 1,
  rch: 1,
  rcs: 1,
  cdh: 1,
  cds: 1,
  pch: 1,
  pcs: 1,
  hdh: 1,
  hds: 1,
  sc: 1,
  eh: 2,
  es: 2,
  cph: 2,
  cps: 2,
  ath: 2,
  ats: 2,
  pap: 2,
  pp: 2,
  eah: 3,
  eas: 3,
  pwah: 3,
  enr: 4,
  enr2: 4,
};
const UNKNOWN_STAGE = 1;

export function versionStage(code: string | null): number {
  return (code ? STAGES[code] : undefined) ?? UNKNOWN_STAGE;
}

/**
 * Versions oldest first: dated ones by date (the list's order breaks ties), then each undated one placed after the
 * last dated version of the same or an earlier stage, undated ones among themselves by stage.
 */
export function chronological<T extends { version: string | null; date: string | null }>(versions: T[]): T[] {
  const dated = versions
    .filter((v) => v.date)
    .sort((a, b) => ((a.date as string) < (b.date as string) ? -1 : a.date === b.date ? 0 : 1));
  const undated = versions.filter((v) => !v.date).sort((a, b) => versionStage(a.version) - versionStage(b.version));
  const out = [...dated];
  for (const version of undated) {
    const stage = versionStage(version.version);
    let at = 0;
    for (let i = 0; i < out.length; i++) {
      if (versionStage((out[i] as T).version) <= stage) at = i + 1;
    }
    out.splice(at, 0, version);
  }
  return out;
}

/**
 * Renderings (one row per document) grouped by version, the versions in `chronological` order, each version dated
 * by its earliest rendering; renderings of one version keep the list's order.
 */
export function byVersion<T>(rows: T[], get: (row: T) => { version: string | null; date: string | null }): T[] {
  const groups = new Map<string, { version: string | null; date: string | null; rows: T[] }>();
  for (const row of rows) {
    const { version, date } = get(row);
    const group = groups.get(version ?? "") ?? { version, date: null, rows: [] };
    if (date && (!group.date || date < group.date)) group.date = date;
    group.rows.push(row);
    groups.set(version ?? "", group);
  }
  return chronological([...groups.values()]).flatMap((g) => g.rows);
}
