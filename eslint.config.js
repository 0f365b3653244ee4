// Lint: typescript-eslint (type-aware) plus the layer rule of style.md:
// rpc → service → (domain, store); domain imports neither; only store imports Kysely.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Tests may look at the database directly; the rule is for production code.
const layer = (files, patterns) => ({
  files,
  ignores: ["**/*.test.ts"],
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "gen/src/**", "web/dist/**", "bench/results/**", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["*.js", "*.mjs", "scripts/*.mjs", "vitest.config.ts"] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ExportDefaultDeclaration", message: "Use named exports." }],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly" } },
  },
  layer(["server/src/domain/**/*.ts"], [
    { group: ["**/store/**", "**/rpc/**", "**/service/**", "**/http/**", "kysely", "pg", "@connectrpc/*", "@eventkit/api/*", "@bufbuild/*"], message: "Domain code is pure: no store, rpc, I/O or generated types." },
  ]),
  layer(["server/src/service/**/*.ts"], [
    { group: ["**/rpc/**", "**/http/**", "@connectrpc/*", "@eventkit/api/*", "kysely"], message: "Services never see Connect, generated _pb types or the query builder." },
  ]),
  layer(["server/src/store/**/*.ts"], [{ group: ["**/rpc/**", "**/service/**", "**/http/**", "@connectrpc/*", "@eventkit/api/*"], message: "The store knows SQL only." }]),
  layer(["server/src/rpc/**/*.ts"], [{ group: ["**/store/**", "kysely", "pg"], message: "Handlers hold no SQL: go through a service." }]),
  {
    // Vite's config format requires a default export.
    files: ["web/vite.config.ts", "web/vitest.config.ts", "vitest.config.ts", "eslint.config.js"],
    rules: { "no-restricted-syntax": "off" },
  },
);
