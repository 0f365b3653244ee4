// Quote pricing, pure and exact: day factors from a rate curve, line and quote
// discounts, taxes per rate (prices entered net or gross), rounding and totals
// per section and per tax rate, in integer minor units (bigint). Shared by the
// server and the web editor's live totals. The rules: docs/rules/quote-pricing.md.
import { divRound, minorDigits } from "./currency.js";
import { QuoteError } from "./quote.errors.js";

/** Largest amount an int64 column or proto field holds. */
export const maxMinor = 2n ** 63n - 1n;
/** Factors are in thousandths: 1500 = ×1.5. */
export const factorScale = 1000;
/** Discounts and tax rates are in basis points: 1900 = 19 %. */
export const percentScale = 10_000;
export const maxQuantity = 1_000_000;
export const maxDays = 3660;

/** One point of a rate curve: renting for `days` days costs `factorMilli`/1000 day rates. */
export interface CurvePoint {
  days: number;
  factorMilli: number;
}

/** Day 1 = 1.0, day 2 = 1.5, day 3 = 2.0, a week = 3.5 (used when nothing else is configured). */
export const defaultCurve: readonly CurvePoint[] = [
  { days: 1, factorMilli: 1000 },
  { days: 2, factorMilli: 1500 },
  { days: 3, factorMilli: 2000 },
  { days: 7, factorMilli: 3500 },
];

/** A curve starts at day 1, its days rise strictly and its factors never fall. */
export function validateCurve(points: readonly CurvePoint[]): void {
  const fail = (why: string) => new QuoteError("INVALID_RATE_CURVE", `rate curve: ${why}`);
  const first = points[0];
  if (!first) throw fail("needs at least one point");
  if (first.days !== 1) throw fail("the first point must be day 1");
  points.forEach((p, i) => {
    if (!Number.isInteger(p.days) || p.days < 1 || p.days > maxDays) throw fail(`day ${p.days} is out of range`);
    if (!Number.isInteger(p.factorMilli) || p.factorMilli <= 0 || p.factorMilli > 1_000_000) throw fail(`factor ${p.factorMilli} is out of range`);
    const prev = points[i - 1];
    if (prev && p.days <= prev.days) throw fail("days must rise strictly");
    if (prev && p.factorMilli < prev.factorMilli) throw fail("factors must not fall");
  });
}

/**
 * The day factor (in thousandths) for renting `days` days: the curve's value at a
 * point, linear between two points, and beyond the last point the last point's
 * factor pro rata (a week = 3.5 → 14 days = 7.0). Rounded to a thousandth, halves up.
 */
export function dayFactorMilli(curve: readonly CurvePoint[], days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > maxDays) throw new QuoteError("INVALID_DAYS", `days must be a whole number from 1 to ${maxDays}, got ${days}`, { days: String(days) });
  validateCurve(curve);
  let prev: CurvePoint | undefined;
  for (const p of curve) {
    if (p.days === days) return p.factorMilli;
    if (p.days > days && prev) {
      const span = BigInt(p.days - prev.days);
      const num = BigInt(prev.factorMilli) * span + BigInt(p.factorMilli - prev.factorMilli) * BigInt(days - prev.days);
      return Number(divRound(num, span));
    }
    prev = p;
  }
  const last = curve[curve.length - 1] ?? { days: 1, factorMilli: factorScale };
  return Number(divRound(BigInt(last.factorMilli) * BigInt(days), BigInt(last.days)));
}

/** A configured curve: the instance default (no company, no category), a company's, a category's, or a category's for one company. */
export interface ScopedCurve {
  companyId: string | undefined;
  categoryId: string | undefined;
  points: readonly CurvePoint[];
}

/** Most specific first: company + category, category, company, instance default, built-in default. */
export function resolveCurve(curves: readonly ScopedCurve[], companyId: string | undefined, categoryId: string | undefined): readonly CurvePoint[] {
  const find = (co: string | undefined, cat: string | undefined) => curves.find((c) => c.companyId === co && c.categoryId === cat);
  const hit =
    (companyId && categoryId ? find(companyId, categoryId) : undefined) ??
    (categoryId ? find(undefined, categoryId) : undefined) ??
    (companyId ? find(companyId, undefined) : undefined) ??
    find(undefined, undefined);
  return hit?.points ?? defaultCurve;
}

/** Whole days charged for a period: started 24-hour blocks, at least one. */
export function chargeDays(start: Date, end: Date): number {
  const ms = end.getTime() - start.getTime();
  return Math.max(1, Math.ceil(ms / 86_400_000));
}

export interface PriceLine {
  section: string;
  quantity: number;
  /** Price of one unit for one day (day-based lines) or per unit, in minor units of the quote currency, net or gross as the quote says. */
  unitPriceMinor: bigint;
  /** 0 = not day-based (crew, transport, free lines): the factor is not applied. */
  days: number;
  /** Day factor in thousandths, usually from the curve; ignored when `days` is 0. */
  factorMilli: number;
  discountBp: number;
  taxRateBp: number;
}

export interface PriceInput {
  currency: string;
  /** Prices entered gross (tax included) rather than net. */
  pricesIncludeTax: boolean;
  /** Discount on the whole quote, in basis points. */
  discountBp: number;
  lines: readonly PriceLine[];
}

export interface PricedLine {
  /** quantity × unit price × factor, before the line discount, rounded. */
  listMinor: bigint;
  /** After the line discount, rounded once: the amount the line shows. */
  amountMinor: bigint;
  /** The line's share of the quote discount (largest remainder). */
  quoteDiscountMinor: bigint;
  /** amountMinor − quoteDiscountMinor. */
  discountedMinor: bigint;
}

export interface SectionTotal {
  section: string;
  /** Sum of the section's line amounts. */
  amountMinor: bigint;
  /** After the section's share of the quote discount. */
  discountedMinor: bigint;
}

export interface TaxTotal {
  rateBp: number;
  netMinor: bigint;
  taxMinor: bigint;
  grossMinor: bigint;
}

export interface QuoteTotals {
  currency: string;
  lines: PricedLine[];
  sections: SectionTotal[];
  /** Sum of the line amounts (net or gross as entered). */
  subtotalMinor: bigint;
  quoteDiscountMinor: bigint;
  /** By tax rate, ascending. */
  taxes: TaxTotal[];
  netMinor: bigint;
  taxMinor: bigint;
  grossMinor: bigint;
}

function checkBp(value: number, code: "DISCOUNT_OUT_OF_RANGE" | "TAX_RATE_OUT_OF_RANGE", what: string, index?: number): void {
  if (!Number.isInteger(value) || value < 0 || value > percentScale) {
    throw new QuoteError(code, `${what} must be from 0 % to 100 %, got ${value / 100} %`, { value: String(value), ...(index === undefined ? {} : { line: String(index + 1) }) });
  }
}

/** Refuses what no quote may hold: negative quantities or prices, discounts or tax rates outside 0–100 %, bad days or factors. */
export function validateLine(line: PriceLine, index: number): void {
  const at = { line: String(index + 1) };
  if (!Number.isInteger(line.quantity) || line.quantity < 0 || line.quantity > maxQuantity) {
    throw new QuoteError("NEGATIVE_QUANTITY", `line ${index + 1}: the quantity must be a whole number from 0 to ${maxQuantity}, got ${line.quantity}`, { ...at, quantity: String(line.quantity) });
  }
  if (line.unitPriceMinor < 0n || line.unitPriceMinor > maxMinor) {
    throw new QuoteError("NEGATIVE_PRICE", `line ${index + 1}: the price must not be negative`, { ...at, price: line.unitPriceMinor.toString() });
  }
  if (!Number.isInteger(line.days) || line.days < 0 || line.days > maxDays) {
    throw new QuoteError("INVALID_DAYS", `line ${index + 1}: days must be a whole number from 0 to ${maxDays}`, { ...at, days: String(line.days) });
  }
  if (line.days > 0 && (!Number.isInteger(line.factorMilli) || line.factorMilli < 0 || line.factorMilli > 1_000_000)) {
    throw new QuoteError("INVALID_DAY_FACTOR", `line ${index + 1}: the day factor is out of range`, { ...at, factor: String(line.factorMilli) });
  }
  checkBp(line.discountBp, "DISCOUNT_OUT_OF_RANGE", `line ${index + 1}: the discount`, index);
  checkBp(line.taxRateBp, "TAX_RATE_OUT_OF_RANGE", `line ${index + 1}: the tax rate`, index);
}

function lineAmounts(line: PriceLine): { listMinor: bigint; amountMinor: bigint } {
  const factor = BigInt(line.days > 0 ? line.factorMilli : factorScale);
  const gross = BigInt(line.quantity) * line.unitPriceMinor * factor;
  const listMinor = divRound(gross, BigInt(factorScale));
  // One rounding per line, from the exact product (never a rounded list price discounted again).
  const amountMinor = divRound(gross * BigInt(percentScale - line.discountBp), BigInt(factorScale * percentScale));
  return { listMinor, amountMinor };
}

/** Splits `total` over `weights` in proportion, by largest remainder: the parts add up to `total` exactly. */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % sum }));
  let left = total - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}

/**
 * Prices a quote. Each line is rounded once to the currency's minor unit; the
 * quote discount is rounded once and spread over the lines by largest remainder;
 * tax is computed per tax rate on the sum of that rate's lines (net prices: tax =
 * round(net × rate); gross prices: net = round(gross / (1 + rate))). So the
 * subtotal is exactly the sum of the lines, and net + tax = gross to the cent.
 */
export function priceQuote(input: PriceInput): QuoteTotals {
  minorDigits(input.currency);
  checkBp(input.discountBp, "DISCOUNT_OUT_OF_RANGE", "the quote discount");
  input.lines.forEach(validateLine);
  const amounts = input.lines.map(lineAmounts);
  if (amounts.some((a) => a.listMinor > maxMinor)) throw new QuoteError("AMOUNT_TOO_LARGE", "a line's amount is too large to store", {});
  const subtotalMinor = amounts.reduce((a, l) => a + l.amountMinor, 0n);
  const quoteDiscountMinor = divRound(subtotalMinor * BigInt(input.discountBp), BigInt(percentScale));
  const shares = allocate(quoteDiscountMinor, amounts.map((a) => a.amountMinor));
  const lines: PricedLine[] = amounts.map((a, i) => {
    const share = shares[i] ?? 0n;
    return { ...a, quoteDiscountMinor: share, discountedMinor: a.amountMinor - share };
  });

  const sections = new Map<string, SectionTotal>();
  const byRate = new Map<number, bigint>();
  input.lines.forEach((line, i) => {
    const priced = lines[i];
    if (!priced) return;
    const section = sections.get(line.section) ?? { section: line.section, amountMinor: 0n, discountedMinor: 0n };
    section.amountMinor += priced.amountMinor;
    section.discountedMinor += priced.discountedMinor;
    sections.set(line.section, section);
    byRate.set(line.taxRateBp, (byRate.get(line.taxRateBp) ?? 0n) + priced.discountedMinor);
  });

  const taxes: TaxTotal[] = [...byRate.entries()]
    .sort(([a], [b]) => a - b)
    .map(([rateBp, sum]) => {
      if (input.pricesIncludeTax) {
        const netMinor = divRound(sum * BigInt(percentScale), BigInt(percentScale + rateBp));
        return { rateBp, netMinor, taxMinor: sum - netMinor, grossMinor: sum };
      }
      const taxMinor = divRound(sum * BigInt(rateBp), BigInt(percentScale));
      return { rateBp, netMinor: sum, taxMinor, grossMinor: sum + taxMinor };
    });
  const netMinor = taxes.reduce((a, t) => a + t.netMinor, 0n);
  const taxMinor = taxes.reduce((a, t) => a + t.taxMinor, 0n);
  const grossMinor = netMinor + taxMinor;
  if (grossMinor > maxMinor || subtotalMinor > maxMinor) throw new QuoteError("AMOUNT_TOO_LARGE", "the quote's total is too large to store", {});
  return { currency: input.currency, lines, sections: [...sections.values()], subtotalMinor, quoteDiscountMinor, taxes, netMinor, taxMinor, grossMinor };
}
