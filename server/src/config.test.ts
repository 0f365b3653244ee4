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
  ])("%j names %s", (env, variable) => {
    const error = errorOf(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.variable).toBe(variable);
    expect(error?.message.startsWith(`${variable}: `)).toBe(true);
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
