// Mixed workload benchmark: a realistic data set at a named scale, N virtual
// users over Connect JSON and gRPC against the real server (one process on
// PGlite, one and two processes on PostgreSQL), per-RPC throughput and
// latency, what it cost (server CPU and memory, database CPU and connections),
// and two baselines measured in the same run: the Echo RPC on the same server
// (the API layer's floor) and the heaviest SQL (search, availability) run
// directly with the same driver (the database's floor).
//
//   npm run bench -- --scale seed
//   npm run bench -- --scale tiny --users 5,20 --seconds 10
//   npm run bench -- --scale seed --targets postgres --users 50,200 --seconds 30
//
// PostgreSQL needs an admin connection in DATABASE_URL or TEST_DATABASE_URL
// (a scratch database is created and dropped). Prints Markdown and writes
// bench/results/mixed-<scale>-<timestamp>.{json,md}. Figures describe this
// machine on this run; never gate CI on them.

import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { companies, generateDataset, isScaleName, loadDataset, scales, settle, type Dataset, type LoadFigures, type ScaleName } from "./dataset.js";
import { benchQueries, type BenchQuery } from "./inventory-data.js";
import { percentile } from "./load.js";
import { startSampler, type ResourceFigures } from "./resources.js";
import { runFacts, writeMarkdown, writeResults } from "./results.js";
import { createScratchDatabase } from "./scratch-db.js";
import { serverDb } from "./server-modules.js";
import { admin, serverEntry, startServer, tempDir, type BenchServer } from "./server.js";
import { captureAvailabilitySql, captureSearchSql, searchThresholdsSql, type Statement } from "./sql-capture.js";
import { actions, readWorld, type World } from "./workload-actions.js";
import { runWorkload, type WorkloadFigures } from "./workload.js";

type TargetName = "postgres" | "postgres-2" | "pglite";
const targetNames: readonly TargetName[] = ["postgres", "postgres-2", "pglite"];

const defaults: Record<ScaleName, { users: number[]; seconds: number; rampSeconds: number; targets: TargetName[] }> = {
  tiny: { users: [5, 20], seconds: 10, rampSeconds: 3, targets: ["postgres", "postgres-2", "pglite"] },
  seed: { users: [50, 200, 500], seconds: 30, rampSeconds: 10, targets: ["postgres", "postgres-2", "pglite"] },
  "10x": { users: [50, 200, 500], seconds: 30, rampSeconds: 10, targets: ["postgres", "postgres-2"] },
};

/** p95 goals of the issue, by number of users (PostgreSQL on 2 cores). */
const goals: Record<number, number> = { 50: 50, 200: 200 };

const vuEmail = (vu: number) => `vu-${vu + 1}@bench.example`;

function options() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "tiny" },
      users: { type: "string" },
      targets: { type: "string" },
      seconds: { type: "string" },
      ramp: { type: "string" },
      "think-ms": { type: "string", default: "2000" },
      "grpc-share": { type: "string", default: "0.25" },
      pool: { type: "string", default: "10" },
      keep: { type: "boolean", default: false },
      reuse: { type: "string" },
      profile: { type: "string" },
      "skip-alone": { type: "boolean", default: false },
      "every-action": { type: "boolean", default: false },
      "results-dir": { type: "string" },
    },
  });
  if (!isScaleName(values.scale)) throw new Error(`--scale must be one of ${Object.keys(scales).join(", ")}`);
  const scaleName = values.scale;
  const d = defaults[scaleName];
  const targets = values.targets ? values.targets.split(",").map((t) => t.trim()) : d.targets;
  for (const t of targets) if (!targetNames.includes(t as TargetName)) throw new Error(`--targets: unknown target ${t} (${targetNames.join(", ")})`);
  const users = values.users ? values.users.split(",").map(Number) : d.users;
  if (values["every-action"] && users.some((u) => u < actions.length)) throw new Error(`--every-action needs at least ${actions.length} users (one per action)`);
  return {
    scaleName,
    users,
    targets: targets as TargetName[],
    seconds: Number(values.seconds ?? d.seconds),
    rampSeconds: Number(values.ramp ?? d.rampSeconds),
    thinkMs: Number(values["think-ms"]),
    grpcShare: Number(values["grpc-share"]),
    poolSize: Number(values.pool),
    /** Leave the PostgreSQL database in place afterwards, to look into its plans. */
    keep: values.keep,
    /** A database kept by an earlier run at the same scale: migrated to this commit and measured again, not reloaded. */
    reuse: values.reuse,
    /** A folder for the server processes' CPU profiles (node --cpu-prof), written when each stops. */
    profile: values.profile,
    /** Only the measured runs: no per-action costs, no "1 alone" run (the CI smoke test, which asserts no figures). */
    skipAlone: values["skip-alone"],
    /** User n starts with action n, so that with at least as many users as actions each one runs (the smoke test). */
    everyAction: values["every-action"],
    /** Where the JSON and Markdown go instead of bench/results. */
    resultsDir: values["results-dir"],
  };
}
type Settings = ReturnType<typeof options>;

// --- the SQL floor ---------------------------------------------------------------------

interface FloorSet {
  /** Per search: the codes + full-text statement, and for misspelled names the typo-tolerant one too. */
  search: Statement[][];
  /** Per availability check: its four statements. */
  availability: Statement[][];
}

interface FloorFigures {
  calls: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Captured before the server opens the database (the embedded one admits one process). */
async function captureFloor(pool: pg.Pool, world: World): Promise<FloorSet> {
  const search: Statement[][] = [];
  const perClass = new Map<string, BenchQuery[]>();
  for (const q of world.queries) perClass.set(q.class, [...(perClass.get(q.class) ?? []), q]);
  for (const [queryClass, list] of perClass) {
    for (const q of list.slice(0, 5)) {
      const { stage1, stage2 } = await captureSearchSql(pool, q.query);
      search.push(queryClass === "misspelled name" ? [stage1, stage2] : [stage1]);
    }
  }
  const availability: Statement[][] = [];
  for (const event of world.upcoming.slice(0, 20)) availability.push(await captureAvailabilitySql(pool, { ...event, excludeEventId: event.id }));
  return { search, availability };
}

function floorFigures(times: number[]): FloorFigures {
  times.sort((a, b) => a - b);
  return { calls: times.length, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), p99Ms: percentile(times, 99) };
}

/** Runs searches and availability checks in turn on one connection, `rounds` times or until `stop` says so. */
async function runFloor(pool: pg.Pool, set: FloorSet, until: { rounds: number } | { stop: () => boolean; pauseMs: number }): Promise<{ search: FloorFigures; availability: FloorFigures }> {
  const client = await pool.connect();
  const search: number[] = [];
  const availability: number[] = [];
  try {
    await client.query(searchThresholdsSql);
    for (let i = 0; "rounds" in until ? i < until.rounds : !until.stop(); i += 1) {
      const statements = set.search[i % set.search.length] ?? [];
      let t0 = performance.now();
      for (const [stage, s] of statements.entries()) {
        // As the service does for the typo-tolerant statement (see prepareFuzzyMatching).
        if (stage === 1) await client.query("SET enable_seqscan = off");
        await client.query(s.sql, s.parameters);
        if (stage === 1) await client.query("RESET enable_seqscan");
      }
      search.push(performance.now() - t0);
      t0 = performance.now();
      for (const s of set.availability[i % set.availability.length] ?? []) await client.query(s.sql, s.parameters);
      availability.push(performance.now() - t0);
      if ("pauseMs" in until) await new Promise((resolve) => setTimeout(resolve, until.pauseMs));
    }
  } finally {
    client.release();
  }
  return { search: floorFigures(search), availability: floorFigures(availability) };
}

// --- one target ------------------------------------------------------------------------

interface RunReport {
  target: TargetName;
  users: number;
  /** One user with no think time before the real runs: what each RPC costs with no queue in front of it. */
  alone: boolean;
  workload: WorkloadFigures;
  resources: ResourceFigures;
  /** The SQL floor measured while the users ran (PostgreSQL); null on PGlite, which admits one process. */
  floorUnderLoad: { search: FloorFigures; availability: FloorFigures } | null;
}

/** One action alone, back to back by one user: what it costs the server and the database. */
interface ActionCost {
  target: TargetName;
  action: string;
  actions: number;
  rpcsPerAction: number;
  /** Wall time of one action with no queue in front of it. */
  msPerAction: number;
  serverCpuMsPerAction: number;
  databaseCpuMsPerAction: number | null;
}

interface EngineReport {
  engine: "postgres" | "pglite";
  costs: ActionCost[];
  databaseVersion: string;
  load: LoadFigures;
  world: ReturnType<typeof worldSizes>;
  floorIdle: { search: FloorFigures; availability: FloorFigures };
  runs: RunReport[];
}

interface Prepared {
  load: LoadFigures;
  world: World;
  floorSet: FloorSet;
  floorIdle: { search: FloorFigures; availability: FloorFigures };
  databaseVersion: string;
}

/** Migrates, loads, reads the world and measures the idle floor on `pool`. */
async function prepare(pool: pg.Pool, dataset: Dataset, queries: BenchQuery[], label: string, reuse = false): Promise<Prepared> {
  const db = await serverDb();
  await db.migrate(pool);
  process.stderr.write(`${label}: ${reuse ? "reusing" : "loading"}\n`);
  const load = reuse ? { generateMs: 0, insertMs: 0, ...(await settle(pool)) } : await loadDataset(pool, dataset);
  process.stderr.write(`${label}: loaded in ${((load.insertMs + load.analyzeMs) / 1000).toFixed(1)} s, ${(load.databaseBytes / 1024 / 1024).toFixed(0)} MB\n`);
  const world = await readWorld(pool, queries, new Date());
  const floorSet = await captureFloor(pool, world);
  const floorIdle = await runFloor(pool, floorSet, { rounds: 100 });
  const version = await pool.query<{ v: string }>("SELECT version() AS v");
  return { load, world, floorSet, floorIdle, databaseVersion: version.rows[0]?.v ?? "unknown" };
}

/** The admin and the built-in roles exist after the server's first start; then every user gets an account like the admin's (those missing). */
async function bootstrap(target: { dataDir: string } | { databaseUrl: string }, poolOf: () => Promise<{ pool: pg.Pool; close: () => Promise<void> }>, users: number): Promise<void> {
  const server = await startServer(target);
  await server.stop();
  const { pool, close } = await poolOf();
  try {
    await pool.query(
      `INSERT INTO app_user (email, display_name, password_hash)
       SELECT 'vu-' || n || '@bench.example', 'Virtual user ' || n, (SELECT password_hash FROM app_user WHERE lower(email) = lower($1))
       FROM generate_series(1, $2::int) n
       ON CONFLICT DO NOTHING`,
      [admin.email, users],
    );
    await pool.query(
      `INSERT INTO user_role (user_id, role_id)
       SELECT u.id, r.role_id FROM app_user u CROSS JOIN (SELECT ur.role_id FROM user_role ur JOIN app_user a ON a.id = ur.user_id WHERE lower(a.email) = lower($1)) r
       WHERE u.email LIKE 'vu-%@bench.example'
       ON CONFLICT DO NOTHING`,
      [admin.email],
    );
  } finally {
    await close();
  }
}

async function measure(target: TargetName, servers: BenchServer[], world: World, settings: Settings, users: number | "alone", floor?: { pool: pg.Pool; set: FloorSet; database: { url: string; name: string } }): Promise<RunReport> {
  process.stderr.write(`  ${target}: ${users === "alone" ? "1 user alone" : `${users} users`}\n`);
  const alone = users === "alone";
  let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
  let floorRun: Promise<{ search: FloorFigures; availability: FloorFigures }> | undefined;
  let floorStopped = false;
  const workload = await runWorkload({
    urls: servers.map((s) => s.url),
    users: alone ? 1 : users,
    grpcShare: alone ? 0 : settings.grpcShare,
    credentials: (vu) => ({ email: vuEmail(vu), password: admin.password }),
    actions,
    world,
    rampSeconds: alone ? 0 : settings.rampSeconds,
    seconds: alone ? Math.ceil(settings.seconds / 2) : settings.seconds,
    thinkMs: alone ? 0 : settings.thinkMs,
    seed: 1_000,
    everyAction: settings.everyAction,
    onWindow: async (phase) => {
      if (phase === "open") {
        sampler = await startSampler({ serverPids: servers.map((s) => s.pid), ...(floor ? { database: floor.database } : {}) });
        if (floor) floorRun = runFloor(floor.pool, floor.set, { stop: () => floorStopped, pauseMs: 100 });
      } else {
        floorStopped = true;
      }
    },
  });
  const resources = sampler ? await sampler.stop() : undefined;
  if (!resources) throw new Error("the measured window never opened");
  const floorUnderLoad = floorRun ? await floorRun : null;
  const slowest = workload.rpcs.filter((r) => r.protocol === "all").sort((a, b) => b.p95Ms - a.p95Ms)[0];
  process.stderr.write(
    `    ${workload.rpcsPerSecond.toFixed(0)} RPC/s, slowest p95 ${slowest?.rpc ?? "–"} ${slowest?.p95Ms.toFixed(0) ?? "–"} ms, server CPU ${resources.serverCpuPercent.toFixed(0)} %, errors ${workload.rpcs.filter((r) => r.protocol === "all").reduce((s, r) => s + r.errors, 0)}\n`,
  );
  return { target, users: alone ? 1 : users, alone, workload, resources, floorUnderLoad };
}

/**
 * CPU time is what a busy, shared machine distorts least: each action runs alone (one user, no
 * think time) for a few seconds while /proc and pg_stat_activity are sampled.
 */
async function measureCosts(target: TargetName, servers: BenchServer[], world: World, settings: Settings, database?: { url: string; name: string }): Promise<ActionCost[]> {
  const costs: ActionCost[] = [];
  for (const action of actions) {
    let sampler: Awaited<ReturnType<typeof startSampler>> | undefined;
    const workload = await runWorkload({
      urls: [servers[0]?.url ?? ""],
      users: 1,
      grpcShare: 0,
      credentials: (vu) => ({ email: vuEmail(vu), password: admin.password }),
      actions: [action],
      world,
      rampSeconds: 0,
      seconds: Math.max(3, Math.ceil(settings.seconds / 5)),
      thinkMs: 0,
      seed: 2_000,
      onWindow: async (phase) => {
        if (phase === "open") sampler = await startSampler({ serverPids: [servers[0]?.pid ?? 0], ...(database ? { database } : {}) });
      },
    });
    const resources = await sampler?.stop();
    const done = workload.actions[action.name] ?? 0;
    const perAction = (percent: number) => (done > 0 ? (percent * 10 * workload.seconds) / done : Number.NaN);
    costs.push({
      target,
      action: action.name,
      actions: done,
      rpcsPerAction: done > 0 ? (workload.rpcsPerSecond * workload.seconds) / done : Number.NaN,
      msPerAction: done > 0 ? (workload.seconds * 1000) / done : Number.NaN,
      serverCpuMsPerAction: perAction(resources?.serverCpuPercent ?? Number.NaN),
      databaseCpuMsPerAction: resources?.databaseCpuPercent === null || resources === undefined ? null : perAction(resources.databaseCpuPercent),
    });
    process.stderr.write(`    ${action.name}: ${done} in ${workload.seconds.toFixed(0)} s, server CPU ${costs.at(-1)?.serverCpuMsPerAction.toFixed(1) ?? "–"} ms each\n`);
  }
  return costs;
}

/** The runs of each target: one user alone first (unless skipped), then each number of users. */
function runsOf(settings: Settings): (number | "alone")[] {
  return settings.skipAlone ? settings.users : ["alone", ...settings.users];
}

async function startServers(count: number, target: { dataDir: string } | { databaseUrl: string }, settings: Settings): Promise<BenchServer[]> {
  const servers: BenchServer[] = [];
  const nodeArgs = settings.profile ? ["--cpu-prof", `--cpu-prof-dir=${settings.profile}`] : [];
  for (let i = 0; i < count; i += 1) servers.push(await startServer(target, { DB_POOL_SIZE: String(settings.poolSize) }, nodeArgs));
  return servers;
}

async function benchPostgres(adminUrl: string, dataset: Dataset, queries: BenchQuery[], settings: Settings): Promise<EngineReport> {
  const reused = settings.reuse;
  const scratch = reused ? { name: new URL(reused).pathname.slice(1), url: reused, drop: () => Promise.resolve() } : await createScratchDatabase(adminUrl, "ek_bench_mixed");
  const pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
  try {
    const prepared = await prepare(pool, dataset, queries, "postgres", reused !== undefined);
    // A reused database may have fewer accounts than this run's users: the missing ones are added.
    await bootstrap({ databaseUrl: scratch.url }, () => Promise.resolve({ pool, close: () => Promise.resolve() }), Math.max(...settings.users));
    const runs: RunReport[] = [];
    const costs: ActionCost[] = [];
    for (const target of settings.targets.filter((t): t is "postgres" | "postgres-2" => t !== "pglite")) {
      const servers = await startServers(target === "postgres" ? 1 : 2, { databaseUrl: scratch.url }, settings);
      try {
        const floor = { pool, set: prepared.floorSet, database: { url: scratch.url, name: scratch.name } };
        if (target === "postgres" && !settings.skipAlone) costs.push(...(await measureCosts(target, servers, prepared.world, settings, floor.database)));
        for (const users of runsOf(settings)) runs.push(await measure(target, servers, prepared.world, settings, users, floor));
      } finally {
        for (const s of servers) await s.stop();
      }
    }
    return { engine: "postgres", costs, databaseVersion: prepared.databaseVersion, load: prepared.load, world: worldSizes(prepared.world), floorIdle: prepared.floorIdle, runs };
  } finally {
    await pool.end();
    if (settings.keep || reused) process.stderr.write(`postgres: kept ${scratch.url}\n`);
    else await scratch.drop();
  }
}

async function benchPglite(dataset: Dataset, queries: BenchQuery[], settings: Settings): Promise<EngineReport> {
  const db = await serverDb();
  const dataDir = tempDir();
  // The server keeps its embedded database in <data dir>/pgdata.
  const open = async () => {
    const lite = await db.openPglite(join(dataDir, "pgdata"));
    const pool = db.pglitePool(lite);
    return { pool, close: async () => { await pool.end(); await lite.close(); } };
  };
  try {
    const first = await open();
    let prepared: Prepared;
    try {
      prepared = await prepare(first.pool, dataset, queries, "pglite");
    } finally {
      await first.close();
    }
    await bootstrap({ dataDir }, open, Math.max(...settings.users));
    const runs: RunReport[] = [];
    const servers = await startServers(1, { dataDir }, settings);
    let costs: ActionCost[];
    try {
      costs = settings.skipAlone ? [] : await measureCosts("pglite", servers, prepared.world, settings);
      for (const users of runsOf(settings)) runs.push(await measure("pglite", servers, prepared.world, settings, users));
    } finally {
      for (const s of servers) await s.stop();
    }
    return { engine: "pglite", costs, databaseVersion: prepared.databaseVersion, load: prepared.load, world: worldSizes(prepared.world), floorIdle: prepared.floorIdle, runs };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function worldSizes(world: World) {
  return { queries: world.queries.length, products: world.productIds.length, upcoming: world.upcoming.length, editable: world.editable.length, quotes: world.quotes.length, ownQuotes: world.ownQuotes.length };
}

// --- report ------------------------------------------------------------------------------

const ms = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value.toFixed(1) : "–");
const n = (value: number) => value.toLocaleString("en");
const targetLabel: Record<TargetName, string> = { postgres: "PostgreSQL, 1 process", "postgres-2": "PostgreSQL, 2 processes", pglite: "PGlite, 1 process" };
const usersLabel = (run: RunReport) => (run.alone ? "1 alone" : String(run.users));

function markdown(meta: { facts: ReturnType<typeof runFacts>; settings: Settings; scale: ScaleName }, engines: EngineReport[]): string {
  const { facts, settings } = meta;
  const all = (run: RunReport) => run.workload.rpcs.filter((r) => r.protocol === "all");
  const byProtocol = (run: RunReport, rpc: string, protocol: string) => run.workload.rpcs.find((r) => r.rpc === rpc && r.protocol === protocol);
  const lines = [
    `# EventKit mixed workload, scale ${meta.scale}`,
    "",
    `${facts.date} · commit ${facts.commit} · Node ${facts.node} · ${facts.cpu} × ${facts.cores} · ${facts.memoryGb} GB RAM`,
    ...engines.map((e) => `${e.engine}: ${e.databaseVersion}`),
    "The load driver, the servers and PostgreSQL share the machine's cores; \"machine busy\" below includes everyone's work on it.",
    "",
    `Users: ${settings.users.join(", ")}; ${Math.round(settings.grpcShare * 100)} % of them speak gRPC (HTTP/2), the rest Connect JSON (HTTP/1.1 keep-alive, as the web app).`,
    `Each user signs in as its own account, then loops: an action by weight, then ${settings.thinkMs} ms mean think time (uniform ±50 %). ${settings.rampSeconds} s ramp-up, then ${settings.seconds} s measured. DB_POOL_SIZE=${settings.poolSize} per server process.`,
    `Actions (weight): ${actions.map((a) => `${a.name} (${a.weight})`).join(", ")}.`,
    "\"1 alone\": one Connect JSON user with no think time before the real runs, so each RPC's latency there is its own cost with no queue in front of it.",
    "",
    "## Data",
    "",
    "| engine | products | assets | cases | kits | companies | events | pull-list lines | quotes (versions, lines) | generate s | insert s | VACUUM ANALYZE s | database size |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const e of engines) {
    const r = (t: string) => n(e.load.rows[t] ?? 0);
    lines.push(
      `| ${e.engine} | ${r("product")} | ${r("asset")} | ${r("equipment_case")} | ${r("kit")} | ${r(companies.table)} | ${r("event")} | ${r("pull_list_line")} | ${r("quote")} (${r("quote_version")}, ${r("quote_line")}) | ${(e.load.generateMs / 1000).toFixed(1)} | ${(e.load.insertMs / 1000).toFixed(1)} | ${(e.load.analyzeMs / 1000).toFixed(1)} | ${(e.load.databaseBytes / 1024 / 1024).toFixed(0)} MB |`,
    );
  }
  lines.push(
    "",
    "## What each action costs, alone",
    "",
    "One user, no think time, one action at a time for a few seconds. CPU time is in milliseconds per action and is what a busy machine distorts least; wall time includes waiting for the CPU.",
    "",
    "| target | action | actions | RPCs each | wall ms each | server CPU ms each | PostgreSQL CPU ms each |",
    "|---|---|---:|---:|---:|---:|---:|",
  );
  for (const e of engines) {
    for (const c of e.costs) {
      lines.push(`| ${targetLabel[c.target]} | ${c.action} | ${c.actions} | ${c.rpcsPerAction.toFixed(1)} | ${ms(c.msPerAction)} | ${ms(c.serverCpuMsPerAction)} | ${c.databaseCpuMsPerAction === null ? "–" : ms(c.databaseCpuMsPerAction)} |`);
    }
  }
  lines.push("", "## Per RPC", "", "p95 goal: < 50 ms at 50 users, < 200 ms at 200 users (PostgreSQL).", "", "| target | users | RPC | calls | req/s | p50 ms | p95 ms | p99 ms | max ms | p95 Connect JSON | p95 gRPC | errors | goal |", "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
  for (const e of engines) {
    for (const run of e.runs) {
      for (const r of all(run)) {
        const goal = run.alone ? undefined : goals[run.users];
        const verdict = goal === undefined ? "" : r.p95Ms < goal ? "✓" : "✗";
        const errors = r.errors === 0 ? "0" : `${r.errors} (${((r.errors / (r.calls + r.errors)) * 100).toFixed(1)} %)`;
        lines.push(
          `| ${targetLabel[run.target]} | ${usersLabel(run)} | ${r.rpc} | ${n(r.calls)} | ${r.throughput.toFixed(1)} | ${ms(r.p50Ms)} | ${ms(r.p95Ms)} | ${ms(r.p99Ms)} | ${ms(r.maxMs)} | ${ms(byProtocol(run, r.rpc, "connect-json")?.p95Ms)} | ${ms(byProtocol(run, r.rpc, "grpc")?.p95Ms)} | ${errors} | ${verdict} |`,
        );
      }
    }
  }
  lines.push("", "## Cost", "", "CPU in % of one core, averaged over the measured window.", "", "| target | users | actions/s | RPC/s | server CPU % | server CPU ms / RPC | server RSS max MB | PostgreSQL CPU % | DB connections max / mean / active max | driver CPU % | machine busy % | load avg |", "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
  for (const e of engines) {
    for (const run of e.runs) {
      const x = run.resources;
      const conns = x.connectionsMax === null ? "– (in-process)" : `${x.connectionsMax} / ${(x.connectionsMean ?? 0).toFixed(1)} / ${x.activeMax ?? 0}`;
      lines.push(
        `| ${targetLabel[run.target]} | ${usersLabel(run)} | ${run.workload.actionsPerSecond.toFixed(1)} | ${run.workload.rpcsPerSecond.toFixed(1)} | ${x.serverCpuPercent.toFixed(0)} | ${run.workload.rpcsPerSecond > 0 ? ((x.serverCpuPercent * 10) / run.workload.rpcsPerSecond).toFixed(1) : "–"} | ${x.serverRssMaxMb.toFixed(0)} | ${x.databaseCpuPercent === null ? "–" : x.databaseCpuPercent.toFixed(0)} | ${conns} | ${x.driverCpuPercent.toFixed(0)} | ${x.machineBusyPercent.toFixed(0)} | ${x.loadAverage.toFixed(1)} |`,
      );
    }
  }
  lines.push(
    "",
    "## Against the baselines",
    "",
    "API floor: Echo on the same server under the same load (transport, auth, rate limit, validation, logging; no service). SQL floor: the statements the server runs for a search (codes + full-text, plus the typo-tolerant one for misspelled names) and for an availability check (four statements), replayed directly with the same driver on one connection — while the users run on PostgreSQL; before the server starts on PGlite (it admits one process).",
    "",
    "| target | users | RPC | p95 ms | Echo p95 ms | × Echo | SQL floor p95 ms (idle) | SQL floor p95 ms (under load) | × floor |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|",
  );
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(1)}×` : "–");
  for (const e of engines) {
    for (const run of e.runs) {
      const echo = all(run).find((r) => r.rpc === "Echo")?.p95Ms;
      for (const r of all(run).filter((x) => x.rpc !== "Echo")) {
        const key = r.rpc === "Search" ? "search" : r.rpc === "CheckAvailability" ? "availability" : undefined;
        const idle = key ? e.floorIdle[key].p95Ms : undefined;
        const loaded = key ? run.floorUnderLoad?.[key].p95Ms : undefined;
        lines.push(`| ${targetLabel[run.target]} | ${usersLabel(run)} | ${r.rpc} | ${ms(r.p95Ms)} | ${ms(echo)} | ${ratio(r.p95Ms, echo)} | ${key ? ms(idle) : ""} | ${key ? ms(loaded) : ""} | ${key ? ratio(r.p95Ms, loaded ?? idle) : ""} |`);
      }
    }
  }
  const errors = engines.flatMap((e) => e.runs.flatMap((run) => all(run).filter((r) => r.firstError).map((r) => `- ${targetLabel[run.target]}, ${usersLabel(run)} users, ${r.rpc}: ${JSON.stringify(r.codes)} — first: ${r.firstError ?? ""}`)));
  errors.push(
    ...engines.flatMap((e) =>
      e.runs.flatMap((run) => Object.entries(run.workload.failedActions).map(([action, f]) => `- ${targetLabel[run.target]}, ${usersLabel(run)} users, action ${action} failed ${f.count} times — first: ${f.firstError}`)),
    ),
  );
  if (errors.length > 0) lines.push("", "Errors:", ...errors);
  return lines.join("\n");
}

async function main(): Promise<void> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: build the server first (npx tsc -b server/tsconfig.build.json)`);
  const settings = options();
  const scale = scales[settings.scaleName];
  const postgresUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const dataset = generateDataset(scale);
  const queries = benchQueries(dataset.catalogue, 10);
  process.stderr.write(`scale ${settings.scaleName}: ${n(dataset.catalogue.products.length)} products, ${n(dataset.catalogue.assets.length)} assets, ${n(scale.events)} events (${(dataset.generateMs / 1000).toFixed(1)} s to generate the catalogue)\n`);

  const engines: EngineReport[] = [];
  if (settings.targets.some((t) => t !== "pglite")) {
    if (postgresUrl) engines.push(await benchPostgres(postgresUrl, dataset, queries, settings));
    else process.stderr.write("postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL to an admin connection, e.g. postgres://postgres@127.0.0.1:5432/postgres)\n");
  }
  if (settings.targets.includes("pglite")) engines.push(await benchPglite(dataset, queries, settings));

  const facts = runFacts();
  const text = markdown({ facts, settings, scale: settings.scaleName }, engines);
  process.stdout.write(`${text}\n`);
  const file = writeResults(`mixed-${settings.scaleName}`, facts, { settings, scale, actions: actions.map((a) => ({ name: a.name, weight: a.weight })), engines }, settings.resultsDir);
  writeMarkdown(file, text);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
