/**
 * The dates a Congress sat: from the 74th on (the Twentieth Amendment), each starts on January 3 of an odd year and
 * ends when the next starts. Earlier Congresses started on March 4; the difference does not matter for matching
 * terms, which the legislators data dates the same way.
 */
export function congressDates(congress: number): { start: string; end: string } {
  const year = 1787 + 2 * congress;
  const day = congress >= 74 ? "01-03" : "03-04";
  const nextDay = congress + 1 >= 74 ? "01-03" : "03-04";
  return { start: `${year}-${day}`, end: `${year + 2}-${nextDay}` };
}
