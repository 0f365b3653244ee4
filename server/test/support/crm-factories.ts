// Test data for the CRM: inputs for companies, contacts and deals, and a
// caller that is a real user (deals and tasks have owners).
import { randomUUID } from "node:crypto";
import type { CompanyInput, ContactInput, DealInput } from "../../src/domain/crm.js";
import type { CallContext } from "../../src/service/auth.service.js";
import type { Db } from "../../src/store/db.js";
import { planner, uniqueCode } from "./planning-factories.js";

export const crmPermissions = ["crm.read", "crm.manage", "planning.read", "planning.manage"];

export async function newUser(db: Db, displayName = uniqueCode("User")): Promise<string> {
  const row = await db
    .insertInto("appUser")
    .values({ email: `${randomUUID()}@test.example`, displayName, passwordHash: null, updatedAt: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A signed-in user with the CRM and planning permissions (or the given ones). */
export async function salesUser(db: Db, permissions: readonly string[] = crmPermissions): Promise<CallContext & { principal: { userId: string } }> {
  return planner(permissions, await newUser(db));
}

export function companyInput(o: Partial<CompanyInput> = {}): CompanyInput {
  return { name: uniqueCode("Company"), roles: ["CLIENT"], email: "", phone: "", website: "", vatId: "", tags: [], notes: "", addresses: [], ...o };
}

export function contactInput(o: Partial<ContactInput> = {}): ContactInput {
  return { name: uniqueCode("Person"), email: "", phone: "", role: "", tags: [], notes: "", ...o };
}

export function dealInput(companyId: string, o: Partial<DealInput> = {}): DealInput {
  return { title: uniqueCode("Deal"), companyId, contactId: null, value: { amountMinor: 1_250_000n, currency: "EUR" }, expectedCloseDate: null, ownerUserId: null, notes: "", ...o };
}
