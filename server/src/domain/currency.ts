// ISO 4217 currencies the instance can quote in, with their minor digits, and
// exact conversion between them. Pure: shared by the server and the web editor
// (see docs/rules/quote-pricing.md). A fixed table rather than Intl data, so the
// server and every browser agree on the digits.
import { QuoteError } from "./quote.errors.js";

const minorDigitsByCode: Readonly<Record<string, 0 | 2 | 3>> = {
  AED: 2, ARS: 2, AUD: 2, BGN: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, CZK: 2, DKK: 2, EGP: 2, EUR: 2,
  GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, IQD: 3, ISK: 0, JOD: 3, JPY: 0, KRW: 0, KWD: 3, LBP: 2, LYD: 3,
  MAD: 2, MXN: 2, MYR: 2, NOK: 2, NZD: 2, OMR: 3, PHP: 2, PLN: 2, QAR: 2, RON: 2, RSD: 2, SAR: 2, SEK: 2, SGD: 2,
  THB: 2, TND: 3, TRY: 2, TWD: 2, UAH: 2, UGX: 0, USD: 2, VND: 0, XOF: 0, ZAR: 2,
};

export const currencyCodes: readonly string[] = Object.keys(minorDigitsByCode);

export function isKnownCurrency(code: string): boolean {
  return Object.hasOwn(minorDigitsByCode, code);
}

/** Digits after the decimal point of the currency's minor unit (EUR 2, JPY 0, KWD 3). */
export function minorDigits(code: string): 0 | 2 | 3 {
  const digits = minorDigitsByCode[code];
  if (digits === undefined) throw new QuoteError("UNKNOWN_CURRENCY", `${code} is not a known currency`, { currency: code });
  return digits;
}

/** A positive decimal as an exact fraction: "1.0832" → 10832/10000. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/** Parses a positive decimal rate with at most 10 decimals ("1.0832"), exactly. */
export function parseRate(text: string, currency: string): Ratio {
  const m = /^(\d{1,12})(?:\.(\d{1,10}))?$/.exec(text.trim());
  if (!m) throw new QuoteError("INVALID_EXCHANGE_RATE", `the rate of ${currency} must be a positive decimal, got "${text}"`, { currency, rate: text });
  const decimals = m[2] ?? "";
  const num = BigInt(`${m[1] ?? "0"}${decimals}`);
  if (num === 0n) throw new QuoteError("INVALID_EXCHANGE_RATE", `the rate of ${currency} must be above zero`, { currency, rate: text });
  return { num, den: 10n ** BigInt(decimals.length) };
}

/** Rounds num/den to the nearest integer, halves away from zero. */
export function divRound(num: bigint, den: bigint): bigint {
  const d = den < 0n ? -den : den;
  const n = den < 0n ? -num : num;
  const q = (2n * (n < 0n ? -n : n) + d) / (2n * d);
  return n < 0n ? -q : q;
}

/**
 * Exchange rates stored with a quote version at quote time: `rates[C]` is how many
 * units of C one unit of `base` buys (the base itself is 1).
 */
export interface ExchangeRates {
  base: string;
  rates: Readonly<Record<string, string>>;
}

function rateOf(rates: ExchangeRates, currency: string): Ratio {
  if (currency === rates.base) return { num: 1n, den: 1n };
  const text = rates.rates[currency];
  if (text === undefined) throw new QuoteError("MISSING_EXCHANGE_RATE", `no exchange rate for ${currency} against ${rates.base}`, { currency, base: rates.base });
  return parseRate(text, currency);
}

/** Checks every currency and rate of a rate table. */
export function validateRates(rates: ExchangeRates): void {
  minorDigits(rates.base);
  for (const [currency, text] of Object.entries(rates.rates)) {
    minorDigits(currency);
    parseRate(text, currency);
  }
}

/**
 * Converts an amount in minor units of `from` to minor units of `to` through the
 * stored rates, exactly, rounding once (halves away from zero).
 */
export function convertMinor(amount: bigint, from: string, to: string, rates: ExchangeRates): bigint {
  if (from === to) return amount;
  const f = rateOf(rates, from);
  const t = rateOf(rates, to);
  // amount / 10^df [from] × (t / f) [to per from] × 10^dt
  const num = amount * t.num * f.den * 10n ** BigInt(minorDigits(to));
  const den = t.den * f.num * 10n ** BigInt(minorDigits(from));
  return divRound(num, den);
}

/** "1234.50" style text of a minor amount (no grouping, no symbol), for documents and inputs. */
export function formatMinor(amount: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const negative = amount < 0n;
  const abs = (negative ? -amount : amount).toString().padStart(digits + 1, "0");
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const text = digits === 0 ? whole : `${whole}.${abs.slice(-digits)}`;
  return negative ? `-${text}` : text;
}

/** Parses "1234.5" / "1234,50" into minor units of the currency; undefined when it is not a plain amount or has too many decimals. */
export function parseMinor(text: string, currency: string): bigint | undefined {
  return parseDecimal(text, minorDigits(currency));
}

/** Parses a plain decimal ("12.5", "-3", "0,25") exactly into an integer scaled by 10^digits; undefined when it is not one or has more decimals. */
export function parseDecimal(text: string, digits: number): bigint | undefined {
  const m = /^(-?)(\d+)(?:[.,](\d*))?$/.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[3] ?? "";
  if (fraction.length > digits) return undefined;
  const value = BigInt(`${m[2] ?? "0"}${fraction.padEnd(digits, "0")}`);
  return m[1] === "-" ? -value : value;
}
