import { describe, expect, it } from "vitest";
import { ConfigError, helpText, loadConfig, settings } from "./config.js";

function errorOf(env: Record<string, string>): ConfigError | undefined {
  try {
    loadConfig(env);
    return undefined;
  } catch (error) {
    return error as ConfigError;
  }
}

describe("loadConfig", () => {
  it("has working defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, dataDir: "./data", databaseUrl: undefined, logLevel: "info", accessTokenTtlSeconds: 900, reflection: true });
  });

  it("reads values", () => {
    const config = loadConfig({ PORT: "0", DATABASE_URL: "postgres://u@h/db", LOG_LEVEL: "debug", GRPC_REFLECTION: "off", EVENTKIT_PUBLIC_URL: "https://x.example/" });
    expect(config).toMatchObject({ port: 0, databaseUrl: "postgres://u@h/db", logLevel: "debug", reflection: false, publicUrl: "https://x.example" });
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ PORT: "-1" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ ACCESS_TOKEN_TTL: "1" }, "ACCESS_TOKEN_TTL"],
    [{ GRPC_REFLECTION: "maybe" }, "GRPC_REFLECTION"],
    [{ EVENTKIT_ADMIN_EMAIL: "a@b.c" }, "EVENTKIT_ADMIN_PASSWORD"],
    [{ EVENTKIT_ADMIN_PASSWORD: "long enough password" }, "EVENTKIT_ADMIN_EMAIL"],
    [{ EVENTKIT_ADMIN_EMAIL: "a@b.c", EVENTKIT_ADMIN_PASSWORD: "short" }, "EVENTKIT_ADMIN_PASSWORD"],
    [{ EVENTKIT_ADMIN_EMAIL: "nobody", EVENTKIT_ADMIN_PASSWORD: "long enough password" }, "EVENTKIT_ADMIN_EMAIL"],
    [{ FILE_MAX_BYTES: "lots" }, "FILE_MAX_BYTES"],
    [{ S3_ENDPOINT: "http://minio:9000" }, "S3_BUCKET"],
    [{ S3_BUCKET: "Not_A_Bucket" }, "S3_BUCKET"],
    [{ S3_BUCKET: "files", S3_ACCESS_KEY_ID: "key" }, "S3_SECRET_ACCESS_KEY"],
    [{ S3_BUCKET: "files", S3_ENDPOINT: "ftp://x" }, "S3_ENDPOINT"],
    [{ S3_BUCKET: "files", S3_FORCE_PATH_STYLE: "sometimes" }, "S3_FORCE_PATH_STYLE"],
  ])("%j names %s", (env, variable) => {
    const error = errorOf(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.variable).toBe(variable);
    expect(error?.message.startsWith(`${variable}: `)).toBe(true);
  });

  it("keeps files in the data folder unless a bucket is named", () => {
    expect(loadConfig({ EVENTKIT_DATA_DIR: "/srv/eventkit" })).toMatchObject({ fileMaxBytes: 52_428_800, fileStorage: { kind: "local", dir: "/srv/eventkit/files" } });
    expect(loadConfig({ S3_BUCKET: "eventkit-files", S3_ENDPOINT: "http://minio:9000", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s", S3_FORCE_PATH_STYLE: "true", FILE_MAX_BYTES: "1048576" })).toMatchObject({
      fileMaxBytes: 1_048_576,
      fileStorage: { kind: "s3", bucket: "eventkit-files", endpoint: "http://minio:9000", region: "us-east-1", credentials: { accessKeyId: "k", secretAccessKey: "s" }, forcePathStyle: true },
    });
    expect(loadConfig({ S3_BUCKET: "eventkit-files", S3_REGION: "eu-central-1" }).fileStorage).toMatchObject({ kind: "s3", endpoint: undefined, credentials: undefined, region: "eu-central-1" });
  });

  it("documents every variable in --help", () => {
    const help = helpText();
    for (const s of settings) expect(help).toContain(s.name);
  });
});

describe("README", () => {
  it("documents every variable in its configuration table", async () => {
    const { readFile } = await import("node:fs/promises");
    const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
    for (const s of settings) expect(readme).toContain(`| \`${s.name}\` |`);
  });
});
