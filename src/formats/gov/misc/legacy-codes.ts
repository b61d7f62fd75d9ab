import { billId } from "../bill-id";

// THOMAS's bill codes in its query links (`z?d112:HR02544:`); HZ and SP are amendments, not bills.
const THOMAS_TYPES: Record<string, string> = {
  HR: "hr",
  SN: "s",
  HJ: "hjres",
  SJ: "sjres",
  HC: "hconres",
  SC: "sconres",
  HE: "hres",
  SE: "sres",
};

/** A bill id from a THOMAS query code (`HR`, `SN`, `HE`…), or null for amendments and unknown codes. */
export function thomasBillId(congress: string, code: string, number: string): string | null {
  const type = THOMAS_TYPES[code.toUpperCase()];
  return type ? billId(congress, type, number) : null;
}

/** `5/24/2011` as `2011-05-24`; undefined for anything else. */
export function usDate(text: string | undefined): string | undefined {
  const match = text ? /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text) : null;
  if (!match) return undefined;
  const [month, day] = [Number(match[1]), Number(match[2])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return `${match[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
