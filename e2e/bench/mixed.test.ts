// The mixed-workload benchmark (`npm run bench`, bench/src/mixed.ts) run for real
// at the tiny scale for a few seconds: on PGlite, and on PostgreSQL too when
// TEST_DATABASE_URL is set. Nothing else runs it, so a change that breaks it (a
// renamed table in the data set, a new validation rule an action's request fails,
// an action whose data is gone) would otherwise surface on the next benchmark day.
// It checks that the run completes, that every action ran and none failed, and the
// shape of the results file; never a timing. Needs server/dist and bench/dist
// (`npm run build`).
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot, serverEntry, tempDataDir } from "../support/server.js";

const benchEntry = join(repoRoot, "bench", "dist", "mixed.js");
const postgresUrl = process.env.TEST_DATABASE_URL;
const engines = postgresUrl ? ["postgres", "pglite"] : ["pglite"];
// At least one user per action (--every-action starts user n with action n); room for a few more actions.
const users = 12;

interface RpcRow {
  rpc: string;
  protocol: string;
  calls: number;
  errors: number;
  codes: Record<string, number>;
  p95Ms: number | null;
}

interface Results {
  date: string;
  commit: string;
  node: string;
  cores: number;
  settings: { scaleName: string; users: number[]; targets: string[] };
  scale: Record<string, number>;
  actions: { name: string; weight: number }[];
  engines: {
    engine: string;
    databaseVersion: string;
    costs: unknown[];
    load: { insertMs: number; analyzeMs: number; rows: Record<string, number>; databaseBytes: number };
    world: Record<string, number>;
    floorIdle: { search: { calls: number }; availability: { calls: number } };
    runs: {
      target: string;
      users: number;
      alone: boolean;
      workload: {
        users: number;
        seconds: number;
        actions: Record<string, number>;
        completedActions: Record<string, number>;
        failedActions: Record<string, { count: number; firstError: string }>;
        rpcs: RpcRow[];
      };
      resources: { serverCpuPercent: number; serverRssMaxMb: number };
    }[];
  }[];
}

/** Runs the benchmark in its own process group (it starts servers of its own), killed as a whole if it hangs. */
function runBench(args: string[], timeoutMs: number): Promise<{ code: number | null; stderr: string }> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [benchEntry, ...args], { cwd: repoRoot, env, stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      reject(new Error(`the benchmark did not finish within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe("npm run bench -- --scale tiny", () => {
  const resultsDir = tempDataDir("eventkit-bench-");
  let results: Results;
  let markdown: string;

  // About a minute of CPU (both engines, measured: 51 s user + 12 s system); on a busy, shared machine several times that in wall time.
  it("runs the mixed workload to the end", { timeout: 480_000 }, async () => {
    expect(existsSync(serverEntry), "build the server first: npm run build").toBe(true);
    expect(existsSync(benchEntry), "build the benchmark first: npm run build (tsc -b bench)").toBe(true);
    const run = await runBench(
      ["--scale", "tiny", "--targets", engines.join(","), "--users", String(users), "--seconds", "3", "--ramp", "1", "--think-ms", "50", "--skip-alone", "--every-action", "--results-dir", resultsDir],
      470_000,
    );
    expect(run.code, run.stderr).toBe(0);
    const files = readdirSync(resultsDir).filter((f) => f.startsWith("mixed-tiny-"));
    const json = files.find((f) => f.endsWith(".json"));
    expect(files.sort()).toEqual([json, json?.replace(/\.json$/, ".md")]);
    results = JSON.parse(readFileSync(join(resultsDir, json ?? ""), "utf8")) as Results;
    markdown = readFileSync(join(resultsDir, (json ?? "").replace(/\.json$/, ".md")), "utf8");
  });

  it("records the run: machine, settings, actions, one report per engine", () => {
    expect(results.date).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(results.commit).not.toBe("");
    expect(results.node).toBe(process.versions.node);
    expect(results.cores).toBeGreaterThan(0);
    expect(results.settings).toMatchObject({ scaleName: "tiny", users: [users], targets: engines });
    expect(results.scale).toMatchObject({ events: 400, assets: 3_000 });
    expect(results.actions.length).toBeGreaterThan(0);
    expect(results.actions.length).toBeLessThanOrEqual(users);
    for (const a of results.actions) expect(a.weight).toBeGreaterThan(0);
    expect(results.engines.map((e) => e.engine)).toEqual(engines);
    expect(markdown).toContain("# EventKit mixed workload, scale tiny");
  });

  it("loads the whole data set, quotes included, and finds what the actions draw from", () => {
    for (const e of results.engines) {
      for (const table of ["product", "asset", "equipment_case", "kit", "company", "event", "pull_list_line", "maintenance_record", "quote", "quote_version", "quote_line"]) {
        expect(e.load.rows[table], `${e.engine}: ${table}`).toBeGreaterThan(0);
      }
      expect(e.load.rows.event).toBe(400);
      expect(e.load.rows.quote_version).toBeGreaterThan(e.load.rows.quote ?? 0);
      expect(e.load.databaseBytes).toBeGreaterThan(0);
      for (const [name, size] of Object.entries(e.world)) expect(size, `${e.engine}: world.${name}`).toBeGreaterThan(0);
      expect(e.floorIdle.search.calls).toBeGreaterThan(0);
      expect(e.floorIdle.availability.calls).toBeGreaterThan(0);
      expect(e.databaseVersion).toContain("PostgreSQL");
    }
  });

  it("runs every action, with no failed action and no RPC error", () => {
    for (const e of results.engines) {
      expect(e.costs).toEqual([]);
      expect(e.runs.map((r) => [r.target, r.users, r.alone])).toEqual([[e.engine, users, false]]);
      for (const run of e.runs) {
        const w = run.workload;
        expect(w.users).toBe(users);
        expect(w.seconds).toBeGreaterThan(0);
        expect(w.failedActions, `${e.engine}: failed actions`).toEqual({});
        for (const a of results.actions) expect(w.completedActions[a.name] ?? 0, `${e.engine}: ${a.name} never completed`).toBeGreaterThan(0);
        expect(Object.keys(w.completedActions).sort()).toEqual(results.actions.map((a) => a.name).sort());
        const rpcs = w.rpcs.filter((r) => r.protocol === "all");
        expect(rpcs.length).toBeGreaterThan(0);
        for (const r of w.rpcs) {
          expect(r.errors, `${e.engine}: ${r.rpc} (${r.protocol}) ${JSON.stringify(r.codes)}`).toBe(0);
          expect(r.calls).toBeGreaterThanOrEqual(0);
        }
        expect(rpcs.map((r) => r.rpc)).toEqual(expect.arrayContaining(["Echo", "Search", "GetQuote"]));
        expect(run.resources.serverCpuPercent).toBeGreaterThanOrEqual(0);
        expect(run.resources.serverRssMaxMb).toBeGreaterThan(0);
      }
    }
  });
});
