import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/db.js";
import { pdfBytes, pngBytes } from "../../test/support/files.js";
import { caller, newAsset, newLocation, newMaintenanceRecord, newProduct, rejectionCode, type LocationRow } from "../../test/support/warehouse-factories.js";
import type { FileOwner, LinkedFile } from "../domain/files.js";
import type { DatabaseHandle } from "../store/db.js";
import { LocalFileStorage } from "../store/file-storage.js";
import { CatalogueService } from "./catalogue.service.js";
import { FileService } from "./file.service.js";

let database: DatabaseHandle;
let folder: string;
let storage: LocalFileStorage;
let service: FileService;
let catalogue: CatalogueService;
let site: LocationRow;
const clock = { now: new Date("2026-03-10T12:00:00Z") };
const staff = caller();
const reader = caller(["inventory.read"]);
const cataloguer = caller(["inventory.read", "inventory.manage"]);
const technician = caller(["inventory.read", "maintenance.manage"]);

beforeAll(async () => {
  database = await createTestDatabase();
  folder = await mkdtemp(path.join(tmpdir(), "eventkit-files-db-"));
  storage = new LocalFileStorage(folder);
  const deps = { db: database.db, now: () => clock.now, storage };
  service = new FileService({ ...deps, maxBytes: 1 << 20 });
  catalogue = new CatalogueService(deps);
  site = await newLocation(database.db);
});
afterAll(async () => {
  await database.close();
  await rm(folder, { recursive: true, force: true });
});

async function productOwner(): Promise<FileOwner> {
  return { kind: "PRODUCT", id: (await newProduct(database.db)).id };
}

/** Asks for an upload link and sends the bytes through it, as the HTTP endpoint does. */
async function upload(owner: FileOwner, bytes: Buffer, o: { fileName?: string; contentType?: string; sent?: Buffer } = {}) {
  const granted = await service.createFileUpload(staff, { owner, fileName: o.fileName ?? "photo.png", contentType: o.contentType ?? "image/png", sizeBytes: bytes.length });
  const token = granted.uploadUrl.split("grant=")[1] ?? "";
  return { granted, token, result: await service.receiveUpload(token, Readable.from([o.sent ?? bytes])) };
}

function linkParts(file: LinkedFile): [string, string, string] {
  const url = new URL(file.downloadUrl, "http://eventkit.test");
  return [file.id, url.searchParams.get("expires") ?? "", url.searchParams.get("signature") ?? ""];
}

async function blobNames(kind: string): Promise<string[]> {
  return readdir(path.join(folder, kind)).catch(() => []);
}

describe("uploading", () => {
  it("records name, type, size, sha256 and order; a product's first image becomes primary", async () => {
    const owner = await productOwner();
    const first = (await upload(owner, pngBytes, { fileName: "front.png" })).result;
    expect(first.created).toBe(true);
    expect(first.file).toMatchObject({ owner, fileName: "front.png", contentType: "image/png", sizeBytes: pngBytes.length, position: 0, primary: true, uploadedByUserId: staff.principal.userId });
    expect(first.file.sha256).toMatch(/^[0-9a-f]{64}$/);
    await upload(owner, pngBytes, { fileName: "back.png" });
    await upload(owner, pdfBytes, { fileName: "manual.pdf", contentType: "application/pdf" });
    const listed = await service.listFiles(reader, owner);
    expect(listed.map((f) => [f.fileName, f.position, f.primary])).toEqual([["front.png", 0, true], ["back.png", 1, false], ["manual.pdf", 2, false]]);
    const { blob } = await service.openDownload(...linkParts(listed[2] as LinkedFile));
    const chunks: Buffer[] = [];
    for await (const chunk of blob.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(pdfBytes)).toBe(true);
  });

  it("answers a repeated PUT of the same link with the file already recorded", async () => {
    const owner = await productOwner();
    const { token, result } = await upload(owner, pngBytes);
    const again = await service.receiveUpload(token, Readable.from([pngBytes]));
    expect(again).toMatchObject({ created: false, file: { id: result.file.id } });
    expect(await service.listFiles(reader, owner)).toHaveLength(1);
  });

  it("refuses bytes that are not what was declared, and keeps neither a row nor a blob", async () => {
    const owner = await productOwner();
    const before = await blobNames("product");
    const fake = Buffer.from("<script>alert(1)</script>............");
    expect(await rejectionCode(upload(owner, fake))).toBe("FILE_CONTENT_MISMATCH");
    expect(await rejectionCode(upload(owner, pngBytes, { sent: Buffer.concat([pngBytes, Buffer.from("extra")]) }))).toBe("FILE_SIZE_MISMATCH");
    expect(await rejectionCode(upload(owner, pngBytes, { sent: pngBytes.subarray(0, 40) }))).toBe("FILE_SIZE_MISMATCH");
    expect(await service.listFiles(reader, owner)).toEqual([]);
    expect(await blobNames("product")).toEqual(before);
  });

  it.each([
    [{ contentType: "image/svg+xml" }, "FILE_TYPE_NOT_ALLOWED"],
    [{ sizeBytes: (1 << 20) + 1 }, "FILE_TOO_LARGE"],
    [{ fileName: "/" }, "INVALID_FILE_NAME"],
  ])("refuses %j before any byte is sent (%s)", async (o, reason) => {
    const owner = await productOwner();
    expect(await rejectionCode(service.createFileUpload(staff, { owner, fileName: "a.png", contentType: "image/png", sizeBytes: 10, ...o }))).toBe(reason);
  });

  it("refuses unknown owners", async () => {
    expect(await rejectionCode(service.createFileUpload(staff, { owner: { kind: "PRODUCT", id: randomUUID() }, fileName: "a.png", contentType: "image/png", sizeBytes: 10 }))).toBe("PRODUCT_NOT_FOUND");
    expect(await rejectionCode(service.listFiles(reader, { kind: "ASSET", id: randomUUID() }))).toBe("ASSET_NOT_FOUND");
    expect(await rejectionCode(service.listFiles(reader, { kind: "MAINTENANCE_RECORD", id: randomUUID() }))).toBe("MAINTENANCE_RECORD_NOT_FOUND");
  });

  it("honours a link only unchanged and before it expires", async () => {
    const owner = await productOwner();
    const granted = await service.createFileUpload(staff, { owner, fileName: "a.png", contentType: "image/png", sizeBytes: pngBytes.length });
    const token = granted.uploadUrl.split("grant=")[1] ?? "";
    const [payload, signature] = token.split(".");
    const forged = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? "", "base64url").toString()), sizeBytes: 999 })).toString("base64url")}.${signature ?? ""}`;
    expect(await rejectionCode(service.receiveUpload(forged, Readable.from([pngBytes])))).toBe("FILE_LINK_INVALID");
    expect(await rejectionCode(service.receiveUpload("garbage", Readable.from([pngBytes])))).toBe("FILE_LINK_INVALID");
    const saved = clock.now;
    clock.now = new Date(saved.getTime() + 16 * 60_000);
    try {
      expect(await rejectionCode(service.receiveUpload(token, Readable.from([pngBytes])))).toBe("FILE_LINK_EXPIRED");
    } finally {
      clock.now = saved;
    }
  });
});

describe("downloading", () => {
  it("serves a link until it expires, and only for its own file", async () => {
    const owner = await productOwner();
    const a = (await upload(owner, pngBytes)).result.file;
    const b = (await upload(owner, pngBytes)).result.file;
    const [, expires, signature] = linkParts(a);
    expect((await service.openDownload(a.id, expires, signature)).file.id).toBe(a.id);
    expect(await rejectionCode(service.openDownload(b.id, expires, signature))).toBe("FILE_LINK_INVALID");
    expect(await rejectionCode(service.openDownload(a.id, String(Number(expires) + 3600), signature))).toBe("FILE_LINK_INVALID");
    const saved = clock.now;
    clock.now = new Date(Number(expires) * 1000);
    try {
      expect(await rejectionCode(service.openDownload(a.id, expires, signature))).toBe("FILE_LINK_EXPIRED");
    } finally {
      clock.now = saved;
    }
  });

  it("gives the same link for an hour, so browsers cache it", async () => {
    const owner = await productOwner();
    await upload(owner, pngBytes);
    const first = (await service.listFiles(reader, owner))[0]?.downloadUrl;
    const saved = clock.now;
    clock.now = new Date(saved.getTime() + 10 * 60_000);
    try {
      expect((await service.listFiles(reader, owner))[0]?.downloadUrl).toBe(first);
    } finally {
      clock.now = saved;
    }
  });
});

describe("primary image, order and deletion", () => {
  it("switches the primary image and refuses documents and other owners' images", async () => {
    const owner = await productOwner();
    const front = (await upload(owner, pngBytes)).result.file;
    const back = (await upload(owner, pngBytes)).result.file;
    const manual = (await upload(owner, pdfBytes, { contentType: "application/pdf" })).result.file;
    const switched = await service.setPrimaryFile(cataloguer, back.id);
    expect(switched.filter((f) => f.primary).map((f) => f.id)).toEqual([back.id]);
    expect(switched.find((f) => f.id === front.id)?.primary).toBe(false);
    expect(await rejectionCode(service.setPrimaryFile(cataloguer, manual.id))).toBe("NOT_A_PRODUCT_IMAGE");
    const asset = await newAsset(database.db, { productId: (await newProduct(database.db)).id, locationId: site.id });
    const photo = (await upload({ kind: "ASSET", id: asset.id }, pngBytes)).result.file;
    expect(photo.primary).toBe(false);
    expect(await rejectionCode(service.setPrimaryFile(cataloguer, photo.id))).toBe("NOT_A_PRODUCT_IMAGE");
    expect(await rejectionCode(service.setPrimaryFile(cataloguer, randomUUID()))).toBe("FILE_NOT_FOUND");
  });

  it("reorders an owner's files", async () => {
    const owner = await productOwner();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await upload(owner, pngBytes, { fileName: `${i}.png` })).result.file.id);
    const [a, b, c] = ids as [string, string, string];
    const reordered = await service.reorderFiles(cataloguer, owner, [c, a, b]);
    expect(reordered.map((f) => f.id)).toEqual([c, a, b]);
    expect(await rejectionCode(service.reorderFiles(cataloguer, owner, [c, a]))).toBe("INVALID_FILE_ORDER");
  });

  it("deletes the row and the blob, and hands the primary role to the next image", async () => {
    const owner = await productOwner();
    const front = (await upload(owner, pngBytes)).result.file;
    await upload(owner, pdfBytes, { contentType: "application/pdf" });
    const back = (await upload(owner, pngBytes)).result.file;
    expect(await blobNames("product")).toContain(front.id);
    await service.deleteFile(cataloguer, front.id);
    expect(await blobNames("product")).not.toContain(front.id);
    const left = await service.listFiles(reader, owner);
    expect(left.filter((f) => f.primary).map((f) => f.id)).toEqual([back.id]);
    expect(await rejectionCode(service.deleteFile(cataloguer, front.id))).toBe("FILE_NOT_FOUND");
  });

  it("removes a deleted product's files, rows and blobs", async () => {
    const owner = await productOwner();
    const image = (await upload(owner, pngBytes)).result.file;
    await catalogue.deleteProduct(cataloguer, owner.id);
    expect(await blobNames("product")).not.toContain(image.id);
    expect(await database.db.selectFrom("inventoryFile").select("id").where("id", "=", image.id).execute()).toEqual([]);
  });

  it("shows the primary image in product lists", async () => {
    const owner = await productOwner();
    const image = (await upload(owner, pngBytes)).result.file;
    const { product } = await catalogue.getProduct(reader, owner.id);
    expect(product.primaryImageUrl).toBe(image.downloadUrl);
    const plain = await newProduct(database.db);
    expect((await catalogue.getProduct(reader, plain.id)).product.primaryImageUrl).toBe("");
  });
});

describe("permissions", () => {
  it("lets readers list but not change; maintenance attachments need maintenance.manage", async () => {
    const owner = await productOwner();
    const file = (await upload(owner, pngBytes)).result.file;
    expect(await service.listFiles(reader, owner)).toHaveLength(1);
    const request = { owner, fileName: "a.png", contentType: "image/png", sizeBytes: 10 };
    expect(await rejectionCode(service.createFileUpload(reader, request))).toBe("PERMISSION_DENIED");
    expect(await rejectionCode(service.setPrimaryFile(reader, file.id))).toBe("PERMISSION_DENIED");
    expect(await rejectionCode(service.deleteFile(reader, file.id))).toBe("PERMISSION_DENIED");
    expect(await rejectionCode(service.reorderFiles(reader, owner, [file.id]))).toBe("PERMISSION_DENIED");
    expect(await rejectionCode(service.createFileUpload(technician, request))).toBe("PERMISSION_DENIED");

    const asset = await newAsset(database.db, { productId: (await newProduct(database.db)).id, locationId: site.id });
    const record: FileOwner = { kind: "MAINTENANCE_RECORD", id: await newMaintenanceRecord(database.db, { assetId: asset.id, kind: "REPAIR" }) };
    const attachment = { owner: record, fileName: "quote.pdf", contentType: "application/pdf", sizeBytes: pdfBytes.length };
    expect(await rejectionCode(service.createFileUpload(cataloguer, attachment))).toBe("PERMISSION_DENIED");
    const granted = await service.createFileUpload(technician, attachment);
    const stored = await service.receiveUpload(granted.uploadUrl.split("grant=")[1] ?? "", Readable.from([pdfBytes]));
    expect(stored.file.owner).toEqual(record);
    expect(await rejectionCode(service.deleteFile(cataloguer, stored.file.id))).toBe("PERMISSION_DENIED");
    await service.deleteFile(technician, stored.file.id);
  });
});

describe("the database", () => {
  it("allows at most one primary image per product", async () => {
    const owner = await productOwner();
    const a = (await upload(owner, pngBytes)).result.file;
    const b = (await upload(owner, pngBytes)).result.file;
    expect(a.primary).toBe(true);
    const error = await database.db.updateTable("inventoryFile").set({ isPrimary: true }).where("id", "=", b.id).execute().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "23505", constraint: "inventory_file_one_primary" });
  });

  it("allows a primary only on a product's image, and exactly one owner", async () => {
    const owner = await productOwner();
    const manual = (await upload(owner, pdfBytes, { contentType: "application/pdf" })).result.file;
    const primaryPdf = await database.db.updateTable("inventoryFile").set({ isPrimary: true }).where("id", "=", manual.id).execute().catch((e: unknown) => e);
    expect(primaryPdf).toMatchObject({ code: "23514", constraint: "inventory_file_primary_is_product_image" });
    const asset = await newAsset(database.db, { productId: owner.id, locationId: site.id });
    const twoOwners = await database.db.updateTable("inventoryFile").set({ assetId: asset.id }).where("id", "=", manual.id).execute().catch((e: unknown) => e);
    expect(twoOwners).toMatchObject({ code: "23514", constraint: "inventory_file_one_owner" });
  });
});
