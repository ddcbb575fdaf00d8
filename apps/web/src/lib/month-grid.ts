// The days a month view shows: whole weeks, Monday first (the French calendar).
import dayjs from 'dayjs';

/** The days (whole weeks) shown for a month, from the Monday on or before the 1st. */
export function monthGrid(month: string): string[] {
  const first = dayjs(`${month}-01`);
  const offset = (first.day() + 6) % 7;
  const start = first.subtract(offset, 'day');
  const weeks = Math.ceil((offset + first.daysInMonth()) / 7);
  return Array.from({ length: weeks * 7 }, (_, i) => start.add(i, 'day').format('YYYY-MM-DD'));
}
