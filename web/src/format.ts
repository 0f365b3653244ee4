// Locale- and time-zone-aware formatting. Always pass the user's locale and
// time zone; an empty or undefined time zone means the browser's own.

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, format);
  }
  return format;
}

/** Date and time, medium date and short time, in the given IANA time zone. */
export function formatDateTime(date: Date, locale: string, timeZone?: string): string {
  return dateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}

export function formatNumber(value: number | bigint, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(locale, options).format(value);
}

/** Number of minor-unit digits of an ISO 4217 currency (EUR 2, JPY 0, KWD 3). */
export function currencyMinorDigits(currency: string): number {
  return numberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount in integer minor units of `currency`, e.g. (1999n, "EUR", "de") → "19,99 €".
 * Exact for any bigint: the amount is passed to Intl as a decimal string, never as a float.
 */
export function formatMoney(amountMinor: bigint, currency: string, locale: string): string {
  const format = numberFormat(locale, { style: "currency", currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  if (digits === 0) return format.format(amountMinor);
  const negative = amountMinor < 0n;
  const absolute = (negative ? -amountMinor : amountMinor).toString().padStart(digits + 1, "0");
  const decimal = `${negative ? "-" : ""}${absolute.slice(0, -digits)}.${absolute.slice(-digits)}`;
  return format.format(decimal as Intl.StringNumericLiteral);
}

/**
 * A calendar date given as ISO "YYYY-MM-DD" (no time, no zone), e.g. a purchase date.
 * Formatted in UTC so the day never shifts with the viewer's time zone.
 */
export function formatDate(isoDate: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

/** The date part of an instant in the given time zone, medium style. */
export function formatDay(date: Date, locale: string, timeZone?: string): string {
  return dateTimeFormat(locale, { dateStyle: "medium", ...(timeZone ? { timeZone } : {}) }).format(date);
}
