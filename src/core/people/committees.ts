import { committeeSystemCode } from "../../formats/gov/committees";
import type { Chamber, Committee } from "../../formats/gov/types";
import { AppError } from "../errors";
import { parseDataText } from "./legislators-text";

/** A committee or subcommittee of the committees data (congress-legislators `committees-current.yaml`, CC0). */
export interface CommitteeRecord {
  /** Congress.gov's system code: `hsif00` for Energy and Commerce, `hsif14` for its Subcommittee on Health. */
  code: string;
  /**
   * "House Committee on Energy and Commerce"; a subcommittee's with its committee's, since the data's alone recur
   * across committees ("Health"): "House Energy and Commerce Subcommittee on Health".
   */
  name: string;
  chamber?: Chamber;
  /** A subcommittee's committee, by code. */
  parent?: string;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : undefined);

/**
 * The committees of a congress-legislators committees file (YAML or JSON text). Throws `AppError("unprocessable")`
 * when it is neither, or holds no committee with a THOMAS id.
 */
export function parseCommitteesText(text: string): CommitteeRecord[] {
  const data = parseDataText(text, "committees");
  const records: CommitteeRecord[] = [];
  for (const raw of Array.isArray(data) ? data : []) {
    if (!isObj(raw)) continue;
    const thomas = str(raw.thomas_id)?.toLowerCase();
    const name = str(raw.name);
    if (!thomas || !name || !/^[a-z]{4}$/.test(thomas)) continue;
    const chamber = raw.type === "house" || raw.type === "senate" ? raw.type : undefined;
    const code = `${thomas}00`;
    records.push(chamber ? { code, name, chamber } : { code, name });
    for (const sub of Array.isArray(raw.subcommittees) ? raw.subcommittees : []) {
      const number = isObj(sub) ? str(sub.thomas_id) : undefined;
      const subName = isObj(sub) ? str(sub.name) : undefined;
      if (!number || !subName || !/^\d{2}$/.test(number)) continue;
      const record: CommitteeRecord = {
        code: `${thomas}${number}`,
        name: subcommitteeName(name, subName),
        parent: code,
      };
      if (chamber) record.chamber = chamber;
      records.push(record);
    }
  }
  if (records.length === 0) throw new AppError("unprocessable", "committees file holds no committee with a THOMAS id");
  return records;
}

/** "House Committee on the Judiciary" and "Privacy" as Congress says it: "House Judiciary Subcommittee on Privacy". */
function subcommitteeName(committee: string, subcommittee: string): string {
  const sub = /^subcommittee\b/i.test(subcommittee) ? subcommittee : `Subcommittee on ${subcommittee}`;
  // "House Committee on House Administration" is "House Administration", not "House House Administration".
  return `${committee.replace(/\bCommittee on (the )?/, "").replace(/^(\w+) \1\b/, "$1")} ${sub}`;
}

/** Words that tell nothing apart: "House Committee on the Judiciary", "Senate Judiciary" and "Judiciary" are one. */
const FILLER = new Set(["house", "senate", "joint", "committee", "on", "the", "permanent", "select", "of", "u", "s"]);

/** A committee's name reduced to what distinguishes it: "House Intelligence (Permanent Select)" → "intelligence". */
export function committeeNameKey(name: string): string {
  return (name.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !FILLER.has(w)).join(" ");
}

export interface CommitteeResolver {
  /**
   * The committee as the data knows it, with its system code and name: by its code in any spelling (`HIF00`,
   * `hsif00`, `HSIF`), else by its name within its chamber ("House Energy and Commerce"; a chamber named first in
   * the name counts). Subcommittees are matched by code only, their names recurring across committees ("Health").
   * A committee the data does not know keeps its name and gets its code's system spelling.
   */
  resolve(committee: Committee): Committee;
}

export function createCommitteeResolver(records: CommitteeRecord[]): CommitteeResolver {
  const byCode = new Map(records.map((r) => [r.code, r]));
  // A name shared by committees of both chambers ("Appropriations") resolves only with a chamber.
  const byName = new Map<string, CommitteeRecord[]>();
  for (const r of records) {
    if (r.parent) continue;
    const key = committeeNameKey(r.name);
    byName.set(key, [...(byName.get(key) ?? []), r]);
  }
  const known = (record: CommitteeRecord, chamber: Chamber | undefined): Committee => {
    const out: Committee = { name: record.name, code: record.code };
    const side = record.chamber ?? chamber;
    if (side) out.chamber = side;
    return out;
  };
  return {
    resolve(committee) {
      const system = committee.code ? committeeSystemCode(committee.code) : null;
      if (system) {
        const record = byCode.get(system);
        return record ? known(record, committee.chamber) : { ...committee, code: system };
      }
      if (committee.code) return committee;
      const chamber =
        committee.chamber ?? (/^\s*(house|senate)\b/i.exec(committee.name)?.[1]?.toLowerCase() as Chamber | undefined);
      const candidates = (byName.get(committeeNameKey(committee.name)) ?? []).filter(
        (r) => !chamber || !r.chamber || r.chamber === chamber,
      );
      return candidates.length === 1 && candidates[0] ? known(candidates[0], chamber) : committee;
    },
  };
}
