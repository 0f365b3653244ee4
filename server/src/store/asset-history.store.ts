// The append-only history of an asset's status, location and case.
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export interface AssetChange {
  assetId: string;
  kind: "CREATED" | "STATUS" | "LOCATION" | "CASE";
  from: string;
  to: string;
  reason: string;
  actorUserId: string | null;
  sourceType: string;
  sourceId: string;
}

export async function insertAssetHistory(db: Kysely<Database>, changes: readonly AssetChange[]): Promise<void> {
  if (changes.length === 0) return;
  await db
    .insertInto("assetHistory")
    .values(
      changes.map((c) => ({
        assetId: c.assetId,
        kind: c.kind,
        fromValue: c.from,
        toValue: c.to,
        reason: c.reason,
        actorUserId: c.actorUserId,
        sourceType: c.sourceType,
        sourceId: c.sourceId,
      })),
    )
    .execute();
}
