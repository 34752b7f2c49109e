/**
 * The company's calendar day. Prices change at midnight in the company's time zone (a Paris
 * company's scheduled price applies from 00:00 Paris time, 22:00 or 23:00 UTC the day before),
 * so "today" is always computed there, from an instant the caller passes in: nothing here reads
 * the clock.
 */

/** "YYYY-MM-DD" of `instant` in `timeZone` (an IANA name such as "Europe/Paris"). */
export function dayInTimeZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The day after an ISO day (calendar arithmetic in UTC: no time zone can shift it). */
export function nextDay(day: string): string {
  return addDays(day, 1);
}

export function previousDay(day: string): string {
  return addDays(day, -1);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO day: ${JSON.stringify(day)}`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
