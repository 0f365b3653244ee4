// Hears the scanning channel: NOTIFY payloads from every server process on the
// same database. PostgreSQL: one dedicated connection (outside the pool) that
// reconnects after a drop and reports the gap, since notifications sent while
// it was away are lost. PGlite: the instance's own listen (one process only).
import pg from "pg";
import type { DatabaseHandle } from "./db.js";
import { scanChannel } from "./scanning.store.js";

export interface ChannelHandlers {
  payload: (payload: string) => void;
  /** The connection was lost and is back: anything may have been missed. */
  gap: () => void;
}

/** Starts listening; the returned function stops for good. */
export async function listenScanChannel(database: Pick<DatabaseHandle, "pool" | "listen">, handlers: ChannelHandlers): Promise<() => Promise<void>> {
  if (database.listen) return database.listen(scanChannel, handlers.payload);
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client(database.pool.options);
    next.on("notification", (n) => {
      if (n.channel === scanChannel && n.payload !== undefined) handlers.payload(n.payload);
    });
    next.on("error", () => {
      lost(next);
    });
    next.on("end", () => {
      lost(next);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${scanChannel}`);
    } catch (error) {
      await next.end().catch(() => undefined);
      throw error;
    }
    client = next;
  };

  const lost = (which: pg.Client) => {
    if (closed || client !== which) return;
    client = undefined;
    which.end().catch(() => undefined);
    schedule();
  };

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => {
          handlers.gap();
        },
        () => {
          schedule();
        },
      );
    }, 1_000);
  };

  await connect();
  return async () => {
    closed = true;
    if (retry) clearTimeout(retry);
    const last = client;
    client = undefined;
    await last?.end().catch(() => undefined);
  };
}
