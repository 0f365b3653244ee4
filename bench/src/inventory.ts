// Inventory benchmark: a realistic catalogue (≥ 2,000 products, 100,000 assets,
// 2,000 cases, 50 locations) loaded with bulk SQL, then `Search` and
// `ResolveCode` latency and throughput through a started server over Connect
// JSON, sequential and with 10 concurrent clients, on the embedded database
// (PGlite) and on PostgreSQL; plus, as a floor, the raw SQL of the heaviest
// search run directly with the same driver, and the plans PostgreSQL chose.
//
//   npm run bench:inventory      (= tsc -b server/tsconfig.build.json bench && node bench/dist/inventory.js)
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:inventory
//   BENCH_ENGINES=postgres BENCH_ASSETS=20000 BENCH_SECONDS=3 npm run bench:inventory
//
// Prints Markdown and writes bench/results/inventory-<timestamp>.json. Figures
// describe this machine on this run; never gate CI on them.

import { existsSync, rmSync } from "node:fs";
import http from "node:http";
import { join } from "node:path";
import { createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import pg from "pg";
import { insertCatalogue } from "./catalogue-load.js";
import { benchQueries, generateCatalogue, type BenchQuery, type Catalogue, type QueryClass } from "./inventory-data.js";
import { percentile, runLoad, type LoadResult } from "./load.js";
import { runFacts, writeResults } from "./results.js";
import { createScratchDatabase } from "./scratch-db.js";
import { serverDb } from "./server-modules.js";
import { admin, serverEntry, startServer, tempDir } from "./server.js";
import { captureSearchSql, explain, searchThresholdsSql, type PlanFigures as Plan, type Statement } from "./sql-capture.js";

type Engine = "pglite" | "postgres";

const settings = {
  assets: Number(process.env.BENCH_ASSETS ?? 100_000),
  cases: Number(process.env.BENCH_CASES ?? 2_000),
  kits: Number(process.env.BENCH_KITS ?? 100),
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  warmupSeconds: 1,
  concurrency: [1, 10],
  queriesPerClass: 40,
  /** Sequential calls per query class, after one warm-up pass. */
  classCalls: 120,
  rawCalls: 200,
};

// --- loading ---------------------------------------------------------------------

interface LoadFigures {
  generateMs: number;
  insertMs: number;
  analyzeMs: number;
  rows: Record<string, number>;
  databaseBytes: number;
}

async function loadCatalogue(pool: pg.Pool, catalogue: Catalogue): Promise<Omit<LoadFigures, "generateMs">> {
  const started = performance.now();
  await insertCatalogue(pool, catalogue);
  const insertMs = performance.now() - started;
  const analyzeStarted = performance.now();
  // PGlite has no autovacuum: settle GIN pending lists and statistics as a running PostgreSQL would.
  await pool.query("VACUUM ANALYZE");
  const analyzeMs = performance.now() - analyzeStarted;
  const { rows } = await pool.query<{ table: string; n: string }>(
    `SELECT 'category' AS table, count(*) AS n FROM category UNION ALL SELECT 'location', count(*) FROM location UNION ALL SELECT 'product', count(*) FROM product
     UNION ALL SELECT 'asset', count(*) FROM asset UNION ALL SELECT 'equipment_case', count(*) FROM equipment_case UNION ALL SELECT 'kit', count(*) FROM kit
     UNION ALL SELECT 'scan_code', count(*) FROM scan_code UNION ALL SELECT 'stock_level', count(*) FROM stock_level`,
  );
  const size = await pool.query<{ bytes: string }>("SELECT pg_database_size(current_database()) AS bytes");
  return { insertMs, analyzeMs, rows: Object.fromEntries(rows.map((r) => [r.table, Number(r.n)])), databaseBytes: Number(size.rows[0]?.bytes ?? 0) };
}

// --- the raw SQL floor -------------------------------------------------------------

interface RawFigures {
  /** The statement measured and the queries it ran with. */
  statement: string;
  queryClass: QueryClass;
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

interface PlanFigures extends Omit<Plan, "rows"> {
  statement: string;
  query: string;
}

const rawClasses = ["misspelled name", "tag number", "partial name"] as const;

async function measureRaw(pool: pg.Pool, queries: readonly BenchQuery[]): Promise<{ raw: RawFigures[]; plans: PlanFigures[] }> {
  // Captured first: the embedded database has one connection, held below.
  const capturedByClass = new Map<QueryClass, { stage1: Statement; stage2: Statement }[]>();
  for (const queryClass of rawClasses) {
    const captured: { stage1: Statement; stage2: Statement }[] = [];
    for (const q of queries.filter((x) => x.class === queryClass)) captured.push(await captureSearchSql(pool, q.query));
    capturedByClass.set(queryClass, captured);
  }
  const client = await pool.connect();
  try {
    // The thresholds the service sets per transaction, for this session.
    await client.query(searchThresholdsSql);
    const raw: RawFigures[] = [];
    const plans: PlanFigures[] = [];
    for (const queryClass of rawClasses) {
      const picked = queries.filter((q) => q.class === queryClass);
      const captured = capturedByClass.get(queryClass) ?? [];
      const stages = queryClass === "misspelled name" ? (["stage1", "stage2"] as const) : (["stage1"] as const);
      for (const stage of stages) {
        // As the service does for the typo-tolerant statement (see prepareFuzzyMatching).
        await client.query(stage === "stage2" ? "SET enable_seqscan = off" : "RESET enable_seqscan");
        const times: number[] = [];
        for (let i = 0; i < settings.rawCalls + captured.length; i += 1) {
          const statement = captured[i % captured.length]?.[stage];
          if (!statement) continue;
          const t0 = performance.now();
          await client.query(statement.sql, statement.parameters);
          if (i >= captured.length) times.push(performance.now() - t0); // first pass warms up
        }
        times.sort((a, b) => a - b);
        const name = stage === "stage1" ? "codes + full-text (one statement)" : "typo-tolerant trigram (one statement)";
        raw.push({ statement: name, queryClass, calls: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99) });
        const sample = captured[0]?.[stage];
        const first = picked[0];
        if (sample && first) {
          const { indexes, sequentialScans, executionMs } = await explain(client, sample);
          plans.push({ statement: name, query: first.query, indexes, sequentialScans, executionMs });
        }
      }
    }
    return { raw, plans };
  } finally {
    client.release();
  }
}

// --- through the server ------------------------------------------------------------

interface ClassFigures {
  queryClass: QueryClass;
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Share of queries whose expected thing is on the first page (20 hits), and first. */
  foundOnPage: number | null;
  foundFirst: number | null;
}

interface EngineReport {
  engine: Engine;
  load: LoadFigures;
  raw: RawFigures[];
  plans: PlanFigures[];
  latency: { call: string; results: LoadResult[] }[];
  classes: ClassFigures[];
}

async function measureServer(target: { dataDir: string } | { databaseUrl: string }, catalogue: Catalogue, queries: readonly BenchQuery[], engine: Engine) {
  const server = await startServer(target);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const transport = createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", nodeOptions: { agent } });
    const login = await createClient(AuthService, transport).login(admin);
    const headers = { authorization: `Bearer ${login.tokens?.accessToken ?? ""}` };
    const inventory: Client<typeof InventoryService> = createClient(InventoryService, transport);

    // Per class, sequentially: latency and whether the expected thing is found.
    const classes: ClassFigures[] = [];
    for (const queryClass of [...new Set(queries.map((q) => q.class))]) {
      const picked = queries.filter((q) => q.class === queryClass);
      const times: number[] = [];
      let onPage = 0;
      let first = 0;
      let judged = 0;
      for (let i = 0; i < settings.classCalls + picked.length; i += 1) {
        const q = picked[i % picked.length];
        if (!q) continue;
        const t0 = performance.now();
        const { hits } = await inventory.search({ query: q.query }, { headers });
        const elapsed = performance.now() - t0;
        if (i < picked.length) {
          // The warm-up pass judges the answers.
          if (q.expectId !== undefined) {
            judged += 1;
            if (hits.some((h) => h.id === q.expectId)) onPage += 1;
            if (hits[0]?.id === q.expectId) first += 1;
          }
          continue;
        }
        times.push(elapsed);
      }
      times.sort((a, b) => a - b);
      classes.push({
        queryClass,
        calls: times.length,
        p50Ms: percentile(times, 50),
        p95Ms: percentile(times, 95),
        p99Ms: percentile(times, 99),
        foundOnPage: judged > 0 ? onPage / judged : null,
        foundFirst: judged > 0 ? first / judged : null,
      });
      process.stderr.write(`  ${engine} Search ${queryClass}: p50 ${percentile(times, 50).toFixed(1)} ms\n`);
    }

    // Mixed load: every class in turn; codes to resolve as a warehouse scans them.
    let nextQuery = 0;
    const search = () => {
      const q = queries[nextQuery++ % queries.length];
      return inventory.search({ query: q?.query ?? "" }, { headers });
    };
    const codes = resolveMix(catalogue);
    let nextCode = 0;
    const resolve = () => inventory.resolveCode({ code: codes[nextCode++ % codes.length] ?? "" }, { headers });
    const latency: EngineReport["latency"] = [];
    for (const [call, op] of [
      ["Search (mixed queries)", search],
      ["ResolveCode", resolve],
    ] as const) {
      const results: LoadResult[] = [];
      for (const concurrency of settings.concurrency) {
        const result = await runLoad(op, { concurrency, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds });
        results.push(result);
        process.stderr.write(`  ${engine} ${call} ×${concurrency}: ${result.throughput.toFixed(1)} req/s, p50 ${result.p50Ms.toFixed(1)} ms\n`);
      }
      latency.push({ call, results });
    }
    return { latency, classes };
  } finally {
    agent.destroy();
    await server.stop();
  }
}

/** What a scanner sends: mostly asset tags, some case codes, a few product and kit codes. */
function resolveMix(catalogue: Catalogue): string[] {
  const codes: string[] = [];
  const step = (n: number, length: number) => (n * 7919) % length;
  for (let i = 0; i < 1000; i += 1) {
    const r = i % 100;
    if (r < 90) codes.push(catalogue.assets[step(i, catalogue.assets.length)]?.tag ?? "");
    else if (r < 95) codes.push(catalogue.cases[step(i, catalogue.cases.length)]?.code ?? "");
    else if (r < 99) codes.push(catalogue.products[step(i, catalogue.products.length)]?.code ?? "");
    else codes.push(catalogue.kits[step(i, catalogue.kits.length)]?.code ?? "");
  }
  return codes;
}

// --- engines -------------------------------------------------------------------------

async function benchPglite(catalogue: Catalogue, generateMs: number, queries: readonly BenchQuery[]): Promise<EngineReport> {
  const db = await serverDb();
  const dataDir = tempDir();
  try {
    process.stderr.write(`pglite: loading into ${dataDir}\n`);
    // The server keeps its embedded database in <data dir>/pgdata.
    const lite = await db.openPglite(join(dataDir, "pgdata"));
    const pool = db.pglitePool(lite);
    let load: Omit<LoadFigures, "generateMs">;
    let measured: { raw: RawFigures[]; plans: PlanFigures[] };
    try {
      await db.migrate(pool);
      load = await loadCatalogue(pool, catalogue);
      // The embedded database admits one process: the floor is measured before the server opens it.
      measured = await measureRaw(pool, queries);
    } finally {
      await pool.end();
      await lite.close();
    }
    process.stderr.write(`pglite: server\n`);
    const served = await measureServer({ dataDir }, catalogue, queries, "pglite");
    return { engine: "pglite", load: { generateMs, ...load }, ...measured, ...served };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(adminUrl: string, catalogue: Catalogue, generateMs: number, queries: readonly BenchQuery[]): Promise<EngineReport> {
  const db = await serverDb();
  const scratch = await createScratchDatabase(adminUrl, "ek_bench_inventory");
  try {
    process.stderr.write(`postgres: loading into ${scratch.name}\n`);
    const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
    let load: Omit<LoadFigures, "generateMs">;
    let measured: { raw: RawFigures[]; plans: PlanFigures[] };
    try {
      await db.migrate(pool);
      load = await loadCatalogue(pool, catalogue);
      measured = await measureRaw(pool, queries);
    } finally {
      await pool.end();
    }
    process.stderr.write(`postgres: server\n`);
    const served = await measureServer({ databaseUrl: scratch.url }, catalogue, queries, "postgres");
    return { engine: "postgres", load: { generateMs, ...load }, ...measured, ...served };
  } finally {
    await scratch.drop();
  }
}

// --- report ----------------------------------------------------------------------------

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");
const pct = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)} %`);

function markdown(meta: Record<string, unknown>, reports: EngineReport[]): string {
  const lines = [
    "# EventKit inventory benchmark",
    "",
    `${String(meta.date)} · commit ${String(meta.commit)} · Node ${String(meta.node)} · ${String(meta.cpu)} × ${String(meta.cores)} · ${String(meta.memoryGb)} GB RAM`,
    "The load driver and the server share the machine's cores.",
    "",
    "## Data",
    "",
    "| engine | products | assets | cases | kits | locations | scan codes | generate s | insert s | VACUUM ANALYZE s | database size |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of reports) {
    const n = (t: string) => (r.load.rows[t] ?? 0).toLocaleString("en");
    lines.push(
      `| ${r.engine} | ${n("product")} | ${n("asset")} | ${n("equipment_case")} | ${n("kit")} | ${n("location")} | ${n("scan_code")} | ${(r.load.generateMs / 1000).toFixed(1)} | ${(r.load.insertMs / 1000).toFixed(1)} | ${(r.load.analyzeMs / 1000).toFixed(1)} | ${(r.load.databaseBytes / 1024 / 1024).toFixed(0)} MB |`,
    );
  }
  lines.push(
    "",
    `## Through the server: Connect JSON over HTTP/1.1 (keep-alive), ${settings.seconds} s per row after ${settings.warmupSeconds} s warm-up`,
    "",
    "Search cycles through every query class below; ResolveCode sends 90 % asset tags, 5 % case codes, 4 % product codes, 1 % kit codes.",
    "",
    "| engine | call | clients | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const r of reports) {
    for (const { call, results } of r.latency) {
      for (const x of results) lines.push(`| ${r.engine} | ${call} | ${x.concurrency} | ${x.throughput.toFixed(1)} | ${ms(x.p50Ms)} | ${ms(x.p95Ms)} | ${ms(x.p99Ms)} | ${ms(x.maxMs)} | ${x.errors} |`);
    }
  }
  lines.push(
    "",
    `## Search by kind of query (one client, ${settings.classCalls} calls each)`,
    "",
    "\"on page\": the thing the query was made from is among the 20 hits; \"first\": it is the first hit.",
    "",
    "| engine | query | p50 ms | p95 ms | p99 ms | on page | first |",
    "|---|---|---:|---:|---:|---:|---:|",
  );
  for (const r of reports) {
    for (const c of r.classes) lines.push(`| ${r.engine} | ${c.queryClass} | ${ms(c.p50Ms)} | ${ms(c.p95Ms)} | ${ms(c.p99Ms)} | ${pct(c.foundOnPage)} | ${pct(c.foundFirst)} |`);
  }
  lines.push(
    "",
    `## Floor: the search SQL run directly with the same driver (no HTTP, no auth), ${settings.rawCalls} calls each`,
    "",
    "A misspelled name costs both statements (nothing matches exactly or as words, so the typo-tolerant one runs too).",
    "",
    "| engine | statement | queries | p50 ms | p95 ms | p99 ms |",
    "|---|---|---|---:|---:|---:|",
  );
  for (const r of reports) for (const x of r.raw) lines.push(`| ${r.engine} | ${x.statement} | ${x.queryClass} | ${ms(x.p50Ms)} | ${ms(x.p95Ms)} | ${ms(x.p99Ms)} |`);
  lines.push("", "## Plans (EXPLAIN ANALYZE of one query per row)", "", "| engine | statement | query | indexes used | sequential scans | execution ms |", "|---|---|---|---|---|---:|");
  for (const r of reports) {
    for (const p of r.plans) lines.push(`| ${r.engine} | ${p.statement} | \`${p.query}\` | ${p.indexes.join(", ") || "–"} | ${p.sequentialScans.join(", ") || "–"} | ${ms(p.executionMs)} |`);
  }
  const errors = reports.flatMap((r) => r.latency.flatMap((l) => l.results.filter((x) => x.firstError).map((x) => `- ${r.engine} ${l.call} ×${x.concurrency}: ${x.firstError ?? ""}`)));
  if (errors.length > 0) lines.push("", "Errors:", ...errors);
  return lines.join("\n");
}

async function main(): Promise<void> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: build the server first (npx tsc -b server/tsconfig.build.json)`);
  const engines = (process.env.BENCH_ENGINES ?? "pglite,postgres").split(",").map((e) => e.trim());
  const postgresUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;

  const generated = performance.now();
  const catalogue = generateCatalogue({ assets: settings.assets, cases: settings.cases, kits: settings.kits });
  const generateMs = performance.now() - generated;
  const queries = benchQueries(catalogue, settings.queriesPerClass);
  process.stderr.write(`catalogue: ${catalogue.products.length} products, ${catalogue.assets.length} assets, ${catalogue.cases.length} cases, ${catalogue.locations.length} locations (${generateMs.toFixed(0)} ms)\n`);

  const reports: EngineReport[] = [];
  if (engines.includes("pglite")) reports.push(await benchPglite(catalogue, generateMs, queries));
  if (engines.includes("postgres")) {
    if (postgresUrl) reports.push(await benchPostgres(postgresUrl, catalogue, generateMs, queries));
    else process.stderr.write("postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL to an admin connection, e.g. postgres://postgres@127.0.0.1:5432/postgres)\n");
  }

  const facts = runFacts();
  const meta = {
    ...facts,
    settings,
    queries,
  };
  process.stdout.write(`${markdown(meta, reports)}\n`);
  writeResults("inventory", facts, { ...meta, engines: reports });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:inventory failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
