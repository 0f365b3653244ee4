// Platform benchmark: start-up time, memory, and round-trip latency and
// throughput of Login against two baselines (GetCurrentUser, GET /health),
// on the embedded database and, when DATABASE_URL or TEST_DATABASE_URL is set,
// on PostgreSQL (in scratch databases it creates and drops).
//
//   npm run bench:platform            (tsc -b bench && node bench/dist/platform.js)
//   BENCH_SECONDS=10 BENCH_ENGINES=pglite npm run bench:platform
//
// Prints a Markdown report and writes bench/results/platform-<timestamp>.json.
// Figures describe this machine on this run; never gate CI on them.

import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import http from "node:http";

import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import pg from "pg";
import { median, runCount, runLoad, type LoadResult } from "./load.js";
import { runFacts, writeResults } from "./results.js";
import { admin, serverEntry, startServer, tempDir, type BenchServer } from "./server.js";

type Engine = "pglite" | "postgres";
type Target = { dataDir: string } | { databaseUrl: string };

const settings = {
  startupRuns: 5,
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  warmupSeconds: 1,
  concurrency: [1, 10, 50],
  loginsBeforeRss: 1000,
  idleSettleMs: 2000,
};

const loginNote =
  "Login is deliberately slow: it verifies an argon2id password hash, CPU work of roughly 25–80 ms per login on typical servers (less on fast cores), by design, to make password guessing expensive. " +
  "Its throughput is bounded by CPU cores, not by the server's plumbing; compare it with GetCurrentUser, the cheapest authenticated call (JWT check + rate-limit counter in the database), and GET /health (one `select 1`).";

interface StartupFigures {
  case: "fresh" | "reopen";
  spawnToListeningMs: number[];
  serverStartupMs: number[];
}

interface EngineReport {
  engine: Engine;
  startup: StartupFigures[];
  rssBytes: { idleAfterStart: number; after1000Logins: number; afterAllRuns: number };
  loginsForRss: { count: number; seconds: number; errors: number };
  latency: { call: string; results: LoadResult[] }[];
}

/** Creates the scratch targets of one engine and removes them at the end. */
interface Targets {
  engine: Engine;
  fresh(): Promise<Target>;
  cleanup(): Promise<void>;
}

function pgliteTargets(): Targets {
  const dirs: string[] = [];
  return {
    engine: "pglite",
    fresh: () => {
      const dataDir = tempDir();
      dirs.push(dataDir);
      return Promise.resolve({ dataDir });
    },
    cleanup: () => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

async function postgresTargets(adminUrl: string): Promise<Targets> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const prefix = `ek_bench_${randomBytes(4).toString("hex")}`;
  const databases: string[] = [];
  return {
    engine: "postgres",
    fresh: async () => {
      const name = `${prefix}_${databases.length}`;
      await client.query(`create database ${name}`);
      databases.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString() };
    },
    cleanup: async () => {
      for (const name of databases) await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

async function rssOf(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^process_resident_memory_bytes\s+(\S+)$/m.exec(text);
  if (!match?.[1]) throw new Error("process_resident_memory_bytes missing from /metrics");
  return Number(match[1]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measureStartup(targets: Targets): Promise<StartupFigures[]> {
  const fresh: StartupFigures = { case: "fresh", spawnToListeningMs: [], serverStartupMs: [] };
  const reopen: StartupFigures = { case: "reopen", spawnToListeningMs: [], serverStartupMs: [] };
  const record = async (figures: StartupFigures, target: Target) => {
    const server = await startServer(target);
    figures.spawnToListeningMs.push(server.spawnToListeningMs);
    figures.serverStartupMs.push(server.startupMs);
    await server.stop();
  };
  for (let i = 0; i < settings.startupRuns; i += 1) await record(fresh, await targets.fresh());
  // Reopen: the database exists and is migrated; the admin exists.
  const existing = await targets.fresh();
  await (await startServer(existing)).stop();
  for (let i = 0; i < settings.startupRuns; i += 1) await record(reopen, existing);
  return [fresh, reopen];
}

async function measureLoad(targets: Targets): Promise<Pick<EngineReport, "rssBytes" | "loginsForRss" | "latency">> {
  const server: BenchServer = await startServer(await targets.fresh());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  try {
    const client = createClient(AuthService, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", nodeOptions: { agent } }));
    await sleep(settings.idleSettleMs);
    const idleAfterStart = await rssOf(server.url);

    const login = () => client.login(admin);
    const loginsForRss = { count: settings.loginsBeforeRss, ...(await runCount(login, settings.loginsBeforeRss, 10)) };
    const after1000Logins = await rssOf(server.url);

    const token = (await client.login(admin)).tokens?.accessToken ?? "";
    const headers = { authorization: `Bearer ${token}` };
    const getCurrentUser = () => client.getCurrentUser({}, { headers });
    const health = () =>
      new Promise<void>((resolve, reject) => {
        http
          .get(`${server.url}/health`, { agent }, (res) => {
            res.resume();
            res.on("end", () => {
              if (res.statusCode === 200) resolve();
              else reject(new Error(`/health answered ${res.statusCode ?? "nothing"}`));
            });
          })
          .on("error", reject);
      });

    const latency: EngineReport["latency"] = [];
    for (const [call, op] of [
      ["Login", login],
      ["GetCurrentUser", getCurrentUser],
      ["GET /health", health],
    ] as const) {
      const results: LoadResult[] = [];
      for (const concurrency of settings.concurrency) {
        const result = await runLoad(op, { concurrency, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds });
        results.push(result);
        process.stderr.write(`  ${targets.engine} ${call} ×${concurrency}: ${result.throughput.toFixed(1)} req/s, p50 ${result.p50Ms.toFixed(1)} ms\n`);
      }
      latency.push({ call, results });
    }
    const afterAllRuns = await rssOf(server.url);
    return { rssBytes: { idleAfterStart, after1000Logins, afterAllRuns }, loginsForRss, latency };
  } finally {
    // Close keep-alive connections first so the server's graceful stop is quick.
    agent.destroy();
    await server.stop();
  }
}

async function benchEngine(targets: Targets): Promise<EngineReport> {
  try {
    process.stderr.write(`${targets.engine}: start-up (${settings.startupRuns} fresh + ${settings.startupRuns} reopen)\n`);
    const startup = await measureStartup(targets);
    process.stderr.write(`${targets.engine}: memory and latency\n`);
    return { engine: targets.engine, startup, ...(await measureLoad(targets)) };
  } finally {
    await targets.cleanup();
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : "–");

function markdown(meta: Record<string, unknown>, reports: EngineReport[]): string {
  const lines = [
    "# EventKit platform benchmark",
    "",
    `${String(meta.date)} · commit ${String(meta.commit)} · Node ${String(meta.node)} · ${String(meta.cpu)} × ${String(meta.cores)} · ${String(meta.memoryGb)} GB RAM`,
    "The load driver and the server share the machine's cores.",
    "",
    `> ${loginNote}`,
    "",
    `## Start-up: spawn to \`listening\` (${settings.startupRuns} runs each)`,
    "",
    "| engine | database | median ms | min ms | max ms | server's own startupMs (median) |",
    "|---|---|---:|---:|---:|---:|",
  ];
  for (const r of reports) {
    for (const s of r.startup) {
      lines.push(
        `| ${r.engine} | ${s.case === "fresh" ? "fresh (migrations + first admin)" : "reopen existing"} | ${ms(median(s.spawnToListeningMs))} | ${ms(Math.min(...s.spawnToListeningMs))} | ${ms(Math.max(...s.spawnToListeningMs))} | ${ms(median(s.serverStartupMs))} |`,
      );
    }
  }
  lines.push("", "## Memory (RSS of the server process)", "", "| engine | idle after start | after 1,000 logins | after all latency runs |", "|---|---:|---:|---:|");
  for (const r of reports) {
    lines.push(`| ${r.engine} | ${mb(r.rssBytes.idleAfterStart)} MB | ${mb(r.rssBytes.after1000Logins)} MB | ${mb(r.rssBytes.afterAllRuns)} MB |`);
  }
  lines.push(
    "",
    `## Round trips: Connect JSON over HTTP/1.1 (keep-alive), ${settings.seconds} s per row after ${settings.warmupSeconds} s warm-up`,
    "",
    "| engine | call | clients | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
  );
  for (const r of reports) {
    for (const { call, results } of r.latency) {
      for (const x of results) {
        lines.push(`| ${r.engine} | ${call} | ${x.concurrency} | ${x.throughput.toFixed(1)} | ${ms(x.p50Ms)} | ${ms(x.p95Ms)} | ${ms(x.p99Ms)} | ${ms(x.maxMs)} | ${x.errors} |`);
      }
    }
  }
  for (const r of reports) {
    const login = r.latency.find((l) => l.call === "Login")?.results[0];
    const cheap = r.latency.find((l) => l.call === "GetCurrentUser")?.results[0];
    if (login && cheap) {
      lines.push("", `${r.engine}: one client's Login p50 minus GetCurrentUser p50 ≈ ${ms(login.p50Ms - cheap.p50Ms)} ms, mostly the password hash check.`);
    }
  }
  const errors = reports.flatMap((r) => r.latency.flatMap((l) => l.results.filter((x) => x.firstError).map((x) => `- ${r.engine} ${l.call} ×${x.concurrency}: ${x.firstError ?? ""}`)));
  if (errors.length > 0) lines.push("", "Errors:", ...errors);
  return lines.join("\n");
}

async function main(): Promise<void> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: build the server first (npx tsc -b server/tsconfig.build.json)`);
  const engines = (process.env.BENCH_ENGINES ?? "pglite,postgres").split(",").map((e) => e.trim());
  const postgresUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const reports: EngineReport[] = [];
  if (engines.includes("pglite")) reports.push(await benchEngine(pgliteTargets()));
  if (engines.includes("postgres")) {
    if (postgresUrl) reports.push(await benchEngine(await postgresTargets(postgresUrl)));
    else process.stderr.write("postgres: skipped (set DATABASE_URL or TEST_DATABASE_URL to an admin connection, e.g. postgres://postgres@127.0.0.1:5432/postgres)\n");
  }

  const facts = runFacts();
  const meta = {
    ...facts,
    settings,
    note: loginNote,
  };
  const report = markdown(meta, reports);
  process.stdout.write(`${report}\n`);

  writeResults("platform", facts, { ...meta, engines: reports });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:platform failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
