// SQL of quotes: settings, rate curves, quotes with their versions and lines,
// and the reads a quote needs from the CRM, planning and the catalogue.
import { sql, type Kysely, type Selectable } from "kysely";
import type { CurvePoint } from "../domain/pricing.js";
import type { CaseContentPrice, PullListPriceSource, StoredCurve, QuoteDraft, QuoteHeader, QuoteLine, QuoteSettings, QuoteVersionData, StoredQuoteStatus } from "../domain/quote.js";
import type { Database, QuoteVersionTable } from "./schema.js";

type Q = Kysely<Database>;

const orNull = (v: string | undefined): string | null => v ?? null;
const orUndefined = (v: string | null): string | undefined => v ?? undefined;

// Settings

export async function getQuoteSettings(db: Q): Promise<QuoteSettings> {
  const r = await db.selectFrom("quoteSettings").selectAll().executeTakeFirstOrThrow();
  return {
    companyName: r.companyName,
    companyAddress: r.companyAddress,
    companyContact: r.companyContact,
    taxId: r.taxId,
    bankDetails: r.bankDetails,
    logoDataUrl: r.logoDataUrl,
    terms: r.terms,
    defaultCurrency: r.defaultCurrency,
    defaultLanguage: r.defaultLanguage,
    defaultTaxRateBp: r.defaultTaxRateBp,
    validityDays: r.validityDays,
    exchangeRates: { base: r.exchangeBase, rates: r.exchangeRates },
  };
}

export async function updateQuoteSettings(db: Q, s: QuoteSettings): Promise<void> {
  const { exchangeRates, terms, ...rest } = s;
  await db
    .updateTable("quoteSettings")
    .set({ ...rest, terms: JSON.stringify(terms), exchangeBase: exchangeRates.base, exchangeRates: JSON.stringify(exchangeRates.rates) })
    .where("singleton", "=", true)
    .execute();
}

// Rate curves

export async function listRateCurves(db: Q): Promise<StoredCurve[]> {
  const rows = await db.selectFrom("rateCurve").selectAll().orderBy("companyId", "asc").orderBy("categoryId", "asc").execute();
  return rows.map((r) => ({ id: r.id, companyId: orUndefined(r.companyId), categoryId: orUndefined(r.categoryId), points: r.points }));
}

/** Creates or replaces the curve of its scope (company, category, both or neither). */
export async function upsertRateCurve(db: Q, c: { companyId: string | undefined; categoryId: string | undefined; points: readonly CurvePoint[] }): Promise<StoredCurve> {
  const points = JSON.stringify(c.points.map((p) => ({ days: p.days, factorMilli: p.factorMilli })));
  const row = await db
    .insertInto("rateCurve")
    .values({ companyId: orNull(c.companyId), categoryId: orNull(c.categoryId), points })
    .onConflict((oc) => oc.constraint("rate_curve_scope_unique").doUpdateSet({ points }))
    .returningAll()
    .executeTakeFirstOrThrow();
  return { id: row.id, companyId: orUndefined(row.companyId), categoryId: orUndefined(row.categoryId), points: row.points };
}

export async function deleteRateCurve(db: Q, id: string): Promise<boolean> {
  const r = await db.deleteFrom("rateCurve").where("id", "=", id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

// Lookups in other areas

export async function companyName(db: Q, id: string): Promise<string | undefined> {
  return (await db.selectFrom("company").select("name").where("id", "=", id).executeTakeFirst())?.name;
}

export async function categoryExists(db: Q, id: string): Promise<boolean> {
  return (await db.selectFrom("category").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

export async function findDeal(db: Q, id: string): Promise<{ id: string; companyId: string; eventId: string | undefined; title: string } | undefined> {
  const r = await db.selectFrom("deal").select(["id", "companyId", "eventId", "title"]).where("id", "=", id).executeTakeFirst();
  return r ? { ...r, eventId: orUndefined(r.eventId) } : undefined;
}

/** The client's block on a document: name, billing (else first) address, VAT id. */
export async function companyLetterhead(db: Q, id: string): Promise<{ name: string; address: string; vatId: string } | undefined> {
  const c = await db.selectFrom("company").select(["name", "vatId"]).where("id", "=", id).executeTakeFirst();
  if (!c) return undefined;
  const a = await db
    .selectFrom("companyAddress")
    .select(["street", "postalCode", "city", "country"])
    .where("companyId", "=", id)
    .orderBy(sql`kind = 'BILLING'`, "desc")
    .orderBy("position")
    .executeTakeFirst();
  const address = a ? [a.street, `${a.postalCode} ${a.city}`.trim(), a.country].filter((s) => s !== "").join("\n") : "";
  return { name: c.name, address, vatId: c.vatId };
}

/** A pull-list line's price source, with the currency of each day rate (converted by the service). */
export type PullListPriceRow = Omit<PullListPriceSource, "contents"> & { currency: string; contents: (CaseContentPrice & { currency: string })[] };

/**
 * An event's pull list with the day rates a quote prices it by (kits by the
 * kit's rate, assets by their product's, a permanent case by what is packed in
 * it now: its own units and bulk, each at its product's rate).
 */
export async function pullListPriceSources(db: Q, eventId: string): Promise<PullListPriceRow[]> {
  const rows = await db
    .selectFrom("pullListLine as l")
    .innerJoin("pullListSection as s", "s.id", "l.sectionId")
    .leftJoin("asset as a", "a.id", "l.assetId")
    .leftJoin("product as p", (j) => j.on(sql<boolean>`p.id = coalesce(l.product_id, a.product_id)`))
    .leftJoin("kit as k", "k.id", "l.kitId")
    .leftJoin("pullListLine as parent", "parent.id", "l.parentLineId")
    .leftJoin("kit as pk", "pk.id", "parent.kitId")
    .leftJoin("equipmentCase as c", "c.id", "l.caseId")
    .select([
      "l.caseId",
      "s.name as sectionName",
      "l.kind",
      sql<boolean>`coalesce(parent.kind = 'KIT' AND NOT l.accessory, false)`.as("isKitComponent"),
      sql<"AS_UNIT" | "PER_ITEM" | null>`CASE WHEN l.kind = 'KIT' THEN k.pricing WHEN parent.kind = 'KIT' AND NOT l.accessory THEN pk.pricing END`.as("kitPricing"),
      "p.id as productId",
      "l.kitId",
      "p.categoryId",
      sql<string>`CASE l.kind WHEN 'KIT' THEN k.name WHEN 'ASSET' THEN a.tag || ' · ' || p.name WHEN 'CASE' THEN c.code || ' · ' || c.name ELSE p.name END`.as("title"),
      "l.quantity",
      sql<string>`CASE l.kind WHEN 'KIT' THEN k.day_rate_minor WHEN 'CASE' THEN 0 ELSE p.day_rate_minor END`.as("dayRateMinor"),
      sql<string>`CASE l.kind WHEN 'KIT' THEN k.day_rate_currency WHEN 'CASE' THEN '' ELSE p.day_rate_currency END`.as("currency"),
    ])
    .where("l.eventId", "=", eventId)
    .orderBy("s.position")
    .orderBy("s.id")
    .orderBy("l.position")
    .orderBy("l.id")
    .execute();
  const contents = await caseContentPrices(
    db,
    rows.flatMap((r) => (r.caseId === null ? [] : [r.caseId])),
  );
  return rows.map((r) => ({
    sectionName: r.sectionName,
    kind: r.kind,
    isKitComponent: r.isKitComponent,
    kitPricing: r.kitPricing ?? undefined,
    productId: orUndefined(r.productId),
    kitId: orUndefined(r.kitId),
    categoryId: orUndefined(r.categoryId),
    title: r.title,
    quantity: r.quantity,
    dayRateMinor: BigInt(r.dayRateMinor),
    currency: r.currency,
    contents: r.caseId === null ? [] : (contents.get(r.caseId) ?? []),
  }));
}

/** What is packed directly in each case, per product: its units (counted) and its bulk. */
async function caseContentPrices(db: Q, caseIds: readonly string[]): Promise<Map<string, (CaseContentPrice & { currency: string })[]>> {
  const out = new Map<string, (CaseContentPrice & { currency: string })[]>();
  if (caseIds.length === 0) return out;
  const rows = await sql<{ caseId: string; productId: string; categoryId: string | null; quantity: number; dayRateMinor: string; currency: string }>`
    SELECT x.case_id AS "caseId", p.id AS "productId", p.category_id AS "categoryId", x.quantity::int AS quantity,
           p.day_rate_minor::text AS "dayRateMinor", p.day_rate_currency AS currency
    FROM (
      SELECT a.case_id, a.product_id, count(*) AS quantity FROM asset a WHERE a.case_id IN (${sql.join(caseIds)}) AND a.status NOT IN ('RETIRED', 'LOST') GROUP BY a.case_id, a.product_id
      UNION ALL
      SELECT b.case_id, b.product_id, b.quantity FROM case_bulk_content b WHERE b.case_id IN (${sql.join(caseIds)})
    ) x
    JOIN product p ON p.id = x.product_id
    ORDER BY x.case_id, p.id`.execute(db);
  for (const r of rows.rows) {
    const list = out.get(r.caseId) ?? [];
    list.push({ productId: r.productId, categoryId: r.categoryId ?? undefined, quantity: r.quantity, dayRateMinor: BigInt(r.dayRateMinor), currency: r.currency });
    out.set(r.caseId, list);
  }
  return out;
}

// Quotes

export async function nextQuoteNumber(db: Q): Promise<string> {
  const { n } = await sql<{ n: string }>`SELECT nextval('quote_number_seq')::text AS n`.execute(db).then((r) => r.rows[0] ?? { n: "0" });
  return `Q-${n.padStart(6, "0")}`;
}

export async function findQuoteIdByRequest(db: Q, requestId: string): Promise<string | undefined> {
  return (await db.selectFrom("quote").select("id").where("requestId", "=", requestId).executeTakeFirst())?.id;
}

export async function insertQuote(
  db: Q,
  q: { number: string; title: string; dealId: string | undefined; eventId: string | undefined; companyId: string | undefined; requestId: string; createdBy: string; now: Date },
): Promise<string> {
  const row = await db
    .insertInto("quote")
    .values({ number: q.number, title: q.title, dealId: orNull(q.dealId), eventId: orNull(q.eventId), companyId: orNull(q.companyId), requestId: q.requestId, createdBy: q.createdBy, createdAt: q.now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function selectHeaders(db: Q) {
  return db
    .selectFrom("quote as q")
    .innerJoin("quoteVersion as v", (j) => j.onRef("v.quoteId", "=", "q.id").onRef("v.version", "=", "q.latestVersion"))
    .leftJoin("company as c", "c.id", "q.companyId")
    .leftJoin("event as e", "e.id", "q.eventId")
    .select([
      "q.id",
      "q.number",
      "q.title",
      "q.dealId",
      "q.eventId",
      "q.companyId",
      sql<string>`coalesce(c.name, '')`.as("companyName"),
      sql<string>`coalesce(e.number, '')`.as("eventNumber"),
      sql<string>`coalesce(e.name, '')`.as("eventName"),
      "q.latestVersion",
      "v.status",
      "v.validUntil",
      "v.currency",
      "v.grossMinor",
      "q.createdAt",
    ]);
}

type HeaderRow = Awaited<ReturnType<ReturnType<typeof selectHeaders>["executeTakeFirstOrThrow"]>>;

function toHeader(r: HeaderRow): QuoteHeader {
  return { ...r, dealId: orUndefined(r.dealId), eventId: orUndefined(r.eventId), companyId: orUndefined(r.companyId), grossMinor: BigInt(r.grossMinor) };
}

export async function findQuote(db: Q, id: string): Promise<QuoteHeader | undefined> {
  const r = await selectHeaders(db).where("q.id", "=", id).executeTakeFirst();
  return r ? toHeader(r) : undefined;
}

/** Locks the quote row: every change of a quote's versions goes through it. */
export async function lockQuote(db: Q, id: string): Promise<QuoteHeader | undefined> {
  const r = await selectHeaders(db).where("q.id", "=", id).forUpdate("q").executeTakeFirst();
  return r ? toHeader(r) : undefined;
}

export interface QuoteFilter {
  eventId: string | undefined;
  dealId: string | undefined;
  companyId: string | undefined;
  /** Continue after this (created at, id), newest first. */
  after: { at: string; id: string } | undefined;
  limit: number;
}

export async function listQuotes(db: Q, f: QuoteFilter): Promise<(QuoteHeader & { cursorAt: string })[]> {
  let q = selectHeaders(db).select(sql<string>`to_char(q.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("cursorAt"));
  if (f.eventId) q = q.where("q.eventId", "=", f.eventId);
  if (f.dealId) q = q.where("q.dealId", "=", f.dealId);
  if (f.companyId) q = q.where("q.companyId", "=", f.companyId);
  if (f.after) q = q.where(sql<boolean>`(q.created_at, q.id) < (${f.after.at}::timestamptz, ${f.after.id}::uuid)`);
  const rows = await q.orderBy("q.createdAt", "desc").orderBy("q.id", "desc").limit(f.limit).execute();
  return rows.map((r) => ({ ...toHeader(r), cursorAt: r.cursorAt }));
}

export async function setLatestVersion(db: Q, quoteId: string, version: number): Promise<void> {
  await db.updateTable("quote").set({ latestVersion: version }).where("id", "=", quoteId).execute();
}

// Versions

/** A version's columns as its lines' reader needs them (the stored totals are the lists' business). */
type VersionRow = Omit<Selectable<QuoteVersionTable>, "netMinor" | "taxMinor" | "grossMinor">;

export async function findVersion(db: Q, quoteId: string, version: number): Promise<QuoteVersionData | undefined> {
  const v = await db.selectFrom("quoteVersion").selectAll().where("quoteId", "=", quoteId).where("version", "=", version).executeTakeFirst();
  return v ? withLines(db, v) : undefined;
}

/**
 * A quote's header and one of its versions (0 = the latest) with its lines, in two statements (the
 * header and the version row in one): what every read of a quote needs. `version` is undefined when
 * the quote has no such version.
 */
export async function findQuoteVersion(db: Q, quoteId: string, version: number): Promise<{ header: QuoteHeader; version: QuoteVersionData | undefined } | undefined> {
  const r = await selectHeaders(db)
    .leftJoin("quoteVersion as rv", (j) => {
      const same = j.onRef("rv.quoteId", "=", "q.id");
      return version === 0 ? same.onRef("rv.version", "=", "q.latestVersion") : same.on("rv.version", "=", version);
    })
    .select([
      "rv.version as rVersion",
      "rv.status as rStatus",
      "rv.currency as rCurrency",
      "rv.language as rLanguage",
      "rv.pricesIncludeTax as rPricesIncludeTax",
      "rv.discountBp as rDiscountBp",
      "rv.validUntil as rValidUntil",
      "rv.exchangeBase as rExchangeBase",
      "rv.exchangeRates as rExchangeRates",
      "rv.intro as rIntro",
      "rv.terms as rTerms",
      "rv.revision as rRevision",
      "rv.sentAt as rSentAt",
      "rv.decidedAt as rDecidedAt",
      "rv.createdAt as rCreatedAt",
    ])
    .where("q.id", "=", quoteId)
    .executeTakeFirst();
  if (!r) return undefined;
  const { rVersion, rStatus, rCurrency, rLanguage, rPricesIncludeTax, rDiscountBp, rValidUntil, rExchangeBase, rExchangeRates, rIntro, rTerms, rRevision, rSentAt, rDecidedAt, rCreatedAt, ...header } = r;
  if (rVersion === null) return { header: toHeader(header), version: undefined };
  // The version exists (its key matched), so its NOT NULL columns are set.
  const row = {
    quoteId,
    version: rVersion,
    status: rStatus,
    currency: rCurrency,
    language: rLanguage,
    pricesIncludeTax: rPricesIncludeTax,
    discountBp: rDiscountBp,
    validUntil: rValidUntil,
    exchangeBase: rExchangeBase,
    exchangeRates: rExchangeRates,
    intro: rIntro,
    terms: rTerms,
    revision: rRevision,
    sentAt: rSentAt,
    decidedAt: rDecidedAt,
    createdAt: rCreatedAt,
  } as VersionRow;
  return { header: toHeader(header), version: await withLines(db, row) };
}

async function withLines(db: Q, v: VersionRow): Promise<QuoteVersionData> {
  const { quoteId, version } = v;
  const lines = await db.selectFrom("quoteLine").selectAll().where("quoteId", "=", quoteId).where("version", "=", version).orderBy("position").execute();
  return {
    quoteId: v.quoteId,
    version: v.version,
    status: v.status,
    currency: v.currency,
    language: v.language,
    pricesIncludeTax: v.pricesIncludeTax,
    discountBp: v.discountBp,
    validUntil: v.validUntil,
    exchangeRates: { base: v.exchangeBase, rates: v.exchangeRates },
    intro: v.intro,
    terms: v.terms,
    revision: v.revision,
    sentAt: v.sentAt ?? undefined,
    decidedAt: v.decidedAt ?? undefined,
    createdAt: v.createdAt,
    lines: lines.map(
      (l): QuoteLine => ({
        key: l.lineKey,
        section: l.section,
        kind: l.kind,
        productId: orUndefined(l.productId),
        kitId: orUndefined(l.kitId),
        categoryId: orUndefined(l.categoryId),
        description: l.description,
        unit: l.unit,
        quantity: l.quantity,
        days: l.days,
        factorMilli: l.factorMilli,
        unitPriceMinor: BigInt(l.unitPriceMinor),
        discountBp: l.discountBp,
        taxRateBp: l.taxRateBp,
      }),
    ),
  };
}

export interface VersionTotals {
  netMinor: bigint;
  taxMinor: bigint;
  grossMinor: bigint;
  lineAmounts: readonly bigint[];
}

function versionFields(d: QuoteDraft, totals: VersionTotals) {
  return {
    currency: d.currency,
    language: d.language,
    pricesIncludeTax: d.pricesIncludeTax,
    discountBp: d.discountBp,
    validUntil: d.validUntil,
    exchangeBase: d.exchangeRates.base,
    exchangeRates: JSON.stringify(d.exchangeRates.rates),
    intro: d.intro,
    terms: d.terms,
    netMinor: totals.netMinor,
    taxMinor: totals.taxMinor,
    grossMinor: totals.grossMinor,
  };
}

async function insertLines(db: Q, quoteId: string, version: number, lines: readonly QuoteLine[], amounts: readonly bigint[]): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto("quoteLine")
    .values(
      lines.map((l, position) => ({
        quoteId,
        version,
        position,
        lineKey: l.key,
        section: l.section,
        kind: l.kind,
        productId: orNull(l.productId),
        kitId: orNull(l.kitId),
        categoryId: orNull(l.categoryId),
        description: l.description,
        unit: l.unit,
        quantity: l.quantity,
        days: l.days,
        factorMilli: l.factorMilli,
        unitPriceMinor: l.unitPriceMinor,
        discountBp: l.discountBp,
        taxRateBp: l.taxRateBp,
        amountMinor: amounts[position] ?? 0n,
      })),
    )
    .execute();
}

export async function insertVersion(db: Q, quoteId: string, version: number, d: QuoteDraft, totals: VersionTotals, now: Date): Promise<void> {
  await db.insertInto("quoteVersion").values({ quoteId, version, ...versionFields(d, totals), createdAt: now }).execute();
  await insertLines(db, quoteId, version, d.lines, totals.lineAmounts);
}

/** Replaces a draft's header and lines if it is still at `revision`; false when someone saved meanwhile. */
export async function updateDraft(db: Q, quoteId: string, version: number, revision: number, d: QuoteDraft, totals: VersionTotals): Promise<boolean> {
  const r = await db
    .updateTable("quoteVersion")
    .set({ ...versionFields(d, totals), revision: sql`revision + 1` })
    .where("quoteId", "=", quoteId)
    .where("version", "=", version)
    .where("revision", "=", revision)
    .where("status", "=", "DRAFT")
    .executeTakeFirst();
  if (r.numUpdatedRows === 0n) return false;
  await db.deleteFrom("quoteLine").where("quoteId", "=", quoteId).where("version", "=", version).execute();
  await insertLines(db, quoteId, version, d.lines, totals.lineAmounts);
  return true;
}

export async function setVersionStatus(db: Q, quoteId: string, version: number, status: StoredQuoteStatus, at: Date): Promise<void> {
  await db
    .updateTable("quoteVersion")
    .set(status === "SENT" ? { status, sentAt: at } : { status, decidedAt: at })
    .where("quoteId", "=", quoteId)
    .where("version", "=", version)
    .execute();
}

/** Which of these products and kits do not exist. */
export async function missingReferences(db: Q, productIds: readonly string[], kitIds: readonly string[]): Promise<{ products: string[]; kits: string[] }> {
  const products = productIds.length > 0 ? new Set((await db.selectFrom("product").select("id").where("id", "in", [...new Set(productIds)]).execute()).map((r) => r.id)) : new Set<string>();
  const kits = kitIds.length > 0 ? new Set((await db.selectFrom("kit").select("id").where("id", "in", [...new Set(kitIds)]).execute()).map((r) => r.id)) : new Set<string>();
  return { products: productIds.filter((id) => !products.has(id)), kits: kitIds.filter((id) => !kits.has(id)) };
}
