// Scanning benchmark: the inventory benchmark's catalogue (100,000 assets by
// default) loaded with bulk SQL, then 20 warehouse scanners checking out at
// once, each in its own session on its own event whose pull list asks for the
// units it scans (9 in 10 scans an asset tag, 1 in 10 a bulk product with a
// quantity). Server-side `Scan` latency (the ScanningService call in process:
// one transaction with its locks, writes and NOTIFY; no HTTP) and scans per
// second, next to two baselines measured in the same run on the same data:
// `ResolveCode` in process (the read-only lookup every scan starts with) and the
// raw scan-code SQL with the same driver. On PGlite and on PostgreSQL.
//
//   npm run bench:scanning      (= tsc -b server/tsconfig.build.json bench && node bench/dist/scanning.js)
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:scanning
//   BENCH_ENGINES=pglite BENCH_ASSETS=5000 BENCH_SCANS=20 npm run bench:scanning
//
// Prints Markdown and writes bench/results/scanning-<timestamp>.json. Figures
// describe this machine on this run; never gate CI on them.

import { randomUUID } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { insertCatalogue } from "./catalogue-load.js";
import { generateCatalogue, type AssetRow, type Catalogue } from "./inventory-data.js";
import { percentile } from "./load.js";
import { cpuTicks, ticksPerSecond } from "./resources.js";
import { runFacts, writeResults } from "./results.js";
import { createScratchDatabase } from "./scratch-db.js";
import { countingKysely } from "./sql-capture.js";
import { repoRoot, serverEntry, tempDir } from "./server.js";

type Engine = "pglite" | "postgres";

const settings = {
  assets: Number(process.env.BENCH_ASSETS ?? 100_000),
  cases: Number(process.env.BENCH_CASES ?? 2_000),
  kits: Number(process.env.BENCH_KITS ?? 100),
  scanners: Number(process.env.BENCH_SCANNERS ?? 20),
  /** Scans per scanner (after the warm-up scans). */
  scansPerScanner: Number(process.env.BENCH_SCANS ?? 50),
  warmupPerScanner: 5,
  /** Scans of the first scanner alone (before the others start): latency with no queue in front of it. */
  aloneScans: Number(process.env.BENCH_ALONE_SCANS ?? 100),
  baselineCalls: Number(process.env.BENCH_BASELINE_CALLS ?? 2_000),
};

// --- the server's own modules, loaded from its build ----------------------------

interface DatabaseHandle {
  db: unknown;
  pool: pg.Pool;
  close(): Promise<void>;
}

interface ServerDb {
  migrate(pool: pg.Pool): Promise<string[]>;
  openPglite(dataDir: string | undefined): Promise<unknown>;
  pgliteHandle(lite: unknown): DatabaseHandle;
  createKysely(pool: pg.Pool): unknown;
}

interface Caller {
  principal: { userId: string; apiKeyId: undefined; permissions: Set<string> };
  clientAddress: string;
}

interface ScanInput {
  sessionId: string;
  scanId: string;
  code: string;
  quantity: number;
  override: boolean;
  overrideNote: string;
  damaged: boolean;
  damageNote: string;
  remove: boolean;
}

interface ScanningServiceApi {
  startSession(ctx: Caller, input: Record<string, unknown>): Promise<{ session: { id: string } }>;
  scan(ctx: Caller, input: ScanInput): Promise<unknown>;
}

interface ServerModules {
  db: ServerDb;
  ScanningService: new (deps: { db: unknown; now: () => Date; bus: unknown }) => ScanningServiceApi;
  ScanBus: new (listen: () => Promise<() => Promise<void>>) => unknown;
  SearchService: new (deps: { db: unknown; now: () => Date }) => { resolveCode(ctx: Caller, code: string): Promise<unknown> };
}

async function serverModule<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(repoRoot, "server", "dist", path)).href)) as T;
}

async function serverModules(): Promise<ServerModules> {
  const [db, scanning, bus, search] = await Promise.all([
    serverModule<ServerDb>("store/db.js"),
    serverModule<{ ScanningService: ServerModules["ScanningService"] }>("service/scanning.service.js"),
    serverModule<{ ScanBus: ServerModules["ScanBus"] }>("service/scanning.bus.js"),
    serverModule<{ SearchService: ServerModules["SearchService"] }>("service/search.service.js"),
  ]);
  return { db, ScanningService: scanning.ScanningService, ScanBus: bus.ScanBus, SearchService: search.SearchService };
}

// --- loading ---------------------------------------------------------------------

interface Plan {
  userId: string;
  /** Per scanner: its event and the codes it will scan. */
  scanners: { eventId: string; scans: { code: string; quantity: number }[] }[];
  resolveCodes: string[];
}

/** The catalogue (as the inventory benchmark loads it: scan-code triggers fire), then the scanners' events and pull lists. */
async function load(pool: pg.Pool, catalogue: Catalogue): Promise<{ plan: Plan; loadMs: number; rows: Record<string, number> }> {
  const started = performance.now();
  await insertCatalogue(pool, catalogue);

  const user = await pool.query<{ id: string }>("INSERT INTO app_user (email, display_name, updated_at) VALUES ('bench-scanner@example.com', 'Bench scanner', now()) RETURNING id");
  const userId = user.rows[0]?.id ?? "";
  // Units a scanner can take: available and loose, spread over the scanners without overlap.
  const loose = catalogue.assets.filter((a) => a.status === "AVAILABLE" && a.caseId === null);
  // Warm-up scans, one scan whose statements are listed, then the measured ones.
  // The first scanner also scans alone, after its measured scans' units.
  const perScanner = settings.warmupPerScanner + 1 + settings.scansPerScanner;
  const needed = perScanner * settings.scanners + settings.aloneScans;
  const bulk = catalogue.products.filter((p) => p.tracking === "BULK");
  if (loose.length < needed) throw new Error(`only ${loose.length} loose available units for ${needed} scans`);
  const scanners: Plan["scanners"] = [];
  for (let s = 0; s < settings.scanners; s++) {
    const from = s === 0 ? 0 : s * perScanner + settings.aloneScans;
    const units: AssetRow[] = loose.slice(from, from + perScanner + (s === 0 ? settings.aloneScans : 0));
    const start = new Date(Date.UTC(2031, 0, 1 + s * 7));
    const end = new Date(start.getTime() + 5 * 86_400_000);
    const event = await pool.query<{ id: string }>(
      "INSERT INTO event (number, name, status, out_period) VALUES ($1, $2, 'CONFIRMED', tstzrange($3::timestamptz, $4::timestamptz, '[)')) RETURNING id",
      [`BENCH-${s}`, `Bench event ${s}`, start, end],
    );
    const eventId = event.rows[0]?.id ?? "";
    const section = await pool.query<{ id: string }>("INSERT INTO pull_list_section (event_id, name) VALUES ($1, 'Main') RETURNING id", [eventId]);
    const counts = new Map<string, number>();
    for (const u of units) counts.set(u.productId, (counts.get(u.productId) ?? 0) + 1);
    const bulkProduct = bulk[s % Math.max(1, bulk.length)];
    if (bulkProduct) counts.set(bulkProduct.id, 100_000);
    let position = 0;
    for (const [productId, quantity] of counts) {
      await pool.query("INSERT INTO pull_list_line (event_id, section_id, kind, product_id, quantity, position) VALUES ($1, $2, 'PRODUCT', $3, $4, $5)", [eventId, section.rows[0]?.id, productId, quantity, position++]);
    }
    const scans = units.map((u, i) => (bulkProduct && i % 10 === 9 ? { code: bulkProduct.code, quantity: 1 + (i % 4) } : { code: u.tag, quantity: 0 }));
    scanners.push({ eventId, scans });
  }
  await pool.query("VACUUM ANALYZE");
  const resolveCodes = catalogue.assets.filter((_, i) => i % 97 === 0).map((a) => a.tag);
  const { rows } = await pool.query<{ table: string; n: string }>(
    "SELECT 'asset' AS table, count(*) AS n FROM asset UNION ALL SELECT 'scan_code', count(*) FROM scan_code UNION ALL SELECT 'pull_list_line', count(*) FROM pull_list_line",
  );
  return { plan: { userId, scanners, resolveCodes }, loadMs: performance.now() - started, rows: Object.fromEntries(rows.map((r) => [r.table, Number(r.n)])) };
}

// --- measuring -----------------------------------------------------------------------

interface Figures {
  what: string;
  concurrency: number;
  calls: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  firstError?: string;
  /** Statements (round trips) per call, counted by a logging Kysely. */
  statementsPerCall?: number;
  /** CPU per call of this process (service, driver and, on PGlite, the database) and of the PostgreSQL backends. */
  processCpuMsPerCall?: number;
  databaseCpuMsPerCall?: number | null;
}

function figures(what: string, concurrency: number, times: number[], errors: number, seconds: number, firstError: string | undefined): Figures {
  times.sort((a, b) => a - b);
  return {
    what,
    concurrency,
    calls: times.length,
    errors,
    seconds,
    perSecond: times.length / seconds,
    p50Ms: percentile(times, 50),
    p95Ms: percentile(times, 95),
    p99Ms: percentile(times, 99),
    maxMs: times.at(-1) ?? Number.NaN,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/** Runs `calls` operations with `concurrency` workers, timing each. */
async function timed(what: string, concurrency: number, calls: number, op: (i: number) => Promise<unknown>): Promise<Figures> {
  const times: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const i = next++;
        const t0 = performance.now();
        try {
          await op(i);
          times.push(performance.now() - t0);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  return figures(what, concurrency, times, errors, (performance.now() - started) / 1000, firstError);
}

/** CPU used by this process and, on PostgreSQL, by the backends connected to the benchmark database. */
interface CpuMeter {
  stop(): Promise<{ processMs: number; databaseMs: number | null }>;
}

async function startCpuMeter(database: DatabaseName | undefined): Promise<CpuMeter> {
  const backendTicks = async () => {
    const ticks = new Map<number, number>();
    if (!database) return ticks;
    const { rows } = await database.admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [database.name]);
    for (const { pid } of rows) ticks.set(pid, cpuTicks(pid) ?? 0);
    return ticks;
  };
  const processStart = process.cpuUsage();
  const ticksStart = await backendTicks();
  return {
    stop: async () => {
      const used = process.cpuUsage(processStart);
      // Per backend: one that connected meanwhile counts from zero.
      let ticks = 0;
      for (const [pid, now] of await backendTicks()) ticks += now - (ticksStart.get(pid) ?? 0);
      return { processMs: (used.user + used.system) / 1000, databaseMs: database ? (ticks / ticksPerSecond) * 1000 : null };
    },
  };
}

interface DatabaseName {
  name: string;
  admin: pg.Client;
}

interface ScanStatement {
  sql: string;
  /** Mean wall time of this statement over the measured scans (as the driver sees it). */
  meanMs: number;
}

async function measure(modules: ServerModules, handle: DatabaseHandle, plan: Plan, database: DatabaseName | undefined): Promise<{ figures: Figures[]; scanStatements: ScanStatement[] }> {
  const now = () => new Date();
  const caller: Caller = { principal: { userId: plan.userId, apiKeyId: undefined, permissions: new Set(["scanning.use", "scanning.read", "inventory.read"]) }, clientAddress: "bench" };
  // The bus is never subscribed here, so it never listens.
  const bus = new modules.ScanBus(() => Promise.resolve(() => Promise.resolve()));
  // The server's Kysely plus a statement counter: every statement is one round trip to the database.
  const counting = await countingKysely(handle.pool);
  const scanning = new modules.ScanningService({ db: counting.db, now, bus });
  const search = new modules.SearchService({ db: handle.db, now });
  const out: Figures[] = [];

  // Baselines first (they read only): the raw lookup, then ResolveCode in process.
  const codes = plan.resolveCodes;
  out.push(
    await timed("raw SQL: scan-code lookup", settings.scanners, settings.baselineCalls, (i) =>
      handle.pool.query("SELECT kind, target_id FROM scan_code WHERE lower(code) = lower($1)", [codes[i % codes.length]]),
    ),
  );
  out.push(await timed("ResolveCode (service, in process)", settings.scanners, settings.baselineCalls, (i) => search.resolveCode(caller, codes[i % codes.length] ?? "")));

  // Each scanner: its own session, warm-up scans, then the measured ones, all scanners at once.
  const sessions = await Promise.all(
    plan.scanners.map(async (s) => (await scanning.startSession(caller, { kind: "CHECK_OUT", eventId: s.eventId, caseId: null, locationId: null, sourceLocationId: null, note: "", requestId: null })).session.id),
  );
  const scanOf = (scanner: number, index: number): ScanInput => {
    const s = plan.scanners[scanner]?.scans[index] ?? { code: "", quantity: 0 };
    return { sessionId: sessions[scanner] ?? "", scanId: randomUUID(), code: s.code, quantity: s.quantity, override: false, overrideNote: "", damaged: false, damageNote: "", remove: false };
  };
  for (let i = 0; i < settings.warmupPerScanner; i++) await Promise.all(sessions.map((_, s) => scanning.scan(caller, scanOf(s, i))));

  // The statements of one scan, for the report.
  counting.sample(true);
  await scanning.scan(caller, scanOf(0, settings.warmupPerScanner));
  const sampled = counting.sample(false);

  // The first scanner alone, one scan after the other.
  const aloneFrom = settings.warmupPerScanner + 1 + settings.scansPerScanner;
  const aloneBefore = counting.statements();
  const aloneCpu = await startCpuMeter(database);
  const alone = await timed("Scan alone (one scanner, check-out)", 1, settings.aloneScans, (i) => scanning.scan(caller, scanOf(0, aloneFrom + i)));
  out.push({ ...alone, ...(await perCall(aloneCpu, counting.statements() - aloneBefore, settings.aloneScans)) });

  const times: number[] = [];
  const applied: ScanInput[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const statementsBefore = counting.statements();
  counting.times().clear();
  const cpu = await startCpuMeter(database);
  const started = performance.now();
  await Promise.all(
    sessions.map(async (_, s) => {
      for (let i = settings.warmupPerScanner + 1; i < settings.warmupPerScanner + 1 + settings.scansPerScanner; i++) {
        const input = scanOf(s, i);
        const t0 = performance.now();
        try {
          await scanning.scan(caller, input);
          times.push(performance.now() - t0);
          applied.push(input);
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const measuredTimes = new Map([...counting.times()].map(([text, t]) => [text, { ...t }]));
  out.push({ ...figures("Scan (check-out, service in process)", settings.scanners, times, errors, seconds, firstError), ...(await perCall(cpu, counting.statements() - statementsBefore, times.length + errors)) });

  // Retries (same scan id, same payload) of applied scans: answered from the stored result.
  const retries = Math.min(applied.length, settings.baselineCalls);
  const retriedBefore = counting.statements();
  const retryCpu = await startCpuMeter(database);
  const retried = await timed("Scan retried (same scan id)", settings.scanners, retries, (i) => scanning.scan(caller, applied[i] as ScanInput));
  out.push({ ...retried, ...(await perCall(retryCpu, counting.statements() - retriedBefore, retries)) });
  const scanStatements = sampled.map((text) => {
    const t = measuredTimes.get(text);
    return { sql: text, meanMs: t ? t.totalMs / t.calls : Number.NaN };
  });
  return { figures: out, scanStatements };
}

async function perCall(cpu: CpuMeter, statements: number, calls: number): Promise<Pick<Figures, "statementsPerCall" | "processCpuMsPerCall" | "databaseCpuMsPerCall">> {
  const used = await cpu.stop();
  const n = Math.max(1, calls);
  return { statementsPerCall: statements / n, processCpuMsPerCall: used.processMs / n, databaseCpuMsPerCall: used.databaseMs === null ? null : used.databaseMs / n };
}

// --- engines ---------------------------------------------------------------------------

interface EngineReport {
  engine: Engine;
  loadMs: number;
  rows: Record<string, number>;
  figures: Figures[];
  /** The statements of one check-out scan of an asset tag, in order. */
  scanStatements: ScanStatement[];
}

async function benchPglite(modules: ServerModules, catalogue: Catalogue): Promise<EngineReport> {
  const dataDir = tempDir();
  try {
    process.stderr.write(`pglite: loading into ${dataDir}\n`);
    const handle = modules.db.pgliteHandle(await modules.db.openPglite(join(dataDir, "pgdata")));
    try {
      await modules.db.migrate(handle.pool);
      const loaded = await load(handle.pool, catalogue);
      process.stderr.write(`pglite: measuring\n`);
      return { engine: "pglite", loadMs: loaded.loadMs, rows: loaded.rows, ...(await measure(modules, handle, loaded.plan, undefined)) };
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(modules: ServerModules, adminUrl: string, catalogue: Catalogue): Promise<EngineReport> {
  const scratch = await createScratchDatabase(adminUrl, "ek_bench_scanning");
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    process.stderr.write(`postgres: loading into ${scratch.name}\n`);
    // The server's default pool size and session settings.
    // Idle connections stay open, so that the backends' CPU is read from the same processes throughout.
    const pool = new pg.Pool({ connectionString: scratch.url, max: 10, idleTimeoutMillis: 0, options: "-c jit=off" });
    // An idle connection that fails (the database dropped under it) must not end the run with an
    // unhandled 'error' that hides the failure being reported.
    pool.on("error", (error) => process.stderr.write(`postgres: idle connection failed: ${error.message}\n`));
    const handle: DatabaseHandle = { db: modules.db.createKysely(pool), pool, close: () => pool.end() };
    try {
      await modules.db.migrate(pool);
      const loaded = await load(pool, catalogue);
      process.stderr.write(`postgres: measuring\n`);
      return { engine: "postgres", loadMs: loaded.loadMs, rows: loaded.rows, ...(await measure(modules, handle, loaded.plan, { name: scratch.name, admin })) };
    } finally {
      await handle.close();
    }
  } finally {
    await admin.end();
    await scratch.drop();
  }
}

// --- report ------------------------------------------------------------------------------

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");

function markdown(meta: Record<string, unknown>, reports: EngineReport[]): string {
  const lines = [
    "# EventKit scanning benchmark",
    "",
    `${String(meta.date)} · commit ${String(meta.commit)} · Node ${String(meta.node)} · ${String(meta.cpu)} × ${String(meta.cores)} · ${String(meta.memoryGb)} GB RAM`,
    `${settings.scanners} scanners at once, each in its own check-out session on its own event, ${settings.scansPerScanner} measured scans each (9 in 10 an asset tag, 1 in 10 a bulk product with a quantity). Server-side: the service call in process, no HTTP. The load driver shares the process and the cores.`,
    "",
    "| engine | assets | scan codes | load s | call | clients | calls | calls/s | p50 ms | p95 ms | p99 ms | max ms | errors | statements/call | process CPU ms/call | PostgreSQL CPU ms/call |",
    "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of reports) {
    for (const f of r.figures) {
      lines.push(
        `| ${r.engine} | ${(r.rows.asset ?? 0).toLocaleString("en")} | ${(r.rows.scan_code ?? 0).toLocaleString("en")} | ${(r.loadMs / 1000).toFixed(1)} | ${f.what} | ${f.concurrency} | ${f.calls} | ${f.perSecond.toFixed(1)} | ${ms(f.p50Ms)} | ${ms(f.p95Ms)} | ${ms(f.p99Ms)} | ${ms(f.maxMs)} | ${f.errors} | ${f.statementsPerCall?.toFixed(1) ?? ""} | ${f.processCpuMsPerCall?.toFixed(2) ?? ""} | ${f.databaseCpuMsPerCall?.toFixed(2) ?? ""} |`,
      );
    }
  }
  const errors = reports.flatMap((r) => r.figures.filter((f) => f.firstError).map((f) => `- ${r.engine} ${f.what}: ${f.firstError ?? ""}`));
  if (errors.length > 0) lines.push("", "Errors:", ...errors);
  for (const r of reports) lines.push("", `Statements of one check-out scan of an asset tag on ${r.engine} (${r.scanStatements.length}), with each one's mean wall time over the measured scans:`, "", ...r.scanStatements.map((st, i) => `${i + 1}. ${ms(st.meanMs)} ms \`${st.sql.replace(/\s+/g, " ").slice(0, 140)}\``));
  return lines.join("\n");
}

async function main(): Promise<void> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: build the server first (npx tsc -b server/tsconfig.build.json)`);
  const engines = (process.env.BENCH_ENGINES ?? "pglite,postgres").split(",").map((e) => e.trim());
  const postgresUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const modules = await serverModules();
  const catalogue = generateCatalogue({ assets: settings.assets, cases: settings.cases, kits: settings.kits });
  process.stderr.write(`catalogue: ${catalogue.products.length} products, ${catalogue.assets.length} assets\n`);

  const reports: EngineReport[] = [];
  if (engines.includes("pglite")) reports.push(await benchPglite(modules, catalogue));
  if (engines.includes("postgres")) {
    if (postgresUrl) reports.push(await benchPostgres(modules, postgresUrl, catalogue));
    else process.stderr.write("postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL to an admin connection)\n");
  }
  const facts = runFacts();
  process.stdout.write(`${markdown({ ...facts }, reports)}\n`);
  writeResults("scanning", facts, { settings, engines: reports });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:scanning failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
