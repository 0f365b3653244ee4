// SQL of file metadata (migration 0014) and the link-signing secret (0015).
import { sql } from "kysely";
import type { FileOwner, FileOwnerKind, StoredFile } from "../domain/files.js";
import type { Db } from "./db.js";

const ownerColumn = { PRODUCT: "productId", ASSET: "assetId", MAINTENANCE_RECORD: "maintenanceRecordId" } as const satisfies Record<FileOwnerKind, string>;

function selectFiles(db: Db) {
  return db
    .selectFrom("inventoryFile")
    .select(["id", "productId", "assetId", "maintenanceRecordId", "storageKey", "fileName", "contentType", "sizeBytes", "sha256", "position", "isPrimary", "uploadedByUserId", "createdAt"]);
}

type FileRow = Awaited<ReturnType<ReturnType<typeof selectFiles>["executeTakeFirstOrThrow"]>>;

function ownerOf(row: FileRow): FileOwner {
  if (row.productId !== null) return { kind: "PRODUCT", id: row.productId };
  if (row.assetId !== null) return { kind: "ASSET", id: row.assetId };
  // The table's check allows exactly one owner.
  return { kind: "MAINTENANCE_RECORD", id: row.maintenanceRecordId ?? "" };
}

function toFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    owner: ownerOf(row),
    storageKey: row.storageKey,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: Number(row.sizeBytes),
    sha256: row.sha256,
    position: row.position,
    primary: row.isPrimary,
    uploadedByUserId: row.uploadedByUserId,
    createdAt: row.createdAt,
  };
}

/** The owner's files in display order. */
export async function listFiles(db: Db, owner: FileOwner): Promise<StoredFile[]> {
  const rows = await selectFiles(db).where(ownerColumn[owner.kind], "=", owner.id).orderBy("position").orderBy("createdAt").execute();
  return rows.map(toFile);
}

export async function findFile(db: Db, id: string): Promise<StoredFile | undefined> {
  const row = await selectFiles(db).where("id", "=", id).executeTakeFirst();
  return row ? toFile(row) : undefined;
}

/** Whether the owner exists, locking it (FOR SHARE) so it cannot be deleted until the transaction ends. */
export async function shareOwner(db: Db, owner: FileOwner): Promise<boolean> {
  const table = { PRODUCT: "product", ASSET: "asset", MAINTENANCE_RECORD: "maintenanceRecord" } as const;
  const row = await db.selectFrom(table[owner.kind]).select("id").where("id", "=", owner.id).forShare().executeTakeFirst();
  return row !== undefined;
}

/**
 * Serializes changes to one owner's files (positions, the primary image):
 * a transaction-scoped advisory lock on the owner's id.
 */
export async function lockOwnerFiles(db: Db, owner: FileOwner): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`inventory_file:${owner.id}`}, 0))`.execute(db);
}

export interface NewFile {
  id: string;
  owner: FileOwner;
  storageKey: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  primary: boolean;
  uploadedByUserId: string | null;
  now: Date;
}

/** Appends the file after the owner's others. */
export async function insertFile(db: Db, f: NewFile): Promise<void> {
  const last = await db
    .selectFrom("inventoryFile")
    .select(sql<number>`coalesce(max(position) + 1, 0)::int`.as("next"))
    .where(ownerColumn[f.owner.kind], "=", f.owner.id)
    .executeTakeFirstOrThrow();
  await db
    .insertInto("inventoryFile")
    .values({
      id: f.id,
      productId: f.owner.kind === "PRODUCT" ? f.owner.id : null,
      assetId: f.owner.kind === "ASSET" ? f.owner.id : null,
      maintenanceRecordId: f.owner.kind === "MAINTENANCE_RECORD" ? f.owner.id : null,
      storageKey: f.storageKey,
      fileName: f.fileName,
      contentType: f.contentType,
      sizeBytes: f.sizeBytes,
      sha256: f.sha256,
      position: last.next,
      isPrimary: f.primary,
      uploadedByUserId: f.uploadedByUserId,
      createdAt: f.now,
    })
    .execute();
}

/** Makes `fileId` the product's only primary image (or none when undefined). Clears first: the unique index allows one at a time. */
export async function setPrimary(db: Db, productId: string, fileId: string | undefined): Promise<void> {
  await db.updateTable("inventoryFile").set({ isPrimary: false }).where("productId", "=", productId).where("isPrimary", "=", true).execute();
  if (fileId !== undefined) await db.updateTable("inventoryFile").set({ isPrimary: true }).where("id", "=", fileId).execute();
}

export async function setPositions(db: Db, positions: ReadonlyMap<string, number>): Promise<void> {
  for (const [id, position] of positions) await db.updateTable("inventoryFile").set({ position }).where("id", "=", id).execute();
}

export async function deleteFile(db: Db, id: string): Promise<void> {
  await db.deleteFrom("inventoryFile").where("id", "=", id).execute();
}

/** Storage keys of every file a product owns (deleted with it). */
export async function productFileKeys(db: Db, productId: string): Promise<string[]> {
  const rows = await db.selectFrom("inventoryFile").select("storageKey").where("productId", "=", productId).execute();
  return rows.map((r) => r.storageKey);
}

/** The primary image of each product that has one. */
export async function primaryImages(db: Db, productIds: readonly string[]): Promise<Map<string, StoredFile>> {
  if (productIds.length === 0) return new Map();
  const rows = await selectFiles(db).where("productId", "in", [...productIds]).where("isPrimary", "=", true).execute();
  return new Map(rows.map((r) => [r.productId ?? "", toFile(r)]));
}

/** The link-signing secret: `candidate` if none is stored yet, else the stored one (first writer wins). */
export async function fileLinkSecret(db: Db, candidate: Buffer): Promise<Buffer> {
  await db.insertInto("fileLinkKey").values({ id: 1, secret: candidate }).onConflict((oc) => oc.column("id").doNothing()).execute();
  const row = await db.selectFrom("fileLinkKey").select("secret").where("id", "=", 1).executeTakeFirstOrThrow();
  return row.secret;
}
