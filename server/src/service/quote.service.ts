// Use cases of QuoteService (see rpc/quote.rpc.ts): quotes for deals and events,
// their versions (draft → sent → accepted/declined; a sent version is frozen and
// revised into the next), pricing by the pure rules of domain/pricing.ts, the
// PDF document, and the quoting settings and rate curves.
// See docs/rules/quote-pricing.md and docs/rules/quote-versions.md.
import { randomUUID } from "node:crypto";
import { convertMinor, minorDigits, validateRates } from "../domain/currency.js";
import { decodePageToken, encodePageToken, pageSize } from "../domain/pagination.js";
import { reservation } from "../domain/planning.js";
import type { Shortage } from "../domain/planning.types.js";
import { chargeDays, priceQuote, validateCurve, type CurvePoint, type QuoteTotals } from "../domain/pricing.js";
import {
  assertDecision,
  assertDraft,
  assertRevisable,
  compareLines,
  effectiveStatus,
  linesFromPullList,
  priceInputOf,
  type LineDiff,
  type QuoteDraft,
  type QuoteHeader,
  type QuoteLanguage,
  type QuoteSettings,
  type QuoteStatus,
  type QuoteVersionData,
  type StoredCurve,
  type StoredQuoteStatus,
} from "../domain/quote.js";
import { QuoteError } from "../domain/quote.errors.js";
import type { Db } from "../store/db.js";
import { findEvent } from "../store/event.store.js";
import {
  categoryExists,
  companyLetterhead,
  companyName,
  deleteRateCurve,
  findDeal,
  findQuote,
  findQuoteIdByRequest,
  findQuoteVersion,
  findVersion,
  getQuoteSettings,
  insertQuote,
  insertVersion,
  listQuotes,
  listRateCurves,
  lockQuote,
  missingReferences,
  nextQuoteNumber,
  pullListPriceSources,
  setLatestVersion,
  setVersionStatus,
  updateDraft,
  updateQuoteSettings,
  upsertRateCurve,
  type VersionTotals,
} from "../store/quote.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import { withAssetBookings, type EventService } from "./event.service.js";
import { quoteDocumentHtml, quoteFooter } from "./quote.document.js";
import type { PdfRenderer } from "./quote.pdf.js";

export interface QuoteDeps {
  db: Db;
  now: () => Date;
  events: EventService;
  pdf: PdfRenderer;
}

/** A version as the API shows it: its effective status (expired) and its totals by the pricing rules. */
export interface QuoteVersionView extends QuoteVersionData {
  effectiveStatus: QuoteStatus;
  totals: QuoteTotals;
}

export interface QuoteView {
  quote: QuoteHeader & { effectiveStatus: QuoteStatus };
  version: QuoteVersionView;
}

export interface QuoteFilter {
  pageSize: number;
  pageToken: string;
  eventId: string | undefined;
  dealId: string | undefined;
  companyId: string | undefined;
}

export interface AcceptResult {
  version: QuoteVersionView;
  eventId: string | undefined;
  eventStatus: string | undefined;
  shortages: Shortage[];
}

const dayMs = 86_400_000;

function totalsOf(totals: QuoteTotals): VersionTotals {
  return { netMinor: totals.netMinor, taxMinor: totals.taxMinor, grossMinor: totals.grossMinor, lineAmounts: totals.lines.map((l) => l.amountMinor) };
}

function stale(revision: number): QuoteError {
  return new QuoteError("STALE_VERSION", "the quote was changed by someone else; reload and try again", { currentRevision: String(revision) });
}

export class QuoteService {
  constructor(private readonly deps: QuoteDeps) {}

  async listQuotes(ctx: CallContext, f: QuoteFilter): Promise<{ quotes: QuoteView["quote"][]; nextPageToken: string }> {
    requirePermission(ctx, "quotes.read");
    const { pageSize: requested, pageToken, ...query } = f;
    const fingerprint = JSON.stringify(query);
    const after = decodePageToken(pageToken, fingerprint);
    const [at, id] = after?.split("|") ?? [];
    const size = pageSize(requested);
    const rows = await listQuotes(this.deps.db, { ...query, after: at && id ? { at, id } : undefined, limit: size + 1 });
    const page = rows.slice(0, size);
    const last = page.at(-1);
    const now = this.deps.now();
    return {
      quotes: page.map(({ cursorAt: _c, ...q }) => ({ ...q, effectiveStatus: effectiveStatus(q.status, q.validUntil, now) })),
      nextPageToken: rows.length > size && last ? encodePageToken(fingerprint, `${last.cursorAt}|${last.id}`) : "",
    };
  }

  async getQuote(ctx: CallContext, quoteId: string, version: number): Promise<QuoteView> {
    requirePermission(ctx, "quotes.read");
    return this.load(this.deps.db, quoteId, version);
  }

  /** Version 1 (draft) for a deal and/or an event, in the given or default currency and language; equipment from the pull list on request. */
  async createQuote(
    ctx: CallContext,
    q: { requestId: string; dealId: string | undefined; eventId: string | undefined; title: string; currency: string; language: QuoteLanguage | undefined; pricesIncludeTax: boolean; fromPullList: boolean },
  ): Promise<QuoteView> {
    const principal = requirePermission(ctx, "quotes.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      const existing = await findQuoteIdByRequest(tx, q.requestId);
      if (existing) return this.load(tx, existing, 0);
      const settings = await getQuoteSettings(tx);
      const currency = q.currency || settings.defaultCurrency;
      minorDigits(currency);
      const deal = q.dealId ? await findDeal(tx, q.dealId) : undefined;
      if (q.dealId && !deal) throw new QuoteError("DEAL_NOT_FOUND", "no such deal", { dealId: q.dealId });
      const eventId = q.eventId ?? deal?.eventId;
      const event = eventId ? await findEvent(tx, eventId) : undefined;
      if (eventId && !event) throw new QuoteError("EVENT_NOT_FOUND", "no such event", { eventId });
      if (!deal && !event) throw new QuoteError("QUOTE_NEEDS_SUBJECT", "a quote needs a deal or an event");
      const companyId = deal?.companyId ?? event?.clientId ?? undefined;
      const rates = settings.exchangeRates;
      validateRates(rates);
      const now = this.deps.now();
      let lines: QuoteDraft["lines"] = [];
      if (q.fromPullList && event) {
        const period = event.chargePeriod ?? event.outPeriod;
        const sources = await pullListPriceSources(tx, event.id);
        lines = linesFromPullList(
          sources.map((s) => ({
            ...s,
            dayRateMinor: s.kind === "CASE" ? 0n : convertMinor(s.dayRateMinor, s.currency, currency, rates),
            contents: s.contents.map((c) => ({ ...c, dayRateMinor: convertMinor(c.dayRateMinor, c.currency, currency, rates) })),
          })),
          { days: chargeDays(period.start, period.end), companyId, curves: await listRateCurves(tx), taxRateBp: settings.defaultTaxRateBp, newKey: randomUUID },
        );
      }
      const language = q.language ?? settings.defaultLanguage;
      const draft: QuoteDraft = {
        currency,
        language,
        pricesIncludeTax: q.pricesIncludeTax,
        discountBp: 0,
        validUntil: new Date(now.getTime() + settings.validityDays * dayMs),
        exchangeRates: rates,
        intro: "",
        terms: settings.terms[language] ?? "",
        lines,
      };
      const totals = priceQuote(priceInputOf(draft));
      const id = await insertQuote(tx, {
        number: await nextQuoteNumber(tx),
        title: q.title.trim() || event?.name || deal?.title || "",
        dealId: deal?.id,
        eventId: event?.id,
        companyId,
        requestId: q.requestId,
        createdBy: principal.userId,
        now,
      });
      await insertVersion(tx, id, 1, draft, totalsOf(totals), now);
      return this.load(tx, id, 0);
    });
  }

  /** Replaces a draft version's header and lines; a sent version is refused (VERSION_NOT_DRAFT). */
  async updateQuote(ctx: CallContext, q: { quoteId: string; version: number; revision: number; draft: QuoteDraft }): Promise<QuoteVersionView> {
    requirePermission(ctx, "quotes.manage");
    const draft = { ...q.draft, lines: this.withKeys(q.draft.lines) };
    validateRates(draft.exchangeRates);
    const totals = priceQuote(priceInputOf(draft));
    return this.deps.db.transaction().execute(async (tx) => {
      await this.lock(tx, q.quoteId);
      const current = await this.version(tx, q.quoteId, q.version);
      assertDraft(current.status, current.version);
      if (current.revision !== q.revision) throw stale(current.revision);
      await this.assertReferences(tx, draft);
      if (!(await updateDraft(tx, q.quoteId, q.version, q.revision, draft, totalsOf(totals)))) throw stale(current.revision);
      return (await this.load(tx, q.quoteId, q.version)).version;
    });
  }

  /** The next version, a draft copy of the latest sent (declined, expired) one; lines keep their keys. */
  async reviseQuote(ctx: CallContext, q: { quoteId: string; version: number }): Promise<QuoteVersionView> {
    requirePermission(ctx, "quotes.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      const header = await this.lock(tx, q.quoteId);
      const current = await this.version(tx, q.quoteId, q.version);
      assertRevisable(current.status, current.version, header.latestVersion);
      const settings = await getQuoteSettings(tx);
      const now = this.deps.now();
      const next = header.latestVersion + 1;
      const draft: QuoteDraft = { ...current, validUntil: new Date(Math.max(current.validUntil.getTime(), now.getTime() + settings.validityDays * dayMs)) };
      await insertVersion(tx, q.quoteId, next, draft, totalsOf(priceQuote(priceInputOf(draft))), now);
      await setLatestVersion(tx, q.quoteId, next);
      return (await this.load(tx, q.quoteId, next)).version;
    });
  }

  async sendQuote(ctx: CallContext, q: { quoteId: string; version: number }): Promise<QuoteVersionView> {
    requirePermission(ctx, "quotes.manage");
    return this.decide(q, "SENT", (_tx, v) => {
      if (v.lines.length === 0) throw new QuoteError("QUOTE_EMPTY", "a quote without lines cannot be sent");
      if (v.validUntil.getTime() <= this.deps.now().getTime()) {
        throw new QuoteError("INVALID_VALIDITY", "the validity date has passed; set a later one before sending", { validUntil: v.validUntil.toISOString() });
      }
      return Promise.resolve();
    });
  }

  async declineQuote(ctx: CallContext, q: { quoteId: string; version: number }): Promise<QuoteVersionView> {
    requirePermission(ctx, "quotes.manage");
    return this.decide(q, "DECLINED", () => Promise.resolve());
  }

  /**
   * Sent → accepted, before the validity date. A quote with an event confirms the
   * event in the same transaction through the planning status machine, so the
   * shortage check and the overbooking policy apply (BLOCK: refused, nothing written).
   */
  async acceptQuote(ctx: CallContext, q: { quoteId: string; version: number }): Promise<AcceptResult> {
    const principal = requirePermission(ctx, "quotes.manage");
    let confirmed: { eventId: string | undefined; eventStatus: string | undefined; shortages: Shortage[] } = { eventId: undefined, eventStatus: undefined, shortages: [] };
    const version = await withAssetBookings(this.deps.db, async () =>
      this.decide(q, "ACCEPTED", async (tx, _v, header) => {
        if (!header.eventId) return;
        const event = await findEvent(tx, header.eventId);
        if (!event) throw new QuoteError("EVENT_NOT_FOUND", "the quote's event no longer exists", { eventId: header.eventId });
        if (reservation(event.status) === "CONFIRMED") {
          confirmed = { eventId: event.id, eventStatus: event.status, shortages: [] };
          return;
        }
        const result = await this.deps.events.transition(tx, principal.userId, { eventId: event.id, version: event.version, status: "CONFIRMED", reason: `quote ${header.number} v${q.version} accepted` });
        confirmed = { eventId: result.event.id, eventStatus: result.event.status, shortages: result.shortages };
      }),
    );
    if (!confirmed.eventId) {
      const header = await findQuote(this.deps.db, q.quoteId);
      const event = header?.eventId ? await findEvent(this.deps.db, header.eventId) : undefined;
      if (event) confirmed = { eventId: event.id, eventStatus: event.status, shortages: [] };
    }
    return { version, ...confirmed };
  }

  async compareVersions(ctx: CallContext, q: { quoteId: string; fromVersion: number; toVersion: number }): Promise<{ lines: LineDiff[]; from: QuoteVersionView; to: QuoteVersionView }> {
    requirePermission(ctx, "quotes.read");
    const from = (await this.load(this.deps.db, q.quoteId, q.fromVersion)).version;
    const to = (await this.load(this.deps.db, q.quoteId, q.toVersion)).version;
    return { lines: compareLines(from.lines, to.lines), from, to };
  }

  /** The version's document as PDF (HTML printed by headless Chromium, so Arabic is shaped and right to left). */
  async renderPdf(ctx: CallContext, q: { quoteId: string; version: number }): Promise<{ pdf: Uint8Array; fileName: string }> {
    requirePermission(ctx, "quotes.read");
    const db = this.deps.db;
    const view = await this.load(db, q.quoteId, q.version);
    const settings = await getQuoteSettings(db);
    const client = view.quote.companyId ? await companyLetterhead(db, view.quote.companyId) : undefined;
    const event = view.quote.eventId ? await findEvent(db, view.quote.eventId) : undefined;
    const html = quoteDocumentHtml({ quote: view.quote, version: view.version, settings, client, event, now: this.deps.now() });
    const pdf = await this.deps.pdf.render(html, quoteFooter(settings));
    return { pdf, fileName: `${view.quote.number}-v${view.version.version}.pdf` };
  }

  // Settings and rate curves

  async getSettings(ctx: CallContext): Promise<QuoteSettings> {
    requirePermission(ctx, "quotes.read");
    return getQuoteSettings(this.deps.db);
  }

  async updateSettings(ctx: CallContext, settings: QuoteSettings): Promise<QuoteSettings> {
    requirePermission(ctx, "settings.manage");
    minorDigits(settings.defaultCurrency);
    validateRates(settings.exchangeRates);
    if (!Number.isInteger(settings.defaultTaxRateBp) || settings.defaultTaxRateBp < 0 || settings.defaultTaxRateBp > 10_000) {
      throw new QuoteError("TAX_RATE_OUT_OF_RANGE", "the default tax rate must be from 0 % to 100 %", { value: String(settings.defaultTaxRateBp) });
    }
    return this.deps.db.transaction().execute(async (tx) => {
      await updateQuoteSettings(tx, settings);
      return getQuoteSettings(tx);
    });
  }

  async listRateCurves(ctx: CallContext): Promise<StoredCurve[]> {
    requirePermission(ctx, "quotes.read");
    return listRateCurves(this.deps.db);
  }

  async setRateCurve(ctx: CallContext, c: { companyId: string | undefined; categoryId: string | undefined; points: CurvePoint[] }): Promise<StoredCurve> {
    requirePermission(ctx, "settings.manage");
    validateCurve(c.points);
    return this.deps.db.transaction().execute(async (tx) => {
      if (c.companyId && (await companyName(tx, c.companyId)) === undefined) throw new QuoteError("COMPANY_NOT_FOUND", "no such company", { companyId: c.companyId });
      if (c.categoryId && !(await categoryExists(tx, c.categoryId))) throw new QuoteError("CATEGORY_NOT_FOUND", "no such category", { categoryId: c.categoryId });
      return upsertRateCurve(tx, c);
    });
  }

  async deleteRateCurve(ctx: CallContext, curveId: string): Promise<void> {
    requirePermission(ctx, "settings.manage");
    if (!(await deleteRateCurve(this.deps.db, curveId))) throw new QuoteError("CURVE_NOT_FOUND", "no such rate curve", { curveId });
  }

  // Helpers

  /** Moves the latest version along draft → sent → accepted/declined; a retry of a decision already taken returns it. */
  private async decide(
    q: { quoteId: string; version: number },
    to: StoredQuoteStatus,
    check: (tx: Db, v: QuoteVersionData, header: QuoteHeader) => Promise<void>,
  ): Promise<QuoteVersionView> {
    return this.deps.db.transaction().execute(async (tx) => {
      const header = await this.lock(tx, q.quoteId);
      const current = await this.version(tx, q.quoteId, q.version);
      if (current.status === to && current.version === header.latestVersion) return (await this.load(tx, q.quoteId, q.version)).version;
      const now = this.deps.now();
      assertDecision({ status: current.status, version: current.version, latest: header.latestVersion, validUntil: current.validUntil, now, to });
      await check(tx, current, header);
      await setVersionStatus(tx, q.quoteId, q.version, to, now);
      return (await this.load(tx, q.quoteId, q.version)).version;
    });
  }

  private withKeys(lines: QuoteDraft["lines"]): QuoteDraft["lines"] {
    const seen = new Set<string>();
    return lines.map((l, i) => {
      const key = l.key || randomUUID();
      if (seen.has(key)) throw new QuoteError("DUPLICATE_LINE_KEY", `line ${i + 1} repeats the key of an earlier line`, { line: String(i + 1), key });
      seen.add(key);
      return { ...l, key, factorMilli: l.days > 0 ? l.factorMilli : 1000 };
    });
  }

  private async assertReferences(tx: Db, draft: QuoteDraft): Promise<void> {
    const missing = await missingReferences(
      tx,
      draft.lines.flatMap((l) => (l.productId ? [l.productId] : [])),
      draft.lines.flatMap((l) => (l.kitId ? [l.kitId] : [])),
    );
    const product = missing.products[0];
    if (product) throw new QuoteError("PRODUCT_NOT_FOUND", "a line refers to a product that does not exist", { productId: product });
    const kit = missing.kits[0];
    if (kit) throw new QuoteError("KIT_NOT_FOUND", "a line refers to a kit that does not exist", { kitId: kit });
  }

  private async lock(tx: Db, quoteId: string): Promise<QuoteHeader> {
    const header = await lockQuote(tx, quoteId);
    if (!header) throw new QuoteError("QUOTE_NOT_FOUND", "no such quote", { quoteId });
    return header;
  }

  private async version(db: Db, quoteId: string, version: number): Promise<QuoteVersionData> {
    const v = await findVersion(db, quoteId, version);
    if (!v) throw new QuoteError("VERSION_NOT_FOUND", `the quote has no version ${version}`, { quoteId, version: String(version) });
    return v;
  }

  private async load(db: Db, quoteId: string, version: number): Promise<QuoteView> {
    const found = await findQuoteVersion(db, quoteId, version);
    if (!found) throw new QuoteError("QUOTE_NOT_FOUND", "no such quote", { quoteId });
    const { header, version: v } = found;
    if (!v) throw new QuoteError("VERSION_NOT_FOUND", `the quote has no version ${version}`, { quoteId, version: String(version) });
    const now = this.deps.now();
    return {
      quote: { ...header, effectiveStatus: effectiveStatus(header.status, header.validUntil, now) },
      version: { ...v, effectiveStatus: effectiveStatus(v.status, v.validUntil, now), totals: priceQuote(priceInputOf(v)) },
    };
  }
}
