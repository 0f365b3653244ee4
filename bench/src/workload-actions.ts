// What virtual users do, modelled on the web app's screens (the RPCs each
// screen sends when it opens), and the data they draw from. Adding an action
// is adding an entry to `actions` (and, if it needs data, a field to World).
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { DiagnosticsService } from "@eventkit/api/eventkit/v1/diagnostics_pb.js";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { ScanningService, ScanSessionKind } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { randomUUID } from "node:crypto";
import { QuoteService, QuoteStatus } from "@eventkit/api/eventkit/v1/quote_pb.js";
import type pg from "pg";
import type { BenchQuery } from "./inventory-data.js";
import type { Action } from "./workload.js";

export interface EventRef {
  id: string;
  start: Date;
  end: Date;
  /** Distinct products on its pull list (at most 50). */
  productIds: string[];
}

export interface World {
  now: Date;
  /** The search mix: every kind of query a user types. */
  queries: BenchQuery[];
  /** Products users open and add, skewed towards the popular ones as bookings are. */
  productIds: string[];
  /** Events in the coming weeks that are still being planned or run. */
  upcoming: EventRef[];
  /** Enquiries and provisional events ahead: each user edits its own, as planners own their events. */
  editable: EventRef[];
  /** Quotes of events ahead, opened from their event's quote list. */
  quotes: QuoteRef[];
  /** Draft quotes of events ahead: user n saves the n-th, its own (users past the end only read). */
  ownQuotes: QuoteRef[];
  /** Shares of confirmed events' pull lists to check out and back in, each taken once (see `takeScanJob`). */
  scanJobs: ScanJobs;
}

export interface ScanJob {
  eventId: string;
  /** Where the units are and come back to. */
  locationId: string;
  tags: string[];
}

export interface ScanJobs {
  jobs: ScanJob[];
  taken: number;
}

/**
 * The next share nobody has scanned: check-out counts stay on the pull list after the check-in
 * (a line's room is its quantity less what was ever checked out), so each share goes out once.
 * Consecutive shares belong to different events: users at once work on events of their own.
 */
function takeScanJob(jobs: ScanJobs): ScanJob {
  const job = jobs.jobs[jobs.taken];
  if (!job) throw new Error(`all ${jobs.jobs.length} scan jobs are used up`);
  jobs.taken += 1;
  return job;
}

const unitsPerScanJob = 6;

/**
 * Shares of upcoming confirmed events' pull lists: units a warehouse can take (available, loose, not
 * out, reserved by name or under repair) of the serialized products the lines still have room for,
 * at one location per share, no unit in two shares. Ordered round-robin over the events.
 */
async function readScanJobs(pool: pg.Pool, now: Date): Promise<ScanJobs> {
  const lines = await pool.query<{ event_id: string; product_id: string; room: number }>(
    `SELECT l.event_id, l.product_id, l.quantity - l.checked_out AS room
     FROM pull_list_line l JOIN event e ON e.id = l.event_id JOIN product p ON p.id = l.product_id
     WHERE e.status = 'CONFIRMED' AND NOT e.is_template AND lower(e.out_period) > $1::timestamptz + interval '1 day'
       AND l.source = 'OWN_STOCK' AND l.kind = 'PRODUCT' AND p.tracking = 'SERIALIZED' AND l.quantity > l.checked_out
     ORDER BY md5(e.id::text), l.position LIMIT 50000`,
    [now],
  );
  const units = await pool.query<{ tag: string; product_id: string; location_id: string }>(
    `SELECT a.tag, a.product_id, a.location_id FROM asset a
     WHERE a.status = 'AVAILABLE' AND a.case_id IS NULL AND a.product_id = ANY($1::uuid[])
       AND NOT EXISTS (SELECT 1 FROM asset_out o WHERE o.asset_id = a.id)
       AND NOT EXISTS (SELECT 1 FROM asset_booking b WHERE b.asset_id = a.id)
       AND NOT EXISTS (SELECT 1 FROM maintenance_record m WHERE m.asset_id = a.id AND m.state IN ('OPEN', 'IN_PROGRESS'))
     ORDER BY md5(a.id::text)`,
    [[...new Set(lines.rows.map((l) => l.product_id))]],
  );
  const free = new Map<string, { tag: string; locationId: string }[]>();
  for (const u of units.rows) free.set(u.product_id, [...(free.get(u.product_id) ?? []), { tag: u.tag, locationId: u.location_id }]);
  const byEvent = new Map<string, { productId: string; room: number }[]>();
  for (const l of lines.rows) byEvent.set(l.event_id, [...(byEvent.get(l.event_id) ?? []), { productId: l.product_id, room: l.room }]);
  const perEvent: ScanJob[][] = [];
  for (const [eventId, eventLines] of byEvent) {
    const jobs: ScanJob[] = [];
    let job: ScanJob | undefined;
    for (const line of eventLines) {
      for (let n = 0; n < line.room; n++) {
        const pool = free.get(line.productId) ?? [];
        const at = job ? pool.findIndex((u) => u.locationId === job?.locationId) : pool.length > 0 ? 0 : -1;
        const unit = pool[at];
        if (!unit) break;
        pool.splice(at, 1);
        job ??= { eventId, locationId: unit.locationId, tags: [] };
        job.tags.push(unit.tag);
        if (job.tags.length === unitsPerScanJob) {
          jobs.push(job);
          job = undefined;
        }
      }
    }
    if (job) jobs.push(job);
    if (jobs.length > 0) perEvent.push(jobs);
  }
  const jobs: ScanJob[] = [];
  for (let round = 0; perEvent.some((j) => j.length > round); round++) for (const j of perEvent) if (j[round]) jobs.push(j[round] as ScanJob);
  return { jobs, taken: 0 };
}

export interface QuoteRef {
  id: string;
  eventId: string;
}

/** Quotes of events ahead of `now`, those whose latest version is a draft only when `drafts`, in a fixed order. */
async function readQuotes(pool: pg.Pool, now: Date, only: "all" | "drafts", limit: number): Promise<QuoteRef[]> {
  const { rows } = await pool.query<{ id: string; event_id: string }>(
    `SELECT q.id, q.event_id FROM quote q
     JOIN quote_version v ON v.quote_id = q.id AND v.version = q.latest_version JOIN event e ON e.id = q.event_id
     WHERE lower(e.out_period) > $1 AND ($2 = 'all' OR v.status = 'DRAFT') ORDER BY md5(q.id::text) LIMIT $3`,
    [now, only, limit],
  );
  return rows.map((r) => ({ id: r.id, eventId: r.event_id }));
}

const day = 86_400_000;

function range(start: Date, end: Date) {
  return create(TimeRangeSchema, { start: timestampFromDate(start), end: timestampFromDate(end) });
}

/** Reads what the actions draw from, straight from the loaded database (before the server opens it). */
export async function readWorld(pool: pg.Pool, queries: BenchQuery[], now: Date): Promise<World> {
  const products = await pool.query<{ product_id: string }>(
    "SELECT product_id FROM pull_list_line WHERE product_id IS NOT NULL ORDER BY md5(id::text) LIMIT 2000",
  );
  const events = async (where: string, limit: number) => {
    const { rows } = await pool.query<{ id: string; start: Date; end: Date; product_ids: string[] }>(
      `SELECT e.id, lower(e.out_period) AS start, upper(e.out_period) AS end,
              (SELECT coalesce(array_agg(DISTINCT l.product_id), '{}') FROM (SELECT product_id FROM pull_list_line
                WHERE event_id = e.id AND product_id IS NOT NULL LIMIT 50) l) AS product_ids
       FROM event e WHERE NOT e.is_template AND ${where} ORDER BY md5(e.id::text) LIMIT $3`,
      [now, new Date(now.getTime() + 60 * day), limit],
    );
    return rows.map((r) => ({ id: r.id, start: r.start, end: r.end, productIds: r.product_ids }));
  };
  return {
    now,
    queries,
    productIds: products.rows.map((r) => r.product_id),
    upcoming: await events("e.out_period && tstzrange($1::timestamptz, $2::timestamptz) AND e.status NOT IN ('CANCELLED', 'CLOSED')", 500),
    editable: await events("lower(e.out_period) > $1::timestamptz AND lower(e.out_period) < $2::timestamptz + interval '300 days' AND e.status IN ('ENQUIRY', 'PROVISIONAL')", 1000),
    quotes: await readQuotes(pool, now, "all", 1000),
    ownQuotes: await readQuotes(pool, now, "drafts", 1000),
    scanJobs: await readScanJobs(pool, now),
  };
}

export const actions: Action<World>[] = [
  {
    name: "search",
    weight: 25,
    // The global search box, as typed: tags, serial numbers, names, typos.
    run: async (vu) => {
      const inventory = vu.client(InventoryService);
      const q = vu.pick(vu.world.queries);
      await vu.call("Search", () => inventory.search({ query: q.query, limit: 20 }));
    },
  },
  {
    name: "open a product",
    weight: 15,
    // The product page: the product, its units, their maintenance records.
    run: async (vu) => {
      const inventory = vu.client(InventoryService);
      const productId = vu.pick(vu.world.productIds);
      await Promise.all([
        vu.call("GetProduct", () => inventory.getProduct({ productId })),
        vu.call("ListAssets", () => inventory.listAssets({ productId, pageSize: 100 })),
        vu.call("ListMaintenance", () => inventory.listMaintenance({ productId, pageSize: 500 })),
      ]);
    },
  },
  {
    name: "list events",
    weight: 10,
    // The events list (first page, with the shortages banner) or the month calendar.
    run: async (vu) => {
      const planning = vu.client(PlanningService);
      const { now } = vu.world;
      if (vu.rnd() < 0.5) {
        await Promise.all([
          vu.call("ListEvents", () => planning.listEvents({ pageSize: 50, overlapping: range(now, new Date(now.getTime() + 30 * day)) })),
          vu.call("ListShortages", () => planning.listShortages({})),
        ]);
      } else {
        const from = new Date(now.getTime() + Math.floor(vu.rnd() * 60 - 30) * day);
        await vu.call("ListEvents", () => planning.listEvents({ pageSize: 500, overlapping: range(from, new Date(from.getTime() + 35 * day)) }));
      }
    },
  },
  {
    name: "open an event",
    weight: 10,
    // The event page: the event, its pull list with live availability, its shortages.
    run: async (vu) => {
      const planning = vu.client(PlanningService);
      const event = vu.pick(vu.world.upcoming);
      await Promise.all([
        vu.call("GetEvent", () => planning.getEvent({ eventId: event.id })),
        vu.call("GetPullList", () => planning.getPullList({ eventId: event.id })),
        vu.call("ListShortages", () => planning.listShortages({ eventId: event.id })),
      ]);
    },
  },
  {
    name: "check availability",
    weight: 10,
    // The availability lookup: an event's products over its period, its own bookings left out.
    run: async (vu) => {
      const inventory = vu.client(InventoryService);
      const event = vu.pick(vu.world.upcoming);
      await vu.call("CheckAvailability", () =>
        inventory.checkAvailability({ productIds: event.productIds, range: range(event.start, event.end), excludeEventId: event.id }),
      );
    },
  },
  {
    name: "edit a pull list",
    weight: 10,
    // A planner adds a line to one of their events, corrects the quantity, then takes it out again
    // (so the data set stays the same size however long the run).
    run: async (vu) => {
      const planning = vu.client(PlanningService);
      const event = vu.world.editable[vu.id % vu.world.editable.length];
      if (!event) throw new Error("no editable events");
      await vu.call("GetPullList", () => planning.getPullList({ eventId: event.id }));
      await vu.pause(0.5);
      const added = await vu.call("AddPullListLine", () => planning.addPullListLine({ eventId: event.id, item: { case: "productId", value: vu.pick(vu.world.productIds) }, quantity: 1 + Math.floor(vu.rnd() * 4) }));
      const line = added.lines[0];
      if (!line) throw new Error("AddPullListLine added nothing");
      await vu.pause(0.5);
      await vu.call("UpdatePullListLine", () => planning.updatePullListLine({ lineId: line.id, quantity: line.quantity + 1 }));
      await vu.pause(0.5);
      await vu.call("RemovePullListLine", () => planning.removePullListLine({ lineId: line.id }));
    },
  },
  {
    name: "echo",
    weight: 10,
    // Not a user action: the API layer's floor, measured under the same load as the rest.
    run: async (vu) => {
      const diagnostics = vu.client(DiagnosticsService);
      await vu.call("Echo", () => diagnostics.echo({ message: "ping" }));
    },
  },
  {
    name: "open a quote",
    weight: 5,
    // From an event's quote list (its Quotes tab) to the quote page, which opens the latest version; with
    // several versions, now and then the one before (the version picker) or the last two compared. One
    // open in five is a planner's own draft, saved with one quantity changed: UpdateQuote replaces the
    // draft's lines in place (the next save changes it back), so the data set keeps its size.
    run: async (vu) => {
      const quotes = vu.client(QuoteService);
      const own = vu.rnd() < 0.2 ? vu.world.ownQuotes[vu.id] : undefined;
      const ref = own ?? vu.pick(vu.world.quotes);
      await vu.call("ListQuotes", () => quotes.listQuotes({ eventId: ref.eventId, pageSize: 100 }));
      const opened = await vu.call("GetQuote", () => quotes.getQuote({ quoteId: ref.id, version: 0 }));
      const { quote, version } = opened;
      if (!quote || !version) throw new Error("GetQuote returned no quote");
      await vu.pause(0.5);
      if (own && version.status === QuoteStatus.DRAFT) {
        const at = Math.floor(vu.rnd() * version.lines.length);
        const step = version.revision % 2n === 0n ? 1 : -1;
        const lines = version.lines.map((l, i) => (i === at ? { ...l, quantity: Math.max(0, l.quantity + step) } : l));
        const { currency, language, pricesIncludeTax, discountBp, validUntil, exchangeRates, intro, terms } = version;
        await vu.call("UpdateQuote", () =>
          quotes.updateQuote({ quoteId: quote.id, version: version.version, revision: version.revision, draft: { currency, language, pricesIncludeTax, discountBp, validUntil, exchangeRates, intro, terms, lines } }),
        );
      } else if (quote.latestVersion > 1) {
        const r = vu.rnd();
        if (r < 0.3) await vu.call("CompareQuoteVersions", () => quotes.compareQuoteVersions({ quoteId: quote.id, fromVersion: quote.latestVersion - 1, toVersion: quote.latestVersion }));
        else if (r < 0.5) await vu.call("GetQuote", () => quotes.getQuote({ quoteId: quote.id, version: quote.latestVersion - 1 }));
      }
    },
  },
  {
    name: "scan out and back",
    weight: 10,
    // A warehouse user checks a share of a confirmed event's pull list out on the scanning screen (start,
    // the session page loads, a tag at a time, end), then checks the same units back in to where they
    // were. The units end as they began; the lines keep their counts, so each share is scanned once.
    // The screen's live stream (WatchSession) is left out: the scanner's own answers come from Scan.
    run: async (vu) => {
      const scanning = vu.client(ScanningService);
      const job = takeScanJob(vu.world.scanJobs);
      for (const kind of [ScanSessionKind.CHECK_OUT, ScanSessionKind.CHECK_IN]) {
        const started = await vu.call("StartSession", () =>
          scanning.startSession({ kind, eventId: job.eventId, locationId: kind === ScanSessionKind.CHECK_IN ? job.locationId : "", requestId: randomUUID() }),
        );
        const sessionId = started.session?.id ?? "";
        await vu.call("GetSession", () => scanning.getSession({ sessionId }));
        for (const tag of job.tags) {
          await vu.pause(0.25);
          await vu.call("Scan", () => scanning.scan({ sessionId, scanId: randomUUID(), code: tag }));
        }
        await vu.call("EndSession", () => scanning.endSession({ sessionId }));
      }
    },
  },
];
