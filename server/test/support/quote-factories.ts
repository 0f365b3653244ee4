// Test data for quotes, inserted straight into the tables: companies with an
// address, deals, categories, products with day rates, kits; plus a sales caller.
import { randomUUID } from "node:crypto";
import type { QuoteDraft, QuoteLine } from "../../src/domain/quote.js";
import type { CallContext } from "../../src/service/auth.service.js";
import type { QuoteVersionView } from "../../src/service/quote.service.js";
import type { Db } from "../../src/store/db.js";
import { uniqueCode } from "./planning-factories.js";

export const quotePermissions = ["quotes.read", "quotes.manage", "settings.manage", "planning.read", "planning.manage", "inventory.read", "crm.read"];

export function seller(permissions: readonly string[] = quotePermissions, userId: string = randomUUID()): CallContext & { principal: { userId: string } } {
  return { principal: { userId, apiKeyId: undefined, permissions: new Set(permissions) }, clientAddress: "test" };
}

export async function newCompany(db: Db, name = uniqueCode("Company")): Promise<string> {
  const id = (await db.insertInto("company").values({ name, vatId: "DE123456789" }).returning("id").executeTakeFirstOrThrow()).id;
  await db.insertInto("companyAddress").values({ companyId: id, kind: "BILLING", street: "Hafenstraße 1", postalCode: "20457", city: "Hamburg", country: "DE" }).execute();
  return id;
}

export async function newDeal(db: Db, companyId: string, o: { eventId?: string; title?: string } = {}): Promise<string> {
  const stage = await db.selectFrom("pipelineStage").select("id").orderBy("position").executeTakeFirstOrThrow();
  return (
    await db
      .insertInto("deal")
      .values({ title: o.title ?? uniqueCode("Deal"), companyId, stageId: stage.id, currency: "EUR", eventId: o.eventId ?? null })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;
}

export async function newCategory(db: Db, name = uniqueCode("Category")): Promise<string> {
  return (await db.insertInto("category").values({ name, parentId: null }).returning("id").executeTakeFirstOrThrow()).id;
}

/** A bulk product with a day rate (minor units) in a currency, and stock at a location. */
export async function pricedProduct(db: Db, o: { locationId: string; dayRateMinor: number; currency?: string; stock?: number; categoryId?: string; name?: string }): Promise<{ id: string; name: string }> {
  const code = uniqueCode("PRD");
  const name = o.name ?? `Product ${code}`;
  const row = await db
    .insertInto("product")
    .values({ code, name, tracking: "BULK", dayRateMinor: o.dayRateMinor, dayRateCurrency: o.currency ?? "EUR", replacementMinor: 0, categoryId: o.categoryId ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("stockLevel").values({ productId: row.id, locationId: o.locationId, quantity: o.stock ?? 100 }).execute();
  return { id: row.id, name };
}

export function freeLine(o: Partial<QuoteLine> = {}): QuoteLine {
  return {
    key: "",
    section: "Services",
    kind: "FREE",
    productId: undefined,
    kitId: undefined,
    categoryId: undefined,
    description: "Line",
    unit: "",
    quantity: 1,
    days: 0,
    factorMilli: 1000,
    unitPriceMinor: 1000n,
    discountBp: 0,
    taxRateBp: 1900,
    ...o,
  };
}

/** The editable part of a version, to change and send back. */
export function draftOf(v: QuoteVersionView, o: Partial<QuoteDraft> = {}): QuoteDraft {
  return {
    currency: v.currency,
    language: v.language,
    pricesIncludeTax: v.pricesIncludeTax,
    discountBp: v.discountBp,
    validUntil: v.validUntil,
    exchangeRates: v.exchangeRates,
    intro: v.intro,
    terms: v.terms,
    lines: v.lines,
    ...o,
  };
}
