// The quote editor's model: a version as editable text fields, converted to the
// shared pricing input (server/src/domain/pricing.ts — the same code the server
// prices with, so the live totals are the stored totals) and to the UpdateQuote draft.
import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { QuoteLineKind, type QuoteDraftSchema, type QuoteVersion } from "@eventkit/api/eventkit/v1/quote_pb.js";
import { formatMinor, isKnownCurrency, parseDecimal, parseMinor } from "@eventkit/server/domain/currency.js";
import type { PriceInput, PriceLine } from "@eventkit/server/domain/pricing.js";

export type LineKindName = "EQUIPMENT" | "CREW" | "TRANSPORT" | "FREE";

export interface EditLine {
  key: string;
  section: string;
  kind: LineKindName;
  productId: string;
  kitId: string;
  categoryId: string;
  description: string;
  unit: string;
  quantity: string;
  days: string;
  factor: string;
  unitPrice: string;
  discount: string;
  taxRate: string;
}

export interface EditDraft {
  currency: string;
  language: string;
  pricesIncludeTax: boolean;
  discount: string;
  /** YYYY-MM-DD (UTC day the quote is valid until). */
  validUntil: string;
  intro: string;
  terms: string;
  lines: EditLine[];
}

/** Fields of a line that are numbers, for marking the one that does not parse. */
export type NumberField = "quantity" | "days" | "factor" | "unitPrice" | "discount" | "taxRate";

const kindNames: Record<number, LineKindName> = {
  [QuoteLineKind.EQUIPMENT]: "EQUIPMENT",
  [QuoteLineKind.CREW]: "CREW",
  [QuoteLineKind.TRANSPORT]: "TRANSPORT",
  [QuoteLineKind.FREE]: "FREE",
};

/** An integer scaled by 10^digits as short decimal text: (1950, 2) → "19.5", (1500, 3) → "1.5". */
export function trimDecimal(value: number, digits: number): string {
  const negative = value < 0;
  const text = String(Math.abs(value)).padStart(digits + 1, "0");
  const whole = text.slice(0, -digits);
  const fraction = text.slice(-digits).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export function factorText(milli: number): string {
  return trimDecimal(milli, 3);
}

export function draftFromVersion(v: QuoteVersion): EditDraft {
  const currency = isKnownCurrency(v.currency) ? v.currency : "EUR";
  return {
    currency: v.currency,
    language: v.language,
    pricesIncludeTax: v.pricesIncludeTax,
    discount: trimDecimal(v.discountBp, 2),
    validUntil: v.validUntil ? timestampDate(v.validUntil).toISOString().slice(0, 10) : "",
    intro: v.intro,
    terms: v.terms,
    lines: v.lines.map((l) => ({
      key: l.key,
      section: l.section,
      kind: kindNames[l.kind] ?? "FREE",
      productId: l.productId,
      kitId: l.kitId,
      categoryId: l.categoryId,
      description: l.description,
      unit: l.unit,
      quantity: String(l.quantity),
      days: String(l.days),
      factor: factorText(l.factorMilli),
      unitPrice: formatMinor(l.unitPriceMinor, currency),
      discount: trimDecimal(l.discountBp, 2),
      taxRate: trimDecimal(l.taxRateBp, 2),
    })),
  };
}

export function newLine(kind: LineKindName, section: string, taxRate: string): EditLine {
  return {
    key: "",
    section,
    kind,
    productId: "",
    kitId: "",
    categoryId: "",
    description: "",
    unit: kind === "CREW" ? "h" : kind === "TRANSPORT" ? "km" : "",
    quantity: "1",
    days: kind === "EQUIPMENT" ? "1" : "0",
    factor: "1",
    unitPrice: "0",
    discount: "0",
    taxRate,
  };
}

const int = (text: string): number | undefined => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : undefined);
const scaled = (text: string, digits: number): number | undefined => {
  const value = parseDecimal(text, digits);
  return value === undefined ? undefined : Number(value);
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; line: number; field: NumberField | "discount" };

/** The pricing input of the draft, or the first field that is not a number. */
export function priceInputOf(d: EditDraft): Parsed<PriceInput> {
  const currency = isKnownCurrency(d.currency) ? d.currency : "EUR";
  const lines: PriceLine[] = [];
  for (const [index, l] of d.lines.entries()) {
    const values = {
      quantity: int(l.quantity),
      days: int(l.days),
      factor: scaled(l.factor, 3),
      unitPrice: parseMinor(l.unitPrice, currency),
      discount: scaled(l.discount, 2),
      taxRate: scaled(l.taxRate, 2),
    };
    const bad = (Object.keys(values) as NumberField[]).find((k) => values[k] === undefined);
    if (bad) return { ok: false, line: index, field: bad };
    lines.push({
      section: l.section,
      quantity: values.quantity ?? 0,
      days: values.days ?? 0,
      factorMilli: values.factor ?? 1000,
      unitPriceMinor: values.unitPrice ?? 0n,
      discountBp: values.discount ?? 0,
      taxRateBp: values.taxRate ?? 0,
    });
  }
  const discount = scaled(d.discount, 2);
  if (discount === undefined) return { ok: false, line: -1, field: "discount" };
  return { ok: true, value: { currency: d.currency, pricesIncludeTax: d.pricesIncludeTax, discountBp: discount, lines } };
}

/** The UpdateQuote draft (the version's stored exchange rates go back unchanged). */
export function draftToProto(d: EditDraft, input: PriceInput, v: QuoteVersion): MessageInitShape<typeof QuoteDraftSchema> {
  return {
    currency: d.currency,
    language: d.language,
    pricesIncludeTax: d.pricesIncludeTax,
    discountBp: input.discountBp,
    validUntil: timestampFromDate(new Date(`${d.validUntil}T23:59:59Z`)),
    exchangeRates: v.exchangeRates,
    intro: d.intro,
    terms: d.terms,
    lines: d.lines.map((l, i) => {
      const p = input.lines[i];
      return {
        key: l.key,
        section: l.section,
        kind: QuoteLineKind[l.kind],
        productId: l.productId,
        kitId: l.kitId,
        categoryId: l.categoryId,
        description: l.description,
        unit: l.unit,
        quantity: p?.quantity ?? 0,
        days: p?.days ?? 0,
        factorMilli: p?.factorMilli ?? 1000,
        unitPriceMinor: p?.unitPriceMinor ?? 0n,
        discountBp: p?.discountBp ?? 0,
        taxRateBp: p?.taxRateBp ?? 0,
      };
    }),
  };
}
