// SQL of planning's reference data and bookkeeping: settings, clients, venues,
// projects, and the append-only event history.
import { sql, type Kysely } from "kysely";
import type { Client, EventHistoryEntry, PlanningSettings, Project, Venue, VenueInput } from "../domain/planning.types.js";
import { likePattern } from "./case.store.js";
import type { Database } from "./schema.js";

type Q = Kysely<Database>;

const listLimit = 200;

// Settings

export async function getPlanningSettings(db: Q): Promise<PlanningSettings> {
  return db
    .selectFrom("planningSettings")
    .select(["overbookingPolicy", "eventNumberPrefix", "bufferBeforeMinutes", "bufferAfterMinutes"])
    .executeTakeFirstOrThrow();
}

export async function updatePlanningSettings(db: Q, settings: PlanningSettings): Promise<PlanningSettings> {
  return db
    .updateTable("planningSettings")
    .set(settings)
    .where("singleton", "=", true)
    .returning(["overbookingPolicy", "eventNumberPrefix", "bufferBeforeMinutes", "bufferAfterMinutes"])
    .executeTakeFirstOrThrow();
}

// Clients

export async function listClients(db: Q, query: string): Promise<Client[]> {
  let q = db.selectFrom("company").select(["id", "name"]);
  if (query.trim() !== "") q = q.where(sql`lower(name)`, "like", likePattern(query.trim()));
  return q.orderBy(sql`lower(name)`).orderBy("id").limit(listLimit).execute();
}

export async function insertClient(db: Q, name: string, now: Date): Promise<Client> {
  return db.insertInto("company").values({ name, createdAt: now }).returning(["id", "name"]).executeTakeFirstOrThrow();
}

export async function clientExists(db: Q, id: string): Promise<boolean> {
  return (await db.selectFrom("company").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

/** The company of a CRM contact, or undefined when there is no such contact. */
export async function findContactCompanyId(db: Q, contactId: string): Promise<string | undefined> {
  return (await db.selectFrom("contact").select("companyId").where("id", "=", contactId).executeTakeFirst())?.companyId;
}

// Venues

const venueColumns = ["id", "name", "address", "latitude", "longitude", "accessNotes", "contacts", "version"] as const;

export async function listVenues(db: Q, query: string): Promise<Venue[]> {
  let q = db.selectFrom("venue").select(venueColumns);
  if (query.trim() !== "") q = q.where(sql`lower(name)`, "like", likePattern(query.trim()));
  return q.orderBy(sql`lower(name)`).orderBy("id").limit(listLimit).execute();
}

export async function findVenue(db: Q, id: string): Promise<Venue | undefined> {
  return db.selectFrom("venue").select(venueColumns).where("id", "=", id).executeTakeFirst();
}

export async function insertVenue(db: Q, venue: VenueInput): Promise<Venue> {
  return db.insertInto("venue").values(venue).returning(venueColumns).executeTakeFirstOrThrow();
}

/** Optimistic update: undefined when the version moved on or the venue is gone. */
export async function updateVenue(db: Q, id: string, version: number, venue: VenueInput): Promise<Venue | undefined> {
  return db
    .updateTable("venue")
    .set({ ...venue, version: sql<number>`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .returning(venueColumns)
    .executeTakeFirst();
}

// Projects

const projectColumns = ["id", "name", "description", "version"] as const;

export async function listProjects(db: Q, query: string): Promise<Project[]> {
  let q = db.selectFrom("project").select(projectColumns);
  if (query.trim() !== "") q = q.where(sql`lower(name)`, "like", likePattern(query.trim()));
  return q.orderBy(sql`lower(name)`).orderBy("id").limit(listLimit).execute();
}

export async function findProject(db: Q, id: string): Promise<Project | undefined> {
  return db.selectFrom("project").select(projectColumns).where("id", "=", id).executeTakeFirst();
}

export async function insertProject(db: Q, project: { name: string; description: string }): Promise<Project> {
  return db.insertInto("project").values(project).returning(projectColumns).executeTakeFirstOrThrow();
}

export async function updateProject(db: Q, id: string, version: number, project: { name: string; description: string }): Promise<Project | undefined> {
  return db
    .updateTable("project")
    .set({ ...project, version: sql<number>`version + 1` })
    .where("id", "=", id)
    .where("version", "=", version)
    .returning(projectColumns)
    .executeTakeFirst();
}

// Event history

export async function insertEventHistory(db: Q, entry: { eventId: string; at: Date; actorUserId: string | null; action: string; details: Record<string, string> }): Promise<void> {
  await db
    .insertInto("eventHistory")
    .values({ eventId: entry.eventId, at: entry.at, actorUserId: entry.actorUserId, action: entry.action, details: JSON.stringify(entry.details) })
    .execute();
}

/** Newest first. */
export async function listEventHistory(db: Q, eventId: string): Promise<EventHistoryEntry[]> {
  const rows = await db
    .selectFrom("eventHistory")
    .select(["at", "actorUserId", "action", "details"])
    .where("eventId", "=", eventId)
    .orderBy("id", "desc")
    .execute();
  return rows;
}
