// QuoteService through real clients: the quote flow (from a pull list, edit,
// send, revise, compare, accept → event confirmed), the bad inputs of the issue
// with their { code, reason } (never Internal), permissions, and the PDF in
// English, German and Arabic checked with pdftotext.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { EventStatus, PhaseKind, PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { LineChange, QuoteLineKind, QuoteService, QuoteStatus, type QuoteLineSchema, type QuoteVersion } from "@eventkit/api/eventkit/v1/quote_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { at, newLocation } from "../support/planning-factories.js";
import { newCompany, pricedProduct } from "../support/quote-factories.js";
import { authClient, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";

const run = promisify(execFile);

let server: TestServer;
let token: string;
let salesToken: string;
let warehouse: string;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  server.clock.now = at(-30);
  token = (await authClient(server.url).login({ email: adminEmail, password: adminPassword })).tokens?.accessToken ?? "";
  const admin = authClient(server.url, "connect-json-h1", token);
  const role = (await admin.listRoles({})).roles.find((r) => r.key === "sales");
  if (!role) throw new Error("no sales role");
  await admin.createUser({ email: "sales@example.com", displayName: "Sales", roleIds: [role.id], password: "a-long-password-1" });
  salesToken = (await authClient(server.url).login({ email: "sales@example.com", password: "a-long-password-1" })).tokens?.accessToken ?? "";
  warehouse = await newLocation(server.database.db);
  dir = await mkdtemp(join(tmpdir(), "quote-pdf-"));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const range = (from: Date, to: Date) => create(TimeRangeSchema, { start: timestampFromDate(from), end: timestampFromDate(to) });

type LineInit = MessageInitShape<typeof QuoteLineSchema>;

function draftOf(v: QuoteVersion, lines: LineInit[], o: { discountBp?: number; language?: string } = {}) {
  return {
    currency: v.currency,
    language: o.language ?? v.language,
    pricesIncludeTax: v.pricesIncludeTax,
    discountBp: o.discountBp ?? v.discountBp,
    validUntil: v.validUntil,
    exchangeRates: v.exchangeRates,
    intro: v.intro,
    terms: v.terms,
    lines,
  };
}

async function pdfText(pdf: Uint8Array): Promise<string> {
  const file = join(dir, `${randomUUID()}.pdf`);
  await writeFile(file, pdf);
  return (await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout;
}

const protocols: ProtocolName[] = ["connect-json-h1", "grpc"];

describe.each(protocols)("over %s", (protocol) => {
  let quotes: Client<typeof QuoteService>;
  let planning: Client<typeof PlanningService>;
  beforeAll(() => {
    quotes = createClient(QuoteService, transport(server.url, protocol, token));
    planning = createClient(PlanningService, transport(server.url, protocol, token));
  });

  async function eventWithPullList() {
    const company = await newCompany(server.database.db, `Client ${randomUUID().slice(0, 6)}`);
    const product = await pricedProduct(server.database.db, { locationId: warehouse, dayRateMinor: 8000, stock: 10, name: "Line array K2" });
    const { event } = await planning.createEvent({ event: { name: "Open Air", clientId: company, timeZone: "Europe/Berlin", phases: [{ kind: PhaseKind.SHOW, period: range(at(0), at(2)) }] } });
    if (!event) throw new Error("no event");
    await planning.addPullListLine({ eventId: event.id, item: { case: "productId", value: product.id }, quantity: 4 });
    return event;
  }

  it("quotes an event from its pull list, sends v1, revises to v2, compares, accepts and confirms the event", async () => {
    const event = await eventWithPullList();
    const created = await quotes.createQuote({ requestId: randomUUID(), eventId: event.id, currency: "EUR", language: "en", fromPullList: true });
    const quote = created.quote;
    const v1 = created.version;
    if (!quote || !v1) throw new Error("no quote");
    expect([v1.status, v1.lines.length, v1.lines[0]?.factorMilli, v1.lines[0]?.amountMinor]).toEqual([QuoteStatus.DRAFT, 1, 1500, 48_000n]);
    const equipment = v1.lines[0];
    if (!equipment) throw new Error("no line");
    const edited = await quotes.updateQuote({
      quoteId: quote.id,
      version: 1,
      revision: v1.revision,
      draft: draftOf(v1, [equipment, { kind: QuoteLineKind.TRANSPORT, section: "Transport", description: "Truck 7.5 t", unit: "km", quantity: 200, unitPriceMinor: 120n, taxRateBp: 700 }]),
    });
    const totals = edited.version?.totals;
    expect(totals?.taxes.map((t) => [t.rateBp, t.taxMinor])).toEqual([[700, 1680n], [1900, 9120n]]);
    expect(totals?.grossMinor).toBe(48_000n + 24_000n + 1680n + 9120n);
    await quotes.sendQuote({ quoteId: quote.id, version: 1 });
    expect(await failure(quotes.updateQuote({ quoteId: quote.id, version: 1, revision: edited.version?.revision ?? 0n, draft: draftOf(v1, []) }))).toMatchObject({ code: "FailedPrecondition", reason: "VERSION_NOT_DRAFT" });

    const v2 = (await quotes.reviseQuote({ quoteId: quote.id, version: 1 })).version;
    if (!v2) throw new Error("no v2");
    await quotes.updateQuote({ quoteId: quote.id, version: 2, revision: v2.revision, draft: draftOf(v2, v2.lines, { discountBp: 500 }) });
    const first = v2.lines[0];
    if (!first) throw new Error("no line");
    const v2b = (await quotes.getQuote({ quoteId: quote.id, version: 2 })).version;
    if (!v2b) throw new Error("no v2");
    await quotes.updateQuote({ quoteId: quote.id, version: 2, revision: v2b.revision, draft: draftOf(v2b, [{ ...first, quantity: 6 }, ...v2b.lines.slice(1)]) });
    const diff = await quotes.compareQuoteVersions({ quoteId: quote.id, fromVersion: 1, toVersion: 2 });
    expect(diff.lines.map((d) => [d.change, d.fields])).toEqual([[LineChange.CHANGED, ["quantity"]], [LineChange.UNCHANGED, []]]);
    expect(diff.to?.totals?.discountMinor).toBeGreaterThan(0n);

    await quotes.sendQuote({ quoteId: quote.id, version: 2 });
    const accepted = await quotes.acceptQuote({ quoteId: quote.id, version: 2 });
    expect([accepted.version?.status, accepted.eventId, accepted.eventStatus]).toEqual([QuoteStatus.ACCEPTED, event.id, EventStatus.CONFIRMED]);
    expect((await planning.getEvent({ eventId: event.id })).event?.status).toBe(EventStatus.CONFIRMED);
    const listed = await quotes.listQuotes({ eventId: event.id });
    expect(listed.quotes.map((q) => [q.number, q.latestVersion, q.status])).toEqual([[quote.number, 2, QuoteStatus.ACCEPTED]]);
  });

  it("refuses bad input with a reason", async () => {
    const event = await eventWithPullList();
    const { quote, version } = await quotes.createQuote({ requestId: randomUUID(), eventId: event.id, fromPullList: false });
    if (!quote || !version) throw new Error("no quote");
    const line: LineInit = { kind: QuoteLineKind.FREE, description: "Stage", quantity: 1, unitPriceMinor: 1000n, taxRateBp: 1900 };
    const update = (lines: LineInit[], o: { discountBp?: number; currency?: string } = {}) =>
      quotes.updateQuote({ quoteId: quote.id, version: 1, revision: version.revision, draft: { ...draftOf(version, lines, o), currency: o.currency ?? version.currency } });
    expect(await failure(update([{ ...line, quantity: -2 }]))).toMatchObject({ code: "InvalidArgument", reason: "NEGATIVE_QUANTITY" });
    expect(await failure(update([{ ...line, unitPriceMinor: -1n }]))).toMatchObject({ code: "InvalidArgument", reason: "NEGATIVE_PRICE" });
    expect(await failure(update([{ ...line, discountBp: 10_100 }]))).toMatchObject({ code: "InvalidArgument", reason: "DISCOUNT_OUT_OF_RANGE" });
    expect(await failure(update([line], { discountBp: 20_000 }))).toMatchObject({ code: "InvalidArgument", reason: "DISCOUNT_OUT_OF_RANGE" });
    expect(await failure(update([{ ...line, taxRateBp: -100 }]))).toMatchObject({ code: "InvalidArgument", reason: "TAX_RATE_OUT_OF_RANGE" });
    expect(await failure(update([line], { currency: "XYZ" }))).toMatchObject({ code: "InvalidArgument", reason: "UNKNOWN_CURRENCY" });
    expect(await failure(update([line], { currency: "euro" }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(quotes.createQuote({ requestId: randomUUID() }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(quotes.sendQuote({ quoteId: quote.id, version: 1 }))).toMatchObject({ code: "FailedPrecondition", reason: "QUOTE_EMPTY" });
    expect(await failure(quotes.getQuote({ quoteId: randomUUID() }))).toMatchObject({ code: "NotFound", reason: "QUOTE_NOT_FOUND" });

    await update([line]);
    await quotes.sendQuote({ quoteId: quote.id, version: 1 });
    server.clock.now = at(10);
    try {
      // Forty days on, the first access token has expired too: sign in again.
      const later = (await authClient(server.url).login({ email: adminEmail, password: adminPassword })).tokens?.accessToken ?? "";
      const client = createClient(QuoteService, transport(server.url, protocol, later));
      expect(await failure(client.acceptQuote({ quoteId: quote.id, version: 1 }))).toMatchObject({ code: "FailedPrecondition", reason: "QUOTE_EXPIRED" });
      expect((await client.getQuote({ quoteId: quote.id })).version?.status).toBe(QuoteStatus.EXPIRED);
    } finally {
      server.clock.now = at(-30);
    }
  });
});

describe("access", () => {
  it("sales create quotes but may not change the letterhead or curves", async () => {
    const sales = createClient(QuoteService, transport(server.url, "connect-json-h1", salesToken));
    const settings = (await sales.getQuoteSettings({})).settings;
    expect(await failure(sales.updateQuoteSettings({ settings }))).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_DENIED" });
    expect(await failure(sales.setRateCurve({ points: [{ days: 1, factorMilli: 1000 }] }))).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_DENIED" });
    const admin = createClient(QuoteService, transport(server.url, "connect-json-h1", token));
    expect(await failure(admin.setRateCurve({ points: [{ days: 1, factorMilli: 1000 }, { days: 2, factorMilli: 900 }] }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_RATE_CURVE" });
  });
});

describe("PDF", () => {
  it("prints the document in English, German and Arabic with extractable text", async () => {
    const quotes = createClient(QuoteService, transport(server.url, "connect-binary-h2", token));
    const current = (await quotes.getQuoteSettings({})).settings;
    if (!current) throw new Error("no settings");
    const logo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="80" height="30"><rect width="80" height="30" fill="#1c7ed6"/></svg>').toString("base64")}`;
    await quotes.updateQuoteSettings({
      settings: { ...current, companyName: "Nordlicht Veranstaltungstechnik GmbH", companyAddress: "Hafenweg 5\n20457 Hamburg", companyContact: "+49 40 123456 · info@nordlicht.example", taxId: "DE999999999", logoDataUrl: logo, terms: { en: "Payable within 14 days.", de: "Zahlbar innerhalb von 14 Tagen.", ar: "الدفع خلال ١٤ يومًا." } },
    });
    const planning = createClient(PlanningService, transport(server.url, "connect-binary-h2", token));
    const company = await newCompany(server.database.db, "Hansa Events AG");
    const { event } = await planning.createEvent({ event: { name: "Hafenfest", clientId: company, timeZone: "Europe/Berlin", phases: [{ kind: PhaseKind.SHOW, period: range(at(3), at(5)) }] } });
    if (!event) throw new Error("no event");
    const texts: Record<string, string> = {};
    for (const language of ["en", "de", "ar"]) {
      const { quote, version } = await quotes.createQuote({ requestId: randomUUID(), eventId: event.id, language, currency: "EUR" });
      if (!quote || !version) throw new Error("no quote");
      await quotes.updateQuote({
        quoteId: quote.id,
        version: 1,
        revision: version.revision,
        draft: draftOf(version, [
          { kind: QuoteLineKind.EQUIPMENT, section: language === "ar" ? "الصوت" : "Audio", description: language === "ar" ? "مكبر صوت" : "Speaker K2", quantity: 4, days: 2, factorMilli: 1500, unitPriceMinor: 8000n, taxRateBp: 1900 },
          { kind: QuoteLineKind.TRANSPORT, section: "Transport", description: "Truck", unit: "km", quantity: 100, unitPriceMinor: 150n, taxRateBp: 700 },
        ]),
      });
      const { pdf, fileName } = await quotes.renderQuotePdf({ quoteId: quote.id });
      expect(fileName).toBe(`${quote.number}-v1.pdf`);
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
      texts[language] = await pdfText(pdf);
      expect(texts[language]).toContain(quote.number);
    }
    expect(texts.en).toMatch(/Quote[\s\S]*Hansa Events AG[\s\S]*Hafenfest[\s\S]*Speaker K2/);
    expect(texts.en).toContain("Nordlicht Veranstaltungstechnik GmbH");
    // 4 × 80.00 × 1.5 = 480.00 at 19 %, 100 km × 1.50 = 150.00 at 7 %: gross 630.00 + 91.20 + 10.50.
    expect(texts.en).toMatch(/€480\.00[\s\S]*€731\.70/);
    expect(texts.en).toContain("Payable within 14 days.");
    expect(texts.de).toMatch(/Angebot[\s\S]*Gültig bis[\s\S]*Zahlbar innerhalb von 14 Tagen\./);
    expect(texts.de).toContain("480,00 €");
    // pdftotext marks right-to-left runs with bidi controls and splits the lam-alef ligature
    // into another order, so the Arabic checks use words without it, controls removed.
    const ar = (texts.ar ?? "").replace(/[\u200e\u200f\u202a-\u202e]/g, "");
    for (const word of ["عرض سعر", "مكبر صوت", "المجموع الفرعي", "الرقم الضريبي", "صالح حتى", "الصافي", "الدفع"]) expect(ar).toContain(word);
    expect(ar).toContain("Hansa Events AG");
  });

  it("without Chromium the PDF is refused with a reason", async () => {
    const other = await startTestServer({ chromiumPath: "/nonexistent/chromium" });
    try {
      const login = await authClient(other.url).login({ email: adminEmail, password: adminPassword });
      const quotes = createClient(QuoteService, transport(other.url, "connect-json-h1", login.tokens?.accessToken ?? ""));
      const company = await newCompany(other.database.db);
      const planning = createClient(PlanningService, transport(other.url, "connect-json-h1", login.tokens?.accessToken ?? ""));
      const { event } = await planning.createEvent({ event: { name: "X", clientId: company, timeZone: "UTC", phases: [{ kind: PhaseKind.SHOW, period: range(at(3), at(4)) }] } });
      const { quote } = await quotes.createQuote({ requestId: randomUUID(), eventId: event?.id ?? "" });
      expect(await failure(quotes.renderQuotePdf({ quoteId: quote?.id ?? "" }))).toMatchObject({ code: "Unavailable", reason: "PDF_RENDERER_UNAVAILABLE" });
    } finally {
      await other.close();
    }
  });
});
