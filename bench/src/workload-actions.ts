// What virtual users do, modelled on the web app's screens (the RPCs each
// screen sends when it opens), and the data they draw from. Adding an action
// is adding an entry to `actions` (and, if it needs data, a field to World).
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { DiagnosticsService } from "@eventkit/api/eventkit/v1/diagnostics_pb.js";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
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
];
