// Spawns the built server for a benchmark and times its start: from spawn to
// the `listening` log line. (e2e/support/server.ts does the same for tests;
// bench is its own package and keeps its own small copy.)
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const serverEntry = join(repoRoot, "server", "dist", "main.js");

export const admin = { email: "admin@example.com", password: "correct-horse-battery-staple" } as const;

// Limits high enough that the benchmark measures work, not throttling.
const benchEnv = {
  HOST: "127.0.0.1",
  PORT: "0",
  // The production default: every RPC writes an access-log line, as it would in production.
  LOG_LEVEL: "info",
  RATE_LIMIT_PER_MINUTE: "1000000",
  LOGIN_FAILURES_PER_ACCOUNT: "1000",
  LOGIN_FAILURES_PER_ADDRESS: "100000",
  ACCESS_TOKEN_TTL: "86400",
  EVENTKIT_ADMIN_EMAIL: admin.email,
  EVENTKIT_ADMIN_PASSWORD: admin.password,
};

const serverVariable = /^(HOST|PORT|DATABASE_URL|EVENTKIT_[A-Z_]+|LOG_LEVEL|ACCESS_TOKEN_TTL|REFRESH_TOKEN_TTL|INVITE_TTL|RATE_LIMIT_PER_MINUTE|LOGIN_FAILURES_[A-Z_]+|READ_MAX_BYTES|REQUEST_TIMEOUT_MS|SHUTDOWN_TIMEOUT_MS|DB_POOL_SIZE|GRPC_REFLECTION|TRUST_PROXY)$/;

export interface BenchServer {
  url: string;
  pid: number;
  /** Wall time from spawn to the `listening` line, in ms. */
  spawnToListeningMs: number;
  /** The server's own figure (process start of main → listening). */
  startupMs: number;
  stop(): Promise<number | null>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "eventkit-bench-"));
}

/**
 * Starts the server on `target`: an embedded data folder, or a PostgreSQL URL; `settings` override the
 * benchmark's environment, `nodeArgs` go to node before the entry point (e.g. --cpu-prof).
 */
export async function startServer(target: { dataDir: string } | { databaseUrl: string }, settings: Record<string, string> = {}, nodeArgs: readonly string[] = []): Promise<BenchServer> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !serverVariable.test(name)) env[name] = value;
  // On PostgreSQL the data folder holds only files: a throwaway one, removed on stop.
  const scratchDir = "dataDir" in target ? undefined : tempDir();
  Object.assign(env, benchEnv, settings, "dataDir" in target ? { EVENTKIT_DATA_DIR: target.dataDir } : { DATABASE_URL: target.databaseUrl, EVENTKIT_DATA_DIR: scratchDir });

  const spawned = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, serverEntry], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => { resolve(code); }));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));

  const listening = await new Promise<{ url: string; startupMs: number; at: number }>((resolve, reject) => {
    let rest = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not start within 60 s:\n${output.join("")}`));
    }, 60_000);
    let started = false;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      // After start, the access log is drained and dropped.
      if (started) return;
      const at = performance.now();
      output.push(chunk);
      const lines = (rest + chunk).split("\n");
      rest = lines.pop() ?? "";
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string; startupMs?: number };
          if (entry.msg === "listening" && entry.url) {
            started = true;
            clearTimeout(timer);
            resolve({ url: entry.url, startupMs: entry.startupMs ?? Number.NaN, at });
          }
        } catch {
          // not a log line
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening:\n${output.join("")}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("the server has no pid");
  return {
    url: listening.url,
    pid,
    spawnToListeningMs: listening.at - spawned,
    startupMs: listening.startupMs,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
        if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
      }
    },
  };
}
