// Pure rules of quotes: the status of a version (draft → sent → accepted or
// declined; a sent version past its validity date is expired), which version may
// change, lines taken from a pull list, and the line-by-line comparison of two
// versions. See docs/rules/quote-versions.md.
import type { ExchangeRates } from "./currency.js";
import { dayFactorMilli, resolveCurve, type PriceInput, type ScopedCurve } from "./pricing.js";
import { QuoteError } from "./quote.errors.js";

export type StoredQuoteStatus = "DRAFT" | "SENT" | "ACCEPTED" | "DECLINED";
export type QuoteStatus = StoredQuoteStatus | "EXPIRED";
export type QuoteLineKind = "EQUIPMENT" | "CREW" | "TRANSPORT" | "FREE";
export type QuoteLanguage = "en" | "de" | "ar";

export const quoteLanguages: readonly QuoteLanguage[] = ["en", "de", "ar"];

/** What the version shows: a sent version whose validity date has passed is expired. */
export function effectiveStatus(status: StoredQuoteStatus, validUntil: Date, now: Date): QuoteStatus {
  return status === "SENT" && now.getTime() >= validUntil.getTime() ? "EXPIRED" : status;
}

/** Only a draft version changes; a sent (accepted, declined) one is frozen and revised by a new version. */
export function assertDraft(status: StoredQuoteStatus, version: number): void {
  if (status !== "DRAFT") {
    throw new QuoteError("VERSION_NOT_DRAFT", `version ${version} is ${status.toLowerCase()} and cannot change; revise it to create the next version`, { status, version: String(version) });
  }
}

/** A decision (send, accept, decline) applies to the latest version, from the status it needs, before it expires. */
export function assertDecision(q: { status: StoredQuoteStatus; version: number; latest: number; validUntil: Date; now: Date; to: StoredQuoteStatus }): void {
  if (q.version !== q.latest) {
    throw new QuoteError("VERSION_NOT_LATEST", `version ${q.version} has been revised; act on version ${q.latest}`, { version: String(q.version), latest: String(q.latest) });
  }
  const from = q.status;
  const allowed = (from === "DRAFT" && q.to === "SENT") || (from === "SENT" && (q.to === "ACCEPTED" || q.to === "DECLINED"));
  if (!allowed) throw new QuoteError("TRANSITION_NOT_ALLOWED", `a ${from.toLowerCase()} quote cannot become ${q.to.toLowerCase()}`, { from, to: q.to });
  if (q.to === "ACCEPTED" && effectiveStatus(from, q.validUntil, q.now) === "EXPIRED") {
    throw new QuoteError("QUOTE_EXPIRED", `the quote expired on ${q.validUntil.toISOString().slice(0, 10)}; revise it to send a new version`, { validUntil: q.validUntil.toISOString() });
  }
}

/** A revision may be made of a version that is no longer a draft, and only of the latest one. */
export function assertRevisable(status: StoredQuoteStatus, version: number, latest: number): void {
  if (version !== latest) throw new QuoteError("VERSION_NOT_LATEST", `version ${version} has been revised already`, { version: String(version), latest: String(latest) });
  if (status === "DRAFT") throw new QuoteError("TRANSITION_NOT_ALLOWED", "a draft is edited in place; revise a sent version", { status });
}

/** A quote line as stored and compared. `key` stays the same across versions of one line. */
export interface QuoteLine {
  key: string;
  section: string;
  kind: QuoteLineKind;
  productId: string | undefined;
  kitId: string | undefined;
  categoryId: string | undefined;
  description: string;
  unit: string;
  quantity: number;
  days: number;
  factorMilli: number;
  unitPriceMinor: bigint;
  discountBp: number;
  taxRateBp: number;
}

/** A pull-list line with what pricing needs: its section, the rented thing's day rate, converted to the quote's currency. */
/** One product inside a permanent case: a packed unit (quantity 1) or bulk content, at its product's day rate. */
export interface CaseContentPrice {
  productId: string;
  categoryId: string | undefined;
  quantity: number;
  dayRateMinor: bigint;
}

export interface PullListPriceSource {
  sectionName: string;
  kind: "PRODUCT" | "ASSET" | "KIT" | "CASE";
  /** A component of a kit (accessories are lines of their own). */
  isKitComponent: boolean;
  /** Of the kit (header) or of the component's kit: AS_UNIT prices the kit, PER_ITEM its components. */
  kitPricing: "AS_UNIT" | "PER_ITEM" | undefined;
  productId: string | undefined;
  kitId: string | undefined;
  categoryId: string | undefined;
  title: string;
  quantity: number;
  /** CASE: unused; the case is priced by its contents. */
  dayRateMinor: bigint;
  /** CASE: what is packed in it (its own units and bulk; a nested case is booked, and priced, on its own). */
  contents: readonly CaseContentPrice[];
}

/**
 * A permanent case's day rate and the category its day factor comes from: the
 * sum of what is inside it, and the category carrying the largest part of that
 * sum (on a tie, the category of the most units, then the smallest id), so a
 * rack of amps with a few cables is charged on the amps' curve. An empty case
 * costs nothing and has no category. See docs/rules/quote-pricing.md.
 */
export function casePrice(contents: readonly CaseContentPrice[]): { dayRateMinor: bigint; categoryId: string | undefined } {
  const byCategory = new Map<string, { value: bigint; units: number }>();
  let total = 0n;
  for (const c of contents) {
    const value = BigInt(c.quantity) * c.dayRateMinor;
    total += value;
    const key = c.categoryId ?? "";
    const agg = byCategory.get(key) ?? { value: 0n, units: 0 };
    byCategory.set(key, { value: agg.value + value, units: agg.units + c.quantity });
  }
  const ranked = [...byCategory.entries()].sort(([ka, a], [kb, b]) => (a.value === b.value ? b.units - a.units || ka.localeCompare(kb) : a.value > b.value ? -1 : 1));
  const top = ranked[0]?.[0];
  return { dayRateMinor: total, categoryId: top === undefined || top === "" ? undefined : top };
}

/** A kit priced as a unit is one line; a kit priced per item is its components. */
function priced(item: PullListPriceSource): boolean {
  if (item.kind === "KIT") return item.kitPricing !== "PER_ITEM";
  return !(item.isKitComponent && item.kitPricing === "AS_UNIT");
}

/**
 * Equipment lines for a quote from an event's pull list: one line per product,
 * asset, kit or permanent-case line (a kit priced as a unit carries its
 * components; a kit priced per item is its components; a case is priced by its
 * contents, see casePrice), grouped by the pull list's sections; the day factor
 * from the curve for the company and the product's (the case's leading) category.
 */
export function linesFromPullList(
  items: readonly PullListPriceSource[],
  q: { days: number; companyId: string | undefined; curves: readonly ScopedCurve[]; taxRateBp: number; newKey: () => string },
): QuoteLine[] {
  return items
    .filter(priced)
    .map((item) => {
      const { dayRateMinor, categoryId } = item.kind === "CASE" ? casePrice(item.contents) : item;
      return {
        key: q.newKey(),
        section: item.sectionName,
        kind: "EQUIPMENT" as const,
        productId: item.productId,
        kitId: item.kitId,
        categoryId,
        description: item.title,
        unit: "",
        quantity: item.quantity,
        days: q.days,
        factorMilli: dayFactorMilli(resolveCurve(q.curves, q.companyId, categoryId), q.days),
        unitPriceMinor: dayRateMinor,
        discountBp: 0,
        taxRateBp: q.taxRateBp,
      };
    });
}

export type LineChange = "ADDED" | "REMOVED" | "CHANGED" | "UNCHANGED";

export interface LineDiff {
  key: string;
  change: LineChange;
  before: QuoteLine | undefined;
  after: QuoteLine | undefined;
  /** Names of the fields that differ (CHANGED only). */
  fields: string[];
}

const comparedFields = ["section", "kind", "description", "unit", "quantity", "days", "factorMilli", "unitPriceMinor", "discountBp", "taxRateBp"] as const;

/** Two versions line by line, matched by line key: the newer version's order, then the lines it removed. */
export function compareLines(before: readonly QuoteLine[], after: readonly QuoteLine[]): LineDiff[] {
  const old = new Map(before.map((l) => [l.key, l]));
  const seen = new Set<string>();
  const rows: LineDiff[] = after.map((a) => {
    const b = old.get(a.key);
    seen.add(a.key);
    if (!b) return { key: a.key, change: "ADDED", before: undefined, after: a, fields: [] };
    const fields = comparedFields.filter((f) => a[f] !== b[f]);
    return { key: a.key, change: fields.length > 0 ? "CHANGED" : "UNCHANGED", before: b, after: a, fields: [...fields] };
  });
  for (const b of before) if (!seen.has(b.key)) rows.push({ key: b.key, change: "REMOVED", before: b, after: undefined, fields: [] });
  return rows;
}

/** A configured rate curve with its id. */
export interface StoredCurve extends ScopedCurve {
  id: string;
}

/** A quote as lists show it: its subject and the state of its latest version. */
export interface QuoteHeader {
  id: string;
  number: string;
  title: string;
  dealId: string | undefined;
  eventId: string | undefined;
  companyId: string | undefined;
  companyName: string;
  eventNumber: string;
  eventName: string;
  latestVersion: number;
  status: StoredQuoteStatus;
  validUntil: Date;
  currency: string;
  grossMinor: bigint;
  createdAt: Date;
}

/** The editable part of a draft version. */
export interface QuoteDraft {
  currency: string;
  language: QuoteLanguage;
  pricesIncludeTax: boolean;
  discountBp: number;
  validUntil: Date;
  exchangeRates: ExchangeRates;
  intro: string;
  terms: string;
  lines: QuoteLine[];
}

export interface QuoteVersionData extends QuoteDraft {
  quoteId: string;
  version: number;
  status: StoredQuoteStatus;
  revision: number;
  sentAt: Date | undefined;
  decidedAt: Date | undefined;
  createdAt: Date;
}

/** The instance's letterhead and quoting defaults. */
export interface QuoteSettings {
  companyName: string;
  companyAddress: string;
  companyContact: string;
  taxId: string;
  bankDetails: string;
  logoDataUrl: string;
  terms: Partial<Record<QuoteLanguage, string>>;
  defaultCurrency: string;
  defaultLanguage: QuoteLanguage;
  defaultTaxRateBp: number;
  validityDays: number;
  exchangeRates: ExchangeRates;
}

/** The pricing input of a version. */
export function priceInputOf(v: QuoteDraft): PriceInput {
  return { currency: v.currency, pricesIncludeTax: v.pricesIncludeTax, discountBp: v.discountBp, lines: v.lines };
}
