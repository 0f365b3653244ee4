// The server's own modules, loaded from its build (server/dist): the benchmarks
// migrate with its migrate(), open the embedded database with its handle and
// replay the SQL its stores write. Typed here, so bench does not compile
// against the server's sources.
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type pg from "pg";
import { repoRoot } from "./server.js";

export interface ServerDb {
  migrate(pool: pg.Pool): Promise<string[]>;
  openPglite(dataDir: string | undefined): Promise<{ close(): Promise<void> }>;
  pglitePool(lite: unknown): pg.Pool;
}

export async function serverModule<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(repoRoot, "server", "dist", path)).href)) as T;
}

export function serverDb(): Promise<ServerDb> {
  return serverModule<ServerDb>("store/db.js");
}
