// Planning benchmark: 1,000 / 10,000 / 100,000 events with ~20 pull-list lines
// each over 2,000 products (1,000 serialized with their assets, 1,000 bulk),
// generated with bulk SQL in the database itself; then `CheckAvailability` for
// a 50-line event through a started server (Connect JSON, sequential and with
// 10 concurrent clients), and `GetPullList` of that event, on the embedded
// database (PGlite) and on PostgreSQL. As the floor, the availability SQL the
// server runs (captured from its own code) is run directly with the same driver
// in the same run, and the plan of the reservations query is shown.
//
// Events start at a constant rate (10 a day, out 2–6 days), so more events
// means a longer history and future, not a busier week: an index-backed
// availability query should cost the same whatever the total.
//
//   npm run bench:planning      (= tsc -b server/tsconfig.build.json bench && node bench/dist/planning.js)
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:planning
//   BENCH_ENGINES=postgres BENCH_EVENTS=1000,10000 BENCH_SECONDS=3 npm run bench:planning
//   BENCH_EVENTS_PER_DAY=100 …   (a busier calendar: ten times the overlapping events)
//
// Prints Markdown and writes bench/results/planning-<timestamp>.json. Figures
// describe this machine on this run; never gate CI on them.

import { randomUUID } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import pg from "pg";
import { insertEvents, insertRepairs } from "./events-data.js";
import { percentile, runLoad, type LoadResult } from "./load.js";
import { runFacts, writeResults } from "./results.js";
import { createScratchDatabase } from "./scratch-db.js";
import { serverDb } from "./server-modules.js";
import { admin, serverEntry, startServer, tempDir } from "./server.js";
import { captureAvailabilitySql, explain, type PlanFigures } from "./sql-capture.js";

type Engine = "pglite" | "postgres";

const settings = {
  sizes: (process.env.BENCH_EVENTS ?? "1000,10000,100000").split(",").map((s) => Number(s.trim())),
  products: 2_000,
  linesPerEvent: 20,
  probeLines: 50,
  eventsPerDay: Number(process.env.BENCH_EVENTS_PER_DAY ?? 10),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  warmupSeconds: 1,
  sequentialCalls: Number(process.env.BENCH_CALLS ?? 200),
  rawCalls: 200,
};

const day = 86_400_000;
const base = Date.UTC(2030, 0, 1);

// --- data ------------------------------------------------------------------------

interface Probe {
  eventId: string;
  productIds: string[];
  start: Date;
  end: Date;
}

interface LoadFigures {
  events: number;
  lines: number;
  assets: number;
  spanDays: number;
  insertMs: number;
  analyzeMs: number;
  databaseBytes: number;
  /** Events whose out-period overlaps the probe's, and their lines of the probe's products. */
  overlappingEvents: number;
  competingLines: number;
}

/** Generates everything inside the database with INSERT … SELECT over generate_series (deterministic: setseed). */
async function generate(pool: pg.Pool, events: number): Promise<{ load: LoadFigures; probe: Probe }> {
  const started = performance.now();
  const spanDays = events / settings.eventsPerDay;
  const q = (text: string, values: unknown[] = []) => pool.query(text, values);
  const location = randomUUID();
  await q("SELECT setseed(0.42)");
  await q("INSERT INTO location (id, name, code, kind, warehouse_id) VALUES ($1, 'Bench warehouse', 'BENCH-WH', 'WAREHOUSE', $1)", [location]);
  // Product groups: 4 top categories with 4 subcategories each; two top ones and one subcategory have
  // turnaround buffers of their own, the rest inherit (or fall back to the instance's).
  await q("INSERT INTO category (id, name) SELECT ('00000000-0000-4000-8000-' || lpad(t::text, 12, '0'))::uuid, 'Bench group ' || t FROM generate_series(1, 4) t");
  await q(
    `INSERT INTO category (id, name, parent_id)
     SELECT ('00000000-0000-4000-9000-' || lpad((t * 10 + c)::text, 12, '0'))::uuid, 'Bench group ' || t || '.' || c, ('00000000-0000-4000-8000-' || lpad(t::text, 12, '0'))::uuid
     FROM generate_series(1, 4) t, generate_series(1, 4) c`,
  );
  await q(
    `INSERT INTO category_buffer (category_id, buffer_before_minutes, buffer_after_minutes) VALUES
       ('00000000-0000-4000-8000-000000000001', 120, 240), ('00000000-0000-4000-8000-000000000002', 0, 720),
       ('00000000-0000-4000-9000-000000000011', 60, 1440)`,
  );
  // Half serialized, one in ten consumable (sold, not returned), the rest bulk.
  await q(
    `INSERT INTO product (code, name, tracking, day_rate_minor, replacement_minor, category_id)
     SELECT 'BP-' || n, 'Bench product ' || n, CASE WHEN n % 2 = 0 THEN 'SERIALIZED' WHEN n % 10 = 5 THEN 'CONSUMABLE' ELSE 'BULK' END, 1000, 10000,
            ('00000000-0000-4000-9000-' || lpad(((1 + n % 4) * 10 + 1 + (n / 4) % 4)::text, 12, '0'))::uuid
     FROM generate_series(1, $1::int) n`,
    [settings.products],
  );
  await q("CREATE TABLE bench_product (n int PRIMARY KEY, id uuid NOT NULL)");
  await q("INSERT INTO bench_product SELECT substring(code FROM 4)::int, id FROM product WHERE code LIKE 'BP-%'");
  // Serialized: 5–24 units each; bulk: 20–199 in stock.
  await q(
    `INSERT INTO asset (product_id, location_id, tag, purchase_cost_minor)
     SELECT b.id, $1, 'BA-' || b.n || '-' || k, 0 FROM bench_product b, generate_series(1, 5 + b.n % 20) k WHERE b.n % 2 = 0`,
    [location],
  );
  await q("INSERT INTO stock_level (product_id, location_id, quantity) SELECT id, $1, 20 + (n * 37) % 180 FROM bench_product WHERE n % 2 = 1", [location]);
  // Consumables were last counted (a stocktake) a month before the middle of the span.
  await q(
    `INSERT INTO stock_movement (product_id, kind, to_location_id, quantity, reason, at)
     SELECT id, 'ADJUST', $1, 0, 'bench stocktake', to_timestamp($2::float8 / 1000) + ($3::float8 / 2 - 30) * interval '1 day' FROM bench_product WHERE n % 10 = 5`,
    [location, base, spanDays],
  );
  // A few open repairs over the span.
  await insertRepairs(q, new Date(base), spanDays, 200);
  await insertEvents(q, { events, base: new Date(base), spanDays, linesPerEvent: settings.linesPerEvent, products: settings.products });
  // The probe: a provisional 3-day event in the middle of the span with 50 lines of 50 products (popular and not).
  const start = new Date(base + Math.floor(spanDays / 2) * day);
  const end = new Date(start.getTime() + 3 * day);
  const probe = await q(
    `INSERT INTO event (number, name, status, out_period, charge_period) VALUES ('PROBE', 'Probe', 'PROVISIONAL', tstzrange($1, $2, '[)'), tstzrange($1, $2, '[)')) RETURNING id`,
    [start, end],
  );
  const eventId = (probe.rows[0] as { id: string }).id;
  await q("INSERT INTO event_phase (event_id, position, kind, period) VALUES ($1, 0, 'SHOW', tstzrange($2, $3, '[)'))", [eventId, start, end]);
  await q("INSERT INTO pull_list_section (event_id, name, position) VALUES ($1, 'Equipment', 0)", [eventId]);
  await q(
    `INSERT INTO pull_list_line (event_id, section_id, kind, product_id, quantity, position)
     SELECT $1, s.id, 'PRODUCT', b.id, 2, i FROM pull_list_section s, generate_series(0, $2::int - 1) i JOIN bench_product b ON b.n = 1 + (i * 41) % $3::int
     WHERE s.event_id = $1`,
    [eventId, settings.probeLines, settings.products],
  );
  const products = await q("SELECT product_id FROM pull_list_line WHERE event_id = $1 ORDER BY position", [eventId]);
  const productIds = products.rows.map((r) => (r as { product_id: string }).product_id);
  await q("DROP TABLE bench_product");
  const insertMs = performance.now() - started;
  const analyzeStarted = performance.now();
  // PGlite has no autovacuum: statistics as a running PostgreSQL would have them.
  await q("VACUUM ANALYZE");
  const analyzeMs = performance.now() - analyzeStarted;
  const counts = await q(
    `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM pull_list_line) AS lines, (SELECT count(*) FROM asset) AS assets,
            (SELECT count(*) FROM event WHERE NOT is_template AND out_period && tstzrange($1, $2, '[)') AND id <> $3) AS overlapping,
            (SELECT count(*) FROM event e JOIN pull_list_line l ON l.event_id = e.id
              WHERE NOT e.is_template AND e.out_period && tstzrange($1, $2, '[)') AND e.id <> $3 AND l.product_id = ANY($4::uuid[])) AS competing,
            pg_database_size(current_database()) AS bytes`,
    [start, end, eventId, productIds],
  );
  const c = counts.rows[0] as Record<string, string>;
  return {
    load: {
      events: Number(c.events),
      lines: Number(c.lines),
      assets: Number(c.assets),
      spanDays,
      insertMs,
      analyzeMs,
      databaseBytes: Number(c.bytes),
      overlappingEvents: Number(c.overlapping),
      competingLines: Number(c.competing),
    },
    probe: { eventId, productIds, start, end },
  };
}

// --- the raw SQL floor -------------------------------------------------------------

interface RawFigures {
  statements: number;
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  plan: PlanFigures;
}

async function measureRaw(pool: pg.Pool, probe: Probe): Promise<RawFigures> {
  const statements = await captureAvailabilitySql(pool, { ...probe, excludeEventId: probe.eventId });
  const client = await pool.connect();
  try {
    const times: number[] = [];
    for (let i = 0; i < settings.rawCalls + 10; i += 1) {
      const t0 = performance.now();
      for (const s of statements) await client.query(s.sql, s.parameters);
      if (i >= 10) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const reservations = statements.find((s) => s.sql.includes("pull_list_line"));
    // The top node's rows: the (product, event) reservations handed to the engine.
    const plan = reservations ? await explain(client, reservations) : { indexes: [], sequentialScans: [], executionMs: Number.NaN, rows: 0 };
    return { statements: statements.length, calls: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99), plan };
  } finally {
    client.release();
  }
}

// --- through the server ------------------------------------------------------------

interface CallFigures {
  call: string;
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

interface SizeReport {
  engine: Engine;
  load: LoadFigures;
  raw: RawFigures;
  sequential: CallFigures[];
  concurrent: LoadResult[];
}

async function sequential(call: string, op: () => Promise<unknown>): Promise<CallFigures> {
  for (let i = 0; i < 20; i += 1) await op();
  const times: number[] = [];
  for (let i = 0; i < settings.sequentialCalls; i += 1) {
    const t0 = performance.now();
    await op();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { call, calls: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99) };
}

async function measureServer(target: { dataDir: string } | { databaseUrl: string }, probe: Probe, label: string): Promise<{ sequential: CallFigures[]; concurrent: LoadResult[] }> {
  const server = await startServer(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const transport = createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", nodeOptions: { agent } });
    const login = await createClient(AuthService, transport).login(admin);
    const headers = { authorization: `Bearer ${login.tokens?.accessToken ?? ""}` };
    const inventory: Client<typeof InventoryService> = createClient(InventoryService, transport);
    const planning: Client<typeof PlanningService> = createClient(PlanningService, transport);
    const range = create(TimeRangeSchema, { start: timestampFromDate(probe.start), end: timestampFromDate(probe.end) });
    const check = () => inventory.checkAvailability({ productIds: probe.productIds, range, excludeEventId: probe.eventId }, { headers });
    const answer = await check();
    if (answer.products.length !== probe.productIds.length) throw new Error("CheckAvailability answered for the wrong products");
    const pullList = () => planning.getPullList({ eventId: probe.eventId }, { headers });
    const figures = [await sequential("CheckAvailability (50 products)", check), await sequential("GetPullList (50 lines)", pullList)];
    for (const f of figures) process.stderr.write(`  ${label} ${f.call}: p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms\n`);
    const concurrent = await runLoad(check, { concurrency: 10, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds });
    process.stderr.write(`  ${label} CheckAvailability ×10: ${concurrent.throughput.toFixed(1)} req/s, p50 ${concurrent.p50Ms.toFixed(1)} ms\n`);
    return { sequential: figures, concurrent: [concurrent] };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

// --- engines -------------------------------------------------------------------------

async function benchPglite(events: number): Promise<SizeReport> {
  const db = await serverDb();
  const dataDir = tempDir();
  try {
    process.stderr.write(`pglite ${events}: generating into ${dataDir}\n`);
    const lite = await db.openPglite(join(dataDir, "pgdata"));
    const pool = db.pglitePool(lite);
    let generated: { load: LoadFigures; probe: Probe };
    let raw: RawFigures;
    try {
      await db.migrate(pool);
      generated = await generate(pool, events);
      // The embedded database admits one process: the floor is measured before the server opens it.
      raw = await measureRaw(pool, generated.probe);
    } finally {
      await pool.end();
      await lite.close();
    }
    const served = await measureServer({ dataDir }, generated.probe, `pglite ${events}`);
    return { engine: "pglite", load: generated.load, raw, ...served };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(adminUrl: string, events: number): Promise<SizeReport> {
  const db = await serverDb();
  const scratch = await createScratchDatabase(adminUrl, "ek_bench_planning");
  try {
    process.stderr.write(`postgres ${events}: generating into ${scratch.name}\n`);
    const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
    let generated: { load: LoadFigures; probe: Probe };
    let raw: RawFigures;
    try {
      await db.migrate(pool);
      generated = await generate(pool, events);
      raw = await measureRaw(pool, generated.probe);
    } finally {
      await pool.end();
    }
    const served = await measureServer({ databaseUrl: scratch.url }, generated.probe, `postgres ${events}`);
    return { engine: "postgres", load: generated.load, raw, ...served };
  } finally {
    await scratch.drop();
  }
}

// --- report ----------------------------------------------------------------------------

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");
const n = (value: number) => value.toLocaleString("en");

function markdown(meta: Record<string, unknown>, reports: SizeReport[]): string {
  const lines = [
    "# EventKit planning benchmark",
    "",
    `${String(meta.date)} · commit ${String(meta.commit)} · Node ${String(meta.node)} · ${String(meta.cpu)} × ${String(meta.cores)} · ${String(meta.memoryGb)} GB RAM`,
    "The load driver and the server share the machine's cores.",
    "",
    "## Data",
    "",
    `${n(settings.products)} products (half serialized with 5–24 assets each, a tenth consumable, the rest bulk; in 16 product groups, three with turnaround buffers of their own), ${settings.linesPerEvent} lines per event, ${settings.eventsPerDay} events starting per day (out 2–6 days), 200 open repairs.`,
    "The probe is a provisional 3-day event in the middle of the span with 50 lines of 50 products; \"overlapping\" counts the other events whose out-period overlaps it, \"competing lines\" their lines of the probe's products.",
    "",
    "| engine | events | lines | span (days) | overlapping events | competing lines | insert s | VACUUM ANALYZE s | database size |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of reports) {
    const l = r.load;
    lines.push(
      `| ${r.engine} | ${n(l.events)} | ${n(l.lines)} | ${n(l.spanDays)} | ${n(l.overlappingEvents)} | ${n(l.competingLines)} | ${(l.insertMs / 1000).toFixed(1)} | ${(l.analyzeMs / 1000).toFixed(1)} | ${(l.databaseBytes / 1024 / 1024).toFixed(0)} MB |`,
    );
  }
  lines.push(
    "",
    `## Through the server: Connect JSON over HTTP/1.1 (keep-alive), one client, ${settings.sequentialCalls} calls after 20 warm-up calls`,
    "",
    "| engine | events | call | p50 ms | p95 ms | p99 ms |",
    "|---|---:|---|---:|---:|---:|",
  );
  for (const r of reports) for (const c of r.sequential) lines.push(`| ${r.engine} | ${n(r.load.events)} | ${c.call} | ${ms(c.p50Ms)} | ${ms(c.p95Ms)} | ${ms(c.p99Ms)} |`);
  lines.push("", `## CheckAvailability with 10 concurrent clients, ${settings.seconds} s after ${settings.warmupSeconds} s warm-up`, "", "| engine | events | req/s | p50 ms | p95 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|---:|");
  for (const r of reports) for (const x of r.concurrent) lines.push(`| ${r.engine} | ${n(r.load.events)} | ${x.throughput.toFixed(1)} | ${ms(x.p50Ms)} | ${ms(x.p95Ms)} | ${ms(x.p99Ms)} | ${x.errors} |`);
  lines.push(
    "",
    `## Floor: the availability SQL the server runs, directly with the same driver (no HTTP, no auth, no engine), ${settings.rawCalls} runs`,
    "",
    "| engine | events | statements | p50 ms | p95 ms | p99 ms | reservations query: indexes | sequential scans | rows | execution ms |",
    "|---|---:|---:|---:|---:|---:|---|---|---:|---:|",
  );
  for (const r of reports) {
    const x = r.raw;
    lines.push(
      `| ${r.engine} | ${n(r.load.events)} | ${x.statements} | ${ms(x.p50Ms)} | ${ms(x.p95Ms)} | ${ms(x.p99Ms)} | ${x.plan.indexes.join(", ") || "–"} | ${x.plan.sequentialScans.join(", ") || "–"} | ${n(x.plan.rows)} | ${ms(x.plan.executionMs)} |`,
    );
  }
  const errors = reports.flatMap((r) => r.concurrent.filter((x) => x.firstError).map((x) => `- ${r.engine} ${n(r.load.events)}: ${x.firstError ?? ""}`));
  if (errors.length > 0) lines.push("", "Errors:", ...errors);
  return lines.join("\n");
}

async function main(): Promise<void> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: build the server first (npx tsc -b server/tsconfig.build.json)`);
  const engines = (process.env.BENCH_ENGINES ?? "pglite,postgres").split(",").map((e) => e.trim());
  const postgresUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const reports: SizeReport[] = [];
  for (const engine of engines) {
    if (engine === "postgres" && !postgresUrl) {
      process.stderr.write("postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL to an admin connection, e.g. postgres://postgres@127.0.0.1:5432/postgres)\n");
      continue;
    }
    for (const events of settings.sizes) {
      reports.push(engine === "pglite" ? await benchPglite(events) : await benchPostgres(postgresUrl ?? "", events));
    }
  }
  const facts = runFacts();
  const meta = {
    ...facts,
    settings,
  };
  process.stdout.write(`${markdown(meta, reports)}\n`);
  writeResults("planning", facts, { ...meta, sizes: reports });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:planning failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
