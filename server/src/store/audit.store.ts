// SQL of the append-only security audit log.
import { type Kysely } from "kysely";
import type { AuditEvent } from "../domain/auth.js";
import type { Database } from "./schema.js";

export interface NewAuditEvent {
  action: string;
  actorUserId?: string | undefined;
  actorApiKeyId?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  clientAddress?: string | undefined;
  details?: Record<string, string>;
}

export async function insertAuditEvent(db: Kysely<Database>, event: NewAuditEvent): Promise<void> {
  await db
    .insertInto("auditEvent")
    .values({
      action: event.action,
      actorUserId: event.actorUserId ?? null,
      actorApiKeyId: event.actorApiKeyId ?? null,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      clientAddress: event.clientAddress ?? null,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

export interface AuditFilter {
  actionPrefix: string;
  actorUserId: string;
  /** Continue with events older than this id. */
  beforeId: string | undefined;
  limit: number;
}

export async function listAuditEvents(db: Kysely<Database>, filter: AuditFilter): Promise<AuditEvent[]> {
  let q = db.selectFrom("auditEvent").selectAll();
  if (filter.actionPrefix !== "") q = q.where("action", "like", `${filter.actionPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (filter.actorUserId !== "") q = q.where("actorUserId", "=", filter.actorUserId);
  if (filter.beforeId !== undefined) q = q.where("id", "<", filter.beforeId);
  const rows = await q.orderBy("id", "desc").limit(filter.limit).execute();
  return rows;
}
