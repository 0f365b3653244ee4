// SQL of the CRM's companies (the planning `client` table, renamed in 0018),
// their addresses and contacts, activities, and the search over companies and
// contacts (full-text on the generated `search` columns, trigram on names and emails).
import { sql, type Kysely } from "kysely";
import type { Activity, ActivityInput, Address, Company, CompanyInput, CompanyRole, Contact, ContactInput, CrmHit } from "../domain/crm.js";
import { likePattern } from "./case.store.js";
import type { Database } from "./schema.js";

type Q = Kysely<Database>;

/** Keyset cursor of a list ordered by (a sort key, id). */
export interface After {
  key: string;
  id: string;
}

// Companies

function selectCompanies(db: Q) {
  return db
    .selectFrom("company as c")
    .select([
      "c.id",
      "c.name",
      "c.roles",
      "c.email",
      "c.phone",
      "c.website",
      "c.vatId",
      "c.tags",
      "c.notes",
      "c.version",
      "c.createdAt",
      "c.updatedAt",
      sql<number>`(SELECT count(*)::int FROM contact ct WHERE ct.company_id = c.id)`.as("contactCount"),
    ]);
}

type CompanyRow = Awaited<ReturnType<ReturnType<typeof selectCompanies>["executeTakeFirstOrThrow"]>>;

async function withAddresses(db: Q, rows: readonly CompanyRow[]): Promise<Company[]> {
  if (rows.length === 0) return [];
  const addresses = await db
    .selectFrom("companyAddress")
    .select(["companyId", "kind", "street", "postalCode", "city", "region", "country"])
    .where("companyId", "in", rows.map((r) => r.id))
    .orderBy("companyId")
    .orderBy("position")
    .execute();
  const byCompany = new Map<string, Address[]>();
  for (const { companyId, ...a } of addresses) byCompany.set(companyId, [...(byCompany.get(companyId) ?? []), a]);
  return rows.map((r) => ({ ...r, addresses: byCompany.get(r.id) ?? [] }));
}

export async function findCompany(db: Q, id: string): Promise<Company | undefined> {
  const row = await selectCompanies(db).where("c.id", "=", id).executeTakeFirst();
  return row ? (await withAddresses(db, [row]))[0] : undefined;
}

export async function lockCompany(db: Q, id: string): Promise<{ id: string; version: number } | undefined> {
  return db.selectFrom("company").select(["id", "version"]).where("id", "=", id).forUpdate().executeTakeFirst();
}

export interface CompanyFilter {
  query: string;
  role: CompanyRole | undefined;
  tag: string;
  after: After | undefined;
  limit: number;
}

/** By lower(name), then id. */
export async function listCompanies(db: Q, f: CompanyFilter): Promise<Company[]> {
  let q = selectCompanies(db);
  const text = f.query.trim();
  if (text !== "") q = q.where(sql`lower(c.name)`, "like", likePattern(text));
  if (f.role) q = q.where(sql<boolean>`c.roles @> ARRAY[${f.role}]::text[]`);
  if (f.tag.trim() !== "") q = q.where(sql<boolean>`c.tags @> ARRAY[${f.tag.trim()}]::text[]`);
  if (f.after) q = q.where(sql<boolean>`(lower(c.name), c.id) > (${f.after.key}, ${f.after.id}::uuid)`);
  const rows = await q.orderBy(sql`lower(c.name)`).orderBy("c.id").limit(f.limit).execute();
  return withAddresses(db, rows);
}

/** Companies with this name (case-insensitive) or, when given, this email. */
export async function findSimilarCompanies(db: Q, name: string, email: string): Promise<Company[]> {
  const rows = await selectCompanies(db)
    .where((eb) => {
      const byName = eb(sql`lower(c.name)`, "=", name.toLowerCase());
      return email === "" ? byName : eb.or([byName, eb.and([eb("c.email", "<>", ""), eb(sql`lower(c.email)`, "=", email)])]);
    })
    .orderBy("c.createdAt")
    .limit(10)
    .execute();
  return withAddresses(db, rows);
}

function companyColumns(c: CompanyInput) {
  return { name: c.name, roles: c.roles, email: c.email, phone: c.phone, website: c.website, vatId: c.vatId, tags: c.tags, notes: c.notes };
}

async function replaceAddresses(db: Q, companyId: string, addresses: readonly Address[]): Promise<void> {
  await db.deleteFrom("companyAddress").where("companyId", "=", companyId).execute();
  if (addresses.length === 0) return;
  await db
    .insertInto("companyAddress")
    .values(addresses.map((a, position) => ({ companyId, position, ...a })))
    .execute();
}

/** Undefined when `requestId` was used before (the first company's id is then found by `findCompanyByRequest`). */
export async function insertCompany(db: Q, c: CompanyInput, requestId: string | null, now: Date): Promise<string | undefined> {
  const row = await db
    .insertInto("company")
    .values({ ...companyColumns(c), requestId, createdAt: now, updatedAt: now })
    .onConflict((oc) => oc.column("requestId").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (row) await replaceAddresses(db, row.id, c.addresses);
  return row?.id;
}

export async function findCompanyByRequest(db: Q, requestId: string): Promise<string | undefined> {
  return (await db.selectFrom("company").select("id").where("requestId", "=", requestId).executeTakeFirst())?.id;
}

/** Optimistic update: false when the version moved on or the company is gone. */
export async function updateCompany(db: Q, id: string, version: number, c: CompanyInput, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("company")
    .set({ ...companyColumns(c), version: sql<number>`version + 1`, updatedAt: now })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await replaceAddresses(db, id, c.addresses);
  return true;
}

// Contacts

function selectContacts(db: Q) {
  return db
    .selectFrom("contact as ct")
    .innerJoin("company as c", "c.id", "ct.companyId")
    .select(["ct.id", "ct.companyId", "c.name as companyName", "ct.name", "ct.email", "ct.phone", "ct.role", "ct.tags", "ct.notes", "ct.version", "ct.createdAt", "ct.updatedAt"]);
}

export async function findContact(db: Q, id: string): Promise<Contact | undefined> {
  return selectContacts(db).where("ct.id", "=", id).executeTakeFirst();
}

export interface ContactFilter {
  companyId: string | undefined;
  query: string;
  after: After | undefined;
  limit: number;
}

/** By lower(name), then id. */
export async function listContacts(db: Q, f: ContactFilter): Promise<Contact[]> {
  let q = selectContacts(db);
  if (f.companyId) q = q.where("ct.companyId", "=", f.companyId);
  const text = f.query.trim();
  if (text !== "") {
    const pattern = likePattern(text);
    q = q.where((eb) => eb.or([eb(sql`lower(ct.name)`, "like", pattern), eb(sql`lower(ct.email)`, "like", pattern)]));
  }
  if (f.after) q = q.where(sql<boolean>`(lower(ct.name), ct.id) > (${f.after.key}, ${f.after.id}::uuid)`);
  return q.orderBy(sql`lower(ct.name)`).orderBy("ct.id").limit(f.limit).execute();
}

/** Contacts of this company with this name, or anywhere with this email. */
export async function findSimilarContacts(db: Q, companyId: string, name: string, email: string): Promise<Contact[]> {
  return selectContacts(db)
    .where((eb) => {
      const byName = eb.and([eb("ct.companyId", "=", companyId), eb(sql`lower(ct.name)`, "=", name.toLowerCase())]);
      return email === "" ? byName : eb.or([byName, eb.and([eb("ct.email", "<>", ""), eb(sql`lower(ct.email)`, "=", email)])]);
    })
    .orderBy("ct.createdAt")
    .limit(10)
    .execute();
}

function contactColumns(c: ContactInput) {
  return { name: c.name, email: c.email, phone: c.phone, role: c.role, tags: c.tags, notes: c.notes };
}

export async function insertContact(db: Q, companyId: string, c: ContactInput, requestId: string | null, now: Date): Promise<string | undefined> {
  const row = await db
    .insertInto("contact")
    .values({ ...contactColumns(c), companyId, requestId, createdAt: now, updatedAt: now })
    .onConflict((oc) => oc.column("requestId").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function findContactByRequest(db: Q, requestId: string): Promise<string | undefined> {
  return (await db.selectFrom("contact").select("id").where("requestId", "=", requestId).executeTakeFirst())?.id;
}

export async function updateContact(db: Q, id: string, version: number, c: ContactInput, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("contact")
    .set({ ...contactColumns(c), version: sql<number>`version + 1`, updatedAt: now })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

// Activities

function selectActivities(db: Q) {
  return db
    .selectFrom("activity as a")
    .leftJoin("company as c", "c.id", "a.companyId")
    .leftJoin("contact as ct", "ct.id", "a.contactId")
    .leftJoin("deal as d", "d.id", "a.dealId")
    .select([
      "a.id",
      "a.kind",
      "a.companyId",
      "a.contactId",
      "a.dealId",
      "a.subject",
      "a.body",
      "a.occurredAt",
      "a.dueAt",
      "a.doneAt",
      "a.ownerUserId",
      "a.createdByUserId",
      "a.version",
      sql<string>`coalesce(c.name, '')`.as("companyName"),
      sql<string>`coalesce(ct.name, '')`.as("contactName"),
      sql<string>`coalesce(d.title, '')`.as("dealTitle"),
    ]);
}

export async function findActivity(db: Q, id: string): Promise<Activity | undefined> {
  return selectActivities(db).where("a.id", "=", id).executeTakeFirst();
}

export interface ActivityFilter {
  /** A company's timeline includes its contacts' and deals' activities (filed under the company). */
  companyId: string | undefined;
  contactId: string | undefined;
  dealId: string | undefined;
  /** Continue after (occurred_at as ISO text, id). */
  after: After | undefined;
  limit: number;
}

/** Newest first. */
export async function listActivities(db: Q, f: ActivityFilter): Promise<Activity[]> {
  let q = selectActivities(db);
  if (f.companyId) q = q.where("a.companyId", "=", f.companyId);
  if (f.contactId) q = q.where("a.contactId", "=", f.contactId);
  if (f.dealId) q = q.where("a.dealId", "=", f.dealId);
  if (f.after) q = q.where(sql<boolean>`(a.occurred_at, a.id) < (${f.after.key}::timestamptz, ${f.after.id}::uuid)`);
  return q.orderBy("a.occurredAt", "desc").orderBy("a.id", "desc").limit(f.limit).execute();
}

export interface TaskFilter {
  dueBefore: Date | undefined;
  ownerUserId: string | undefined;
  after: After | undefined;
  limit: number;
}

/** Open tasks, earliest due first (index activity_open_tasks). */
export async function listOpenTasks(db: Q, f: TaskFilter): Promise<Activity[]> {
  let q = selectActivities(db).where("a.kind", "=", "TASK").where("a.doneAt", "is", null);
  if (f.dueBefore) q = q.where("a.dueAt", "<", f.dueBefore);
  if (f.ownerUserId) q = q.where("a.ownerUserId", "=", f.ownerUserId);
  if (f.after) q = q.where(sql<boolean>`(a.due_at, a.id) > (${f.after.key}::timestamptz, ${f.after.id}::uuid)`);
  return q.orderBy("a.dueAt").orderBy("a.id").limit(f.limit).execute();
}

export async function insertActivity(
  db: Q,
  a: ActivityInput & { occurredAt: Date; createdByUserId: string | null; requestId: string | null; now: Date },
): Promise<string | undefined> {
  const row = await db
    .insertInto("activity")
    .values({
      kind: a.kind,
      companyId: a.companyId,
      contactId: a.contactId,
      dealId: a.dealId,
      subject: a.subject,
      body: a.body,
      occurredAt: a.occurredAt,
      dueAt: a.dueAt,
      ownerUserId: a.ownerUserId,
      createdByUserId: a.createdByUserId,
      requestId: a.requestId,
      createdAt: a.now,
    })
    .onConflict((oc) => oc.column("requestId").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function findActivityByRequest(db: Q, requestId: string): Promise<string | undefined> {
  return (await db.selectFrom("activity").select("id").where("requestId", "=", requestId).executeTakeFirst())?.id;
}

export async function setTaskDone(db: Q, id: string, doneAt: Date | null): Promise<void> {
  await db.updateTable("activity").set({ doneAt, version: sql<number>`version + 1` }).where("id", "=", id).execute();
}

export async function userExists(db: Q, id: string): Promise<boolean> {
  return (await db.selectFrom("appUser").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

// Search

export interface CrmSearchQuery {
  /** Normalised text, for trigram matching. */
  text: string;
  /** to_tsquery('simple', …) text; empty skips full-text. */
  tsQuery: string;
  limit: number;
}

/**
 * Companies and contacts matching by full text (the `search` columns: names,
 * emails, tags, roles) or by trigram similarity of names and emails (typos),
 * best first. Run after `prepareFuzzyMatching`, in the same transaction.
 */
export async function searchCrm(db: Q, q: CrmSearchQuery): Promise<CrmHit[]> {
  const text = sql`${q.text}::text`;
  const ts = q.tsQuery === "" ? sql`NULL::tsquery` : sql`to_tsquery('simple', ${q.tsQuery})`;
  const name = (column: string) => sql.ref(column);
  const score = (nameCol: string, emailCol: string, searchCol: string) =>
    sql`greatest(
      coalesce(ts_rank(${name(searchCol)}, ${ts}, 32), 0) + CASE WHEN ${name(searchCol)} @@ ${ts} THEN 0.5 ELSE 0 END,
      strict_word_similarity(${text}, lower(${name(nameCol)})),
      similarity(lower(${name(emailCol)}), ${text})
    )::float8`;
  const { rows } = await sql<CrmHit>`
    (SELECT 'COMPANY' AS kind, c.id, c.name AS title, array_to_string(c.roles, ', ') || CASE WHEN c.email <> '' THEN ' · ' || c.email ELSE '' END AS subtitle,
        c.id AS "companyId", ${score("c.name", "c.email", "c.search")} AS score
      FROM company c
      WHERE c.search @@ ${ts} OR lower(c.name) % ${text} OR lower(c.name) %> ${text} OR (c.email <> '' AND lower(c.email) % ${text})
      ORDER BY score DESC, lower(c.name) LIMIT ${q.limit})
    UNION ALL
    (SELECT 'CONTACT' AS kind, ct.id, ct.name AS title, c.name || CASE WHEN ct.email <> '' THEN ' · ' || ct.email ELSE '' END AS subtitle,
        ct.company_id AS "companyId", ${score("ct.name", "ct.email", "ct.search")} AS score
      FROM contact ct JOIN company c ON c.id = ct.company_id
      WHERE ct.search @@ ${ts} OR lower(ct.name) % ${text} OR lower(ct.name) %> ${text} OR (ct.email <> '' AND lower(ct.email) % ${text})
      ORDER BY score DESC, lower(ct.name) LIMIT ${q.limit})
  `.execute(db);
  return rows;
}

/** A transaction-scoped advisory lock on a key: serializes the duplicate check and insert of one name or email. */
export async function lockKey(db: Q, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(db);
}
