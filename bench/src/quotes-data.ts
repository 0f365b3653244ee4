// Quotes for the mixed workload's events, written as QuoteService writes them:
// version 1 priced from the event's pull list by the server's own rules
// (linesFromPullList, chargeDays, priceQuote from server/dist, so a change of
// the pricing rules changes the data set with it), then edited (crew and
// transport added), later versions revised from the one before (same line keys,
// quantities changed, a line dropped, a discount), and the decisions taken. Each
// version is inserted as a draft with its lines and then moved on to sent,
// accepted or declined, the only path the frozen-version triggers allow.
// Deterministic: a fixed seed, and the events in number order.
//
// Which events have quotes: every enquiry, provisional and confirmed event ahead
// and every closed event in the past. Enquiries are mostly still a draft;
// provisional events wait for an answer to the sent quote (a quarter are being
// revised: a new draft); confirmed and closed events have an accepted quote.
import type pg from "pg";
import { insertChunks } from "./catalogue-load.js";
import { random } from "./inventory-data.js";
import { serverModule } from "./server-modules.js";

// --- the server's rules (server/dist/domain), typed here as bench does not compile against the server ---

type LineKind = "EQUIPMENT" | "CREW" | "TRANSPORT" | "FREE";

interface QuoteLine {
  key: string;
  section: string;
  kind: LineKind;
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

interface PullListPriceSource {
  sectionName: string;
  kind: "PRODUCT";
  isKitComponent: boolean;
  kitPricing: undefined;
  productId: string;
  kitId: undefined;
  categoryId: string | undefined;
  title: string;
  quantity: number;
  dayRateMinor: bigint;
  contents: readonly never[];
}

interface QuoteRules {
  linesFromPullList: (items: readonly PullListPriceSource[], q: { days: number; companyId: string | undefined; curves: readonly never[]; taxRateBp: number; newKey: () => string }) => QuoteLine[];
}

interface PricingRules {
  chargeDays: (start: Date, end: Date) => number;
  priceQuote: (input: { currency: string; pricesIncludeTax: boolean; discountBp: number; lines: readonly QuoteLine[] }) => {
    lines: { amountMinor: bigint }[];
    netMinor: bigint;
    taxMinor: bigint;
    grossMinor: bigint;
  };
}

// --- generation ---------------------------------------------------------------------------

type Status = "DRAFT" | "SENT" | "ACCEPTED" | "DECLINED";

interface Version {
  version: number;
  status: Status;
  /** Edits saved on the draft before it was sent (UpdateQuote bumps the revision). */
  revision: number;
  discountBp: number;
  validUntil: Date;
  createdAt: Date;
  sentAt: Date | null;
  decidedAt: Date | null;
  lines: QuoteLine[];
  amounts: bigint[];
  netMinor: bigint;
  taxMinor: bigint;
  grossMinor: bigint;
}

interface Quote {
  id: string;
  number: string;
  title: string;
  eventId: string;
  companyId: string | null;
  requestId: string;
  createdAt: Date;
  versions: Version[];
}

interface QuotedEvent {
  id: string;
  name: string;
  status: "ENQUIRY" | "PROVISIONAL" | "CONFIRMED" | "CLOSED";
  client_id: string | null;
  start: Date;
  charge_start: Date;
  charge_end: Date;
}

interface Settings {
  currency: string;
  language: string;
  taxRateBp: number;
  validityDays: number;
  exchangeBase: string;
  exchangeRates: Record<string, string>;
  terms: string;
}

const day = 86_400_000;
const crew = [
  { description: "Lighting technician", priceMinor: 45_000n },
  { description: "Sound engineer", priceMinor: 52_000n },
  { description: "Video technician", priceMinor: 48_000n },
  { description: "Stagehand", priceMinor: 28_000n },
  { description: "Rigger", priceMinor: 42_000n },
];
const vehicles = [
  { description: "Truck 7.5 t, there and back", priceMinor: 38_000n },
  { description: "Van, there and back", priceMinor: 16_000n },
  { description: "Truck 12 t with tail lift, there and back", priceMinor: 55_000n },
];

function uuidFrom(rnd: () => number): string {
  const hex = Array.from({ length: 4 }, () => Math.floor(rnd() * 2 ** 32).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface QuoteFigures {
  quotes: number;
  versions: number;
  lines: number;
}

/** Generates and inserts the quotes; expects the events with their pull lists and the catalogue in place. */
export async function insertQuotes(pool: pg.Pool, now: Date, seed = 7_001): Promise<QuoteFigures> {
  const [{ linesFromPullList }, { chargeDays, priceQuote }] = await Promise.all([serverModule<QuoteRules>("domain/quote.js"), serverModule<PricingRules>("domain/pricing.js")]);
  const rnd = random(seed);
  const newKey = () => uuidFrom(rnd);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;

  const s = (await pool.query<{ default_currency: string; default_language: string; default_tax_rate_bp: number; validity_days: number; exchange_base: string; exchange_rates: Record<string, string>; terms: Record<string, string> }>(
    "SELECT default_currency, default_language, default_tax_rate_bp, validity_days, exchange_base, exchange_rates, terms FROM quote_settings",
  )).rows[0];
  if (!s) throw new Error("quote_settings has no row");
  const settings: Settings = {
    currency: s.default_currency,
    language: s.default_language,
    taxRateBp: s.default_tax_rate_bp,
    validityDays: s.validity_days,
    exchangeBase: s.exchange_base,
    exchangeRates: s.exchange_rates,
    terms: s.terms[s.default_language] ?? "",
  };

  // The events and their pull lists were just inserted: statistics first, or the planner guesses.
  await pool.query("ANALYZE event, pull_list_section, pull_list_line");
  const quoted = `NOT e.is_template AND ((lower(e.out_period) > $1 AND e.status IN ('ENQUIRY', 'PROVISIONAL', 'CONFIRMED')) OR (upper(e.out_period) <= $1 AND e.status = 'CLOSED'))`;
  const { rows: events } = await pool.query<QuotedEvent>(
    `SELECT e.id, e.name, e.status, e.client_id, lower(e.out_period) AS start,
            lower(coalesce(e.charge_period, e.out_period)) AS charge_start, upper(coalesce(e.charge_period, e.out_period)) AS charge_end
     FROM event e WHERE ${quoted} ORDER BY length(e.number), e.number`,
    [now],
  );
  // The pull lists as pullListPriceSources reads them (the data set books products only), in its order.
  const { rows: pullLines } = await pool.query<{ event_id: string; section_name: string; product_id: string; category_id: string | null; title: string; quantity: number; day_rate_minor: string; currency: string }>(
    `SELECT l.event_id, s.name AS section_name, p.id AS product_id, p.category_id, p.name AS title, l.quantity,
            p.day_rate_minor::text AS day_rate_minor, p.day_rate_currency AS currency
     FROM event e JOIN pull_list_line l ON l.event_id = e.id JOIN pull_list_section s ON s.id = l.section_id JOIN product p ON p.id = l.product_id
     WHERE ${quoted} AND l.kind = 'PRODUCT'
     ORDER BY l.event_id, s.position, s.id, l.position, l.id`,
    [now],
  );
  const sources = new Map<string, PullListPriceSource[]>();
  for (const l of pullLines) {
    // No exchange rates are configured: the catalogue's prices are in the quote currency.
    if (l.currency !== settings.currency) throw new Error(`product ${l.product_id} is priced in ${l.currency}, quotes in ${settings.currency}`);
    const list = sources.get(l.event_id) ?? [];
    list.push({ sectionName: l.section_name, kind: "PRODUCT", isKitComponent: false, kitPricing: undefined, productId: l.product_id, kitId: undefined, categoryId: l.category_id ?? undefined, title: l.title, quantity: l.quantity, dayRateMinor: BigInt(l.day_rate_minor), contents: [] });
    sources.set(l.event_id, list);
  }

  const priced = (v: Omit<Version, "amounts" | "netMinor" | "taxMinor" | "grossMinor">): Version => {
    const totals = priceQuote({ currency: settings.currency, pricesIncludeTax: false, discountBp: v.discountBp, lines: v.lines });
    return { ...v, amounts: totals.lines.map((l) => l.amountMinor), netMinor: totals.netMinor, taxMinor: totals.taxMinor, grossMinor: totals.grossMinor };
  };
  const quotes: Quote[] = events.map((event, i) => {
    const days = chargeDays(event.charge_start, event.charge_end);
    const r = rnd();
    // Enquiries are mostly still drafts; a quarter of the provisional events are in a revision (a new draft).
    const final: Status = event.status === "ENQUIRY" ? (r < 0.7 ? "DRAFT" : "SENT") : event.status === "PROVISIONAL" ? (r < 0.25 ? "DRAFT" : "SENT") : "ACCEPTED";
    const v = rnd();
    const count = Math.max(v < 0.6 ? 1 : v < 0.88 ? 2 : 3, event.status === "PROVISIONAL" && final === "DRAFT" ? 2 : 1);
    // The first version weeks before the event, and never so late that the last is not yet decided.
    const first = Math.min(event.start.getTime() - (14 + rnd() * 60) * day, now.getTime() - ((count - 1) * 5 + 5 + rnd() * 10) * day);

    // Version 1: the pull list priced by the rules, then crew and transport added by hand (one edit).
    const equipment = linesFromPullList(sources.get(event.id) ?? [], { days, companyId: event.client_id ?? undefined, curves: [], taxRateBp: settings.taxRateBp, newKey });
    const people = Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(crew));
    const vehicle = pick(vehicles);
    const lines: QuoteLine[] = [
      ...equipment,
      ...people.map((c) => ({ key: newKey(), section: "Crew", kind: "CREW" as const, productId: undefined, kitId: undefined, categoryId: undefined, description: c.description, unit: "day", quantity: days + 1, days: 0, factorMilli: 1000, unitPriceMinor: c.priceMinor, discountBp: 0, taxRateBp: settings.taxRateBp })),
      { key: newKey(), section: "Transport", kind: "TRANSPORT", productId: undefined, kitId: undefined, categoryId: undefined, description: vehicle.description, unit: "trip", quantity: 1, days: 0, factorMilli: 1000, unitPriceMinor: vehicle.priceMinor, discountBp: 0, taxRateBp: settings.taxRateBp },
    ];
    const versions: Version[] = [];
    let validUntil = new Date(first + settings.validityDays * day);
    for (let k = 1; k <= count; k += 1) {
      const createdAt = new Date(first + (k - 1) * 5 * day);
      // A revision keeps the previous validity date unless a fresh one is later (ReviseQuote).
      validUntil = new Date(Math.max(validUntil.getTime(), createdAt.getTime() + settings.validityDays * day));
      let versionLines = lines;
      let discountBp = 0;
      if (k > 1) {
        // What the client asked for: other quantities, one item less, a discount on the whole and on one line.
        const previous = versions[k - 2]?.lines ?? [];
        const dropped = Math.floor(rnd() * previous.length);
        versionLines = previous
          .filter((_, j) => j !== dropped)
          .map((l) => (l.kind === "EQUIPMENT" && rnd() < 0.15 ? { ...l, quantity: Math.max(1, l.quantity + (rnd() < 0.5 ? -1 : 1)) } : l));
        const discounted = Math.floor(rnd() * versionLines.length);
        versionLines = versionLines.map((l, j) => (j === discounted ? { ...l, discountBp: 1_000 } : l));
        discountBp = k === 2 ? 500 : 800;
      }
      const status: Status = k === count ? final : rnd() < 0.3 ? "DECLINED" : "SENT";
      const sentAt = status === "DRAFT" ? null : new Date(createdAt.getTime() + day);
      const decidedAt = status === "ACCEPTED" ? new Date(createdAt.getTime() + 3 * day) : status === "DECLINED" ? new Date(createdAt.getTime() + 2 * day) : null;
      versions.push(priced({ version: k, status, revision: 2, discountBp, validUntil, createdAt, sentAt, decidedAt, lines: versionLines }));
    }
    return { id: uuidFrom(rnd), number: `Q-${String(i + 1).padStart(6, "0")}`, title: event.name, eventId: event.id, companyId: event.client_id, requestId: uuidFrom(rnd), createdAt: new Date(first), versions };
  });

  await insertChunks(
    pool,
    quotes,
    [
      ["id", "uuid", (q) => q.id],
      ["number", "text", (q) => q.number],
      ["title", "text", (q) => q.title],
      ["event_id", "uuid", (q) => q.eventId],
      ["company_id", "uuid", (q) => q.companyId],
      ["latest_version", "int4", (q) => q.versions.length],
      ["request_id", "uuid", (q) => q.requestId],
      ["created_at", "timestamptz", (q) => q.createdAt],
    ],
    "quote",
  );
  // CreateQuote numbers from the sequence: the next quote continues after these.
  if (quotes.length > 0) await pool.query("SELECT setval('quote_number_seq', $1)", [quotes.length]);
  const versions = quotes.flatMap((q) => q.versions.map((v) => ({ quoteId: q.id, ...v })));
  // As drafts first: the triggers refuse lines of a version that is no longer a draft.
  await insertChunks(
    pool,
    versions,
    [
      ["quote_id", "uuid", (v) => v.quoteId],
      ["version", "int4", (v) => v.version],
      ["currency", "text", () => settings.currency],
      ["language", "text", () => settings.language],
      ["discount_bp", "int4", (v) => v.discountBp],
      ["valid_until", "timestamptz", (v) => v.validUntil],
      ["exchange_base", "text", () => settings.exchangeBase],
      ["exchange_rates", "jsonb", () => JSON.stringify(settings.exchangeRates)],
      ["terms", "text", () => settings.terms],
      ["net_minor", "int8", (v) => v.netMinor.toString()],
      ["tax_minor", "int8", (v) => v.taxMinor.toString()],
      ["gross_minor", "int8", (v) => v.grossMinor.toString()],
      ["revision", "int4", (v) => v.revision],
      ["created_at", "timestamptz", (v) => v.createdAt],
    ],
    "quote_version",
  );
  const lines = versions.flatMap((v) => v.lines.map((l, position) => ({ quoteId: v.quoteId, version: v.version, position, amount: v.amounts[position] ?? 0n, ...l })));
  await insertChunks(
    pool,
    lines,
    [
      ["quote_id", "uuid", (l) => l.quoteId],
      ["version", "int4", (l) => l.version],
      ["position", "int4", (l) => l.position],
      ["line_key", "uuid", (l) => l.key],
      ["section", "text", (l) => l.section],
      ["kind", "text", (l) => l.kind],
      ["product_id", "uuid", (l) => l.productId ?? null],
      ["category_id", "uuid", (l) => l.categoryId ?? null],
      ["description", "text", (l) => l.description],
      ["unit", "text", (l) => l.unit],
      ["quantity", "int4", (l) => l.quantity],
      ["days", "int4", (l) => l.days],
      ["factor_milli", "int4", (l) => l.factorMilli],
      ["unit_price_minor", "int8", (l) => l.unitPriceMinor.toString()],
      ["discount_bp", "int4", (l) => l.discountBp],
      ["tax_rate_bp", "int4", (l) => l.taxRateBp],
      ["amount_minor", "int8", (l) => l.amount.toString()],
    ],
    "quote_line",
  );
  // Then the decisions, as SendQuote, AcceptQuote and DeclineQuote take them.
  const decided = versions.filter((v) => v.status !== "DRAFT");
  for (let at = 0; at < decided.length; at += 5_000) {
    const chunk = decided.slice(at, at + 5_000);
    await pool.query(
      `UPDATE quote_version v SET status = d.status, sent_at = d.sent_at, decided_at = d.decided_at
       FROM unnest($1::uuid[], $2::int4[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS d(quote_id, version, status, sent_at, decided_at)
       WHERE v.quote_id = d.quote_id AND v.version = d.version`,
      [chunk.map((v) => v.quoteId), chunk.map((v) => v.version), chunk.map((v) => v.status), chunk.map((v) => v.sentAt), chunk.map((v) => v.decidedAt)],
    );
  }
  return { quotes: quotes.length, versions: versions.length, lines: lines.length };
}
