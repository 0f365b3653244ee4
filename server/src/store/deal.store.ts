// SQL of the deal pipeline: configurable stages, deals (value in minor units
// and currency, link to the event created from them) and the append-only
// stage-change log.
import { sql, type Kysely } from "kysely";
import type { Deal, DealInput, DealStageChange, PipelineStage } from "../domain/crm.js";
import { likePattern } from "./case.store.js";
import type { After } from "./crm.store.js";
import type { Database } from "./schema.js";

type Q = Kysely<Database>;

// Stages

const stageColumns = ["id", "name", "position", "winProbability", "kind", "version"] as const;

/** The stages on the board, in board order. */
export async function listStages(db: Q): Promise<PipelineStage[]> {
  return db.selectFrom("pipelineStage").select(stageColumns).where("archived", "=", false).orderBy("position").orderBy("id").execute();
}

/** A stage on the board (not removed). */
export async function findStage(db: Q, id: string): Promise<PipelineStage | undefined> {
  return db.selectFrom("pipelineStage").select(stageColumns).where("id", "=", id).where("archived", "=", false).executeTakeFirst();
}

export async function insertStage(db: Q, s: { name: string; position: number; winProbability: number }): Promise<PipelineStage> {
  return db.insertInto("pipelineStage").values({ ...s, kind: "OPEN" }).returning(stageColumns).executeTakeFirstOrThrow();
}

export async function updateStage(db: Q, id: string, version: number, s: { name: string; position: number; winProbability: number }): Promise<PipelineStage | undefined> {
  return db
    .updateTable("pipelineStage")
    .set({ ...s, version: sql<number>`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .returning(stageColumns)
    .executeTakeFirst();
}

/** Takes the stage off the board; the stage-change log keeps referring to it. */
export async function archiveStage(db: Q, id: string): Promise<void> {
  await db.updateTable("pipelineStage").set({ archived: true, version: sql<number>`version + 1` }).where("id", "=", id).execute();
}

export async function countDealsInStage(db: Q, stageId: string): Promise<number> {
  const row = await db.selectFrom("deal").select(sql<number>`count(*)::int`.as("n")).where("stageId", "=", stageId).executeTakeFirstOrThrow();
  return row.n;
}

/** PostgreSQL's unique_violation of pipeline_stage_name_unique. */
export function isDuplicateStageName(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown };
  return e.code === "23505" && e.constraint === "pipeline_stage_name_unique";
}

// Deals

function selectDeals(db: Q) {
  return db
    .selectFrom("deal as d")
    .innerJoin("company as c", "c.id", "d.companyId")
    .innerJoin("pipelineStage as s", "s.id", "d.stageId")
    .leftJoin("contact as ct", "ct.id", "d.contactId")
    .leftJoin("appUser as u", "u.id", "d.ownerUserId")
    .leftJoin("event as e", "e.id", "d.eventId")
    .select([
      "d.id",
      "d.number",
      "d.title",
      "d.companyId",
      "c.name as companyName",
      "d.contactId",
      sql<string>`coalesce(ct.name, '')`.as("contactName"),
      "d.stageId",
      "s.kind as stageKind",
      "d.valueMinor",
      "d.currency",
      sql<string | null>`to_char(d.expected_close_date, 'YYYY-MM-DD')`.as("expectedCloseDate"),
      "d.ownerUserId",
      sql<string>`coalesce(u.display_name, '')`.as("ownerName"),
      "d.lostReason",
      "d.notes",
      "d.eventId",
      sql<string>`coalesce(e.number, '')`.as("eventNumber"),
      "d.closedAt",
      "d.version",
      "d.createdAt",
      "d.updatedAt",
    ]);
}

type DealRow = Awaited<ReturnType<ReturnType<typeof selectDeals>["executeTakeFirstOrThrow"]>>;

function toDeal({ valueMinor, currency, ...row }: DealRow): Deal {
  return { ...row, value: { amountMinor: BigInt(valueMinor), currency } };
}

export async function findDeal(db: Q, id: string): Promise<Deal | undefined> {
  const row = await selectDeals(db).where("d.id", "=", id).executeTakeFirst();
  return row ? toDeal(row) : undefined;
}

/** Locks the deal row: every change of a deal goes through it. */
export async function lockDeal(db: Q, id: string): Promise<Deal | undefined> {
  const row = await selectDeals(db).where("d.id", "=", id).forUpdate("d").executeTakeFirst();
  return row ? toDeal(row) : undefined;
}

export interface DealFilter {
  stageId: string | undefined;
  companyId: string | undefined;
  ownerUserId: string | undefined;
  query: string;
  /** Continue after (updated_at as ISO text, id). */
  after: After | undefined;
  limit: number;
}

/** Most recently changed first. */
export async function listDeals(db: Q, f: DealFilter): Promise<(Deal & { cursorAt: string })[]> {
  let q = selectDeals(db).select(sql<string>`to_char(d.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as("cursorAt"));
  if (f.stageId) q = q.where("d.stageId", "=", f.stageId);
  if (f.companyId) q = q.where("d.companyId", "=", f.companyId);
  if (f.ownerUserId) q = q.where("d.ownerUserId", "=", f.ownerUserId);
  const text = f.query.trim();
  if (text !== "") {
    const pattern = likePattern(text);
    q = q.where((eb) => eb.or([eb(sql`lower(d.title)`, "like", pattern), eb(sql`lower(d.number)`, "like", pattern)]));
  }
  if (f.after) q = q.where(sql<boolean>`(d.updated_at, d.id) < (${f.after.key}::timestamptz, ${f.after.id}::uuid)`);
  const rows = await q.orderBy("d.updatedAt", "desc").orderBy("d.id", "desc").limit(f.limit).execute();
  return rows.map(({ cursorAt, ...r }) => ({ ...toDeal(r), cursorAt }));
}

function dealColumns(d: DealInput) {
  return {
    title: d.title,
    companyId: d.companyId,
    contactId: d.contactId,
    valueMinor: d.value.amountMinor.toString(),
    currency: d.value.currency,
    expectedCloseDate: d.expectedCloseDate,
    ownerUserId: d.ownerUserId,
    notes: d.notes,
  };
}

/** Undefined when `requestId` was used before. */
export async function insertDeal(db: Q, d: DealInput, stage: { stageId: string; closedAt: Date | null }, requestId: string | null, now: Date): Promise<string | undefined> {
  const row = await db
    .insertInto("deal")
    .values({ ...dealColumns(d), ...stage, requestId, createdAt: now, updatedAt: now })
    .onConflict((oc) => oc.column("requestId").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id;
}

export async function findDealByRequest(db: Q, requestId: string): Promise<string | undefined> {
  return (await db.selectFrom("deal").select("id").where("requestId", "=", requestId).executeTakeFirst())?.id;
}

export async function updateDeal(db: Q, id: string, version: number, d: DealInput, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("deal")
    .set({ ...dealColumns(d), version: sql<number>`version + 1`, updatedAt: now })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setDealStage(db: Q, id: string, version: number, s: { stageId: string; lostReason: string; closedAt: Date | null }, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("deal")
    .set({ ...s, version: sql<number>`version + 1`, updatedAt: now })
    .where("id", "=", id)
    .where("version", "=", version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function linkDealEvent(db: Q, id: string, eventId: string, now: Date): Promise<void> {
  await db.updateTable("deal").set({ eventId, version: sql<number>`version + 1`, updatedAt: now }).where("id", "=", id).execute();
}

export async function insertStageChange(db: Q, c: Omit<DealStageChange, "fromStageName" | "toStageName"> & { dealId: string }): Promise<void> {
  await db.insertInto("dealStageChange").values(c).execute();
}

/** Oldest first. */
export async function listStageChanges(db: Q, dealId: string): Promise<DealStageChange[]> {
  return db
    .selectFrom("dealStageChange as c")
    .leftJoin("pipelineStage as f", "f.id", "c.fromStageId")
    .innerJoin("pipelineStage as t", "t.id", "c.toStageId")
    .select(["c.fromStageId", "c.toStageId", "c.at", "c.actorUserId", "c.lostReason", sql<string>`coalesce(f.name, '')`.as("fromStageName"), "t.name as toStageName"])
    .where("c.dealId", "=", dealId)
    .orderBy("c.id")
    .execute();
}
