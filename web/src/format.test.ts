import { describe, expect, it } from "vitest";
import { currencyMinorDigits, formatDateTime, formatMoney, formatNumber } from "./format.js";

// ICU puts narrow/no-break spaces in some patterns; compare with plain spaces.
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, " ").replace(/[\u200e\u200f\u061c]/g, "");

describe("formatMoney", () => {
  it.each([
    { amount: 1999n, currency: "EUR", locale: "en", expected: "€19.99" },
    { amount: 1999n, currency: "EUR", locale: "de", expected: "19,99 €" },
    { amount: -5n, currency: "EUR", locale: "en", expected: "-€0.05" },
    { amount: 0n, currency: "USD", locale: "en", expected: "$0.00" },
    { amount: 123456789n, currency: "USD", locale: "en", expected: "$1,234,567.89" },
    { amount: 1500n, currency: "JPY", locale: "en", expected: "¥1,500" },
    { amount: 1500n, currency: "KWD", locale: "en", expected: "KWD 1.500" },
    { amount: 1234n, currency: "CHF", locale: "de", expected: "12,34 CHF" },
    // Beyond Number.MAX_SAFE_INTEGER: still exact.
    { amount: 9007199254740993n, currency: "EUR", locale: "en", expected: "€90,071,992,547,409.93" },
  ])("$amount minor units of $currency in $locale → $expected", ({ amount, currency, locale, expected }) => {
    expect(plain(formatMoney(amount, currency, locale))).toBe(expected);
  });

  it("uses the currency's minor units", () => {
    expect([currencyMinorDigits("EUR"), currencyMinorDigits("JPY"), currencyMinorDigits("KWD")]).toEqual([2, 0, 3]);
  });
});

describe("formatDateTime", () => {
  const instant = new Date("2025-03-05T23:30:00Z");
  it.each([
    { locale: "en", timeZone: "UTC", expected: "Mar 5, 2025, 11:30 PM" },
    { locale: "en", timeZone: "Europe/Berlin", expected: "Mar 6, 2025, 12:30 AM" },
    { locale: "de", timeZone: "Europe/Berlin", expected: "06.03.2025, 00:30" },
    { locale: "de", timeZone: "America/New_York", expected: "05.03.2025, 18:30" },
    { locale: "ar", timeZone: "Asia/Dubai", expected: "06/03/2025، 3:30 ص" },
  ])("$locale in $timeZone → $expected", ({ locale, timeZone, expected }) => {
    expect(plain(formatDateTime(instant, locale, timeZone))).toBe(expected);
  });
});

describe("formatNumber", () => {
  it.each([
    { value: 1234567.5, locale: "en", expected: "1,234,567.5" },
    { value: 1234567.5, locale: "de", expected: "1.234.567,5" },
    { value: 42n, locale: "en", expected: "42" },
  ])("$value in $locale → $expected", ({ value, locale, expected }) => {
    expect(plain(formatNumber(value, locale))).toBe(expected);
  });
});
