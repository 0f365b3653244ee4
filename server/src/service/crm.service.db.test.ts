// CRMService on a real database: companies (the planning clients) with roles,
// tags and addresses; duplicate warnings and the explicit create-anyway; contacts;
// typo-tolerant search; activities and the task list; the configurable pipeline;
// deals moving between stages (logged), won and lost; a deal creating its event
// through the planning rules; the free-text event contacts migrated into contacts.
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import { companyInput, contactInput, dealInput, newUser, salesUser } from "../../test/support/crm-factories.js";
import { at, eventInput, planner, rejection } from "../../test/support/planning-factories.js";
import type { PipelineStage } from "../domain/crm.js";
import { migrate, migrationsDir, openPglite, pgliteHandle, type DatabaseHandle } from "../store/db.js";
import { CrmService } from "./crm.service.js";
import { PlanningService } from "./planning.service.js";

let database: DatabaseHandle;
let crm: CrmService;
let planning: PlanningService;
let sales: Awaited<ReturnType<typeof salesUser>>;
let stages: PipelineStage[];
const clock = { now: at(-30) };

beforeAll(async () => {
  database = await createTestDatabase();
  planning = new PlanningService({ db: database.db, now: () => clock.now });
  crm = new CrmService({ db: database.db, now: () => clock.now }, planning.events);
  sales = await salesUser(database.db);
  stages = await crm.listStages(sales);
});
afterAll(async () => {
  await database.close();
});

const stageNamed = (name: string): PipelineStage => {
  const s = stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
};

async function company(o: Parameters<typeof companyInput>[0] = {}) {
  const result = await crm.createCompany(sales, { company: companyInput(o), allowDuplicate: false, requestId: null });
  if (!result.created) throw new Error("duplicate");
  return result.created;
}

async function contact(companyId: string, o: Parameters<typeof contactInput>[0] = {}) {
  const result = await crm.createContact(sales, { companyId, contact: contactInput(o), allowDuplicate: false, requestId: null });
  if (!result.created) throw new Error("duplicate");
  return result.created;
}

describe("companies", () => {
  it("holds several roles, tags and addresses, and is the planning client", async () => {
    const c = await company({
      name: "Stagehand Partners",
      roles: ["SUPPLIER", "CLIENT", "PARTNER"],
      tags: ["VIP", "vip", "festival"],
      addresses: [{ kind: "BILLING", street: "Hauptstr. 1", postalCode: "10115", city: "Berlin", region: "", country: "DE" }],
    });
    expect(c).toMatchObject({ roles: ["CLIENT", "SUPPLIER", "PARTNER"], tags: ["VIP", "festival"], version: 1, contactCount: 0 });
    expect(c.addresses).toEqual([{ kind: "BILLING", street: "Hauptstr. 1", postalCode: "10115", city: "Berlin", region: "", country: "DE" }]);
    expect((await planning.listClients(sales, "stagehand")).map((x) => x.id)).toContain(c.id);
    const suppliers = await crm.listCompanies(sales, { pageSize: 500, pageToken: "", query: "", role: "SUPPLIER", tag: "" });
    expect(suppliers.items.map((x) => x.id)).toContain(c.id);
    const tagged = await crm.listCompanies(sales, { pageSize: 500, pageToken: "", query: "", role: undefined, tag: "festival" });
    expect(tagged.items.map((x) => x.id)).toEqual([c.id]);
  });

  it("a company created through planning is a CRM company with the client role", async () => {
    const client = await planning.createClient(sales, "Planning Made Ltd");
    expect((await crm.getCompany(sales, client.id)).company).toMatchObject({ name: "Planning Made Ltd", roles: ["CLIENT"] });
  });

  it("warns about the same name or email, creates on explicit request", async () => {
    const first = await company({ name: "Lumen Events", email: "office@lumen.example" });
    const byName = await crm.createCompany(sales, { company: companyInput({ name: "  lumen   EVENTS " }), allowDuplicate: false, requestId: null });
    expect(byName.created).toBeUndefined();
    expect(byName.duplicates.map((d) => d.id)).toEqual([first.id]);
    const byEmail = await crm.createCompany(sales, { company: companyInput({ email: "Office@Lumen.example" }), allowDuplicate: false, requestId: null });
    expect(byEmail.duplicates.map((d) => d.id)).toEqual([first.id]);
    const anyway = await crm.createCompany(sales, { company: companyInput({ name: "Lumen Events" }), allowDuplicate: true, requestId: null });
    expect(anyway.created?.id).not.toBe(first.id);
  });

  it("a retried create with the same request id returns the first company", async () => {
    const requestId = randomUUID();
    const a = await crm.createCompany(sales, { company: companyInput({ name: "Retry GmbH" }), allowDuplicate: true, requestId });
    const b = await crm.createCompany(sales, { company: companyInput({ name: "Retry GmbH" }), allowDuplicate: true, requestId });
    expect(b.created?.id).toBe(a.created?.id);
    expect((await crm.listCompanies(sales, { pageSize: 10, pageToken: "", query: "retry gmbh", role: undefined, tag: "" })).items).toHaveLength(1);
  });

  it("updates with the version; a stale version is refused", async () => {
    const c = await company();
    const saved = await crm.updateCompany(sales, { companyId: c.id, version: 1, company: { ...companyInput({ name: c.name }), roles: ["SUPPLIER"], notes: "Pays late" } });
    expect(saved).toMatchObject({ roles: ["SUPPLIER"], notes: "Pays late", version: 2 });
    expect(await rejection(crm.updateCompany(sales, { companyId: c.id, version: 1, company: companyInput() }))).toMatchObject({ code: "STALE_VERSION" });
    expect(await rejection(crm.updateCompany(sales, { companyId: randomUUID(), version: 1, company: companyInput() }))).toMatchObject({ code: "COMPANY_NOT_FOUND" });
  });

  it("the database refuses a company without roles or with an unknown one", async () => {
    const c = await company();
    await expect(database.db.updateTable("company").set({ roles: [] }).where("id", "=", c.id).execute()).rejects.toThrow(/check/i);
    await expect(database.db.insertInto("company").values({ name: "X", roles: ["VENDOR" as never] }).execute()).rejects.toThrow(/check/i);
  });

  it("pages by name", async () => {
    const prefix = `Paged ${randomUUID().slice(0, 4)}`;
    for (const n of ["C", "A", "B"]) await company({ name: `${prefix} ${n}` });
    const first = await crm.listCompanies(sales, { pageSize: 2, pageToken: "", query: prefix, role: undefined, tag: "" });
    const second = await crm.listCompanies(sales, { pageSize: 2, pageToken: first.nextPageToken, query: prefix, role: undefined, tag: "" });
    expect([...first.items, ...second.items].map((c) => c.name)).toEqual([`${prefix} A`, `${prefix} B`, `${prefix} C`]);
    expect(second.nextPageToken).toBe("");
    expect(await rejection(crm.listCompanies(sales, { pageSize: 2, pageToken: first.nextPageToken, query: "other", role: undefined, tag: "" }))).toMatchObject({ code: "INVALID_PAGE_TOKEN" });
  });

  it("needs crm.manage to write and crm.read to read", async () => {
    const reader = planner(["crm.read"]);
    expect(await rejection(crm.createCompany(reader, { company: companyInput(), allowDuplicate: false, requestId: null }))).toMatchObject({ code: "PERMISSION_DENIED" });
    expect(await rejection(crm.listCompanies(planner(["planning.read"]), { pageSize: 1, pageToken: "", query: "", role: undefined, tag: "" }))).toMatchObject({ code: "PERMISSION_DENIED" });
  });
});

describe("contacts", () => {
  it("many per company; same name at the company or same email anywhere is a duplicate", async () => {
    const c = await company();
    const other = await company();
    const anna = await contact(c.id, { name: "Anna Berg", email: "anna@berg.example", role: "Production manager" });
    await contact(c.id, { name: "Ben Ode" });
    expect((await crm.getCompany(sales, c.id)).contacts.map((x) => x.name)).toEqual(["Anna Berg", "Ben Ode"]);
    const sameName = await crm.createContact(sales, { companyId: c.id, contact: contactInput({ name: "anna berg" }), allowDuplicate: false, requestId: null });
    expect(sameName.duplicates.map((x) => x.id)).toEqual([anna.id]);
    // The same name at another company is another person.
    expect((await crm.createContact(sales, { companyId: other.id, contact: contactInput({ name: "Anna Berg" }), allowDuplicate: false, requestId: null })).created).toBeDefined();
    const sameEmail = await crm.createContact(sales, { companyId: other.id, contact: contactInput({ email: "ANNA@berg.example" }), allowDuplicate: false, requestId: null });
    expect(sameEmail.duplicates.map((x) => x.id)).toEqual([anna.id]);
    expect(await rejection(crm.createContact(sales, { companyId: randomUUID(), contact: contactInput(), allowDuplicate: false, requestId: null }))).toMatchObject({ code: "COMPANY_NOT_FOUND" });
  });

  it("updates with the version", async () => {
    const c = await company();
    const p = await contact(c.id);
    expect(await crm.updateContact(sales, { contactId: p.id, version: 1, contact: contactInput({ name: "Renamed", phone: "+49 30 1234" }) })).toMatchObject({ name: "Renamed", version: 2 });
    expect(await rejection(crm.updateContact(sales, { contactId: p.id, version: 1, contact: contactInput() }))).toMatchObject({ code: "STALE_VERSION" });
  });
});

describe("search", () => {
  it("finds companies and contacts by words, prefixes, emails and with typos", async () => {
    const c = await company({ name: "Brightlight Veranstaltungstechnik", email: "hello@brightlight.example", tags: ["lighting"] });
    const p = await contact(c.id, { name: "Konstantin Wasserberg", email: "k.wasser@brightlight.example" });
    const ids = async (query: string) => (await crm.search(sales, { query, limit: 10 })).map((h) => `${h.kind}:${h.id}`);
    expect(await ids("brightlight")).toEqual(expect.arrayContaining([`COMPANY:${c.id}`]));
    expect(await ids("Bright")).toContain(`COMPANY:${c.id}`);
    expect(await ids("brihgtlight")).toContain(`COMPANY:${c.id}`);
    expect(await ids("konstantin")).toContain(`CONTACT:${p.id}`);
    expect(await ids("Wasserbreg")).toContain(`CONTACT:${p.id}`);
    expect(await ids("lighting")).toContain(`COMPANY:${c.id}`);
    expect(await ids("k.wasser@brightlight.example")).toContain(`CONTACT:${p.id}`);
    const hit = (await crm.search(sales, { query: "Konstantin Wasserberg", limit: 5 }))[0];
    expect(hit).toMatchObject({ kind: "CONTACT", id: p.id, companyId: c.id });
    expect(await crm.search(sales, { query: "   ", limit: 5 })).toEqual([]);
  });
});

describe("activities and tasks", () => {
  it("a contact's and a deal's activities are on the company's timeline, newest first", async () => {
    const c = await company();
    const p = await contact(c.id);
    const deal = await crm.createDeal(sales, { deal: dealInput(c.id), stageId: null, requestId: null });
    await crm.addActivity(sales, { activity: { kind: "CALL", companyId: null, contactId: p.id, dealId: null, subject: "Intro call", body: "", occurredAt: at(-5), dueAt: null, ownerUserId: null }, requestId: null });
    await crm.addActivity(sales, { activity: { kind: "NOTE", companyId: c.id, contactId: null, dealId: null, subject: "Likes LED walls", body: "", occurredAt: at(-4), dueAt: null, ownerUserId: null }, requestId: null });
    await crm.addActivity(sales, { activity: { kind: "MEETING", companyId: null, contactId: null, dealId: deal.id, subject: "Site visit", body: "", occurredAt: at(-3), dueAt: null, ownerUserId: null }, requestId: null });
    const timeline = await crm.listActivities(sales, { pageSize: 50, pageToken: "", companyId: c.id, contactId: undefined, dealId: undefined });
    expect(timeline.items.map((a) => a.subject)).toEqual(["Site visit", "Likes LED walls", "Intro call"]);
    expect(timeline.items[2]).toMatchObject({ companyId: c.id, contactId: p.id, contactName: p.name });
    const page1 = await crm.listActivities(sales, { pageSize: 2, pageToken: "", companyId: c.id, contactId: undefined, dealId: undefined });
    const page2 = await crm.listActivities(sales, { pageSize: 2, pageToken: page1.nextPageToken, companyId: c.id, contactId: undefined, dealId: undefined });
    expect(page2.items.map((a) => a.subject)).toEqual(["Intro call"]);
    const other = await company();
    expect(await rejection(crm.addActivity(sales, { activity: { kind: "NOTE", companyId: other.id, contactId: p.id, dealId: null, subject: "x", body: "", occurredAt: null, dueAt: null, ownerUserId: null }, requestId: null }))).toMatchObject({
      code: "CONTACT_NOT_OF_COMPANY",
    });
  });

  it("tasks have a due date, are listed while open, earliest first, and can be completed", async () => {
    const owner = await salesUser(database.db);
    const c = await company();
    const task = (subject: string, dueAt: Date) =>
      crm.addActivity(owner, { activity: { kind: "TASK", companyId: c.id, contactId: null, dealId: null, subject, body: "", occurredAt: null, dueAt, ownerUserId: null }, requestId: null });
    const later = await task("Send offer", at(3));
    const sooner = await task("Call back", at(1));
    expect(sooner.ownerUserId).toBe(owner.principal.userId);
    const mine = await crm.listTasks(owner, { pageSize: 50, pageToken: "", dueBefore: undefined, ownerUserId: owner.principal.userId });
    expect(mine.items.map((t) => t.id)).toEqual([sooner.id, later.id]);
    const dueSoon = await crm.listTasks(owner, { pageSize: 50, pageToken: "", dueBefore: at(2), ownerUserId: owner.principal.userId });
    expect(dueSoon.items.map((t) => t.id)).toEqual([sooner.id]);
    const done = await crm.completeTask(owner, { activityId: sooner.id, done: true });
    expect(done.doneAt).toEqual(clock.now);
    expect((await crm.completeTask(owner, { activityId: sooner.id, done: true })).doneAt).toEqual(clock.now);
    expect((await crm.listTasks(owner, { pageSize: 50, pageToken: "", dueBefore: undefined, ownerUserId: owner.principal.userId })).items.map((t) => t.id)).toEqual([later.id]);
    const note = await crm.addActivity(owner, { activity: { kind: "NOTE", companyId: c.id, contactId: null, dealId: null, subject: "n", body: "", occurredAt: null, dueAt: null, ownerUserId: null }, requestId: null });
    expect(await rejection(crm.completeTask(owner, { activityId: note.id, done: true }))).toMatchObject({ code: "NOT_A_TASK" });
    expect(await rejection(crm.addActivity(owner, { activity: { kind: "TASK", companyId: c.id, contactId: null, dealId: null, subject: "t", body: "", occurredAt: null, dueAt: null, ownerUserId: null }, requestId: null }))).toMatchObject({
      code: "TASK_NEEDS_DUE_DATE",
    });
  });

  it("a retried add with the same request id adds once", async () => {
    const c = await company();
    const requestId = randomUUID();
    const input = { kind: "NOTE" as const, companyId: c.id, contactId: null, dealId: null, subject: "once", body: "", occurredAt: null, dueAt: null, ownerUserId: null };
    const a = await crm.addActivity(sales, { activity: input, requestId });
    const b = await crm.addActivity(sales, { activity: input, requestId });
    expect(b.id).toBe(a.id);
    expect((await crm.listActivities(sales, { pageSize: 50, pageToken: "", companyId: c.id, contactId: undefined, dealId: undefined })).items).toHaveLength(1);
  });
});

describe("pipeline", () => {
  it("has the default stages in order", () => {
    expect(stages.map((s) => [s.name, s.winProbability, s.kind])).toEqual([
      ["Lead", 10, "OPEN"],
      ["Qualified", 25, "OPEN"],
      ["Proposal", 50, "OPEN"],
      ["Negotiation", 75, "OPEN"],
      ["Won", 100, "WON"],
      ["Lost", 0, "LOST"],
    ]);
  });

  it("is configurable: add, rename, reorder, delete an unused open stage", async () => {
    const s = await crm.createStage(sales, { name: "Site visit", position: 35, winProbability: 60 });
    expect((await crm.listStages(sales)).map((x) => x.name)).toEqual(["Lead", "Qualified", "Proposal", "Site visit", "Negotiation", "Won", "Lost"]);
    expect(await rejection(crm.createStage(sales, { name: "site VISIT", position: 1, winProbability: 1 }))).toMatchObject({ code: "STAGE_NAME_TAKEN" });
    const moved = await crm.updateStage(sales, { stageId: s.id, version: 1, name: "Tech visit", position: 15, winProbability: 20 });
    expect(moved).toMatchObject({ name: "Tech visit", position: 15, winProbability: 20, version: 2 });
    // The won stage stays at 100 %.
    const won = stageNamed("Won");
    expect((await crm.updateStage(sales, { stageId: won.id, version: won.version, name: "Won", position: won.position, winProbability: 50 })).winProbability).toBe(100);
    expect(await rejection(crm.deleteStage(sales, won.id))).toMatchObject({ code: "STAGE_NOT_DELETABLE" });
    const c = await company();
    const deal = await crm.createDeal(sales, { deal: dealInput(c.id), stageId: s.id, requestId: null });
    expect(await rejection(crm.deleteStage(sales, s.id))).toMatchObject({ code: "STAGE_IN_USE" });
    await crm.moveDeal(sales, { dealId: deal.id, version: deal.version, stageId: stageNamed("Lead").id, lostReason: "" });
    await crm.deleteStage(sales, s.id);
    expect((await crm.listStages(sales)).map((x) => x.name)).not.toContain("Tech visit");
    stages = await crm.listStages(sales);
  });

  it("the database keeps one won and one lost stage", async () => {
    await expect(database.db.insertInto("pipelineStage").values({ name: "Won again", position: 99, winProbability: 100, kind: "WON" }).execute()).rejects.toThrow(/unique|duplicate/i);
  });
});

describe("deals", () => {
  it("start in the first open stage with value, currency, close date and owner", async () => {
    const owner = await newUser(database.db, "Olga Owner");
    const c = await company();
    const p = await contact(c.id);
    const deal = await crm.createDeal(sales, { deal: dealInput(c.id, { contactId: p.id, expectedCloseDate: "2031-03-31", ownerUserId: owner, value: { amountMinor: 990n, currency: "JPY" } }), stageId: null, requestId: null });
    expect(deal).toMatchObject({
      stageId: stageNamed("Lead").id,
      stageKind: "OPEN",
      companyName: c.name,
      contactName: p.name,
      expectedCloseDate: "2031-03-31",
      ownerName: "Olga Owner",
      value: { amountMinor: 990n, currency: "JPY" },
      closedAt: null,
    });
    expect(deal.number).toMatch(/^D-\d{4,}$/);
  });

  it("refuses unknown currencies, negative values, impossible dates and contacts of other companies", async () => {
    const c = await company();
    const other = await company();
    const stranger = await contact(other.id);
    const create = (o: Parameters<typeof dealInput>[1]) => crm.createDeal(sales, { deal: dealInput(c.id, o), stageId: null, requestId: null });
    expect(await rejection(create({ value: { amountMinor: 1n, currency: "XYZ" } }))).toMatchObject({ code: "UNKNOWN_CURRENCY" });
    expect(await rejection(create({ value: { amountMinor: -5n, currency: "EUR" } }))).toMatchObject({ code: "INVALID_VALUE" });
    expect(await rejection(create({ expectedCloseDate: "2031-02-30" }))).toMatchObject({ code: "INVALID_DATE" });
    expect(await rejection(create({ contactId: stranger.id }))).toMatchObject({ code: "CONTACT_NOT_OF_COMPANY" });
    expect(await rejection(create({ ownerUserId: randomUUID() }))).toMatchObject({ code: "OWNER_NOT_FOUND" });
    expect(await rejection(crm.createDeal(sales, { deal: dealInput(randomUUID()), stageId: null, requestId: null }))).toMatchObject({ code: "COMPANY_NOT_FOUND" });
    // The database refuses a contact of another company too.
    const deal = await create({});
    await expect(database.db.updateTable("deal").set({ contactId: stranger.id }).where("id", "=", deal.id).execute()).rejects.toThrow(/foreign key/i);
  });

  it("moves between stages, every move logged; lost needs a reason; won and lost close it", async () => {
    const c = await company();
    let deal = await crm.createDeal(sales, { deal: dealInput(c.id), stageId: null, requestId: null });
    deal = await crm.moveDeal(sales, { dealId: deal.id, version: deal.version, stageId: stageNamed("Proposal").id, lostReason: "" });
    expect(await rejection(crm.moveDeal(sales, { dealId: deal.id, version: deal.version, stageId: stageNamed("Lost").id, lostReason: "" }))).toMatchObject({ code: "LOST_REASON_REQUIRED" });
    clock.now = at(-29);
    deal = await crm.moveDeal(sales, { dealId: deal.id, version: deal.version, stageId: stageNamed("Lost").id, lostReason: "Budget cut" });
    expect(deal).toMatchObject({ stageKind: "LOST", lostReason: "Budget cut", closedAt: at(-29) });
    deal = await crm.moveDeal(sales, { dealId: deal.id, version: deal.version, stageId: stageNamed("Negotiation").id, lostReason: "" });
    expect(deal).toMatchObject({ stageKind: "OPEN", lostReason: "", closedAt: null });
    deal = await crm.moveDeal(sales, { dealId: deal.id, version: deal.version, stageId: stageNamed("Won").id, lostReason: "" });
    expect(deal).toMatchObject({ stageKind: "WON", closedAt: at(-29) });
    // A retried move to the stage it is in changes and logs nothing, even with the old version.
    expect((await crm.moveDeal(sales, { dealId: deal.id, version: deal.version - 1, stageId: stageNamed("Won").id, lostReason: "" })).version).toBe(deal.version);
    expect(await rejection(crm.moveDeal(sales, { dealId: deal.id, version: deal.version - 1, stageId: stageNamed("Lead").id, lostReason: "" }))).toMatchObject({ code: "STALE_VERSION" });
    const { stageChanges } = await crm.getDeal(sales, deal.id);
    expect(stageChanges.map((s) => [s.fromStageName, s.toStageName, s.lostReason, s.actorUserId])).toEqual([
      ["", "Lead", "", sales.principal.userId],
      ["Lead", "Proposal", "", sales.principal.userId],
      ["Proposal", "Lost", "Budget cut", sales.principal.userId],
      ["Lost", "Negotiation", "", sales.principal.userId],
      ["Negotiation", "Won", "", sales.principal.userId],
    ]);
    clock.now = at(-30);
  });

  it("the stage log is append-only", async () => {
    const c = await company();
    const deal = await crm.createDeal(sales, { deal: dealInput(c.id), stageId: null, requestId: null });
    await expect(database.db.updateTable("dealStageChange").set({ lostReason: "x" }).where("dealId", "=", deal.id).execute()).rejects.toThrow(/append-only/);
  });

  it("lists by stage and company, newest change first, in pages", async () => {
    const c = await company();
    const a = await crm.createDeal(sales, { deal: dealInput(c.id, { title: "Alpha" }), stageId: null, requestId: null });
    clock.now = at(-29);
    const b = await crm.createDeal(sales, { deal: dealInput(c.id, { title: "Beta" }), stageId: stageNamed("Proposal").id, requestId: null });
    clock.now = at(-30);
    const all = await crm.listDeals(sales, { pageSize: 1, pageToken: "", stageId: undefined, companyId: c.id, ownerUserId: undefined, query: "" });
    const next = await crm.listDeals(sales, { pageSize: 1, pageToken: all.nextPageToken, stageId: undefined, companyId: c.id, ownerUserId: undefined, query: "" });
    expect([...all.items, ...next.items].map((d) => d.id)).toEqual([b.id, a.id]);
    const inProposal = await crm.listDeals(sales, { pageSize: 50, pageToken: "", stageId: stageNamed("Proposal").id, companyId: c.id, ownerUserId: undefined, query: "" });
    expect(inProposal.items.map((d) => d.id)).toEqual([b.id]);
  });

  it("a retried create with the same request id creates one deal", async () => {
    const c = await company();
    const requestId = randomUUID();
    const a = await crm.createDeal(sales, { deal: dealInput(c.id), stageId: null, requestId });
    const b = await crm.createDeal(sales, { deal: dealInput(c.id), stageId: null, requestId });
    expect(b.id).toBe(a.id);
  });
});

describe("creating the event from a deal", () => {
  it("creates an enquiry for the deal's company and contact and links both; asking again returns it", async () => {
    const c = await company({ name: "Festival Org" });
    const p = await contact(c.id, { name: "Mia Lang" });
    const deal = await crm.createDeal(sales, { deal: dealInput(c.id, { title: "Summer festival", contactId: p.id }), stageId: null, requestId: null });
    const { deal: linked, event } = await crm.createEventFromDeal(sales, { dealId: deal.id, event: eventInput(10, 12, { name: "Summer festival" }) });
    expect(event).toMatchObject({ name: "Summer festival", status: "ENQUIRY", clientId: c.id, clientName: "Festival Org", contactId: p.id, contactName: "Mia Lang" });
    expect(linked).toMatchObject({ eventId: event.id, eventNumber: event.number });
    const again = await crm.createEventFromDeal(sales, { dealId: deal.id, event: eventInput(20, 22) });
    expect(again.event.id).toBe(event.id);
    expect((await planning.events.listEventHistory(sales, event.id)).map((h) => h.action)).toEqual(["created"]);
  });

  it("follows the planning rules and needs planning.manage; a lost deal gets none", async () => {
    const c = await company();
    const deal = await crm.createDeal(sales, { deal: dealInput(c.id), stageId: null, requestId: null });
    expect(await rejection(crm.createEventFromDeal(sales, { dealId: deal.id, event: eventInput(10, 12, { timeZone: "Mars/Olympus" }) }))).toMatchObject({ code: "INVALID_TIME_ZONE" });
    expect(await rejection(crm.createEventFromDeal(planner(["crm.read", "crm.manage"]), { dealId: deal.id, event: eventInput(10, 12) }))).toMatchObject({ code: "PERMISSION_DENIED" });
    // Nothing half-written: the deal still has no event.
    expect((await crm.getDeal(sales, deal.id)).deal.eventId).toBeNull();
    const lost = await crm.moveDeal(sales, { dealId: deal.id, version: deal.version, stageId: stageNamed("Lost").id, lostReason: "Date moved" });
    expect(await rejection(crm.createEventFromDeal(sales, { dealId: lost.id, event: eventInput(10, 12) }))).toMatchObject({ code: "DEAL_LOST" });
  });
});

describe("events reference CRM contacts", () => {
  it("an event's contact is a contact of its client", async () => {
    const c = await company();
    const other = await company();
    const p = await contact(c.id, { name: "Noah Client" });
    const stranger = await contact(other.id);
    const event = await planning.events.createEvent(sales, eventInput(30, 31, { clientId: c.id, contactId: p.id, contactName: "ignored" }), undefined);
    expect(event).toMatchObject({ contactId: p.id, contactName: "Noah Client" });
    expect(await rejection(planning.events.createEvent(sales, eventInput(30, 31, { clientId: c.id, contactId: stranger.id }), undefined))).toMatchObject({ code: "CONTACT_NOT_OF_CLIENT" });
    expect(await rejection(planning.events.createEvent(sales, eventInput(30, 31, { clientId: c.id, contactId: randomUUID() }), undefined))).toMatchObject({ code: "CONTACT_NOT_FOUND" });
    await expect(database.db.updateTable("event").set({ contactId: stranger.id }).where("id", "=", event.id).execute()).rejects.toThrow(/foreign key/i);
    // Renaming the contact renames it on the event: one table.
    await crm.updateContact(sales, { contactId: p.id, version: 1, contact: contactInput({ name: "Noah C. Client" }) });
    expect((await planning.events.getEvent(sales, event.id)).contactName).toBe("Noah C. Client");
    const copy = await planning.events.copyEvent(sales, { eventId: event.id, start: at(40), name: "" });
    expect(copy).toMatchObject({ contactId: p.id, contactName: "Noah C. Client" });
  });
});

// On PGlite under both engines: the test migrates its own database in two steps.
describe("migration 0018", () => {
  // Migrates a whole embedded database twice: slow on a busy machine.
  it("turns the free-text contacts of events with a client into contacts of that client", { timeout: 180_000 }, async () => {
    const before = mkdtempSync(join(tmpdir(), "eventkit-migrations-"));
    for (const file of readdirSync(migrationsDir).filter((f) => f < "0018")) cpSync(join(migrationsDir, file), join(before, file));
    const handle = pgliteHandle(await openPglite(undefined));
    try {
      await migrate(handle.pool, before);
      const client = (await handle.pool.query<{ id: string }>("INSERT INTO client (name) VALUES ('Old Client') RETURNING id")).rows[0]?.id;
      const insert = (name: string, clientId: string | null, contact: string) =>
        handle.pool.query("INSERT INTO event (number, name, client_id, contact_name, out_period) VALUES ($1, $1, $2, $3, tstzrange('2031-01-01', '2031-01-02', '[)'))", [name, clientId, contact]);
      await insert("EV-1", client ?? null, "Jo Planner");
      await insert("EV-2", client ?? null, " Jo Planner ");
      await insert("EV-3", null, "Walk-in");
      await migrate(handle.pool);
      const { rows } = await handle.pool.query<{ number: string; contact_name: string; name: string | null; company_id: string | null }>(
        "SELECT e.number, e.contact_name, c.name, c.company_id FROM event e LEFT JOIN contact c ON c.id = e.contact_id ORDER BY e.number",
      );
      expect(rows).toEqual([
        { number: "EV-1", contact_name: "", name: "Jo Planner", company_id: client },
        { number: "EV-2", contact_name: "", name: "Jo Planner", company_id: client },
        { number: "EV-3", contact_name: "Walk-in", name: null, company_id: null },
      ]);
      expect((await handle.pool.query("SELECT 1 FROM contact")).rowCount).toBe(1);
    } finally {
      await handle.close();
    }
  });
});
