// Starts the built server (server/dist/main.js) as a child process for
// black-box tests: loopback address, any free port, a fresh embedded data
// folder, and a first administrator. Resolves once the server logs
// `listening`. Build first: `npx tsc -b server/tsconfig.build.json`.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The administrator every started server gets unless `env` overrides it. */
export const defaultAdmin = { email: "admin@example.com", password: "correct-horse-battery-staple" } as const;
export const defaultAdminEmail = defaultAdmin.email;
export const defaultAdminPassword = defaultAdmin.password;

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
/** The built server; EVENTKIT_E2E_SERVER_ENTRY runs the suite against another build. */
export const serverEntry = process.env.EVENTKIT_E2E_SERVER_ENTRY ?? join(repoRoot, "server", "dist", "main.js");

const startTimeoutMs = 60_000;
/** After this long a stop signal is followed by SIGKILL (the exit code is then null). */
const stopTimeoutMs = 30_000;

export interface StartServerOptions {
  /**
   * Extra or overriding variables. An empty string unsets a default, e.g.
   * `{ EVENTKIT_ADMIN_EMAIL: "", EVENTKIT_ADMIN_PASSWORD: "" }` starts without an admin.
   */
  env?: Record<string, string>;
  /** Data folder to use (e.g. to restart on the same data); default: a fresh temporary one. */
  dataDir?: string;
}

export interface StartedServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  pid: number;
  dataDir: string;
  /** Every stdout and stderr line so far, in arrival order. */
  logs(): string[];
  /** Sends `signal` (default SIGTERM) and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

// Variables the server reads; the parent's values must not leak into a test server.
const serverVariable = /^(HOST|PORT|DATABASE_URL|EVENTKIT_[A-Z_]+|LOG_LEVEL|ACCESS_TOKEN_TTL|REFRESH_TOKEN_TTL|INVITE_TTL|RATE_LIMIT_PER_MINUTE|LOGIN_FAILURES_[A-Z_]+|READ_MAX_BYTES|REQUEST_TIMEOUT_MS|SHUTDOWN_TIMEOUT_MS|DB_POOL_SIZE|GRPC_REFLECTION|TRUST_PROXY|FILE_MAX_BYTES|S3_[A-Z_]+)$/;

/** The parent's environment without any server variable, plus `overrides`. */
export function childEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !serverVariable.test(name) && name !== "NODE_OPTIONS") env[name] = value;
  }
  return { ...env, ...overrides };
}

// Children still running and folders we created, cleaned up when the test
// process exits. Vitest ends its workers with SIGTERM, which skips "exit"
// handlers, so each folder also records its creator's pid: a later run removes
// folders whose creator is gone, and stops a server still running in one.
const running = new Set<ChildProcess>();
const createdDirs = new Set<string>();
const ownerFile = ".eventkit-e2e-owner";
const serverPidFile = ".eventkit-e2e-server";
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const child of running) child.kill("SIGKILL");
    for (const dir of createdDirs) rmSync(dir, { recursive: true, force: true });
  });
  sweepStaleDirs();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readNumber(file: string): number | undefined {
  try {
    const value = Number(readFileSync(file, "utf8"));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Removes folders of test processes that are gone, and stops servers they left running. */
function sweepStaleDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith("eventkit-")) continue;
    const dir = join(tmpdir(), name);
    const owner = readNumber(join(dir, ownerFile));
    if (owner === undefined || alive(owner)) continue;
    const server = readNumber(join(dir, serverPidFile));
    try {
      if (server !== undefined && readFileSync(`/proc/${server}/cmdline`, "utf8").includes(serverEntry)) process.kill(server, "SIGKILL");
    } catch {
      // gone already, or no /proc here
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh temporary folder (name starting with `prefix`), removed when the test process exits or by a later run. */
export function tempDataDir(prefix = "eventkit-e2e-"): string {
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), prefix.startsWith("eventkit-") ? prefix : `eventkit-${prefix}`));
  writeFileSync(join(dir, ownerFile), String(process.pid));
  createdDirs.add(dir);
  return dir;
}

function collectLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    for (const line of parts) onLine(line);
  });
  stream.on("end", () => {
    if (rest !== "") onLine(rest);
    rest = "";
  });
}

/** The JSON object a log line holds, or undefined for any other line. */
export function parseLogLine(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function startServer(options: StartServerOptions = {}): Promise<StartedServer> {
  if (!existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: build the server first (npx tsc -b server)`);
  installExitHook();
  const dataDir = options.dataDir ?? tempDataDir();
  const env = childEnv({
    HOST: "127.0.0.1",
    PORT: "0",
    EVENTKIT_DATA_DIR: dataDir,
    LOG_LEVEL: "info",
    EVENTKIT_ADMIN_EMAIL: defaultAdmin.email,
    EVENTKIT_ADMIN_PASSWORD: defaultAdmin.password,
    ...options.env,
  });
  const child = spawn(process.execPath, [serverEntry], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => {
    // "close" (not "exit"): the last lines on stdout and stderr are in by then.
    child.once("close", (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  let onListening: ((url: string) => void) | undefined;
  collectLines(child.stdout, (line) => {
    lines.push(line);
    const entry = parseLogLine(line);
    if (entry?.msg === "listening" && typeof entry.url === "string") onListening?.(entry.url);
  });
  collectLines(child.stderr, (line) => lines.push(line));

  const output = () => (lines.length > 0 ? lines.join("\n") : "(no output)");
  let timer: NodeJS.Timeout | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    onListening = resolve;
    child.once("error", (error) => { reject(new Error(`cannot spawn the server: ${error.message}`)); });
    void exited.then((code) => { reject(new Error(`the server exited with code ${code} before listening:\n${output()}`)); });
    timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not log "listening" within ${startTimeoutMs / 1000} s:\n${output()}`));
    }, startTimeoutMs);
  }).finally(() => { clearTimeout(timer); });
  onListening = undefined;

  const pid = child.pid;
  if (pid === undefined) throw new Error("the server process has no pid");
  if (createdDirs.has(dataDir)) writeFileSync(join(dataDir, serverPidFile), String(pid));
  return {
    url,
    pid,
    dataDir,
    logs: () => [...lines],
    stop: async (signal: NodeJS.Signals = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const killer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}

/** Waits until a log line of `server` satisfies `match` (parsed JSON lines only) and returns it. */
export async function waitForLog(
  server: Pick<StartedServer, "logs">,
  match: (entry: Record<string, unknown>) => boolean,
  timeoutMs = 10_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of server.logs()) {
      const entry = parseLogLine(line);
      if (entry && match(entry)) return entry;
    }
    if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms:\n${server.logs().join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
