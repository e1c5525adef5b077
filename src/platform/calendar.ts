/**
 * Calendar rules shared by every module: dates as YYYY-MM-DD in London, time limits counted in calendar or working
 * days, and the bank holidays of England and Wales (a default that forces extend through their own settings).
 */
export interface TimeLimit {
  days: number;
  unit: 'calendar' | 'working';
}

/**
 * Bank holidays in England and Wales, 2025–2027, for counting working days. Configurable (settings key
 * `vetting.bankHolidays`), so a force extends the list each year.
 */
export const DEFAULT_BANK_HOLIDAYS: readonly string[] = [
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
  '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
  '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
];

const toDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};
const toIso = (date: Date) => date.toISOString().slice(0, 10);

export function addCalendarDays(iso: string, days: number): string {
  const date = toDate(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIso(date);
}

export function isWorkingDay(iso: string, bankHolidays: readonly string[]): boolean {
  const day = toDate(iso).getUTCDay();
  return day !== 0 && day !== 6 && !bankHolidays.includes(iso);
}

/**
 * The last day on which something is in time: `days` after `from` (the day of the notice or letter does not count).
 * Working days skip weekends and bank holidays.
 */
export function dueDate(from: string, limit: TimeLimit, bankHolidays: readonly string[] = DEFAULT_BANK_HOLIDAYS): string {
  if (limit.unit === 'calendar') return addCalendarDays(from, limit.days);
  let day = from;
  let counted = 0;
  while (counted < limit.days) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(day, bankHolidays)) counted++;
  }
  return day;
}

export function describeLimit(limit: TimeLimit): string {
  return `${limit.days} ${limit.unit === 'working' ? 'working ' : ''}day${limit.days === 1 ? '' : 's'}`;
}

export const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
