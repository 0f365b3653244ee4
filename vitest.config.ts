import { defineConfig } from "vitest/config";

// One runner for every tier. Database tests run on PGlite always, and again on
// PostgreSQL when TEST_DATABASE_URL is set.
const conditions = ["source"];
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["server/src/**/*.test.ts"], exclude: ["server/src/**/*.db.test.ts"] },
      },
      {
        extends: true,
        test: { name: "db-pglite", include: ["server/src/**/*.db.test.ts"], env: { EVENTKIT_TEST_ENGINE: "pglite" }, testTimeout: 30_000, hookTimeout: 60_000 },
      },
      ...(onPostgres
        ? [
            {
              extends: true as const,
              test: {
                name: "db-postgres",
                include: ["server/src/**/*.db.test.ts"],
                env: { EVENTKIT_TEST_ENGINE: "postgres" },
                globalSetup: ["server/test/support/postgres-template.ts"],
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      { extends: "./web/vitest.config.ts", test: { name: "web", root: "./web" } },
      {
        extends: true,
        test: { name: "rpc", include: ["server/test/rpc/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: "e2e", include: ["e2e/**/*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
      },
    ],
  },
});
