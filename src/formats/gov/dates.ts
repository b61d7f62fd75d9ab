const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** "February 12, 2024" (with or without a weekday before it) as `2024-02-12`, or undefined. */
export function isoDateFromWords(text: string): string | undefined {
  const match = /([A-Za-z]+)\.? (\d{1,2}), (\d{4})/.exec(text);
  if (!match) return undefined;
  const month = MONTHS.indexOf((match[1] as string).toLowerCase()) + 1;
  const day = Number(match[2]);
  if (month < 1 || day < 1 || day > 31) return undefined;
  return `${match[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
