import { BILL_TYPE_ABBREVIATIONS, versionLabel } from "../../../src/formats/gov/bill-id";

export { versionLabel };

/** Display names for the API's codes; unknown codes are shown as they are. */

const BILL_TYPES: Record<string, string> = BILL_TYPE_ABBREVIATIONS;

/** `116-hr-2000` → `H.R. 2000 (116th)`; anything else unchanged. */
export function billLabel(billId: string, withCongress = true): string {
  const match = /^(\d+)-([a-z]+)-(\d+)$/i.exec(billId);
  if (!match) return billId;
  const [, congress, type = "", number] = match;
  const name = `${BILL_TYPES[type.toLowerCase()] ?? type.toUpperCase()} ${number}`;
  return withCongress ? `${name} (${ordinal(Number(congress))})` : name;
}

export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

const PARTIES: Record<string, string> = { D: "Democrat", R: "Republican", I: "Independent", ID: "Independent" };

export function partyName(code: string | null | undefined): string {
  if (!code || code === "?") return "Unknown";
  return PARTIES[code.toUpperCase()] ?? code;
}

/** `bill-text` → `Bill text`. */
export function humanize(code: string): string {
  const text = code.replace(/[-_]+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const FACET_LABELS: Record<string, string> = {
  documentType: "Document type",
  congress: "Congress",
  billType: "Bill type",
  version: "Version",
  party: "Sponsor's party",
  sponsorState: "Sponsor's state",
  policyArea: "Policy area",
  committee: "Committee",
  sponsor: "Sponsor",
  year: "Year",
  dateFrom: "From",
  dateTo: "To",
};

export function filterLabel(name: string): string {
  return FACET_LABELS[name] ?? humanize(name);
}

/** A facet value as a reader expects it: bill type codes as citations, parties by name. */
export function facetValueLabel(name: string, value: string): string {
  if (name === "billType") return BILL_TYPES[value.toLowerCase()] ?? value.toUpperCase();
  if (name === "party") return partyName(value);
  if (name === "congress") return `${ordinal(Number(value))} Congress`;
  if (name === "documentType") return humanize(value);
  if (name === "version") return versionLabel(value);
  if (name === "bill") return billLabel(value);
  return value;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** An ISO timestamp as a short local date and time; dates alone stay as they are. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}
