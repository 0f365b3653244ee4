// Fans the scanning channel out to the watchers of this process: one listener
// per process (started with the first watcher), a bounded queue per watcher.
// A watcher whose queue overflows, or that was listening while the database
// connection dropped, is told to catch up from the tables (a gap).
import { parseNotice, type SessionNotice } from "../domain/scanning.js";
import type { ChannelHandlers } from "../store/scanning.listen.js";

export type Listen = (handlers: ChannelHandlers) => Promise<() => Promise<void>>;

/** What a watcher waits for: notices of its session, or "gap" (catch up from the tables). */
export type Wake = { kind: "notices"; notices: SessionNotice[] } | { kind: "gap" } | { kind: "stopped" };

const maxQueued = 1_000;

export class Subscription {
  private queue: SessionNotice[] = [];
  private gap = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly sessionId: string,
    private readonly onClose: (s: Subscription) => void,
  ) {}

  push(notice: SessionNotice): void {
    if (this.queue.length >= maxQueued) this.gap = true;
    else this.queue.push(notice);
    this.wake?.();
  }

  markGap(): void {
    this.gap = true;
    this.wake?.();
  }

  /** Waits for something to happen, or for `signal` to end the wait. */
  async next(signal: AbortSignal): Promise<Wake> {
    while (!signal.aborted && !this.gap && this.queue.length === 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener("abort", done);
          this.wake = undefined;
          resolve();
        };
        this.wake = done;
        signal.addEventListener("abort", done);
      });
    }
    if (signal.aborted) return { kind: "stopped" };
    if (this.gap) {
      this.gap = false;
      this.queue = [];
      return { kind: "gap" };
    }
    const notices = this.queue;
    this.queue = [];
    return { kind: "notices", notices };
  }

  close(): void {
    this.onClose(this);
  }
}

export class ScanBus {
  private readonly bySession = new Map<string, Set<Subscription>>();
  private stop: Promise<() => Promise<void>> | undefined;
  private closed = false;

  constructor(private readonly listen: Listen) {}

  /** Subscribes before the caller reads its snapshot, so nothing committed after the read is missed. */
  async subscribe(sessionId: string): Promise<Subscription> {
    this.stop ??= this.listen({
      payload: (payload) => {
        const notice = parseNotice(payload);
        if (notice) for (const s of this.bySession.get(notice.sessionId) ?? []) s.push(notice);
      },
      gap: () => {
        for (const set of this.bySession.values()) for (const s of set) s.markGap();
      },
    });
    try {
      await this.stop;
    } catch (error) {
      this.stop = undefined;
      throw error;
    }
    const sub = new Subscription(sessionId, (s) => {
      const set = this.bySession.get(s.sessionId);
      set?.delete(s);
      if (set?.size === 0) this.bySession.delete(s.sessionId);
    });
    const set = this.bySession.get(sessionId) ?? new Set();
    set.add(sub);
    this.bySession.set(sessionId, set);
    return sub;
  }

  /** Stops listening (server shutdown). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stop = this.stop;
    this.stop = undefined;
    if (stop) await (await stop)();
  }
}
