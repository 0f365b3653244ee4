// proto ⇄ domain for QuoteService. Enum names match between the two
// (QUOTE_STATUS_SENT ⇄ "SENT").
import { create } from "@bufbuild/protobuf";
import { timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  ExchangeRatesSchema,
  LineChange,
  LineDiffSchema,
  QuoteLineKind,
  QuoteLineSchema,
  QuoteSchema,
  QuoteSettingsSchema,
  QuoteStatus,
  QuoteTotalsSchema,
  QuoteVersionSchema,
  RateCurveSchema,
  type ExchangeRates as ExchangeRatesProto,
  type LineDiff as LineDiffProto,
  type Quote,
  type QuoteDraft as QuoteDraftProto,
  type QuoteLine as QuoteLineProto,
  type QuoteSettings as QuoteSettingsProto,
  type QuoteVersion,
  type RateCurve,
} from "@eventkit/api/eventkit/v1/quote_pb.js";
import type { ExchangeRates } from "../domain/currency.js";
import type { PricedLine, QuoteTotals } from "../domain/pricing.js";
import type { LineDiff, QuoteDraft, QuoteLanguage, QuoteLine, QuoteLineKind as DomainLineKind, QuoteSettings, StoredCurve } from "../domain/quote.js";
import type { QuoteView, QuoteVersionView } from "../service/quote.service.js";
import { dateOf, enumValue } from "./inventory.convert.js";
import { requiredEnum } from "./planning.convert.js";

const ts = (date: Date | undefined): Timestamp | undefined => (date ? timestampFromDate(date) : undefined);
const orAbsent = (id: string): string | undefined => (id === "" ? undefined : id);

/** The languages the proto allows (protovalidate checks `in` before the handler runs). */
export function languageOf(text: string): QuoteLanguage {
  if (text === "en" || text === "de" || text === "ar") return text;
  throw new Error(`language ${text} reached a handler unvalidated`);
}

export function ratesToProto(r: ExchangeRates): ExchangeRatesProto {
  return create(ExchangeRatesSchema, { base: r.base, rates: { ...r.rates } });
}

export function ratesFromProto(r: ExchangeRatesProto | undefined): ExchangeRates {
  return { base: r?.base ?? "", rates: { ...(r?.rates ?? {}) } };
}

export function lineToProto(l: QuoteLine, priced?: PricedLine): QuoteLineProto {
  return create(QuoteLineSchema, {
    key: l.key,
    section: l.section,
    kind: enumValue(QuoteLineKind, l.kind),
    productId: l.productId ?? "",
    kitId: l.kitId ?? "",
    categoryId: l.categoryId ?? "",
    description: l.description,
    unit: l.unit,
    quantity: l.quantity,
    days: l.days,
    factorMilli: l.factorMilli,
    unitPriceMinor: l.unitPriceMinor,
    discountBp: l.discountBp,
    taxRateBp: l.taxRateBp,
    amountMinor: priced?.amountMinor ?? 0n,
  });
}

export function lineFromProto(l: QuoteLineProto): QuoteLine {
  return {
    key: l.key,
    section: l.section.trim(),
    kind: requiredEnum(QuoteLineKind, l.kind) as DomainLineKind,
    productId: orAbsent(l.productId),
    kitId: orAbsent(l.kitId),
    categoryId: orAbsent(l.categoryId),
    description: l.description.trim(),
    unit: l.unit.trim(),
    quantity: l.quantity,
    days: l.days,
    factorMilli: l.factorMilli,
    unitPriceMinor: l.unitPriceMinor,
    discountBp: l.discountBp,
    taxRateBp: l.taxRateBp,
  };
}

export function draftFromProto(d: QuoteDraftProto | undefined): QuoteDraft {
  if (!d) throw new Error("draft reached a handler unvalidated");
  const validUntil = dateOf(d.validUntil);
  if (!validUntil) throw new Error("valid_until reached a handler unvalidated");
  return {
    currency: d.currency,
    language: languageOf(d.language),
    pricesIncludeTax: d.pricesIncludeTax,
    discountBp: d.discountBp,
    validUntil,
    exchangeRates: ratesFromProto(d.exchangeRates),
    intro: d.intro,
    terms: d.terms,
    lines: d.lines.map(lineFromProto),
  };
}

export function totalsToProto(t: QuoteTotals) {
  return create(QuoteTotalsSchema, {
    subtotalMinor: t.subtotalMinor,
    discountMinor: t.quoteDiscountMinor,
    netMinor: t.netMinor,
    taxMinor: t.taxMinor,
    grossMinor: t.grossMinor,
    sections: t.sections.map((s) => ({ section: s.section, amountMinor: s.amountMinor, discountedMinor: s.discountedMinor })),
    taxes: t.taxes.map((x) => ({ rateBp: x.rateBp, netMinor: x.netMinor, taxMinor: x.taxMinor, grossMinor: x.grossMinor })),
  });
}

export function versionToProto(v: QuoteVersionView): QuoteVersion {
  return create(QuoteVersionSchema, {
    version: v.version,
    status: enumValue(QuoteStatus, v.effectiveStatus),
    currency: v.currency,
    language: v.language,
    pricesIncludeTax: v.pricesIncludeTax,
    discountBp: v.discountBp,
    validUntil: ts(v.validUntil),
    exchangeRates: ratesToProto(v.exchangeRates),
    intro: v.intro,
    terms: v.terms,
    lines: v.lines.map((l, i) => lineToProto(l, v.totals.lines[i])),
    totals: totalsToProto(v.totals),
    revision: BigInt(v.revision),
    sentAt: ts(v.sentAt),
    decidedAt: ts(v.decidedAt),
    createdAt: ts(v.createdAt),
  });
}

export function quoteToProto(q: QuoteView["quote"]): Quote {
  return create(QuoteSchema, {
    id: q.id,
    number: q.number,
    title: q.title,
    dealId: q.dealId ?? "",
    eventId: q.eventId ?? "",
    companyId: q.companyId ?? "",
    companyName: q.companyName,
    eventNumber: q.eventNumber,
    eventName: q.eventName,
    latestVersion: q.latestVersion,
    status: enumValue(QuoteStatus, q.effectiveStatus),
    gross: create(MoneySchema, { amountMinor: q.grossMinor, currency: q.currency }),
    createdAt: ts(q.createdAt),
  });
}

export function diffToProto(d: LineDiff): LineDiffProto {
  return create(LineDiffSchema, {
    key: d.key,
    change: enumValue(LineChange, d.change),
    before: d.before ? lineToProto(d.before) : undefined,
    after: d.after ? lineToProto(d.after) : undefined,
    fields: d.fields.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)),
  });
}

export function settingsToProto(s: QuoteSettings): QuoteSettingsProto {
  return create(QuoteSettingsSchema, { ...s, terms: { ...s.terms }, exchangeRates: ratesToProto(s.exchangeRates) });
}

export function settingsFromProto(s: QuoteSettingsProto | undefined): QuoteSettings {
  if (!s) throw new Error("settings reached a handler unvalidated");
  const terms: QuoteSettings["terms"] = {};
  for (const [k, text] of Object.entries(s.terms)) terms[languageOf(k)] = text;
  return {
    companyName: s.companyName,
    companyAddress: s.companyAddress,
    companyContact: s.companyContact,
    taxId: s.taxId,
    bankDetails: s.bankDetails,
    logoDataUrl: s.logoDataUrl,
    terms,
    defaultCurrency: s.defaultCurrency,
    defaultLanguage: languageOf(s.defaultLanguage),
    defaultTaxRateBp: s.defaultTaxRateBp,
    validityDays: s.validityDays,
    exchangeRates: ratesFromProto(s.exchangeRates),
  };
}

export function curveToProto(c: StoredCurve): RateCurve {
  return create(RateCurveSchema, { id: c.id, companyId: c.companyId ?? "", categoryId: c.categoryId ?? "", points: c.points.map((p) => ({ days: p.days, factorMilli: p.factorMilli })) });
}
