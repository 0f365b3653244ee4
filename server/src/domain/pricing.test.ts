import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertMinor, formatMinor, minorDigits, parseMinor, parseRate } from "./currency.js";
import { allocate, chargeDays, dayFactorMilli, defaultCurve, priceQuote, resolveCurve, type PriceLine, type ScopedCurve } from "./pricing.js";

function code(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

const line = (over: Partial<PriceLine> = {}): PriceLine => ({ section: "Audio", quantity: 1, unitPriceMinor: 10_000n, days: 0, factorMilli: 1000, discountBp: 0, taxRateBp: 1900, ...over });

describe("day factor", () => {
  it.each([
    [1, 1000],
    [2, 1500],
    [3, 2000],
    [4, 2375], // linear between day 3 (2.0) and day 7 (3.5)
    [5, 2750],
    [6, 3125],
    [7, 3500],
    [14, 7000], // beyond the curve: the week's factor pro rata
    [10, 5000],
    [8, 4000],
  ])("%i days → %i‰", (days, factor) => {
    expect(dayFactorMilli(defaultCurve, days)).toBe(factor);
  });

  it("rounds interpolated factors to a thousandth, halves up", () => {
    const curve = [{ days: 1, factorMilli: 1000 }, { days: 4, factorMilli: 2000 }];
    expect([2, 3].map((d) => dayFactorMilli(curve, d))).toEqual([1333, 1667]);
    expect(dayFactorMilli([{ days: 1, factorMilli: 1000 }, { days: 3, factorMilli: 1999 }], 5)).toBe(3332); // 1999 × 5 / 3 = 3331.67
  });

  it.each([
    [[], "INVALID_RATE_CURVE"],
    [[{ days: 2, factorMilli: 1000 }], "INVALID_RATE_CURVE"],
    [[{ days: 1, factorMilli: 1000 }, { days: 1, factorMilli: 1200 }], "INVALID_RATE_CURVE"],
    [[{ days: 1, factorMilli: 1000 }, { days: 2, factorMilli: 900 }], "INVALID_RATE_CURVE"],
    [[{ days: 1, factorMilli: 0 }], "INVALID_RATE_CURVE"],
  ])("refuses the curve %j", (curve, expected) => {
    expect(code(() => dayFactorMilli(curve, 2))).toBe(expected);
  });

  it("refuses zero or fractional days", () => {
    expect(code(() => dayFactorMilli(defaultCurve, 0))).toBe("INVALID_DAYS");
    expect(code(() => dayFactorMilli(defaultCurve, 1.5))).toBe("INVALID_DAYS");
  });

  it("never falls as the days grow", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 3000 })), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 200 }), (steps, days) => {
        let d = 1;
        let f = 1000;
        const curve = steps.map(([dd, df], i) => {
          if (i > 0) {
            d += dd;
            f += df;
          }
          return { days: d, factorMilli: f };
        });
        expect(dayFactorMilli(curve, days + 1)).toBeGreaterThanOrEqual(dayFactorMilli(curve, days));
      }),
    );
  });

  it("resolves company, category and defaults, most specific first", () => {
    const c = (companyId: string | undefined, categoryId: string | undefined, f: number): ScopedCurve => ({ companyId, categoryId, points: [{ days: 1, factorMilli: f }] });
    const curves = [c(undefined, undefined, 1001), c("acme", undefined, 1002), c(undefined, "light", 1003), c("acme", "light", 1004)];
    expect(resolveCurve(curves, "acme", "light")[0]?.factorMilli).toBe(1004);
    expect(resolveCurve(curves, "other", "light")[0]?.factorMilli).toBe(1003);
    expect(resolveCurve(curves, "acme", "audio")[0]?.factorMilli).toBe(1002);
    expect(resolveCurve(curves, undefined, undefined)[0]?.factorMilli).toBe(1001);
    expect(resolveCurve([], "acme", "light")).toBe(defaultCurve);
  });

  it("charges started 24-hour blocks, at least one", () => {
    const t = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
    expect([chargeDays(t(0), t(1)), chargeDays(t(0), t(24)), chargeDays(t(0), t(25)), chargeDays(t(0), t(72))]).toEqual([1, 1, 2, 3]);
  });
});

describe("quote pricing", () => {
  it.each<[string, Parameters<typeof priceQuote>[0], { subtotal: bigint; discount: bigint; net: bigint; tax: bigint; gross: bigint }]>([
    ["one net line, 19 %", { currency: "EUR", pricesIncludeTax: false, discountBp: 0, lines: [line()] }, { subtotal: 10_000n, discount: 0n, net: 10_000n, tax: 1900n, gross: 11_900n }],
    [
      "day factor: 3 days × 2.0 × 2 pieces",
      { currency: "EUR", pricesIncludeTax: false, discountBp: 0, lines: [line({ quantity: 2, days: 3, factorMilli: 2000, unitPriceMinor: 4550n })] },
      { subtotal: 18_200n, discount: 0n, net: 18_200n, tax: 3458n, gross: 21_658n },
    ],
    [
      "line discount 15 % on 33.33, rounded once",
      { currency: "EUR", pricesIncludeTax: false, discountBp: 0, lines: [line({ unitPriceMinor: 3333n, discountBp: 1500, taxRateBp: 0 })] },
      { subtotal: 2833n, discount: 0n, net: 2833n, tax: 0n, gross: 2833n },
    ],
    [
      "two tax rates on one quote",
      { currency: "EUR", pricesIncludeTax: false, discountBp: 0, lines: [line({ unitPriceMinor: 10_000n, taxRateBp: 1900 }), line({ unitPriceMinor: 5000n, taxRateBp: 700 })] },
      { subtotal: 15_000n, discount: 0n, net: 15_000n, tax: 1900n + 350n, gross: 17_250n },
    ],
    [
      "quote discount 10 % spread over both rates",
      { currency: "EUR", pricesIncludeTax: false, discountBp: 1000, lines: [line({ unitPriceMinor: 10_000n, taxRateBp: 1900 }), line({ unitPriceMinor: 5000n, taxRateBp: 700 })] },
      { subtotal: 15_000n, discount: 1500n, net: 13_500n, tax: 1710n + 315n, gross: 15_525n },
    ],
    [
      "gross prices: net is taken out per rate",
      { currency: "EUR", pricesIncludeTax: true, discountBp: 0, lines: [line({ unitPriceMinor: 11_900n, taxRateBp: 1900 }), line({ unitPriceMinor: 1070n, taxRateBp: 700 })] },
      { subtotal: 12_970n, discount: 0n, net: 11_000n, tax: 1970n, gross: 12_970n },
    ],
    ["JPY has no minor digits", { currency: "JPY", pricesIncludeTax: false, discountBp: 0, lines: [line({ unitPriceMinor: 1234n, taxRateBp: 1000 })] }, { subtotal: 1234n, discount: 0n, net: 1234n, tax: 123n, gross: 1357n }],
    [
      "KWD has three",
      { currency: "KWD", pricesIncludeTax: false, discountBp: 0, lines: [line({ unitPriceMinor: 1_005n, quantity: 3, taxRateBp: 500 })] },
      { subtotal: 3015n, discount: 0n, net: 3015n, tax: 151n, gross: 3166n },
    ],
    [
      "a 100 % discount leaves nothing",
      { currency: "EUR", pricesIncludeTax: false, discountBp: 10_000, lines: [line({ unitPriceMinor: 999n }), line({ unitPriceMinor: 1n })] },
      { subtotal: 1000n, discount: 1000n, net: 0n, tax: 0n, gross: 0n },
    ],
  ])("%s", (_name, input, expected) => {
    const t = priceQuote(input);
    expect({ subtotal: t.subtotalMinor, discount: t.quoteDiscountMinor, net: t.netMinor, tax: t.taxMinor, gross: t.grossMinor }).toEqual(expected);
  });

  it("three lines of 33.333… each: the subtotal is the sum of the rounded lines, no cent lost", () => {
    const lines = [1, 2, 3].map(() => line({ unitPriceMinor: 10_000n, discountBp: 6667, taxRateBp: 0 }));
    const t = priceQuote({ currency: "EUR", pricesIncludeTax: false, discountBp: 0, lines });
    expect(t.lines.map((l) => l.amountMinor)).toEqual([3333n, 3333n, 3333n]);
    expect(t.subtotalMinor).toBe(9999n);
  });

  it("totals per section in the order sections first appear", () => {
    const t = priceQuote({
      currency: "EUR",
      pricesIncludeTax: false,
      discountBp: 500,
      lines: [line({ section: "Audio", unitPriceMinor: 1000n }), line({ section: "Light", unitPriceMinor: 2000n }), line({ section: "Audio", unitPriceMinor: 3000n })],
    });
    expect(t.sections).toEqual([
      { section: "Audio", amountMinor: 4000n, discountedMinor: 3800n },
      { section: "Light", amountMinor: 2000n, discountedMinor: 1900n },
    ]);
  });

  it.each<[string, Partial<PriceLine> | { discountBp: number; quote: true } | { currency: string }, string]>([
    ["negative quantity", { quantity: -1 }, "NEGATIVE_QUANTITY"],
    ["fractional quantity", { quantity: 1.5 }, "NEGATIVE_QUANTITY"],
    ["negative price", { unitPriceMinor: -1n }, "NEGATIVE_PRICE"],
    ["line discount over 100 %", { discountBp: 10_001 }, "DISCOUNT_OUT_OF_RANGE"],
    ["negative line discount", { discountBp: -1 }, "DISCOUNT_OUT_OF_RANGE"],
    ["quote discount over 100 %", { discountBp: 10_001, quote: true }, "DISCOUNT_OUT_OF_RANGE"],
    ["tax rate over 100 %", { taxRateBp: 10_001 }, "TAX_RATE_OUT_OF_RANGE"],
    ["negative tax rate", { taxRateBp: -700 }, "TAX_RATE_OUT_OF_RANGE"],
    ["unknown currency", { currency: "XYZ" }, "UNKNOWN_CURRENCY"],
    ["negative days", { days: -2 }, "INVALID_DAYS"],
    ["price too large", { unitPriceMinor: 2n ** 62n, quantity: 4 }, "AMOUNT_TOO_LARGE"],
  ])("refuses %s", (_name, bad, expected) => {
    const input =
      "quote" in bad
        ? { currency: "EUR", pricesIncludeTax: false, discountBp: bad.discountBp, lines: [line()] }
        : "currency" in bad
          ? { currency: bad.currency, pricesIncludeTax: false, discountBp: 0, lines: [line()] }
          : { currency: "EUR", pricesIncludeTax: false, discountBp: 0, lines: [line(bad)] };
    expect(code(() => priceQuote(input))).toBe(expected);
  });

  const arbLine = fc.record({
    section: fc.constantFrom("Audio", "Light", "Crew"),
    quantity: fc.integer({ min: 0, max: 500 }),
    unitPriceMinor: fc.bigInt({ min: 0n, max: 10_000_000n }),
    days: fc.integer({ min: 0, max: 30 }),
    factorMilli: fc.integer({ min: 0, max: 20_000 }),
    discountBp: fc.integer({ min: 0, max: 10_000 }),
    taxRateBp: fc.constantFrom(0, 700, 1900, 2000, 1550),
  });
  const arbQuote = fc.record({
    currency: fc.constantFrom("EUR", "JPY", "KWD", "USD"),
    pricesIncludeTax: fc.boolean(),
    discountBp: fc.integer({ min: 0, max: 10_000 }),
    lines: fc.array(arbLine, { maxLength: 40 }),
  });

  it("property: subtotal = Σ rounded lines, Σ discount shares = quote discount, net + tax = gross, sections and rates add up", () => {
    fc.assert(
      fc.property(arbQuote, (input) => {
        const t = priceQuote(input);
        const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
        expect(t.subtotalMinor).toBe(sum(t.lines.map((l) => l.amountMinor)));
        expect(sum(t.lines.map((l) => l.quoteDiscountMinor))).toBe(t.quoteDiscountMinor);
        expect(sum(t.sections.map((s) => s.amountMinor))).toBe(t.subtotalMinor);
        expect(sum(t.sections.map((s) => s.discountedMinor))).toBe(t.subtotalMinor - t.quoteDiscountMinor);
        expect(t.netMinor + t.taxMinor).toBe(t.grossMinor);
        expect(sum(t.taxes.map((x) => (input.pricesIncludeTax ? x.grossMinor : x.netMinor)))).toBe(t.subtotalMinor - t.quoteDiscountMinor);
        for (const l of t.lines) {
          expect(l.quoteDiscountMinor >= 0n && l.quoteDiscountMinor <= l.amountMinor).toBe(true);
          expect(l.amountMinor <= l.listMinor).toBe(true);
        }
      }),
    );
  });

  it("property: each line's amount is the exact product rounded to the nearest minor unit", () => {
    fc.assert(
      fc.property(arbLine, (l) => {
        const amount = priceQuote({ currency: "EUR", pricesIncludeTax: false, discountBp: 0, lines: [l] }).lines[0]?.amountMinor ?? -1n;
        const exact = (Number(l.unitPriceMinor) * l.quantity * (l.days > 0 ? l.factorMilli : 1000) * (10_000 - l.discountBp)) / 1e7;
        expect(Math.abs(Number(amount) - exact)).toBeLessThanOrEqual(0.5 + exact * 1e-12);
      }),
    );
  });

  it("property: a line's tax never depends on which other tax rate sits beside it", () => {
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 10 }), fc.boolean(), (lines, gross) => {
        const all = priceQuote({ currency: "EUR", pricesIncludeTax: gross, discountBp: 0, lines });
        for (const rate of all.taxes) {
          const alone = priceQuote({ currency: "EUR", pricesIncludeTax: gross, discountBp: 0, lines: lines.filter((l) => l.taxRateBp === rate.rateBp) });
          expect(alone.taxes).toEqual([rate]);
        }
      }),
    );
  });
});

describe("allocation", () => {
  it("gives the leftover cents to the largest remainders", () => {
    expect(allocate(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(allocate(10n, [0n, 0n])).toEqual([0n, 0n]);
    expect(allocate(7n, [2n, 5n])).toEqual([2n, 5n]);
  });

  it("property: parts add up and stay within one unit of the exact share", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 }), (total, weights) => {
        const parts = allocate(total, weights);
        const sum = weights.reduce((a, b) => a + b, 0n);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(sum === 0n ? 0n : total);
        if (sum > 0n) parts.forEach((p, i) => { expect(p * sum - total * (weights[i] ?? 0n)).toBeGreaterThan(-sum); expect(p * sum - total * (weights[i] ?? 0n)).toBeLessThan(sum); });
      }),
    );
  });
});

describe("currencies", () => {
  const rates = { base: "EUR", rates: { USD: "1.08", JPY: "162.5", KWD: "0.333" } };

  it.each([
    [10_000n, "EUR", "USD", 10_800n],
    [10_800n, "USD", "EUR", 10_000n],
    [10_000n, "EUR", "JPY", 16_250n],
    [100n, "USD", "JPY", 150n], // 1.00 USD = 150.46 JPY → 150
    [10_000n, "EUR", "KWD", 33_300n],
    [1n, "KWD", "EUR", 0n],
    [555n, "EUR", "EUR", 555n],
  ])("%s %s → %s = %s", (amount, from, to, expected) => {
    expect(convertMinor(amount, from, to, rates)).toBe(expected);
  });

  it("refuses unknown currencies, missing and bad rates", () => {
    expect(code(() => convertMinor(1n, "EUR", "CHF", rates))).toBe("MISSING_EXCHANGE_RATE");
    expect(code(() => minorDigits("ABC"))).toBe("UNKNOWN_CURRENCY");
    expect(code(() => parseRate("-1", "USD"))).toBe("INVALID_EXCHANGE_RATE");
    expect(code(() => parseRate("0", "USD"))).toBe("INVALID_EXCHANGE_RATE");
  });

  it("formats and parses minor units by the currency's digits, beyond 2^53", () => {
    expect(formatMinor(123_456n, "EUR")).toBe("1234.56");
    expect(formatMinor(5n, "KWD")).toBe("0.005");
    expect(formatMinor(1234n, "JPY")).toBe("1234");
    expect(formatMinor(-7n, "EUR")).toBe("-0.07");
    expect(formatMinor(2n ** 62n, "EUR")).toBe("46116860184273879.04");
    expect(parseMinor("12,5", "EUR")).toBe(1250n);
    expect(parseMinor("1.2345", "KWD")).toBeUndefined();
    expect(parseMinor("46116860184273879.04", "EUR")).toBe(2n ** 62n);
  });

  it("property: parse ∘ format is the identity", () => {
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom("EUR", "JPY", "KWD"), (amount, cur) => { expect(parseMinor(formatMinor(amount, cur), cur)).toBe(amount); }));
  });
});
