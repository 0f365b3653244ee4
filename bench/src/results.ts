// What every benchmark run records about itself, and where it writes its JSON.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { repoRoot } from "./server.js";

export interface RunFacts {
  date: string;
  commit: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGb: number;
}

function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

/** Machine and code facts printed next to the figures, so runs on different machines are not compared blindly. */
export function runFacts(): RunFacts {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    commit: commit(),
    node: process.versions.node,
    cpu: cpus[0]?.model.trim() ?? "unknown CPU",
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  };
}

/** Writes `<dir>/<name>-<date>.json` (by default bench/results, gitignored) and prints its path. */
export function writeResults(name: string, facts: RunFacts, body: object, dir = join(repoRoot, "bench", "results")): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${facts.date.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify({ ...facts, ...body }, null, 2)}\n`);
  process.stdout.write(`\nJSON: ${file}\n`);
  return file;
}

/** Writes the run's Markdown next to its JSON (same name, `.md`) and prints its path. */
export function writeMarkdown(jsonFile: string, markdown: string): string {
  const file = jsonFile.replace(/\.json$/, ".md");
  writeFileSync(file, `${markdown}\n`);
  process.stdout.write(`Markdown: ${file}\n`);
  return file;
}
