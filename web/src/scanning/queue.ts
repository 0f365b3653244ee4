import { ConnectError, Code } from "@connectrpc/connect";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import type { ScanResponse } from "@eventkit/api/eventkit/v1/scanning_pb.js";

/** One barcode read as the server's Scan takes it. */
export interface ScanPayload {
  sessionId: string;
  /** Client-generated; the same id on every retry and replay, so the server applies the scan once. */
  scanId: string;
  code: string;
  quantity: number;
  override: boolean;
  overrideNote: string;
  damaged: boolean;
  damageNote: string;
  remove: boolean;
}

/** A scan kept on the device until the server has answered it. */
export interface QueuedScan extends ScanPayload {
  /** Sending order: the order the codes were read in. */
  order: number;
  queuedAt: number;
  /**
   * `pending`: still to send. `refused`: the server refused it after it had
   * waited for the network; kept so the user sees it and decides.
   */
  state: "pending" | "refused";
  /** Set once sending it failed for lack of network: a refusal then is a replay's, kept for the user. */
  deferred: boolean;
  /** Why the server refused it (state `refused`). */
  refusal?: Refusal;
}

/** Where queued scans live: IndexedDB in the browser (scan-store.ts). */
export interface ScanQueueStorage {
  /** Inserts, or replaces the scan with the same scan id. */
  put(scan: QueuedScan): Promise<void>;
  delete(scanId: string): Promise<void>;
  /** The session's scans in sending order. */
  list(sessionId: string): Promise<QueuedScan[]>;
}

/** A server refusal: nothing was applied, and the reason says why. */
export interface Refusal {
  code: Code;
  reason: string;
  metadata: Record<string, string>;
}

/** The refusal an error stands for, or undefined when it is not the server's answer (no network, server away). */
export function refusalOf(error: unknown): Refusal | undefined {
  const connectError = ConnectError.from(error);
  const info = connectError.findDetails(ErrorInfoSchema)[0];
  // Without the server's ErrorInfo the request never reached EventKit (no network, a proxy's 502).
  if (!info?.reason) return undefined;
  switch (connectError.code) {
    // Worth sending the same scan id again later: rate limit, a concurrent scan, an expired sign-in, a server restarting.
    case Code.Unavailable:
    case Code.ResourceExhausted:
    case Code.Aborted:
    case Code.Unauthenticated:
    case Code.DeadlineExceeded:
    case Code.Canceled:
      return undefined;
    default:
      return { code: connectError.code, reason: info.reason, metadata: { ...info.metadata } };
  }
}

export interface ScanQueueEvents {
  /** The server applied the scan (or had applied it already: `response.replayed`). */
  applied(scan: QueuedScan, response: ScanResponse): void;
  /**
   * The server refused the scan. `live`: it was sent right after it was read
   * (the user is still there to answer a prompt) and it left the queue;
   * otherwise it waited for the network and stays in the queue as refused.
   */
  refused(scan: QueuedScan, refusal: Refusal, live: boolean): void;
  /** The queue's content or the network state changed. */
  changed(): void;
}

export interface ScanQueueOptions {
  sessionId: string;
  storage: ScanQueueStorage;
  send: (payload: ScanPayload) => Promise<ScanResponse>;
  events: ScanQueueEvents;
  now?: () => number;
  /** Delays between attempts while the network is away; the last one repeats. */
  retryDelaysMs?: readonly number[];
}

function payloadOf(scan: QueuedScan): ScanPayload {
  return {
    sessionId: scan.sessionId,
    scanId: scan.scanId,
    code: scan.code,
    quantity: scan.quantity,
    override: scan.override,
    overrideNote: scan.overrideNote,
    damaged: scan.damaged,
    damageNote: scan.damageNote,
    remove: scan.remove,
  };
}

/**
 * The device's scan queue for one session. Every scan is stored before it is
 * sent, sent one at a time in the order it was read, and removed once the
 * server answered. While the network is away the scans wait (with their scan
 * ids, so a scan that did reach the server before the connection broke is not
 * applied twice) and go out in order when it returns. A scan refused on replay
 * stays visible as refused and does not hold back the ones after it.
 */
export class ScanQueue {
  private readonly options: ScanQueueOptions;
  private readonly now: () => number;
  private scans: QueuedScan[] = [];
  private lastOrder = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private offline = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly loaded: Promise<void>;

  constructor(options: ScanQueueOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.loaded = this.load();
  }

  private async load(): Promise<void> {
    const stored = await this.options.storage.list(this.options.sessionId);
    // Scans queued before a reload come first: they were read first.
    const fresh = this.scans;
    this.scans = [...stored, ...fresh.filter((scan) => !stored.some((old) => old.scanId === scan.scanId))];
    this.lastOrder = Math.max(this.lastOrder, ...this.scans.map((scan) => scan.order));
    this.options.events.changed();
  }

  /** Resolves once the scans stored before this page was opened are loaded. */
  ready(): Promise<void> {
    return this.loaded;
  }

  /** Scans not yet sent, and scans refused on replay, in reading order. */
  items(): readonly QueuedScan[] {
    return this.scans;
  }

  pendingCount(): number {
    return this.scans.filter((scan) => scan.state === "pending").length;
  }

  /** True after a send failed for lack of network, until one succeeds. */
  isOffline(): boolean {
    return this.offline;
  }

  /** Stores a newly read scan and sends it (after the ones before it). */
  async enqueue(payload: ScanPayload): Promise<void> {
    const order = Math.max(this.lastOrder + 1, this.now() * 1000);
    this.lastOrder = order;
    const scan: QueuedScan = { ...payload, order, queuedAt: this.now(), state: "pending", deferred: this.offline };
    this.scans = [...this.scans, scan];
    this.options.events.changed();
    await this.options.storage.put(scan);
    await this.flush();
  }

  /** Sends a refused scan again under its scan id, e.g. with a quantity or an override. */
  async retry(scanId: string, changes: Partial<Pick<ScanPayload, "quantity" | "override" | "overrideNote">>): Promise<void> {
    const current = this.scans.find((scan) => scan.scanId === scanId);
    if (!current) return;
    const { refusal: _refusal, ...rest } = current;
    const next: QueuedScan = { ...rest, ...changes, state: "pending" };
    this.replace(next);
    await this.options.storage.put(next);
    await this.flush();
  }

  /** Sends a scan the server refused live (it had left the queue) again under its scan id. */
  async resend(payload: ScanPayload): Promise<void> {
    if (this.scans.some((scan) => scan.scanId === payload.scanId)) return;
    await this.enqueue(payload);
  }

  /** Forgets a refused scan. */
  async dismiss(scanId: string): Promise<void> {
    this.scans = this.scans.filter((scan) => scan.scanId !== scanId);
    this.options.events.changed();
    await this.options.storage.delete(scanId);
  }

  /** Sends the waiting scans in order; resolves when the queue is empty, or the network is away. */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Stops the retry timer (the stored scans stay for the next visit). */
  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private replace(scan: QueuedScan): void {
    this.scans = this.scans.map((current) => (current.scanId === scan.scanId ? scan : current));
    this.options.events.changed();
  }

  private async drain(): Promise<void> {
    await this.loaded;
    do {
      this.again = false;
      for (;;) {
        if (this.disposed) return;
        const next = this.scans.find((scan) => scan.state === "pending");
        if (!next) break;
        const sent = await this.sendOne(next);
        if (!sent) return;
      }
    } while (this.takeAgain());
  }

  /** Whether a flush was asked for while this one ran (scans may have come back to `pending`). */
  private takeAgain(): boolean {
    return this.again;
  }

  /** False when the network is away (the scan stays queued and a retry is scheduled). */
  private async sendOne(scan: QueuedScan): Promise<boolean> {
    let response: ScanResponse;
    try {
      response = await this.options.send(payloadOf(scan));
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal === undefined) {
        await this.wentOffline();
        return false;
      }
      await this.refused(scan, refusal);
      return true;
    }
    this.cameOnline();
    this.scans = this.scans.filter((current) => current.scanId !== scan.scanId);
    await this.options.storage.delete(scan.scanId);
    this.options.events.applied(scan, response);
    this.options.events.changed();
    return true;
  }

  private async refused(scan: QueuedScan, refusal: Refusal): Promise<void> {
    this.cameOnline();
    const live = !scan.deferred;
    if (live) {
      this.scans = this.scans.filter((current) => current.scanId !== scan.scanId);
      await this.options.storage.delete(scan.scanId);
    } else {
      const kept: QueuedScan = { ...scan, state: "refused", refusal };
      this.replace(kept);
      await this.options.storage.put(kept);
    }
    this.options.events.refused(scan, refusal, live);
    this.options.events.changed();
  }

  private async wentOffline(): Promise<void> {
    // Everything waiting now is a replay once the network is back.
    const waiting = this.scans.filter((scan) => scan.state === "pending" && !scan.deferred).map((scan) => ({ ...scan, deferred: true }));
    for (const scan of waiting) {
      this.replace(scan);
      await this.options.storage.put(scan);
    }
    this.offline = true;
    this.options.events.changed();
    this.scheduleRetry();
  }

  private cameOnline(): void {
    this.attempt = 0;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.offline) {
      this.offline = false;
      this.options.events.changed();
    }
  }

  private scheduleRetry(): void {
    if (this.disposed || this.timer !== undefined) return;
    const delays = this.options.retryDelaysMs ?? [1000, 2000, 4000, 8000, 15000];
    const delay = delays[Math.min(this.attempt, delays.length - 1)] ?? 15000;
    this.attempt += 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delay);
  }
}
