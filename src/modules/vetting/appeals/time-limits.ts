/**
 * Time limits for appeals and representations. The reference gives 14 days for a written appeal against a force
 * vetting refusal; the limits under the Police (Vetting) Regulations 2025 are unsure there, so each limit is
 * configuration, counted in calendar or working days.
 */
export { DEFAULT_BANK_HOLIDAYS, addCalendarDays, describeLimit, dueDate, isWorkingDay, todayInLondon, type TimeLimit } from '../../../platform/calendar.js';

export const isInTime = (on: string, dueOn: string) => on <= dueOn;
