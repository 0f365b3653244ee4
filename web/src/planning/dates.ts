// Calendar arithmetic in an IANA time zone. Days are ISO "YYYY-MM-DD" strings
// of the wall calendar in that zone; instants are Dates. Wall times typed in a
// form ("2026-05-01T09:00") are read in the event's own time zone.
import { localDate, zonedToInstant } from "../inventory/dates.js";

export { localDate, zonedToInstant };

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let cached = formats.get(key);
  if (cached === undefined) {
    cached = new Intl.DateTimeFormat(locale, options);
    formats.set(key, cached);
  }
  return cached;
}

/** "YYYY-MM-DDTHH:mm" of an instant in `timeZone`, for a datetime-local input. */
export function wallTime(instant: Date, timeZone: string | undefined): string {
  const parts = format("en-CA", {
    timeZone: timeZone || undefined,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

function utcDay(day: string): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date));
}

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `day` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const date = utcDay(day);
  date.setUTCDate(date.getUTCDate() + days);
  return isoOf(date);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcDay(to).getTime() - utcDay(from).getTime()) / 86_400_000);
}

/** Every day from `from` to `to`, both included. */
export function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  const weekday = utcDay(day).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The first day of the month of `day`. */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** `day` moved by `months`, on the first of the month. */
export function addMonths(day: string, months: number): string {
  const date = utcDay(monthStart(day));
  date.setUTCMonth(date.getUTCMonth() + months);
  return isoOf(date);
}

/** The last day of the month of `day`. */
export function monthEnd(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

interface WeekInfo {
  firstDay: number;
}

/** The first day of the week in a locale (1 = Monday … 7 = Sunday); Monday when the browser cannot tell. */
export function firstDayOfWeek(locale: string): number {
  try {
    const tag = new Intl.Locale(locale) as Intl.Locale & { getWeekInfo?: () => WeekInfo; weekInfo?: WeekInfo };
    const info = typeof tag.getWeekInfo === "function" ? tag.getWeekInfo() : tag.weekInfo;
    return info?.firstDay ?? 1;
  } catch {
    return 1;
  }
}

/** The first day of the week holding `day`. */
export function weekStart(day: string, firstDay: number): string {
  return addDays(day, -((isoWeekday(day) - firstDay + 7) % 7));
}

/** The instant a day starts in `timeZone`. */
export function dayStart(day: string, timeZone: string | undefined): Date {
  return zonedToInstant(day, timeZone) ?? utcDay(day);
}

/** The days a period [start, end) touches in `timeZone`: first and last, both included. */
export function spanDays(start: Date, end: Date, timeZone: string | undefined): { first: string; last: string } {
  const first = localDate(start, timeZone);
  const last = localDate(new Date(Math.max(start.getTime(), end.getTime() - 1)), timeZone);
  return { first, last };
}

/** The same wall-clock time `days` days later in `timeZone` (keeps 09:00 across daylight-saving changes). */
export function shiftByDays(instant: Date, days: number, timeZone: string | undefined): Date {
  const wall = wallTime(instant, timeZone);
  const moved = `${addDays(wall.slice(0, 10), days)}${wall.slice(10)}`;
  return zonedToInstant(moved, timeZone) ?? new Date(instant.getTime() + days * 86_400_000);
}

/** "Mon", "Di.", "الاثنين" for a day. */
export function formatWeekday(day: string, locale: string, width: "short" | "long" = "short"): string {
  return format(locale, { weekday: width, timeZone: "UTC" }).format(utcDay(day));
}

/** The day of the month in the locale's digits. */
export function formatDayOfMonth(day: string, locale: string): string {
  return format(locale, { day: "numeric", timeZone: "UTC" }).format(utcDay(day));
}

/** "May 2026", "Mai 2026". */
export function formatMonth(day: string, locale: string): string {
  return format(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(utcDay(day));
}

/** "Mon, 4 May" for a calendar day. */
export function formatShortDay(day: string, locale: string): string {
  return format(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(utcDay(day));
}

/** "09:00" in the given zone. */
export function formatTime(instant: Date, locale: string, timeZone: string | undefined): string {
  return format(locale, { timeStyle: "short", ...(timeZone ? { timeZone } : {}) }).format(instant);
}

/** "4 May 09:00 – 7 May 18:00": a period in the event's zone, compact, in the user's locale. */
export function formatPeriod(start: Date, end: Date, locale: string, timeZone: string | undefined): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short", ...(timeZone ? { timeZone } : {}) };
  return format(locale, options).formatRange(start, end);
}

/** "4 – 7 May 2026": the days of a period in the event's zone. */
export function formatDayPeriod(start: Date, end: Date, locale: string, timeZone: string | undefined): string {
  const last = new Date(Math.max(start.getTime(), end.getTime() - 1));
  return format(locale, { dateStyle: "medium", ...(timeZone ? { timeZone } : {}) }).formatRange(start, last);
}
