/** Bill types as Congress.gov and GPO name them, lower case. */
export const BILL_TYPES = ["hr", "s", "hjres", "sjres", "hconres", "sconres", "hres", "sres"] as const;
export type BillType = (typeof BILL_TYPES)[number];

/** How each type is written in a citation: `H.R. 2000`, `S.J.Res. 7`. */
export const BILL_TYPE_ABBREVIATIONS: Record<BillType, string> = {
  hr: "H.R.",
  s: "S.",
  hres: "H.Res.",
  sres: "S.Res.",
  hjres: "H.J.Res.",
  sjres: "S.J.Res.",
  hconres: "H.Con.Res.",
  sconres: "S.Con.Res.",
};

const SPELLINGS: Record<string, BillType> = {
  hr: "hr",
  h: "hr",
  hrpt: "hr",
  s: "s",
  hjres: "hjres",
  hjoinres: "hjres",
  sjres: "sjres",
  sjoinres: "sjres",
  hconres: "hconres",
  hconcurrentres: "hconres",
  sconres: "sconres",
  sconcurrentres: "sconres",
  hres: "hres",
  sres: "sres",
};

/**
 * The bill type for any common spelling: `H.R.`, `HR`, `hr`, `H. J. Res.`, `HJRES`, `S.Con.Res.`… or null.
 */
export function normaliseBillType(text: string): BillType | null {
  const key = text.toLowerCase().replace(/[^a-z]/g, "");
  return SPELLINGS[key] ?? null;
}

/** `116-hr-2000`. Returns null when a part is missing or invalid. */
export function billId(congress: number | string, type: string, number: number | string): string | null {
  const c = Number(congress);
  const n = Number(number);
  const t = normaliseBillType(type);
  if (!t || !Number.isInteger(c) || c < 1 || c > 200 || !Number.isInteger(n) || n < 1) return null;
  return `${c}-${t}-${n}`;
}

export function parseBillId(id: string): { congress: number; billType: BillType; billNumber: number } | null {
  const match = /^(\d{1,3})-([a-z]+)-(\d{1,6})$/.exec(id);
  if (!match) return null;
  const type = normaliseBillType(match[2] as string);
  return type ? { congress: Number(match[1]), billType: type, billNumber: Number(match[3]) } : null;
}

/** GPO's version codes and their names. */
export const VERSION_NAMES: Record<string, string> = {
  ih: "Introduced in House",
  is: "Introduced in Senate",
  rh: "Reported in House",
  rs: "Reported in Senate",
  rfs: "Referred in Senate",
  rfh: "Referred in House",
  rds: "Received in Senate",
  rdh: "Received in House",
  eh: "Engrossed in House",
  es: "Engrossed in Senate",
  eah: "Engrossed Amendment House",
  eas: "Engrossed Amendment Senate",
  enr: "Enrolled Bill",
  pcs: "Placed on Calendar Senate",
  pch: "Placed on Calendar House",
  ats: "Agreed to Senate",
  ath: "Agreed to House",
  cps: "Considered and Passed Senate",
  cph: "Considered and Passed House",
  rth: "Referred to Committee House",
  rcs: "Reference Change Senate",
  rch: "Reference Change House",
  pp: "Public Print",
  pap: "Printed as Passed",
  lth: "Laid on Table in House",
  lts: "Laid on Table in Senate",
  sc: "Sponsor Change",
  hds: "Held at Desk Senate",
  hdh: "Held at Desk House",
  iph: "Indefinitely Postponed House",
  ips: "Indefinitely Postponed Senate",
  pwah: "Ordered to be Printed with House Amendment",
  fph: "Failed Passage House",
  fps: "Failed Passage Senate",
  enr2: "Enrolled Bill",
  cdh: "Committee Discharged House",
  cds: "Committee Discharged Senate",
  // A law as enacted, which names the bill it enacted (see uslm.ts `readLaw`).
  publ: "Public Law",
  pvtl: "Private Law",
};

/** A version by GPO's name for it (`eh`: Engrossed in House), else its code in capitals: for display. */
export function versionLabel(code: string): string {
  return VERSION_NAMES[code.toLowerCase()] ?? code.toUpperCase();
}

export function versionOf(code: string): { code: string; name: string } | undefined {
  const c = code.toLowerCase();
  const name = VERSION_NAMES[c];
  return name ? { code: c, name } : undefined;
}

/** The Congress sitting on an ISO date: each starts on 3 January of an odd year (from the 74th on). */
export function congressOn(isoDate: string): number {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  const startsThisYear = year % 2 === 1 && (month > 1 || day >= 3);
  const firstYear = year % 2 === 1 ? (startsThisYear ? year : year - 2) : year - 1;
  return (firstYear - 1789) / 2 + 1;
}
