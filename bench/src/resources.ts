// What the run costs while it is measured, sampled once a second from /proc and
// pg_stat_activity: the server processes' CPU and resident memory, the
// PostgreSQL backends' CPU and connections, the driver's own CPU, and how busy
// the whole machine was (other work on a shared machine shows up here).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import pg from "pg";

export interface ResourceFigures {
  /** CPU of all server processes, in % of one core. */
  serverCpuPercent: number;
  /** Largest sum of the server processes' resident memory. */
  serverRssMaxMb: number;
  /** CPU of the PostgreSQL backends serving the benchmark database, in % of one core; null on PGlite. */
  databaseCpuPercent: number | null;
  /** Connections to the benchmark database: most at once, mean, and most at once running a query. */
  connectionsMax: number | null;
  connectionsMean: number | null;
  activeMax: number | null;
  driverCpuPercent: number;
  /** Share of all cores busy (anyone's work), and the 1-minute load average at the end. */
  machineBusyPercent: number;
  loadAverage: number;
}

export const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process in clock ticks; undefined once it is gone. */
export function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return Number(match?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

export interface Sampler {
  stop(): Promise<ResourceFigures>;
}

export async function startSampler(options: { serverPids: number[]; database?: { url: string; name: string } }): Promise<Sampler> {
  const client = options.database ? new pg.Client({ connectionString: options.database.url }) : undefined;
  await client?.connect();
  const started = performance.now();
  const driverStart = process.cpuUsage();
  const machineStart = machineTicks();
  const serverStart = options.serverPids.map((pid) => cpuTicks(pid) ?? 0);
  let rssMax = 0;
  const backendLast = new Map<number, number>();
  let backendTicks = 0;
  const connections: number[] = [];
  let activeMax = 0;

  const sample = async () => {
    rssMax = Math.max(rssMax, options.serverPids.reduce((sum, pid) => sum + rssBytes(pid), 0));
    if (!client || !options.database) return;
    const { rows } = await client.query<{ pid: number; state: string | null }>("SELECT pid, state FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [options.database.name]);
    connections.push(rows.length);
    activeMax = Math.max(activeMax, rows.filter((r) => r.state === "active").length);
    for (const { pid } of rows) {
      const ticks = cpuTicks(pid);
      if (ticks === undefined) continue;
      const last = backendLast.get(pid);
      if (last !== undefined) backendTicks += ticks - last;
      backendLast.set(pid, ticks);
    }
  };
  await sample();
  let pending = Promise.resolve();
  const timer = setInterval(() => {
    pending = pending.then(sample).catch(() => undefined);
  }, 1000);

  return {
    stop: async () => {
      clearInterval(timer);
      await pending;
      await sample();
      await client?.end();
      const seconds = (performance.now() - started) / 1000;
      const serverTicks = options.serverPids.reduce((sum, pid, i) => sum + ((cpuTicks(pid) ?? 0) - (serverStart[i] ?? 0)), 0);
      const driver = process.cpuUsage(driverStart);
      const machineEnd = machineTicks();
      const hasDatabase = options.database !== undefined;
      return {
        serverCpuPercent: (serverTicks / ticksPerSecond / seconds) * 100,
        serverRssMaxMb: rssMax / 1024 / 1024,
        databaseCpuPercent: hasDatabase ? (backendTicks / ticksPerSecond / seconds) * 100 : null,
        connectionsMax: hasDatabase ? Math.max(...connections) : null,
        connectionsMean: hasDatabase ? connections.reduce((a, b) => a + b, 0) / Math.max(1, connections.length) : null,
        activeMax: hasDatabase ? activeMax : null,
        driverCpuPercent: ((driver.user + driver.system) / 1e6 / seconds) * 100,
        machineBusyPercent: ((machineEnd.busy - machineStart.busy) / Math.max(1, machineEnd.total - machineStart.total)) * 100,
        loadAverage: os.loadavg()[0] ?? 0,
      };
    },
  };
}
