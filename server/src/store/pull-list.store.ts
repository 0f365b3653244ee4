// SQL of pull lists: sections, lines (products, specific assets, kit headers
// with their components, accessories), copying a list between events, and the
// catalogue lookups adding a line needs (read straight from the inventory tables).
import { sql, type Kysely } from "kysely";
import type { Money, TrackingMode } from "../domain/inventory.js";
import type { AssetStatusName, Database } from "./schema.js";
import type { LineSource, PullListLine, PullListSection } from "../domain/planning.types.js";
import type { AccessorySpec, KitItemSpec, PlannedLine } from "../domain/pull-list.js";

type Q = Kysely<Database>;

// Sections

const sectionColumns = ["id", "eventId", "name", "position"] as const;

export async function listSections(db: Q, eventId: string): Promise<PullListSection[]> {
  return db.selectFrom("pullListSection").select(sectionColumns).where("eventId", "=", eventId).orderBy("position").orderBy("id").execute();
}

export async function findSection(db: Q, id: string): Promise<PullListSection | undefined> {
  return db.selectFrom("pullListSection").select(sectionColumns).where("id", "=", id).executeTakeFirst();
}

export async function insertSection(db: Q, eventId: string, name: string, position: number): Promise<PullListSection> {
  return db.insertInto("pullListSection").values({ eventId, name, position }).returning(sectionColumns).executeTakeFirstOrThrow();
}

export async function renameSection(db: Q, id: string, name: string): Promise<void> {
  await db.updateTable("pullListSection").set({ name }).where("id", "=", id).execute();
}

/** Sets the positions of many sections (or lines) in one statement. */
async function setPositions(db: Q, table: "pull_list_section" | "pull_list_line", positions: readonly { id: string; position: number }[]): Promise<void> {
  if (positions.length === 0) return;
  const values = sql.join(positions.map((p) => sql`(${p.id}::uuid, ${p.position}::int)`));
  await sql`UPDATE ${sql.table(table)} AS t SET position = v.position FROM (VALUES ${values}) AS v(id, position) WHERE t.id = v.id AND t.position <> v.position`.execute(db);
}

export async function setSectionPositions(db: Q, positions: readonly { id: string; position: number }[]): Promise<void> {
  await setPositions(db, "pull_list_section", positions);
}

export async function deleteSection(db: Q, id: string): Promise<void> {
  await db.deleteFrom("pullListSection").where("id", "=", id).execute();
}

// Lines

// Scalar subqueries rather than four outer joins: planning the six-table join cost more than running it, and it hashed
// every case of the catalogue (EXPLAIN ANALYZE at seed scale, 20 lines: 1.6 ms planning + 0.8 ms execution, now 0.8 + 0.35 ms).
const productName = sql<string>`(SELECT p.name FROM product p WHERE p.id = l.product_id)`;
const lineTitle = sql<string>`CASE l.kind
  WHEN 'KIT' THEN (SELECT k.name FROM kit k WHERE k.id = l.kit_id)
  WHEN 'ASSET' THEN (SELECT a.tag FROM asset a WHERE a.id = l.asset_id) || ' · ' || ${productName}
  WHEN 'CASE' THEN (SELECT c.code || ' · ' || c.name FROM equipment_case c WHERE c.id = l.case_id)
  ELSE ${productName} END`;

const lineColumns = [
  "l.id",
  "l.eventId",
  "l.sectionId",
  "l.kind",
  "l.productId",
  "l.assetId",
  "l.kitId",
  "l.caseId",
  "l.parentLineId",
  "l.quantity",
  "l.picked",
  "l.checkedOut",
  "l.returned",
  "l.source",
  "l.supplier",
  "l.costMinor",
  "l.costCurrency",
  "l.notes",
  "l.accessory",
  "l.position",
] as const;

function selectLines(db: Q) {
  return db
    .selectFrom("pullListLine as l")
    .innerJoin("pullListSection as s", "s.id", "l.sectionId")
    .select([...lineColumns, lineTitle.as("title")]);
}

type LineRow = Awaited<ReturnType<ReturnType<typeof selectLines>["executeTakeFirstOrThrow"]>>;

function toLine({ costMinor, costCurrency, ...row }: LineRow): PullListLine {
  return { ...row, cost: { amountMinor: BigInt(costMinor), currency: costCurrency } };
}

/** In list order: sections by position, lines by position within their section. */
export async function listLines(db: Q, eventId: string): Promise<PullListLine[]> {
  const rows = await selectLines(db).where("l.eventId", "=", eventId).orderBy("s.position").orderBy("s.id").orderBy("l.position").orderBy("l.id").execute();
  return rows.map(toLine);
}

/** The query behind listSectionsWithLines (exported so a test can EXPLAIN it). */
export function sectionsWithLinesQuery(db: Q, eventId: string) {
  return db
    .selectFrom("pullListSection as s")
    .leftJoin("pullListLine as l", (j) => j.onRef("l.sectionId", "=", "s.id").onRef("l.eventId", "=", "s.eventId"))
    .select(["s.id as sId", "s.name as sName", "s.position as sPosition", ...lineColumns, lineTitle.as("title")])
    .where("s.eventId", "=", eventId)
    .orderBy("s.position")
    .orderBy("s.id")
    .orderBy("l.position")
    .orderBy("l.id");
}

/** The event's sections and lines in list order, in one statement (a section without lines is one row with no line). */
export async function listSectionsWithLines(db: Q, eventId: string): Promise<{ sections: PullListSection[]; lines: PullListLine[] }> {
  const rows = await sectionsWithLinesQuery(db, eventId).execute();
  const sections: PullListSection[] = [];
  const lines: PullListLine[] = [];
  for (const { sId, sName, sPosition, ...row } of rows) {
    if (sections.at(-1)?.id !== sId) sections.push({ id: sId, eventId, name: sName, position: sPosition });
    if (isLine(row)) lines.push(toLine(row));
  }
  return { sections, lines };
}

/** A row of the sections' outer join that holds a line: the line's id is null only on the row of a section without lines. */
function isLine(row: { [K in keyof LineRow]: LineRow[K] | null }): row is LineRow {
  return row.id !== null;
}

export async function findLine(db: Q, id: string): Promise<PullListLine | undefined> {
  const row = await selectLines(db).where("l.id", "=", id).executeTakeFirst();
  return row ? toLine(row) : undefined;
}

export async function findSectionEventId(db: Q, sectionId: string): Promise<string | undefined> {
  return (await db.selectFrom("pullListSection").select("eventId").where("id", "=", sectionId).executeTakeFirst())?.eventId;
}

export interface NewLine extends PlannedLine {
  eventId: string;
  sectionId: string;
  source: LineSource;
  supplier: string;
  cost: Money;
  notes: string;
  position: number;
}

export async function insertLines(db: Q, lines: readonly NewLine[]): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto("pullListLine")
    .values(
      lines.map((l) => ({
        id: l.id,
        eventId: l.eventId,
        sectionId: l.sectionId,
        kind: l.kind,
        productId: l.productId,
        assetId: l.assetId,
        kitId: l.kitId,
        caseId: l.caseId,
        parentLineId: l.parentLineId,
        quantity: l.quantity,
        source: l.source,
        supplier: l.supplier,
        costMinor: l.cost.amountMinor.toString(),
        costCurrency: l.cost.currency,
        notes: l.notes,
        accessory: l.accessory,
        position: l.position,
      })),
    )
    .execute();
}

export async function setLineQuantities(db: Q, quantities: ReadonlyMap<string, number>): Promise<void> {
  if (quantities.size === 0) return;
  const values = sql.join([...quantities].map(([id, q]) => sql`(${id}::uuid, ${q}::int)`));
  await sql`UPDATE pull_list_line AS t SET quantity = v.quantity FROM (VALUES ${values}) AS v(id, quantity) WHERE t.id = v.id`.execute(db);
}

export interface LinePatch {
  source: LineSource;
  supplier: string;
  cost: Money;
  notes: string;
}

export async function updateLine(db: Q, id: string, patch: LinePatch): Promise<void> {
  await db
    .updateTable("pullListLine")
    .set({ source: patch.source, supplier: patch.supplier, costMinor: patch.cost.amountMinor.toString(), costCurrency: patch.cost.currency, notes: patch.notes })
    .where("id", "=", id)
    .execute();
}

/** Moves lines (a group: a line and everything under it) to the end of another section. */
export async function moveLines(db: Q, ids: readonly string[], sectionId: string, firstPosition: number): Promise<void> {
  if (ids.length === 0) return;
  const values = sql.join(ids.map((id, i) => sql`(${id}::uuid, ${firstPosition + i}::int)`));
  await sql`UPDATE pull_list_line AS t SET section_id = ${sectionId}::uuid, position = v.position FROM (VALUES ${values}) AS v(id, position) WHERE t.id = v.id`.execute(db);
}

/** Deletes the line; its kit components and accessories go with it (ON DELETE CASCADE), and so do asset bookings. */
export async function deleteLine(db: Q, id: string): Promise<void> {
  await db.deleteFrom("pullListLine").where("id", "=", id).execute();
}

/**
 * Copies every section and line of one event to another in one statement:
 * new ids, parents remapped, scan counts back to zero.
 */
export async function copyPullList(db: Q, fromEventId: string, toEventId: string): Promise<void> {
  await sql`
    WITH s AS MATERIALIZED (
      SELECT id AS old, gen_random_uuid() AS new, name, position FROM pull_list_section WHERE event_id = ${fromEventId}::uuid
    ), l AS MATERIALIZED (
      SELECT id AS old, gen_random_uuid() AS new FROM pull_list_line WHERE event_id = ${fromEventId}::uuid
    ), sections AS (
      INSERT INTO pull_list_section (id, event_id, name, position) SELECT new, ${toEventId}::uuid, name, position FROM s
    )
    INSERT INTO pull_list_line (id, event_id, section_id, kind, product_id, asset_id, kit_id, case_id, parent_line_id, quantity,
                                source, supplier, cost_minor, cost_currency, notes, accessory, position)
    SELECT lm.new, ${toEventId}::uuid, s.new, x.kind, x.product_id, x.asset_id, x.kit_id, x.case_id, pm.new, x.quantity,
           x.source, x.supplier, x.cost_minor, x.cost_currency, x.notes, x.accessory, x.position
    FROM pull_list_line x
    JOIN l lm ON lm.old = x.id
    JOIN s ON s.old = x.section_id
    LEFT JOIN l pm ON pm.old = x.parent_line_id
    WHERE x.event_id = ${fromEventId}::uuid
  `.execute(db);
}

export interface EventNeed {
  eventId: string;
  productId: string;
  /** Own stock: product and asset lines, kit components and accessories. */
  ownStock: number;
  /** Partner and supplier lines. */
  subHired: number;
}

/** What each event needs per product, in one grouped query. */
export async function loadNeeds(db: Q, eventIds: readonly string[]): Promise<EventNeed[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectFrom("pullListLine")
    .select([
      "eventId",
      "productId",
      sql<number>`coalesce(sum(quantity) FILTER (WHERE source = 'OWN_STOCK'), 0)::int`.as("ownStock"),
      sql<number>`coalesce(sum(quantity) FILTER (WHERE source <> 'OWN_STOCK'), 0)::int`.as("subHired"),
    ])
    .where("eventId", "=", sql<string>`ANY(${[...new Set(eventIds)]}::uuid[])`)
    .where("kind", "in", ["PRODUCT", "ASSET"])
    .groupBy(["eventId", "productId"])
    .execute();
  return rows.flatMap((r) => (r.productId ? [{ eventId: r.eventId, productId: r.productId, ownStock: r.ownStock, subHired: r.subHired }] : []));
}

// Catalogue lookups

export interface LineProduct {
  id: string;
  name: string;
  tracking: TrackingMode;
  archived: boolean;
}

export async function findLineProducts(db: Q, ids: readonly string[]): Promise<Map<string, LineProduct>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom("product").select(["id", "name", "tracking", "archived"]).where("id", "in", [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export interface LineAsset {
  id: string;
  tag: string;
  status: AssetStatusName;
  productId: string;
  productName: string;
  productArchived: boolean;
  /** The permanent case it is packed in, if any (it is then booked with the case). */
  permanentCaseCode: string | null;
}

export async function findLineAsset(db: Q, id: string): Promise<LineAsset | undefined> {
  return db
    .selectFrom("asset as a")
    .innerJoin("product as p", "p.id", "a.productId")
    .leftJoin("equipmentCase as c", (j) => j.onRef("c.id", "=", "a.caseId").on("c.kind", "=", "PERMANENT"))
    .select(["a.id", "a.tag", "a.status", "a.productId", "p.name as productName", "p.archived as productArchived", "c.code as permanentCaseCode"])
    .where("a.id", "=", id)
    .executeTakeFirst();
}

export interface LineCase {
  id: string;
  code: string;
  name: string;
  kind: "PERMANENT" | "TEMPORARY";
}

export async function findLineCase(db: Q, id: string): Promise<LineCase | undefined> {
  return db.selectFrom("equipmentCase").select(["id", "code", "name", "kind"]).where("id", "=", id).executeTakeFirst();
}

export interface LineKit {
  id: string;
  name: string;
  archived: boolean;
  items: KitItemSpec[];
}

export async function findLineKit(db: Q, id: string): Promise<LineKit | undefined> {
  const kit = await db.selectFrom("kit").select(["id", "name", "archived"]).where("id", "=", id).executeTakeFirst();
  if (!kit) return undefined;
  const items = await db.selectFrom("kitItem").select(["productId", "quantity", "optional"]).where("kitId", "=", id).orderBy("position").execute();
  return { ...kit, items };
}

/** The accessories of these products, in their order; archived accessories are no longer added. */
export async function loadAccessories(db: Q, productIds: readonly string[]): Promise<AccessorySpec[]> {
  if (productIds.length === 0) return [];
  return db
    .selectFrom("productAccessory as x")
    .innerJoin("product as p", "p.id", "x.accessoryProductId")
    .select(["x.productId", "x.accessoryProductId", "x.quantity"])
    .where("x.productId", "in", [...new Set(productIds)])
    .where("p.archived", "=", false)
    .orderBy("x.productId")
    .orderBy("x.position")
    .execute();
}
