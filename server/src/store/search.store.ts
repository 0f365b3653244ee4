// Queries of the search slice: candidates for the search box (each matcher an
// index scan, see migrations 0003–0007 and 0011), the scan-code registry, and
// what a label prints. The things a code names are read by their own stores.
import { sql, type RawBuilder } from "kysely";
import type { SearchHitKind } from "../domain/inventory.js";
import type { MatchTier, SearchCandidate } from "../domain/search.js";
import type { Db } from "./db.js";

export interface TextCandidateQuery {
  /** The normalised query. */
  text: string;
  /** A to_tsquery('simple', …) text; empty skips full-text matching. */
  tsQuery: string;
  /** LIKE pattern for codes and serial numbers that start with the query. */
  codePrefix: string;
  /** LIKE pattern for tags that contain the query (numbers only), or undefined. */
  tagNumber: string | undefined;
  kinds: ReadonlySet<SearchHitKind>;
  /** Rows per matcher. */
  limit: number;
}

interface CandidateRow {
  kind: SearchHitKind;
  id: string;
  code: string;
  /** Null when the thing behind a scan code was deleted meanwhile. */
  title: string | null;
  subtitle: string | null;
  tier: MatchTier;
  score: number;
}

function toCandidates(rows: readonly CandidateRow[]): SearchCandidate[] {
  return rows.flatMap((r) => (r.title === null ? [] : [{ kind: r.kind, id: r.id, code: r.code, title: r.title, subtitle: r.subtitle ?? "", tier: r.tier, score: r.score }]));
}

function unionAll(branches: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql.join(
    branches.map((b) => sql`(${b})`),
    sql` UNION ALL `,
  );
}

/**
 * Exact and partial code hits (any scannable code; serial numbers; numbers
 * inside tags) and full-text hits on names, descriptions and tags, in one round trip.
 */
export async function findCodeAndTextCandidates(db: Db, q: TextCandidateQuery): Promise<SearchCandidate[]> {
  const kinds = [...q.kinds];
  if (kinds.length === 0) return [];
  const text = sql`${q.text}::text`;
  // Prefix matches are ordered byte-wise (USING ~<~, the order of the text_pattern_ops
  // indexes of 0011): the index then yields them in order and the scan stops at the
  // limit, however many codes share a short prefix; an exact code comes first.
  const branches: RawBuilder<unknown>[] = [
    // One range scan of the scan-code registry.
    sql`SELECT h.kind, h.target_id AS id, h.code,
        CASE h.kind WHEN 'ASSET' THEN h.code WHEN 'PRODUCT' THEN p.name WHEN 'CASE' THEN c.name ELSE k.name END AS title,
        CASE h.kind WHEN 'ASSET' THEN ap.name WHEN 'PRODUCT' THEN coalesce(pc.name, '') WHEN 'CASE' THEN cl.name ELSE k.description END AS subtitle,
        CASE WHEN lower(h.code) = lower(${text}) THEN 'EXACT' ELSE 'TEXT' END AS tier,
        (length(${text})::float8 / greatest(length(h.code), 1)) AS score
      FROM code_hit h
      LEFT JOIN asset a ON h.kind = 'ASSET' AND a.id = h.target_id
      LEFT JOIN product ap ON ap.id = a.product_id
      LEFT JOIN product p ON h.kind = 'PRODUCT' AND p.id = h.target_id
      LEFT JOIN category pc ON pc.id = p.category_id
      LEFT JOIN equipment_case c ON h.kind = 'CASE' AND c.id = h.target_id
      LEFT JOIN location cl ON cl.id = c.location_id
      LEFT JOIN kit k ON h.kind = 'KIT' AND k.id = h.target_id`,
  ];
  if (q.kinds.has("ASSET")) {
    branches.push(sql`SELECT 'ASSET' AS kind, a.id, a.tag AS code, a.tag AS title, p.name || ' · S/N ' || a.serial_number AS subtitle,
        CASE WHEN lower(a.serial_number) = lower(${text}) THEN 'EXACT' ELSE 'TEXT' END AS tier,
        (length(${text})::float8 / greatest(length(a.serial_number), 1)) AS score
      FROM asset a JOIN product p ON p.id = a.product_id
      WHERE a.serial_number <> '' AND lower(a.serial_number) LIKE lower(${q.codePrefix})
      ORDER BY lower(a.serial_number) USING ~<~ LIMIT ${q.limit}`);
    if (q.tagNumber !== undefined) {
      // "4211" means LX-004211 rather than LX-042110: tags ending in the number first.
      branches.push(sql`SELECT 'ASSET' AS kind, a.id, a.tag AS code, a.tag AS title, p.name AS subtitle, 'TEXT' AS tier,
          ((CASE WHEN right(lower(a.tag), length(${text})) = ${text} THEN 0.9 ELSE 0.6 END) * length(${text})::float8 / greatest(length(a.tag), 1)) AS score
        FROM asset a JOIN product p ON p.id = a.product_id
        WHERE lower(a.tag) LIKE ${q.tagNumber}
        ORDER BY score DESC, lower(a.tag) LIMIT ${q.limit}`);
    }
  }
  if (q.tsQuery !== "") {
    const ts = sql`to_tsquery('simple', ${q.tsQuery})`;
    if (q.kinds.has("PRODUCT")) {
      branches.push(sql`SELECT 'PRODUCT' AS kind, p.id, p.code, p.name AS title, coalesce(c.name, '') AS subtitle, 'TEXT' AS tier,
          greatest(ts_rank(p.search, ${ts}, 32), 0.01)::float8 AS score
        FROM product p LEFT JOIN category c ON c.id = p.category_id
        WHERE NOT p.archived AND (p.search @@ ${ts} OR to_tsvector('simple', search_tags_text(p.tags)) @@ ${ts})
        ORDER BY score DESC, lower(p.name) LIMIT ${q.limit}`);
    }
    if (q.kinds.has("CASE")) {
      branches.push(sql`SELECT 'CASE' AS kind, c.id, c.code, c.name AS title, l.name AS subtitle, 'TEXT' AS tier,
          ts_rank(to_tsvector('simple', c.name), ${ts}, 32)::float8 AS score
        FROM equipment_case c JOIN location l ON l.id = c.location_id
        WHERE to_tsvector('simple', c.name) @@ ${ts}
        ORDER BY score DESC, lower(c.name) LIMIT ${q.limit}`);
    }
    if (q.kinds.has("KIT")) {
      branches.push(sql`SELECT 'KIT' AS kind, k.id, k.code, k.name AS title, k.description AS subtitle, 'TEXT' AS tier,
          ts_rank(to_tsvector('simple', k.name), ${ts}, 32)::float8 AS score
        FROM kit k
        WHERE NOT k.archived AND to_tsvector('simple', k.name) @@ ${ts}
        ORDER BY score DESC, lower(k.name) LIMIT ${q.limit}`);
    }
  }
  const { rows } = await sql<CandidateRow>`WITH code_hit AS (
      SELECT kind, target_id, code FROM scan_code
      WHERE lower(code) LIKE lower(${q.codePrefix}) AND kind IN (${sql.join(kinds)})
      ORDER BY lower(code) USING ~<~ LIMIT ${q.limit}
    )
    ${unionAll(branches)}`.execute(db);
  return toCandidates(rows);
}

/**
 * Typo-tolerant matches on product, case and kit names (pg_trgm, GIN indexes on
 * lower(name)): similar as a whole (`%`) or containing a similar stretch (`%>`,
 * word similarity). Run after `prepareFuzzyMatching`, in the same transaction.
 */
export async function findFuzzyCandidates(db: Db, q: { text: string; kinds: ReadonlySet<SearchHitKind>; limit: number }): Promise<SearchCandidate[]> {
  const text = sql`${q.text}::text`;
  // Rank by the best run of whole words (strict word similarity: "Powersoft X8" over
  // "Powersoft X8 power cable set" for "poewrsoft x8"), then by closeness of the whole name.
  const score = (column: RawBuilder<unknown>) => sql`(0.8 * strict_word_similarity(${text}, ${column}) + 0.2 * similarity(${column}, ${text}))::float8`;
  const branches: RawBuilder<unknown>[] = [];
  if (q.kinds.has("PRODUCT")) {
    branches.push(sql`SELECT 'PRODUCT' AS kind, p.id, p.code, p.name AS title, coalesce(c.name, '') AS subtitle, 'FUZZY' AS tier, ${score(sql`lower(p.name)`)} AS score
      FROM product p LEFT JOIN category c ON c.id = p.category_id
      WHERE NOT p.archived AND (lower(p.name) % ${text} OR lower(p.name) %> ${text})
      ORDER BY score DESC LIMIT ${q.limit}`);
  }
  if (q.kinds.has("CASE")) {
    branches.push(sql`SELECT 'CASE' AS kind, c.id, c.code, c.name AS title, l.name AS subtitle, 'FUZZY' AS tier, ${score(sql`lower(c.name)`)} AS score
      FROM equipment_case c JOIN location l ON l.id = c.location_id
      WHERE lower(c.name) % ${text} OR lower(c.name) %> ${text}
      ORDER BY score DESC LIMIT ${q.limit}`);
  }
  if (q.kinds.has("KIT")) {
    branches.push(sql`SELECT 'KIT' AS kind, k.id, k.code, k.name AS title, k.description AS subtitle, 'FUZZY' AS tier, ${score(sql`lower(k.name)`)} AS score
      FROM kit k
      WHERE NOT k.archived AND (lower(k.name) % ${text} OR lower(k.name) %> ${text})
      ORDER BY score DESC LIMIT ${q.limit}`);
  }
  if (branches.length === 0) return [];
  const { rows } = await sql<CandidateRow>`${unionAll(branches)}`.execute(db);
  return toCandidates(rows);
}

/**
 * For the rest of the current transaction only: pg_trgm's thresholds, and no
 * sequential scans. The planner prices a trigram comparison like any operator,
 * so on a catalogue of a few thousand names it prefers comparing every name
 * (about 30 ms at 2,500 products) to the GIN index (under 1 ms).
 */
export async function prepareFuzzyMatching(db: Db, similarity: number, wordSimilarity: number): Promise<void> {
  await sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(similarity)}, true),
    set_config('pg_trgm.word_similarity_threshold', ${String(wordSimilarity)}, true),
    set_config('enable_seqscan', 'off', true)`.execute(db);
}

// --- scan codes ------------------------------------------------------------------

export interface ScanCodeTarget {
  kind: "ASSET" | "CASE" | "PRODUCT" | "KIT" | "LOCATION";
  targetId: string;
}

/** What a code names: one lookup on the unique index over lower(code). */
export async function findScanCode(db: Db, code: string): Promise<ScanCodeTarget | undefined> {
  return db
    .selectFrom("scanCode")
    .select(["kind", "targetId"])
    .where(sql<string>`lower(code)`, "=", sql<string>`lower(${code})`)
    .executeTakeFirst();
}

// --- labels -----------------------------------------------------------------------

export interface AssetLabelRow {
  id: string;
  tag: string;
  productName: string;
}

export interface CaseLabelRow {
  id: string;
  code: string;
  name: string;
}

export async function listAssetLabels(db: Db, ids: readonly string[]): Promise<AssetLabelRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom("asset as a")
    .innerJoin("product as p", "p.id", "a.productId")
    .select(["a.id", "a.tag", "p.name as productName"])
    .where("a.id", "in", ids)
    .execute();
}

export async function listCaseLabels(db: Db, ids: readonly string[]): Promise<CaseLabelRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom("equipmentCase").select(["id", "code", "name"]).where("id", "in", ids).execute();
}
