// Echo probe: server and PostgreSQL CPU per DiagnosticsService/Echo call, transactions and rows
// written per call, latency with 1 and N clients back to back, on a scratch PostgreSQL database.
// Needs server/dist and bench/dist (npm run bench builds both). Usage:
//   node bench/echo-probe.mjs [clients=50] [seconds=10] [cpuProfileDir]
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { readFileSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { DiagnosticsService } from "@eventkit/api/eventkit/v1/diagnostics_pb.js";
import pg from "pg";
import { runLoad } from "./dist/load.js";
import { admin, startServer } from "./dist/server.js";
import { createScratchDatabase } from "./dist/scratch-db.js";

const [clients = "50", seconds = "10", profileDir] = process.argv.slice(2);
const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const hz = 100;
const ticks = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8");
    const x = f.slice(f.lastIndexOf(")") + 2).split(" ");
    return Number(x[11]) + Number(x[12]);
  } catch {
    return 0;
  }
};

const db = await createScratchDatabase(adminUrl, "edge_echo");
const mon = new pg.Client({ connectionString: adminUrl });
await mon.connect();
const backends = async () => (await mon.query("SELECT pid FROM pg_stat_activity WHERE datname=$1", [db.name])).rows.map((r) => r.pid);
const stats = async () => {
  await sleep(1500); // backends flush their statistics at most once a second
  const { rows } = await mon.query("SELECT xact_commit + xact_rollback AS x, tup_inserted + tup_updated AS w FROM pg_stat_database WHERE datname=$1", [db.name]);
  return { x: Number(rows[0].x), w: Number(rows[0].w) };
};
const server = await startServer({ databaseUrl: db.url }, process.env.PROBE_LOG_LEVEL ? { LOG_LEVEL: process.env.PROBE_LOG_LEVEL } : {}, profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
try {
  const transport = createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", nodeOptions: { agent } });
  const token = (await createClient(AuthService, transport).login(admin)).tokens.accessToken;
  const echo = createClient(DiagnosticsService, transport);
  const headers = { authorization: `Bearer ${token}` };
  const op = () => echo.echo({ message: "hello" }, { headers });
  for (const concurrency of [1, Number(clients)]) {
    await runLoad(op, { concurrency, seconds: 2, warmupSeconds: 0 });
    const pids = await backends();
    const s0 = await stats();
    const p0 = pids.map(ticks);
    const sv0 = ticks(server.pid);
    const r = await runLoad(op, { concurrency, seconds: Number(seconds), warmupSeconds: 0 });
    const sv1 = ticks(server.pid);
    const p1 = pids.map(ticks);
    const s1 = await stats();
    const n = r.requests + r.errors;
    const pgMs = p1.reduce((a, t, i) => a + (t > 0 ? t - p0[i] : 0), 0) * (1000 / hz); // a backend that ended is not counted
    process.stdout.write(
      `clients ${concurrency}: ${n} calls ${r.throughput.toFixed(0)}/s p50 ${r.p50Ms.toFixed(2)} p95 ${r.p95Ms.toFixed(2)} p99 ${r.p99Ms.toFixed(2)} ms, errors ${r.errors}` +
        ` | server CPU ${(((sv1 - sv0) * (1000 / hz)) / n).toFixed(3)} ms/call, PG CPU ${(pgMs / n).toFixed(3)} ms/call, xacts/call ${((s1.x - s0.x) / n).toFixed(2)}, rows written/call ${((s1.w - s0.w) / n).toFixed(2)}` +
        ` | load ${readFileSync("/proc/loadavg", "utf8").split(" ")[0]}\n`,
    );
  }
} finally {
  agent.destroy();
  await server.stop();
  await mon.end();
  await db.drop();
}
