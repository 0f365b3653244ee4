#!/usr/bin/env node
// Composition root: config → database → migrations → app → server.
import { pino } from "pino";
import { createApp } from "./app.js";
import { ConfigError, helpText, loadConfig, type Config } from "./config.js";
import { listen } from "./http/server.js";
import { DataDirLockedError, migrate, openDatabase, type DatabaseHandle } from "./store/db.js";
import { LocalFileStorage, S3FileStorage, type FileStorage } from "./store/file-storage.js";

function fail(message: string, code = 1): never {
  process.stderr.write(`eventkit: ${message}\n`);
  process.exit(code);
}

function describeConnectError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(" ") || String(error);
}

async function open(config: Config): Promise<DatabaseHandle> {
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
    await database.db.selectNoFrom((eb) => eb.lit(1).as("one")).execute();
    return database;
  } catch (error) {
    if (error instanceof DataDirLockedError) fail(error.message);
    if (config.databaseUrl) fail(`cannot connect to DATABASE_URL: ${describeConnectError(error)}`);
    throw error;
  }
}

function openFileStorage(settings: Config["fileStorage"]): FileStorage {
  return settings.kind === "local" ? new LocalFileStorage(settings.dir) : new S3FileStorage(settings);
}

/**
 * The log on stdout. Every RPC writes an access-log line: they are buffered (written at 8 KiB, at
 * least every second, and on exit) rather than each costing a write(2), a tenth of the server CPU
 * of the cheapest RPC. A process killed outright loses at most its last second of lines.
 */
function openLog(level: Config["logLevel"]) {
  const stdout = pino.destination({ dest: 1, minLength: 8192, sync: false });
  setInterval(() => { stdout.flush(); }, 1000).unref();
  return pino({ level, base: { service: "eventkit" } }, stdout);
}

async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const log = openLog(config.logLevel);
  const database = await open(config);
  const applied = await migrate(database.pool);
  if (applied.length > 0) log.info({ migrations: applied }, "database migrated");
  const storage = openFileStorage(config.fileStorage);
  const app = await createApp({ config, database, storage, log });
  const bootstrap = await app.auth.bootstrap(config.adminEmail && config.adminPassword ? { email: config.adminEmail, password: config.adminPassword } : undefined);
  const server = await listen(app.handler, { host: config.host, port: config.port, log });
  const publicUrl = config.publicUrl ?? server.url;
  log.info({ url: server.url, engine: database.engine, files: storage.kind, startupMs: Math.round(performance.now() - started) }, "listening");
  if (bootstrap.createdAdmin) log.info({ email: bootstrap.createdAdmin }, "created the first administrator from EVENTKIT_ADMIN_EMAIL");
  if (bootstrap.setupToken) {
    log.warn({ setupUrl: `${publicUrl}/setup#${bootstrap.setupToken}` }, "no users yet: open setupUrl to create the first administrator");
  }
  // Whoever waits for the start (an operator, a supervisor, a test) sees these lines now.
  log.flush();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    app.shutdown.abort();
    await server.close(config.shutdownTimeoutMs);
    await app.close();
    await database.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

async function runMigrate(config: Config): Promise<void> {
  const database = await open(config);
  try {
    const applied = await migrate(database.pool);
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
  } finally {
    await database.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? "serve";
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(helpText());
    return;
  }
  if (command !== "serve" && command !== "migrate") fail(`unknown command "${command}"; see eventkit --help`, 2);
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`, 2);
    throw error;
  }
  await (command === "migrate" ? runMigrate(config) : serve(config));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail(error instanceof Error ? error.message : String(error));
});
