// Environment → typed configuration, validated once at start. A bad value stops
// the server with one line naming the variable.
import path from "node:path";

export interface Config {
  host: string;
  port: number;
  /** postgres:// URL of a real PostgreSQL; undefined = embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Public base URL, used in printed links (setup, invitations). */
  publicUrl: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  inviteTtlSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Requests per minute per user, API key or client address. */
  rateLimitPerMinute: number;
  /** Failed logins allowed per account, and per client address, in 15 minutes. */
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  readMaxBytes: number;
  requestTimeoutMs: number;
  shutdownTimeoutMs: number;
  dbPoolSize: number;
  reflection: boolean;
  webDir: string | undefined;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  /** Largest uploaded file, in bytes. */
  fileMaxBytes: number;
  /** Where file bytes live: `<dataDir>/files`, or an S3-compatible bucket. */
  fileStorage: FileStorageConfig;
  /** Chromium executable that prints quote PDFs (started on the first PDF, one process reused). */
  chromiumPath: string;
}

export type FileStorageConfig =
  | { kind: "local"; dir: string }
  | {
      kind: "s3";
      endpoint: string | undefined;
      bucket: string;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      forcePathStyle: boolean;
    };

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
  }
}

type Env = Record<string, string | undefined>;

interface Setting {
  name: string;
  default: string;
  description: string;
}

/** Every variable the server reads; `eventkit --help` and the README print this table. */
export const settings: readonly Setting[] = [
  { name: "HOST", default: "0.0.0.0", description: "Address to listen on" },
  { name: "PORT", default: "8080", description: "Port for Connect, gRPC, gRPC-Web, the web UI, /health and /metrics (0 = any free port)" },
  { name: "DATABASE_URL", default: "(embedded)", description: "postgres:// URL of PostgreSQL 15+; unset = embedded PostgreSQL (PGlite) in EVENTKIT_DATA_DIR" },
  { name: "EVENTKIT_DATA_DIR", default: "./data", description: "Folder for the embedded database and files; locked by one server process" },
  { name: "LOG_LEVEL", default: "info", description: "fatal, error, warn, info, debug, trace or silent" },
  { name: "EVENTKIT_PUBLIC_URL", default: "(http://localhost:PORT)", description: "Public base URL used in setup and invitation links" },
  { name: "EVENTKIT_ADMIN_EMAIL", default: "", description: "With EVENTKIT_ADMIN_PASSWORD: first administrator, created when there are no users" },
  { name: "EVENTKIT_ADMIN_PASSWORD", default: "", description: "Password of that first administrator (at least 12 characters)" },
  { name: "ACCESS_TOKEN_TTL", default: "900", description: "Access token lifetime in seconds" },
  { name: "REFRESH_TOKEN_TTL", default: "2592000", description: "Refresh token lifetime in seconds (30 days)" },
  { name: "INVITE_TTL", default: "604800", description: "Invitation link lifetime in seconds (7 days)" },
  { name: "RATE_LIMIT_PER_MINUTE", default: "600", description: "Requests per minute per user, API key or client address" },
  { name: "LOGIN_FAILURES_PER_ACCOUNT", default: "5", description: "Failed logins per account in 15 minutes before it is throttled" },
  { name: "LOGIN_FAILURES_PER_ADDRESS", default: "20", description: "Failed logins per client address in 15 minutes before it is throttled" },
  { name: "READ_MAX_BYTES", default: "4194304", description: "Largest request message accepted, in bytes" },
  { name: "REQUEST_TIMEOUT_MS", default: "30000", description: "Deadline of every request, in milliseconds" },
  { name: "SHUTDOWN_TIMEOUT_MS", default: "10000", description: "Time given to in-flight requests on SIGTERM, in milliseconds" },
  { name: "DB_POOL_SIZE", default: "10", description: "Connections to PostgreSQL per process, plus a quarter for the rate-limit counters (the embedded database has one)" },
  { name: "GRPC_REFLECTION", default: "true", description: "Serve gRPC server reflection (grpcurl, buf curl --reflect)" },
  { name: "TRUST_PROXY", default: "false", description: "Take client addresses from X-Forwarded-For (set behind a reverse proxy)" },
  { name: "EVENTKIT_WEB_DIR", default: "(built web/dist)", description: "Folder of the built web UI to serve" },
  { name: "FILE_MAX_BYTES", default: "52428800", description: "Largest image or document that can be uploaded, in bytes (50 MiB)" },
  { name: "S3_BUCKET", default: "", description: "Store files in this bucket of S3-compatible storage; unset = in EVENTKIT_DATA_DIR/files" },
  { name: "S3_ENDPOINT", default: "(AWS)", description: "URL of the S3-compatible server, e.g. http://minio:9000; unset = AWS S3 of S3_REGION" },
  { name: "S3_REGION", default: "us-east-1", description: "Region of the bucket" },
  { name: "S3_ACCESS_KEY_ID", default: "", description: "With S3_SECRET_ACCESS_KEY: the access key; unset = the SDK's default credentials (environment, instance role)" },
  { name: "S3_SECRET_ACCESS_KEY", default: "", description: "Secret of S3_ACCESS_KEY_ID" },
  { name: "S3_FORCE_PATH_STYLE", default: "false", description: "Address the bucket in the path (http://host/bucket/key), as MinIO and most self-hosted servers need" },
  { name: "EVENTKIT_CHROMIUM_PATH", default: "/usr/bin/chromium", description: "Chromium (or Chrome) executable that prints quote PDFs; without it, PDFs are refused with PDF_RENDERER_UNAVAILABLE" },
];

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === "" ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, "is not a valid URL");
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.map((p) => `${p}//`).join(" or ")}`);
  }
  return raw;
}

function fileStorage(env: Env, dataDir: string): FileStorageConfig {
  const bucket = read(env, "S3_BUCKET");
  const s3Only = ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"].find((name) => read(env, name) !== undefined);
  if (bucket === undefined) {
    if (s3Only) throw new ConfigError("S3_BUCKET", `must be set when ${s3Only} is (files go to S3 only with a bucket)`);
    return { kind: "local", dir: path.join(dataDir, "files") };
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError("S3_BUCKET", `is not a valid bucket name: "${bucket}"`);
  const accessKeyId = read(env, "S3_ACCESS_KEY_ID");
  const secretAccessKey = read(env, "S3_SECRET_ACCESS_KEY");
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(accessKeyId ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID", "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together");
  }
  return {
    kind: "s3",
    endpoint: url(env, "S3_ENDPOINT", ["http:", "https:"]),
    bucket,
    region: read(env, "S3_REGION") ?? "us-east-1",
    credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: boolean(env, "S3_FORCE_PATH_STYLE", false),
  };
}

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export function loadConfig(env: Env): Config {
  const logLevel = read(env, "LOG_LEVEL") ?? "info";
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new ConfigError("LOG_LEVEL", `must be one of ${logLevels.join(", ")}, got "${logLevel}"`);
  }
  const adminEmail = read(env, "EVENTKIT_ADMIN_EMAIL");
  const adminPassword = read(env, "EVENTKIT_ADMIN_PASSWORD");
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(adminEmail ? "EVENTKIT_ADMIN_PASSWORD" : "EVENTKIT_ADMIN_EMAIL", "EVENTKIT_ADMIN_EMAIL and EVENTKIT_ADMIN_PASSWORD must be set together");
  }
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError("EVENTKIT_ADMIN_EMAIL", `is not an email address: "${adminEmail}"`);
  }
  if (adminPassword !== undefined && adminPassword.length < 12) {
    throw new ConfigError("EVENTKIT_ADMIN_PASSWORD", "must be at least 12 characters");
  }
  const dataDir = read(env, "EVENTKIT_DATA_DIR") ?? "./data";
  return {
    host: read(env, "HOST") ?? "0.0.0.0",
    port: integer(env, "PORT", 8080, 0, 65535),
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    dataDir,
    logLevel: logLevel as Config["logLevel"],
    publicUrl: url(env, "EVENTKIT_PUBLIC_URL", ["http:", "https:"])?.replace(/\/+$/, ""),
    accessTokenTtlSeconds: integer(env, "ACCESS_TOKEN_TTL", 900, 10, 86_400),
    refreshTokenTtlSeconds: integer(env, "REFRESH_TOKEN_TTL", 2_592_000, 60, 31_536_000),
    inviteTtlSeconds: integer(env, "INVITE_TTL", 604_800, 60, 31_536_000),
    adminEmail,
    adminPassword,
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 600, 1, 1_000_000),
    loginFailuresPerAccount: integer(env, "LOGIN_FAILURES_PER_ACCOUNT", 5, 1, 1000),
    loginFailuresPerAddress: integer(env, "LOGIN_FAILURES_PER_ADDRESS", 20, 1, 100_000),
    readMaxBytes: integer(env, "READ_MAX_BYTES", 4_194_304, 1024, 268_435_456),
    requestTimeoutMs: integer(env, "REQUEST_TIMEOUT_MS", 30_000, 100, 3_600_000),
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    dbPoolSize: integer(env, "DB_POOL_SIZE", 10, 1, 1000),
    reflection: boolean(env, "GRPC_REFLECTION", true),
    webDir: read(env, "EVENTKIT_WEB_DIR"),
    trustProxy: boolean(env, "TRUST_PROXY", false),
    fileMaxBytes: integer(env, "FILE_MAX_BYTES", 52_428_800, 1024, Number.MAX_SAFE_INTEGER),
    fileStorage: fileStorage(env, dataDir),
    chromiumPath: read(env, "EVENTKIT_CHROMIUM_PATH") ?? "/usr/bin/chromium",
  };
}

export function helpText(): string {
  const width = Math.max(...settings.map((s) => s.name.length));
  const rows = settings.map((s) => `  ${s.name.padEnd(width)}  ${s.description} (default: ${s.default || "unset"})`);
  return [
    "Usage: eventkit [command]",
    "",
    "Commands:",
    "  serve     run the server (default)",
    "  migrate   apply database migrations and exit",
    "  --help    show this help",
    "",
    "Environment variables:",
    ...rows,
    "",
  ].join("\n");
}
