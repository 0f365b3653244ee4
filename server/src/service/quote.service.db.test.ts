// QuoteService on a real database: quotes from pull lists (sections, kits, rate
// curves per company and category, currency conversion), drafts and their bad
// input, versions (frozen when sent — by the service and by the database's
// triggers), comparison, accepting (confirms the event under the overbooking
// policy; expired quotes refused), quotes for deals, settings and curves.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import { at, eventInput, newKit, newLocation, newPackedCase, rejection, rejectionCode, serializedProduct, setSettings } from "../../test/support/planning-factories.js";
import { draftOf, freeLine, newCategory, newCompany, newDeal, pricedProduct, seller } from "../../test/support/quote-factories.js";
import type { DatabaseHandle } from "../store/db.js";
import { PlanningService } from "./planning.service.js";
import { ChromiumPdf } from "./quote.pdf.js";
import { QuoteService } from "./quote.service.js";

let database: DatabaseHandle;
let planning: PlanningService;
let quotes: QuoteService;
let warehouse: string;
const staff = seller();
const clock = { now: at(-30) };

beforeAll(async () => {
  database = await createTestDatabase();
  const deps = { db: database.db, now: () => clock.now };
  planning = new PlanningService(deps);
  quotes = new QuoteService({ ...deps, events: planning.events, pdf: new ChromiumPdf("/nonexistent/chromium") });
  warehouse = await newLocation(database.db);
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  clock.now = at(-30);
  await setSettings(database.db, { overbookingPolicy: "BLOCK", bufferBeforeMinutes: 0, bufferAfterMinutes: 0 });
  await database.db.updateTable("quoteSettings").set({ exchangeBase: "EUR", exchangeRates: JSON.stringify({ USD: "1.08", JPY: "162.5" }), defaultTaxRateBp: 1900, validityDays: 30 }).execute();
});

/** An event over days [from, to) for a company, with pull-list lines of these products. */
async function eventWith(from: number, to: number, lines: readonly [string, number][], clientId: string | null = null) {
  const event = await planning.events.createEvent(staff, eventInput(from, to, { clientId }), undefined);
  for (const [productId, quantity] of lines) {
    await planning.pullLists.addLine(staff, { eventId: event.id, sectionId: undefined, item: { kind: "PRODUCT", productId }, quantity, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false });
  }
  return event;
}

async function newQuote(o: { eventId?: string; dealId?: string; currency?: string; fromPullList?: boolean; requestId?: string } = {}) {
  return quotes.createQuote(staff, {
    requestId: o.requestId ?? randomUUID(),
    dealId: o.dealId,
    eventId: o.eventId,
    title: "",
    currency: o.currency ?? "EUR",
    language: "en",
    pricesIncludeTax: false,
    fromPullList: o.fromPullList ?? true,
  });
}

describe("quotes from pull lists", () => {
  it("prices a permanent case as one line titled by its code and name: its units and bulk at their rates, on the leading category's curve", async () => {
    const company = await newCompany(database.db);
    const audio = await newCategory(database.db, "Audio");
    const amp = await serializedProduct(database.db, warehouse, 3, { name: "Amp", categoryId: audio });
    await database.db.updateTable("product").set({ dayRateMinor: 9000 }).where("id", "=", amp.id).execute();
    const cable = await pricedProduct(database.db, { locationId: warehouse, dayRateMinor: 150, currency: "USD", name: "Cable" });
    const [a1, a2, a3] = amp.assets;
    if (!a1 || !a2 || !a3) throw new Error("three amps");
    await database.db.updateTable("asset").set({ status: "RETIRED" }).where("id", "=", a3.id).execute();
    const rack = await newPackedCase(database.db, warehouse, { assetIds: [a1.id, a2.id, a3.id], bulk: [{ productId: cable.id, quantity: 10 }] });
    const event = await eventWith(0, 3, [], company);
    await planning.pullLists.addLine(staff, { eventId: event.id, sectionId: undefined, item: { kind: "CASE", caseId: rack.id }, quantity: 1, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false });
    await quotes.setRateCurve(staff, { companyId: undefined, categoryId: audio, points: [{ days: 1, factorMilli: 1000 }, { days: 3, factorMilli: 1800 }] });

    const { version } = await newQuote({ eventId: event.id });
    // two working amps at 90.00 + 10 cables at 1.50 USD (1 EUR = 1.08 USD → 1.39 EUR each, rounded once per rate)
    expect(version.lines.map((l) => [l.description, l.quantity, l.days, l.categoryId, l.factorMilli, l.unitPriceMinor, l.kind])).toEqual([
      [`${rack.code} · Rack ${rack.code}`, 1, 3, audio, 1800, 18_000n + 10n * 139n, "EQUIPMENT"],
    ]);
    expect(version.totals.subtotalMinor).toBe(((18_000n + 1_390n) * 18n) / 10n);
  });

  it("prices each line by day rate × the factor of the most specific curve, grouped by section, kits as their pricing says", async () => {
    const company = await newCompany(database.db, "Festival GmbH");
    const light = await newCategory(database.db, "Light");
    const speaker = await pricedProduct(database.db, { locationId: warehouse, dayRateMinor: 8000, name: "K2" });
    const spot = await pricedProduct(database.db, { locationId: warehouse, dayRateMinor: 4000, categoryId: light, name: "Spot" });
    const event = await eventWith(0, 3, [[speaker.id, 4], [spot.id, 2]], company);
    const kit = await newKit(database.db, [{ productId: speaker.id, quantity: 2 }], { name: "Stack" });
    await database.db.updateTable("kit").set({ dayRateMinor: 15000 }).where("id", "=", kit.id).execute();
    await planning.pullLists.addLine(staff, { eventId: event.id, sectionId: undefined, item: { kind: "KIT", kitId: kit.id }, quantity: 1, source: undefined, supplier: "", cost: undefined, notes: "", includeOptional: false });
    await quotes.setRateCurve(staff, { companyId: company, categoryId: undefined, points: [{ days: 1, factorMilli: 1000 }, { days: 3, factorMilli: 1800 }] });
    await quotes.setRateCurve(staff, { companyId: undefined, categoryId: light, points: [{ days: 1, factorMilli: 1000 }, { days: 3, factorMilli: 2500 }] });

    const { quote, version } = await newQuote({ eventId: event.id });
    expect(quote.number).toMatch(/^Q-\d{6}$/);
    expect(quote.companyId).toBe(company);
    expect(quote.companyName).toBe("Festival GmbH");
    expect(version.status).toBe("DRAFT");
    expect(version.lines.map((l) => [l.description, l.quantity, l.days, l.factorMilli, l.unitPriceMinor])).toEqual([
      ["K2", 4, 3, 1800, 8000n],
      ["Spot", 2, 3, 2500, 4000n],
      ["Stack", 1, 3, 1800, 15000n],
    ]);
    // 4 × 80 × 1.8 + 2 × 40 × 2.5 + 150 × 1.8 = 576 + 200 + 270
    expect(version.totals.subtotalMinor).toBe(104_600n);
    expect(version.totals.taxMinor).toBe(19_874n);
    expect(version.totals.grossMinor).toBe(124_474n);
    const stored = await database.db.selectFrom("quoteVersion").select(["netMinor", "grossMinor"]).where("quoteId", "=", quote.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ netMinor: "104600", grossMinor: "124474" });
  });

  it("converts day rates into the quote's currency with the rates stored at quote time", async () => {
    const p = await pricedProduct(database.db, { locationId: warehouse, dayRateMinor: 10_000, name: "Desk" });
    const event = await eventWith(0, 1, [[p.id, 1]]);
    const { version } = await newQuote({ eventId: event.id, currency: "JPY" });
    expect(version.currency).toBe("JPY");
    expect(version.exchangeRates).toEqual({ base: "EUR", rates: { USD: "1.08", JPY: "162.5" } });
    expect(version.lines[0]?.unitPriceMinor).toBe(16_250n);
    // Later rate changes do not touch the stored quote.
    await database.db.updateTable("quoteSettings").set({ exchangeRates: JSON.stringify({ JPY: "170" }) }).execute();
    const again = await quotes.getQuote(staff, version.quoteId, 0);
    expect(again.version.exchangeRates.rates.JPY).toBe("162.5");
  });

  it("refuses an unknown currency and a missing rate", async () => {
    const p = await pricedProduct(database.db, { locationId: warehouse, dayRateMinor: 100 });
    const event = await eventWith(0, 1, [[p.id, 1]]);
    expect(await rejectionCode(newQuote({ eventId: event.id, currency: "XYZ" }))).toBe("UNKNOWN_CURRENCY");
    expect(await rejectionCode(newQuote({ eventId: event.id, currency: "CHF" }))).toBe("MISSING_EXCHANGE_RATE");
  });

  it("a retried create returns the first quote", async () => {
    const event = await eventWith(0, 1, []);
    const requestId = randomUUID();
    const a = await newQuote({ eventId: event.id, requestId });
    const b = await newQuote({ eventId: event.id, requestId });
    expect(b.quote.id).toBe(a.quote.id);
    expect(await database.db.selectFrom("quote").select(sql<string>`count(*)`.as("n")).where("eventId", "=", event.id).executeTakeFirstOrThrow()).toEqual({ n: "1" });
  });

  it("a quote for a deal takes the deal's company and event", async () => {
    const company = await newCompany(database.db);
    const event = await eventWith(0, 2, []);
    const deal = await newDeal(database.db, company, { eventId: event.id });
    const { quote } = await newQuote({ dealId: deal });
    expect([quote.dealId, quote.eventId, quote.companyId]).toEqual([deal, event.id, company]);
    expect((await quotes.listQuotes(staff, { pageSize: 10, pageToken: "", dealId: deal, eventId: undefined, companyId: undefined })).quotes.map((q) => q.id)).toEqual([quote.id]);
    expect(await rejectionCode(newQuote({ dealId: randomUUID() }))).toBe("DEAL_NOT_FOUND");
  });
});

describe("drafts", () => {
  it("saves lines of every kind with their keys, and refuses bad input with a reason", async () => {
    const event = await eventWith(0, 2, []);
    const { quote, version } = await newQuote({ eventId: event.id });
    const saved = await quotes.updateQuote(staff, {
      quoteId: quote.id,
      version: 1,
      revision: version.revision,
      draft: draftOf(version, {
        discountBp: 1000,
        lines: [freeLine({ kind: "CREW", description: "Technician", unit: "h", quantity: 10, unitPriceMinor: 4500n }), freeLine({ kind: "TRANSPORT", description: "Truck", unit: "km", quantity: 120, unitPriceMinor: 150n, taxRateBp: 700 })],
      }),
    });
    expect(saved.revision).toBe(2);
    expect(saved.lines.every((l) => /^[0-9a-f-]{36}$/.test(l.key))).toBe(true);
    expect(saved.totals.taxes.map((t) => [t.rateBp, t.netMinor, t.taxMinor])).toEqual([
      [700, 16_200n, 1134n],
      [1900, 40_500n, 7695n],
    ]);
    const bad = async (o: Parameters<typeof draftOf>[1]) =>
      rejection(quotes.updateQuote(staff, { quoteId: quote.id, version: 1, revision: saved.revision, draft: draftOf(saved, o) }));
    expect((await bad({ lines: [freeLine({ quantity: -1 })] })).code).toBe("NEGATIVE_QUANTITY");
    expect((await bad({ lines: [freeLine({ unitPriceMinor: -5n })] })).code).toBe("NEGATIVE_PRICE");
    expect((await bad({ lines: [freeLine({ discountBp: 10_001 })] })).code).toBe("DISCOUNT_OUT_OF_RANGE");
    expect((await bad({ discountBp: 12_000 })).code).toBe("DISCOUNT_OUT_OF_RANGE");
    expect((await bad({ lines: [freeLine({ taxRateBp: 10_500 })] })).code).toBe("TAX_RATE_OUT_OF_RANGE");
    expect((await bad({ currency: "ABC" })).code).toBe("UNKNOWN_CURRENCY");
    expect((await bad({ lines: [freeLine({ productId: randomUUID() })] })).code).toBe("PRODUCT_NOT_FOUND");
    expect(await rejectionCode(quotes.updateQuote(staff, { quoteId: quote.id, version: 1, revision: 1, draft: draftOf(saved) }))).toBe("STALE_VERSION");
  });
});

describe("versions", () => {
  it("a sent version is frozen; revising makes the next draft; versions compare line by line", async () => {
    const event = await eventWith(0, 2, []);
    const { quote, version } = await newQuote({ eventId: event.id });
    const v1 = await quotes.updateQuote(staff, { quoteId: quote.id, version: 1, revision: version.revision, draft: draftOf(version, { lines: [freeLine({ description: "A" }), freeLine({ description: "B" })] }) });
    expect(await rejectionCode(quotes.acceptQuote(staff, { quoteId: quote.id, version: 1 }))).toBe("TRANSITION_NOT_ALLOWED");
    const sent = await quotes.sendQuote(staff, { quoteId: quote.id, version: 1 });
    expect(sent.status).toBe("SENT");
    expect((await quotes.sendQuote(staff, { quoteId: quote.id, version: 1 })).status).toBe("SENT");
    expect(await rejection(quotes.updateQuote(staff, { quoteId: quote.id, version: 1, revision: v1.revision, draft: draftOf(v1) }))).toEqual({ code: "VERSION_NOT_DRAFT", metadata: { status: "SENT", version: "1" } });

    const v2 = await quotes.reviseQuote(staff, { quoteId: quote.id, version: 1 });
    expect([v2.version, v2.status]).toEqual([2, "DRAFT"]);
    expect(v2.lines.map((l) => l.key)).toEqual(v1.lines.map((l) => l.key));
    expect(await rejectionCode(quotes.reviseQuote(staff, { quoteId: quote.id, version: 1 }))).toBe("VERSION_NOT_LATEST");
    const [a, b] = v2.lines;
    if (!a || !b) throw new Error("two lines expected");
    await quotes.updateQuote(staff, { quoteId: quote.id, version: 2, revision: v2.revision, draft: draftOf(v2, { lines: [{ ...b, quantity: 3 }, freeLine({ description: "C" })] }) });
    const diff = await quotes.compareVersions(staff, { quoteId: quote.id, fromVersion: 1, toVersion: 2 });
    expect(diff.lines.map((d) => [d.after?.description ?? d.before?.description, d.change, d.fields])).toEqual([
      ["B", "CHANGED", ["quantity"]],
      ["C", "ADDED", []],
      ["A", "REMOVED", []],
    ]);
    expect((await quotes.getQuote(staff, quote.id, 1)).version.lines.map((l) => l.description)).toEqual(["A", "B"]);
    expect(await rejectionCode(quotes.acceptQuote(staff, { quoteId: quote.id, version: 1 }))).toBe("VERSION_NOT_LATEST");
  });

  it("reads a version with its quote's header: 0 is the latest, an older one as stored; a missing version or quote is refused", async () => {
    const event = await eventWith(0, 2, []);
    const { quote, version } = await newQuote({ eventId: event.id });
    const v1 = await quotes.updateQuote(staff, { quoteId: quote.id, version: 1, revision: version.revision, draft: draftOf(version, { discountBp: 500, intro: "Hello", lines: [freeLine({ description: "A" })] }) });
    const sent = await quotes.sendQuote(staff, { quoteId: quote.id, version: 1 });
    const v2 = await quotes.reviseQuote(staff, { quoteId: quote.id, version: 1 });

    const latest = await quotes.getQuote(staff, quote.id, 0);
    expect(latest.version).toEqual(v2);
    expect([latest.quote.latestVersion, latest.quote.status, latest.quote.number]).toEqual([2, "DRAFT", quote.number]);
    const older = await quotes.getQuote(staff, quote.id, 1);
    expect(older.version).toEqual(sent);
    expect(older.version).toMatchObject({ version: 1, status: "SENT", revision: v1.revision, discountBp: 500, intro: "Hello", exchangeRates: { base: "EUR", rates: { USD: "1.08", JPY: "162.5" } } });
    expect(older.version.sentAt).toBeInstanceOf(Date);
    expect(older.quote).toEqual(latest.quote);

    expect(await rejection(quotes.getQuote(staff, quote.id, 3))).toEqual({ code: "VERSION_NOT_FOUND", metadata: { quoteId: quote.id, version: "3" } });
    expect(await rejectionCode(quotes.getQuote(staff, randomUUID(), 0))).toBe("QUOTE_NOT_FOUND");
    expect(await rejectionCode(quotes.compareVersions(staff, { quoteId: quote.id, fromVersion: 1, toVersion: 3 }))).toBe("VERSION_NOT_FOUND");
  });

  it("the database refuses changes to a sent version and its lines, but lets its status move on", async () => {
    const event = await eventWith(0, 2, []);
    const { quote, version } = await newQuote({ eventId: event.id });
    await quotes.updateQuote(staff, { quoteId: quote.id, version: 1, revision: version.revision, draft: draftOf(version, { lines: [freeLine()] }) });
    await quotes.sendQuote(staff, { quoteId: quote.id, version: 1 });
    const db = database.db;
    const refused = async (p: Promise<unknown>) => rejectionCode(p);
    expect(await refused(db.updateTable("quoteLine").set({ quantity: 9 }).where("quoteId", "=", quote.id).execute())).toBe("23514");
    expect(await refused(db.deleteFrom("quoteLine").where("quoteId", "=", quote.id).execute())).toBe("23514");
    expect(await refused(db.insertInto("quoteLine").values({ quoteId: quote.id, version: 1, position: 5, lineKey: randomUUID(), kind: "FREE", description: "x", quantity: 1, unitPriceMinor: 1, amountMinor: 1 }).execute())).toBe("23514");
    expect(await refused(db.updateTable("quoteVersion").set({ discountBp: 500 }).where("quoteId", "=", quote.id).execute())).toBe("23514");
    expect(await refused(db.updateTable("quoteVersion").set({ status: "DRAFT", sentAt: null }).where("quoteId", "=", quote.id).execute())).toBe("23514");
    expect(await refused(db.deleteFrom("quoteVersion").where("quoteId", "=", quote.id).execute())).toBe("23514");
    await db.updateTable("quoteVersion").set({ status: "DECLINED", decidedAt: clock.now }).where("quoteId", "=", quote.id).execute();
    expect(await refused(db.updateTable("quoteVersion").set({ status: "ACCEPTED" }).where("quoteId", "=", quote.id).execute())).toBe("23514");
  });
});

describe("accepting", () => {
  async function sentQuote(eventId: string) {
    const { quote, version } = await newQuote({ eventId });
    const lines = version.lines.length > 0 ? version.lines : [freeLine()];
    await quotes.updateQuote(staff, { quoteId: quote.id, version: 1, revision: version.revision, draft: draftOf(version, { lines }) });
    await quotes.sendQuote(staff, { quoteId: quote.id, version: 1 });
    return quote;
  }

  it("confirms the quote's event through the planning rules", async () => {
    const p = await pricedProduct(database.db, { locationId: warehouse, dayRateMinor: 1000, stock: 10 });
    const event = await eventWith(0, 2, [[p.id, 4]]);
    const quote = await sentQuote(event.id);
    const accepted = await quotes.acceptQuote(staff, { quoteId: quote.id, version: 1 });
    expect([accepted.version.status, accepted.eventId, accepted.eventStatus]).toEqual(["ACCEPTED", event.id, "CONFIRMED"]);
    expect((await planning.events.getEvent(staff, event.id)).status).toBe("CONFIRMED");
    const again = await quotes.acceptQuote(staff, { quoteId: quote.id, version: 1 });
    expect([again.version.status, again.eventStatus]).toEqual(["ACCEPTED", "CONFIRMED"]);
    expect(await rejectionCode(quotes.declineQuote(staff, { quoteId: quote.id, version: 1 }))).toBe("TRANSITION_NOT_ALLOWED");
  });

  it("a shortage under BLOCK refuses the acceptance and writes nothing; under WARN it is accepted and reported", async () => {
    const p = await pricedProduct(database.db, { locationId: warehouse, dayRateMinor: 1000, stock: 3 });
    const event = await eventWith(10, 12, [[p.id, 5]]);
    const quote = await sentQuote(event.id);
    expect(await rejectionCode(quotes.acceptQuote(staff, { quoteId: quote.id, version: 1 }))).toBe("SHORTAGE");
    expect((await quotes.getQuote(staff, quote.id, 1)).version.status).toBe("SENT");
    expect((await planning.events.getEvent(staff, event.id)).status).toBe("ENQUIRY");
    await setSettings(database.db, { overbookingPolicy: "WARN" });
    const accepted = await quotes.acceptQuote(staff, { quoteId: quote.id, version: 1 });
    expect(accepted.eventStatus).toBe("CONFIRMED");
    expect(accepted.shortages.map((s) => [s.productId, s.short])).toEqual([[p.id, 2]]);
  });

  it("an expired quote is refused; it shows as expired and can be revised", async () => {
    const event = await eventWith(20, 21, []);
    const quote = await sentQuote(event.id);
    clock.now = at(5);
    expect((await quotes.getQuote(staff, quote.id, 0)).version.effectiveStatus).toBe("EXPIRED");
    expect(await rejection(quotes.acceptQuote(staff, { quoteId: quote.id, version: 1 }))).toMatchObject({ code: "QUOTE_EXPIRED" });
    const v2 = await quotes.reviseQuote(staff, { quoteId: quote.id, version: 1 });
    expect(v2.validUntil.getTime()).toBeGreaterThan(clock.now.getTime());
  });
});

describe("settings and curves", () => {
  it("keeps settings and refuses bad rates, curves and scopes", async () => {
    const current = await quotes.getSettings(staff);
    const updated = await quotes.updateSettings(staff, { ...current, companyName: "Rent & Light GmbH", terms: { de: "Zahlbar in 14 Tagen." }, exchangeRates: { base: "EUR", rates: { USD: "1.1" } } });
    expect([updated.companyName, updated.terms.de, updated.exchangeRates.rates.USD]).toEqual(["Rent & Light GmbH", "Zahlbar in 14 Tagen.", "1.1"]);
    expect(await rejectionCode(quotes.updateSettings(staff, { ...current, exchangeRates: { base: "EUR", rates: { USD: "-2" } } }))).toBe("INVALID_EXCHANGE_RATE");
    expect(await rejectionCode(quotes.updateSettings(staff, { ...current, defaultCurrency: "QQQ" }))).toBe("UNKNOWN_CURRENCY");
    expect(await rejectionCode(quotes.setRateCurve(staff, { companyId: undefined, categoryId: undefined, points: [{ days: 2, factorMilli: 1000 }] }))).toBe("INVALID_RATE_CURVE");
    expect(await rejectionCode(quotes.setRateCurve(staff, { companyId: randomUUID(), categoryId: undefined, points: [{ days: 1, factorMilli: 1000 }] }))).toBe("COMPANY_NOT_FOUND");
    const a = await quotes.setRateCurve(staff, { companyId: undefined, categoryId: undefined, points: [{ days: 1, factorMilli: 1000 }] });
    const b = await quotes.setRateCurve(staff, { companyId: undefined, categoryId: undefined, points: [{ days: 1, factorMilli: 1000 }, { days: 7, factorMilli: 3000 }] });
    expect(b.id).toBe(a.id);
    await quotes.deleteRateCurve(staff, a.id);
    expect(await rejectionCode(quotes.deleteRateCurve(staff, a.id))).toBe("CURVE_NOT_FOUND");
    expect(await rejectionCode(quotes.getSettings(seller([])))).toBe("PERMISSION_DENIED");
  });
});
