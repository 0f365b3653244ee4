// The server as a process: command line, configuration errors, the data
// folder lock, persistence, first-run setup, graceful shutdown and /health
// when PostgreSQL goes away. Black-box against server/dist (npx tsc -b server).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { Code } from "@connectrpc/connect";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bearer, expectFailure, jsonAuthClient, metricSamples, signIn } from "../support/clients.js";
import { childEnv, defaultAdmin, parseLogLine, repoRoot, serverEntry, startServer, tempDataDir, waitForLog, type StartedServer } from "../support/server.js";

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the server to completion (a command, or a start that must fail). */
function runServer(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverEntry, ...args], { cwd: repoRoot, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`eventkit ${args.join(" ")} did not exit within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

// Servers a test started; stopped after it even when it fails.
const started: StartedServer[] = [];
async function start(options?: Parameters<typeof startServer>[0]): Promise<StartedServer> {
  const server = await startServer(options);
  started.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop("SIGKILL")));
});

describe("eventkit --help", () => {
  // The settings table is the source of --help; also scan config.ts so a
  // variable read there but missing from the table fails this test.
  const known = [
    "HOST",
    "PORT",
    "DATABASE_URL",
    "EVENTKIT_DATA_DIR",
    "LOG_LEVEL",
    "EVENTKIT_PUBLIC_URL",
    "EVENTKIT_ADMIN_EMAIL",
    "EVENTKIT_ADMIN_PASSWORD",
    "ACCESS_TOKEN_TTL",
    "REFRESH_TOKEN_TTL",
    "INVITE_TTL",
    "RATE_LIMIT_PER_MINUTE",
    "LOGIN_FAILURES_PER_ACCOUNT",
    "LOGIN_FAILURES_PER_ADDRESS",
    "READ_MAX_BYTES",
    "REQUEST_TIMEOUT_MS",
    "SHUTDOWN_TIMEOUT_MS",
    "DB_POOL_SIZE",
    "GRPC_REFLECTION",
    "TRUST_PROXY",
    "EVENTKIT_WEB_DIR",
  ];

  it("lists every environment variable the server reads, and exits 0", async () => {
    const source = readFileSync(join(repoRoot, "server", "src", "config.ts"), "utf8");
    const read = [...source.matchAll(/\b(?:read|integer|boolean|url)\(\s*env,\s*"([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1] ?? "");
    expect(read.length).toBeGreaterThan(10);
    const { code, stdout, stderr } = await runServer(["--help"], {});
    expect(code).toBe(0);
    expect(stderr).toBe("");
    const listed = new Set([...stdout.matchAll(/^\s+([A-Z][A-Z0-9_]+)\s/gm)].map((m) => m[1]));
    for (const name of new Set([...known, ...read])) expect(listed, `--help does not list ${name}`).toContain(name);
  });
});

describe("configuration errors", { timeout: 60_000 }, () => {
  it.each([
    ["PORT", "bad"],
    ["PORT", "70000"],
    ["LOG_LEVEL", "loud"],
    ["DATABASE_URL", "mysql://x"],
    ["GRPC_REFLECTION", "maybe"],
    ["EVENTKIT_ADMIN_PASSWORD", "short"],
  ])("%s=%s exits 2 with one line naming the variable", async (name, value) => {
    const env: Record<string, string> = { [name]: value, EVENTKIT_DATA_DIR: tempDataDir() };
    if (name === "EVENTKIT_ADMIN_PASSWORD") env.EVENTKIT_ADMIN_EMAIL = "admin@example.com";
    const { code, stdout, stderr } = await runServer([], env);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    const lines = stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^eventkit: invalid configuration: ${name}: \\S`));
  });

  it("an unknown command exits 2", async () => {
    const { code, stderr } = await runServer(["sevre"], {});
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "sevre"');
  });
});

describe("the data folder", { timeout: 180_000 }, () => {
  it("is locked: a second process on it exits 1 with a clear line, and the first keeps serving", async () => {
    const first = await start();
    const second = await runServer([], { HOST: "127.0.0.1", PORT: "0", EVENTKIT_DATA_DIR: first.dataDir });
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(
      `eventkit: the data folder ${first.dataDir} is in use by another EventKit process; stop it or set EVENTKIT_DATA_DIR to another folder`,
    );
    expect(second.stdout).not.toContain('"listening"');

    expect(await health(first.url)).toEqual({ status: 200, body: { status: "ok", database: { engine: "pglite", status: "up" } } });
    await signIn(jsonAuthClient(first.url));
    expect(await first.stop()).toBe(0);
  });

  it("keeps data across a restart", async () => {
    const first = await start();
    const client = jsonAuthClient(first.url);
    const token = await signIn(client);
    const created = await client.createUser(
      { email: "persisted@example.com", displayName: "Persisted", password: "persisted-password-1" },
      { headers: bearer(token) },
    );
    expect(await first.stop()).toBe(0);

    // No admin variables this time: existing users must be found, not recreated or set up again.
    const second = await start({ dataDir: first.dataDir, env: { EVENTKIT_ADMIN_EMAIL: "", EVENTKIT_ADMIN_PASSWORD: "" } });
    const entries = second.logs().map(parseLogLine);
    expect(entries.some((e) => e?.msg === "database migrated"), "migrations ran again on restart").toBe(false);
    const again = jsonAuthClient(second.url);
    const adminToken = await signIn(again);
    await signIn(again, { email: "persisted@example.com", password: "persisted-password-1" });
    const { users } = await again.listUsers({}, { headers: bearer(adminToken) });
    expect(users.map((u) => u.email).sort()).toEqual([defaultAdmin.email, "persisted@example.com"]);
    expect(users.find((u) => u.email === "persisted@example.com")?.id).toBe(created.user?.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(second.logs().some((line) => parseLogLine(line)?.setupUrl !== undefined)).toBe(false);
  });
});

describe("first-run setup", { timeout: 120_000 }, () => {
  it("without admin variables logs a setupUrl whose token creates the first admin, once", async () => {
    const server = await start({ env: { EVENTKIT_ADMIN_EMAIL: "", EVENTKIT_ADMIN_PASSWORD: "" } });
    const entry = await waitForLog(server, (e) => typeof e.setupUrl === "string");
    const setupUrl = new URL(String(entry.setupUrl));
    expect(setupUrl.origin).toBe(server.url);
    expect(setupUrl.pathname).toBe("/setup");
    const setupToken = setupUrl.hash.slice(1);
    expect(setupToken.length).toBeGreaterThanOrEqual(20);

    const client = jsonAuthClient(server.url);
    // Nobody can sign in yet, and a wrong token is refused.
    expect(await expectFailure(() => client.login(defaultAdmin))).toMatchObject({ code: Code.Unauthenticated, reason: "INVALID_CREDENTIALS" });
    const wrong = await expectFailure(() =>
      client.completeSetup({ setupToken: `${setupToken}x`, email: "owner@example.com", displayName: "Owner", password: "owner-password-123" }),
    );
    expect(wrong).toMatchObject({ code: Code.PermissionDenied, reason: "SETUP_TOKEN_INVALID" });

    const done = await client.completeSetup({ setupToken, email: "owner@example.com", displayName: "Owner", password: "owner-password-123" });
    expect(done.user?.email).toBe("owner@example.com");
    expect(done.tokens?.accessToken).toBeTruthy();
    const me = await client.getCurrentUser({}, { headers: bearer(done.tokens?.accessToken ?? "") });
    expect(me.principal?.permissions).toContain("users.manage");
    await signIn(client, { email: "owner@example.com", password: "owner-password-123" });

    const second = await expectFailure(() =>
      client.completeSetup({ setupToken, email: "intruder@example.com", displayName: "Intruder", password: "intruder-password-1" }),
    );
    expect(second).toMatchObject({ code: Code.FailedPrecondition, reason: "SETUP_NOT_AVAILABLE" });
    expect(await expectFailure(() => client.login({ email: "intruder@example.com", password: "intruder-password-1" }))).toMatchObject({
      code: Code.Unauthenticated,
      reason: "INVALID_CREDENTIALS",
    });
  });
});

interface RawResponse {
  status: number;
  body: string;
}

/** A Connect JSON Login on its own connection; `sent` resolves once the whole request is written. */
function rawLogin(url: string, credentials: { email: string; password: string }): { sent: Promise<void>; response: Promise<RawResponse> } {
  const body = JSON.stringify(credentials);
  let markSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const response = new Promise<RawResponse>((resolve, reject) => {
    const req = http.request(
      `${url}/eventkit.v1.AuthService/Login`,
      { method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => { resolve({ status: res.statusCode ?? 0, body: text }); });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body, () => { markSent(); });
  });
  return { sent, response };
}

describe("the access log", { timeout: 120_000 }, () => {
  it("is buffered, yet a lone request's line reaches stdout within a few seconds while the server runs", async () => {
    const server = await start();
    const client = jsonAuthClient(server.url);
    await signIn(client);
    const entry = await waitForLog(server, (e) => e.msg === "rpc" && e.procedure === "eventkit.v1.AuthService/Login", 5_000);
    expect(entry.code).toBe("ok");
  });
});

describe("graceful shutdown", { timeout: 120_000 }, () => {
  it("SIGTERM lets in-flight requests finish, then exits 0", async () => {
    const server = await start();
    const procedure = 'procedure="eventkit.v1.AuthService/Login"';
    const calls = Array.from({ length: 10 }, () => rawLogin(server.url, defaultAdmin));
    await Promise.all(calls.map((c) => c.sent));
    // Every request must have reached the server (else SIGTERM may race the accept); at least one still running.
    let inFlight: number;
    for (const deadline = Date.now() + 10_000; ; ) {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      inFlight = metricSamples(text, "eventkit_rpc_in_flight").get(`{${procedure}}`) ?? 0;
      const finished = [...metricSamples(text, "eventkit_rpc_requests_total")].filter(([labels]) => labels.includes(procedure)).reduce((sum, [, n]) => sum + n, 0);
      if (inFlight + finished >= 10) break;
      if (Date.now() > deadline) throw new Error(`the server saw only ${inFlight + finished} of 10 logins`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(inFlight, "all logins finished before SIGTERM; the test proved nothing").toBeGreaterThan(0);

    const exit = server.stop("SIGTERM");
    const responses = await Promise.all(calls.map((c) => c.response));
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect((JSON.parse(res.body) as { tokens?: { accessToken?: string } }).tokens?.accessToken).toBeTruthy();
    }
    expect(await exit).toBe(0);
    const messages = server.logs().map((l) => parseLogLine(l)?.msg);
    expect(messages).toContain("shutting down");
    expect(messages.at(-1)).toBe("stopped");
  });

  it("SIGTERM does not wait for idle keep-alive connections", async () => {
    const server = await start({ env: { SHUTDOWN_TIMEOUT_MS: "20000" } });
    // One idle HTTP/1.1 keep-alive connection, as browsers and proxies hold them.
    const agent = new http.Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      http.get(`${server.url}/health`, { agent }, (res) => {
        res.resume();
        res.on("end", () => { resolve(res.statusCode ?? 0); });
      }).on("error", reject);
    });
    expect(status).toBe(200);
    const started = Date.now();
    expect(await server.stop("SIGTERM")).toBe(0);
    agent.destroy();
    expect(Date.now() - started, "shutdown waited for SHUTDOWN_TIMEOUT_MS on an idle connection").toBeLessThan(5_000);
    expect(server.logs().join("\n")).not.toContain("shutdown timeout");
  });
});

/** A TCP proxy in front of PostgreSQL that a test can cut and restore. */
class CuttableProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => { resolve(); });
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every connection: PostgreSQL is unreachable. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  }
}

describe.runIf(process.env.TEST_DATABASE_URL)("/health on PostgreSQL", { timeout: 180_000 }, () => {
  // The body is collected even when skipped: the fallback only keeps `new URL` happy then.
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const database = `ek_e2e_${randomBytes(6).toString("hex")}`;
  const directUrl = new URL(adminUrl);
  directUrl.pathname = `/${database}`;
  let admin: pg.Client;
  const proxies: CuttableProxy[] = [];

  /** A proxy to the test database, and the DATABASE_URL that goes through it. */
  async function proxied(): Promise<{ proxy: CuttableProxy; databaseUrl: string }> {
    const proxy = new CuttableProxy({ host: directUrl.hostname || "127.0.0.1", port: Number(directUrl.port || 5432) });
    proxies.push(proxy);
    await proxy.listen();
    const url = new URL(directUrl);
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    return { proxy, databaseUrl: url.toString() };
  }

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
  }, 60_000);

  afterAll(async () => {
    for (const proxy of proxies) await proxy.cut();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }, 60_000);

  it("turns 503 when the database is unreachable, and 200 again when it is back", async () => {
    const { proxy, databaseUrl } = await proxied();
    const server = await start({ env: { DATABASE_URL: databaseUrl } });
    expect(await health(server.url)).toEqual({ status: 200, body: { status: "ok", database: { engine: "postgres", status: "up" } } });
    const client = jsonAuthClient(server.url);
    await signIn(client);

    await proxy.cut();
    // Let the server see its idle connections close first (losing one mid-query is the next test).
    await new Promise((resolve) => setTimeout(resolve, 300));
    const down = await health(server.url);
    expect(down).toEqual({ status: 503, body: { status: "unavailable", database: { engine: "postgres", status: "down" } } });
    // RPCs fail as Unavailable, never Internal.
    const failure = await expectFailure(() => client.login(defaultAdmin));
    expect(failure).toMatchObject({ code: Code.Unavailable, reason: "DATABASE_UNAVAILABLE" });

    await proxy.listen();
    let back = down;
    for (const deadline = Date.now() + 20_000; back.status !== 200 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      back = await health(server.url);
    }
    expect(back).toEqual({ status: 200, body: { status: "ok", database: { engine: "postgres", status: "up" } } });
    await signIn(client);
    expect(await server.stop()).toBe(0);
  });

  it("survives losing its database connection in the middle of a query", async () => {
    const { proxy, databaseUrl } = await proxied();
    const server = await start({ env: { DATABASE_URL: databaseUrl } });
    const client = jsonAuthClient(server.url);
    await signIn(client);

    // Hold a lock (on a direct connection) that Login's user lookup (a Kysely query) waits for, then cut the server's connections.
    const locker = new pg.Client({ connectionString: directUrl.toString() });
    await locker.connect();
    try {
      await locker.query("begin");
      await locker.query("lock table app_user in access exclusive mode");
      const login = expectFailure(() => client.login(defaultAdmin));
      const waiting = async () =>
        (await locker.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'", [database])).rows[0]?.n;
      for (const deadline = Date.now() + 10_000; (await waiting()) === "0"; ) {
        if (Date.now() > deadline) throw new Error("Login never waited for the lock");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await proxy.cut();
      const failure = await login;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(failure, `server output:\n${server.logs().slice(-15).join("\n")}`).toMatchObject({ code: Code.Unavailable, reason: "DATABASE_UNAVAILABLE" });
    } finally {
      await locker.query("rollback").catch(() => undefined);
      await locker.end();
    }
    await proxy.listen();
    // Still the same process, serving, with fresh connections.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.logs().join("\n")).not.toContain("Unhandled 'error' event");
    expect(await health(server.url)).toEqual({ status: 200, body: { status: "ok", database: { engine: "postgres", status: "up" } } });
    await signIn(client);
    expect(await server.stop()).toBe(0);
  });
});
