// Test data for the search slice, inserted directly (no other slice's service):
// newProduct({...overrides}) and friends. Codes are unique per call unless given.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { labelPlacement, type LabelLayout } from "../../src/domain/labels.js";
import type { CallContext } from "../../src/service/auth.service.js";
import type { Db } from "../../src/store/db.js";

let sequence = 0;
function next(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

export function caller(permissions: readonly string[] = ["inventory.read"]): CallContext {
  return { principal: { userId: randomUUID(), apiKeyId: undefined, permissions: new Set(permissions) }, clientAddress: "test" };
}

export async function newCategory(db: Db, overrides: { name?: string; parentId?: string | null } = {}): Promise<string> {
  const row = await db
    .insertInto("category")
    .values({ name: overrides.name ?? next("Category"), parentId: overrides.parentId ?? null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A warehouse (its own warehouse). */
export async function newLocation(db: Db, overrides: { name?: string; code?: string } = {}): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto("location")
    .values({ id, name: overrides.name ?? next("Warehouse"), code: overrides.code ?? next("WH"), kind: "WAREHOUSE", parentId: null, warehouseId: id })
    .execute();
  return id;
}

export interface ProductOverrides {
  code?: string;
  name?: string;
  description?: string;
  categoryId?: string | null;
  tracking?: "SERIALIZED" | "BULK" | "CONSUMABLE";
  tags?: string[];
  archived?: boolean;
  dayRateMinor?: number;
  customFields?: Record<string, string>;
}

export async function newProduct(db: Db, overrides: ProductOverrides = {}): Promise<string> {
  const row = await db
    .insertInto("product")
    .values({
      code: overrides.code ?? next("P"),
      name: overrides.name ?? next("Product"),
      description: overrides.description ?? "",
      categoryId: overrides.categoryId ?? null,
      tracking: overrides.tracking ?? "SERIALIZED",
      dayRateMinor: overrides.dayRateMinor ?? 0,
      replacementMinor: 0,
      tags: overrides.tags ?? [],
      customFields: JSON.stringify(overrides.customFields ?? {}),
      archived: overrides.archived ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function newAccessory(db: Db, productId: string, accessoryProductId: string, quantity = 1, charged = false): Promise<void> {
  await db.insertInto("productAccessory").values({ productId, accessoryProductId, quantity, charged }).execute();
}

export async function newStockLevel(db: Db, productId: string, locationId: string, quantity: number): Promise<void> {
  await db.insertInto("stockLevel").values({ productId, locationId, quantity }).execute();
}

export interface AssetOverrides {
  tag?: string;
  serialNumber?: string;
  status?: "AVAILABLE" | "CHECKED_OUT" | "IN_MAINTENANCE" | "DAMAGED" | "LOST" | "RETIRED";
  caseId?: string | null;
  purchaseDate?: string | null;
  purchaseCostMinor?: number;
}

export async function newAsset(db: Db, productId: string, locationId: string, overrides: AssetOverrides = {}): Promise<string> {
  const row = await db
    .insertInto("asset")
    .values({
      productId,
      locationId,
      tag: overrides.tag ?? next("T"),
      serialNumber: overrides.serialNumber ?? "",
      status: overrides.status ?? "AVAILABLE",
      caseId: overrides.caseId ?? null,
      purchaseDate: overrides.purchaseDate ?? null,
      purchaseCostMinor: overrides.purchaseCostMinor ?? 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function newCase(db: Db, locationId: string, overrides: { code?: string; name?: string; kind?: "PERMANENT" | "TEMPORARY" } = {}): Promise<string> {
  const row = await db
    .insertInto("equipmentCase")
    .values({ code: overrides.code ?? next("C"), name: overrides.name ?? next("Case"), kind: overrides.kind ?? "TEMPORARY", locationId, parentCaseId: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function newKit(
  db: Db,
  overrides: { code?: string; name?: string; description?: string; archived?: boolean; items?: { productId: string; quantity: number; optional?: boolean }[] } = {},
): Promise<string> {
  const row = await db
    .insertInto("kit")
    .values({
      code: overrides.code ?? next("K"),
      name: overrides.name ?? next("Kit"),
      description: overrides.description ?? "",
      pricing: "AS_UNIT",
      dayRateMinor: 0,
      archived: overrides.archived ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const items = overrides.items ?? [];
  if (items.length > 0) {
    await db
      .insertInto("kitItem")
      .values(items.map((item, position) => ({ kitId: row.id, productId: item.productId, quantity: item.quantity, optional: item.optional ?? false, position })))
      .execute();
  }
  return row.id;
}

// --- reading labels back --------------------------------------------------------

const run = promisify(execFile);

/**
 * Decodes every label of a sheet as a scanner would see it: each label cut out
 * of its page at 300 dpi (pdftoppm) and read with zbarimg. Whole A4 pages are
 * not read in one go because zbar misses some of many aligned QR codes on one
 * image, which says nothing about a label under a hand scanner.
 */
export async function decodeLabels(pdf: Uint8Array, layout: LabelLayout, count: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "eventkit-labels-"));
  try {
    const file = join(dir, "labels.pdf");
    writeFileSync(file, pdf);
    const px = (mm: number) => Math.round((mm / 25.4) * 300);
    const codes: string[] = [];
    for (let index = 0; index < count; index += 1) {
      const { page, box } = labelPlacement(layout, index);
      const out = join(dir, `label-${index}`);
      await run("pdftoppm", ["-r", "300", "-png", "-singlefile", "-f", String(page + 1), "-l", String(page + 1),
        "-x", String(px(box.x)), "-y", String(px(box.y)), "-W", String(px(box.width)), "-H", String(px(box.height)), file, out]);
      const decoded = await run("zbarimg", ["--quiet", "--raw", `${out}.png`]).then(
        (r) => r.stdout.replace(/\n$/, ""),
        () => "",
      );
      codes.push(decoded);
    }
    return codes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "eventkit-labels-"));
  try {
    const file = join(dir, "labels.pdf");
    writeFileSync(file, pdf);
    return (await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "eventkit-labels-"));
  try {
    const file = join(dir, "labels.pdf");
    writeFileSync(file, pdf);
    const info = (await run("pdfinfo", [file])).stdout;
    return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? Number.NaN);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
