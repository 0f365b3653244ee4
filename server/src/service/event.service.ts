// Use cases of events: create (numbered, optionally from a template), update,
// move along the status machine (confirming runs the shortage check under the
// overbooking policy, serialized per product), copy, list, history.
// See docs/rules/event-status.md and docs/rules/shortages.md.
import { isValidTimeZone } from "../domain/auth.js";
import type { TimeRange } from "../domain/inventory.js";
import { decodePageToken, encodePageToken, pageSize } from "../domain/pagination.js";
import { assertEditable, assertTransition, confirms, eventPeriods, reservation, shiftPhases, type EventStatus } from "../domain/planning.js";
import { PlanningError } from "../domain/planning.errors.js";
import type { EventInput, PlanningEvent, Shortage } from "../domain/planning.types.js";
import { eventNumber } from "../domain/pull-list.js";
import { freeFor } from "../domain/shortage.js";
import { lockProducts } from "../store/availability.store.js";
import type { Db } from "../store/db.js";
import {
  assetIdsOfEvent,
  deleteBookings,
  doubleBookedAssetId,
  findAssetTag,
  findBookingConflicts,
  findEvent,
  insertBookings,
  insertEvent,
  listEvents,
  lockEvent,
  moveBookings,
  nextEventSequence,
  replacePhases,
  updateEvent,
  updateEventStatus,
  type EventFields,
} from "../store/event.store.js";
import { clientExists, findContactCompanyId, findProject, findVenue, getPlanningSettings, insertEventHistory, listEventHistory } from "../store/planning.store.js";
import { copyPullList, loadNeeds } from "../store/pull-list.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import type { InventoryDeps } from "./inventory.deps.js";
import { shortagesOfEvent } from "./shortage.service.js";

export interface EventFilter {
  pageSize: number;
  pageToken: string;
  statuses: readonly EventStatus[];
  overlapping: TimeRange | undefined;
  clientId: string | undefined;
  projectId: string | undefined;
  query: string;
  templates: boolean;
}

export interface EventPage {
  events: PlanningEvent[];
  nextPageToken: string;
}

export interface EventWithShortages {
  event: PlanningEvent;
  shortages: Shortage[];
}

function fieldsOf(input: EventInput): EventFields {
  if (!isValidTimeZone(input.timeZone)) throw new PlanningError("INVALID_TIME_ZONE", `${input.timeZone} is not a known time zone`, { timeZone: input.timeZone });
  const periods = eventPeriods(input.phases);
  const { phases: _phases, ...rest } = input;
  return {
    ...rest,
    outPeriod: { start: new Date(periods.out.start), end: new Date(periods.out.end) },
    chargePeriod: { start: new Date(periods.charge.start), end: new Date(periods.charge.end) },
  };
}

function samePeriod(a: TimeRange, b: TimeRange): boolean {
  return a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();
}

function stale(version: number): PlanningError {
  return new PlanningError("STALE_VERSION", "the event was changed by someone else; reload and try again", { currentVersion: String(version) });
}

/** Shortages as one history detail, e.g. "K2 top: 2 short of 6; XLR 10 m: 1 short of 40" (keys stay fixed: the store camel-cases JSON keys). */
function shortageDetail(shortages: readonly Shortage[]): string {
  return shortages.map((s) => `${s.productName || s.productId}: ${s.short} short of ${s.needed}`).join("; ");
}

/**
 * Runs `fn` (a transaction that books assets), mapping the database's refusal
 * of an overlapping asset booking — a race past the service's own check — to
 * ASSET_DOUBLE_BOOKED with the asset's tag (looked up after the rollback).
 */
export async function withAssetBookings<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const assetId = doubleBookedAssetId(error);
    if (assetId === undefined) throw error;
    const assetTag = assetId ? ((await findAssetTag(db, assetId)) ?? "") : "";
    throw new PlanningError("ASSET_DOUBLE_BOOKED", `${assetTag || "an asset"} is booked on another event over an overlapping period`, { assetId, assetTag });
  }
}

export class EventService {
  constructor(private readonly deps: InventoryDeps) {}

  async listEvents(ctx: CallContext, f: EventFilter): Promise<EventPage> {
    requirePermission(ctx, "planning.read");
    const { pageSize: requested, pageToken, ...query } = f;
    const fingerprint = JSON.stringify(query);
    const after = decodePageToken(pageToken, fingerprint);
    const [at, id] = after?.split("|") ?? [];
    const size = pageSize(requested);
    const rows = await listEvents(this.deps.db, { ...query, after: at && id ? { at, id } : undefined, limit: size + 1 });
    const page = rows.slice(0, size);
    const last = page.at(-1);
    return {
      events: page.map(({ cursorAt: _c, ...e }) => e),
      nextPageToken: rows.length > size && last ? encodePageToken(fingerprint, `${last.cursorAt}|${last.id}`) : "",
    };
  }

  async getEvent(ctx: CallContext, eventId: string): Promise<PlanningEvent> {
    requirePermission(ctx, "planning.read");
    return this.load(this.deps.db, eventId);
  }

  /** A new enquiry, numbered from the sequence with the configured prefix; from a template, its pull list comes along. */
  async createEvent(ctx: CallContext, input: EventInput, templateId: string | undefined): Promise<PlanningEvent> {
    const principal = requirePermission(ctx, "planning.manage");
    return this.deps.db.transaction().execute((tx) => this.createInTransaction(tx, principal.userId, input, templateId));
  }

  /**
   * Creates an event inside the caller's transaction, under the same rules, for
   * a use case that writes more in the same transaction (a CRM deal creating its
   * event). The caller has checked `planning.manage`.
   */
  async createInTransaction(tx: Db, actorUserId: string, input: EventInput, templateId: string | undefined): Promise<PlanningEvent> {
    const fields = fieldsOf(input);
    await this.assertReferences(tx, input);
    let template: PlanningEvent | undefined;
    if (templateId) {
      template = await findEvent(tx, templateId);
      if (!template?.isTemplate) throw new PlanningError("TEMPLATE_NOT_FOUND", "no such template", { templateId });
    }
    const id = await this.insert(tx, fields, input.phases);
    if (template) await copyPullList(tx, template.id, id);
    const event = await this.load(tx, id);
    await this.history(tx, id, actorUserId, "created", { number: event.number, ...(template ? { template: template.number } : {}) });
    return event;
  }

  /** Details and phases; moving dates moves the asset bookings and reports the event's shortages after the move. */
  async updateEvent(ctx: CallContext, q: { eventId: string; version: number; event: EventInput }): Promise<EventWithShortages> {
    const principal = requirePermission(ctx, "planning.manage");
    const fields = fieldsOf(q.event);
    return withAssetBookings(this.deps.db, async () =>
      this.deps.db.transaction().execute(async (tx) => {
        const current = await lockEvent(tx, q.eventId);
        if (!current) throw new PlanningError("EVENT_NOT_FOUND", "no such event", { eventId: q.eventId });
        if (current.version !== q.version) throw stale(current.version);
        assertEditable(current.status);
        if (fields.isTemplate !== current.isTemplate && current.status !== "ENQUIRY") {
          throw new PlanningError("TEMPLATE_NOT_BOOKABLE", "only an enquiry can become a template, and a template stays an enquiry", { status: current.status });
        }
        await this.assertReferences(tx, q.event);
        if (!(await updateEvent(tx, current.id, q.version, fields, this.deps.now()))) throw stale(current.version);
        await replacePhases(tx, current.id, q.event.phases);
        const moved = !samePeriod(current.outPeriod, fields.outPeriod);
        if (moved && reservation(current.status)) {
          await this.assertAssetsFree(tx, current.id, await assetIdsOfEvent(tx, current.id), fields.outPeriod);
          await moveBookings(tx, current.id, fields.outPeriod);
        }
        const changed = (["name", "clientId", "contactId", "contactName", "venueId", "projectId", "timeZone", "notes", "isTemplate"] as const).filter((k) => current[k] !== fields[k]);
        if (changed.length > 0) await this.history(tx, current.id, principal.userId, "updated", { fields: changed.join(",") });
        if (moved) {
          await this.history(tx, current.id, principal.userId, "dates", {
            fromStart: current.outPeriod.start.toISOString(),
            fromEnd: current.outPeriod.end.toISOString(),
            toStart: fields.outPeriod.start.toISOString(),
            toEnd: fields.outPeriod.end.toISOString(),
          });
        } else if (q.event.phases.length !== current.phases.length || q.event.phases.some((p, i) => !this.samePhase(p, current.phases[i]))) {
          await this.history(tx, current.id, principal.userId, "phases", { phases: String(q.event.phases.length) });
        }
        const event = await this.load(tx, current.id);
        return { event, shortages: await shortagesOfEvent(tx, event, freeFor(reservation(event.status))) };
      }),
    );
  }

  /**
   * Moves the event along its status machine. Entering a firm booking checks
   * shortages under the policy (BLOCK refuses and writes nothing; WARN confirms
   * and records them); the check is serialized per product, so of two planners
   * confirming the last units exactly one succeeds. Entering a reserving status
   * books the event's specific assets; leaving one releases them.
   */
  async changeEventStatus(ctx: CallContext, q: { eventId: string; version: number; status: EventStatus; reason: string }): Promise<EventWithShortages> {
    const principal = requirePermission(ctx, "planning.manage");
    return withAssetBookings(this.deps.db, async () => this.deps.db.transaction().execute(async (tx) => this.transition(tx, principal.userId, q)));
  }

  /**
   * The status change itself, inside the caller's transaction (accepting a quote
   * confirms its event this way); the caller wraps it in `withAssetBookings`.
   */
  async transition(tx: Db, actorUserId: string, q: { eventId: string; version: number; status: EventStatus; reason: string }): Promise<EventWithShortages> {
    const current = await lockEvent(tx, q.eventId);
    if (!current) throw new PlanningError("EVENT_NOT_FOUND", "no such event", { eventId: q.eventId });
    if (current.version !== q.version) throw stale(current.version);
    if (current.isTemplate) throw new PlanningError("TEMPLATE_NOT_BOOKABLE", "a template is not booked; create an event from it", { eventId: current.id });
    const from = current.status;
    const to = q.status;
    assertTransition(from, to);
    let shortages: Shortage[] = [];
    let flagged = reservation(to) === "CONFIRMED" && current.confirmedWithShortages;
    if (confirms(from, to)) {
      const settings = await getPlanningSettings(tx);
      const needs = await loadNeeds(tx, [current.id]);
      await lockProducts(tx, needs.filter((n) => n.ownStock > 0).map((n) => n.productId));
      // Read after the locks: what other confirmations committed meanwhile is counted.
      shortages = await shortagesOfEvent(tx, current, freeFor("CONFIRMED"), settings);
      const first = shortages[0];
      if (first && settings.overbookingPolicy === "BLOCK") {
        throw new PlanningError("SHORTAGE", `${first.productName} is short by ${first.short} over the event's period`, {
          productId: first.productId,
          productName: first.productName,
          needed: String(first.needed),
          available: String(first.available),
          short: String(first.short),
          shortages: String(shortages.length),
        });
      }
      flagged = shortages.length > 0;
    }
    const wasReserving = reservation(from) !== undefined;
    const reserves = reservation(to) !== undefined;
    if (reserves && !wasReserving) {
      await this.assertAssetsFree(tx, current.id, await assetIdsOfEvent(tx, current.id), current.outPeriod);
      await insertBookings(tx, current.id, current.outPeriod);
    }
    if (wasReserving && !reserves) await deleteBookings(tx, current.id);
    if (!(await updateEventStatus(tx, current.id, q.version, to, flagged, this.deps.now()))) throw stale(current.version);
    await this.history(tx, current.id, actorUserId, "status", {
      from,
      to,
      ...(q.reason ? { reason: q.reason } : {}),
      ...(shortages.length > 0 ? { confirmedWithShortages: "true", shortages: shortageDetail(shortages) } : {}),
    });
    return { event: await this.load(tx, current.id), shortages };
  }

  /** A new enquiry with the same details and pull list, phases shifted so the first starts at `start`. */
  async copyEvent(ctx: CallContext, q: { eventId: string; start: Date; name: string }): Promise<PlanningEvent> {
    const principal = requirePermission(ctx, "planning.manage");
    return this.deps.db.transaction().execute(async (tx) => {
      const source = await findEvent(tx, q.eventId);
      if (!source) throw new PlanningError("EVENT_NOT_FOUND", "no such event", { eventId: q.eventId });
      const phases = shiftPhases(source.phases, q.start);
      const input: EventInput = {
        name: q.name.trim() || source.name,
        clientId: source.clientId,
        contactId: source.contactId,
        contactName: source.contactId ? "" : source.contactName,
        venueId: source.venueId,
        projectId: source.projectId,
        timeZone: source.timeZone,
        phases,
        notes: source.notes,
        isTemplate: false,
      };
      const id = await this.insert(tx, fieldsOf(input), phases);
      await copyPullList(tx, source.id, id);
      const event = await this.load(tx, id);
      await this.history(tx, id, principal.userId, "created", { number: event.number, copiedFrom: source.number });
      return event;
    });
  }

  /** An event read inside the caller's transaction (see createInTransaction). */
  async getInTransaction(tx: Db, eventId: string): Promise<PlanningEvent> {
    return this.load(tx, eventId);
  }

  async listEventHistory(ctx: CallContext, eventId: string) {
    requirePermission(ctx, "planning.read");
    await this.load(this.deps.db, eventId);
    return listEventHistory(this.deps.db, eventId);
  }

  private samePhase(a: EventInput["phases"][number], b: PlanningEvent["phases"][number] | undefined): boolean {
    return b !== undefined && a.kind === b.kind && a.label === b.label && a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime();
  }

  private async insert(tx: Db, fields: EventFields, phases: EventInput["phases"]): Promise<string> {
    const settings = await getPlanningSettings(tx);
    const number = eventNumber(settings.eventNumberPrefix, await nextEventSequence(tx));
    const id = await insertEvent(tx, { ...fields, number, status: "ENQUIRY", now: this.deps.now() });
    await replacePhases(tx, id, phases);
    return id;
  }

  private async load(db: Db, eventId: string): Promise<PlanningEvent> {
    const event = await findEvent(db, eventId);
    if (!event) throw new PlanningError("EVENT_NOT_FOUND", "no such event", { eventId });
    return event;
  }

  private async assertReferences(tx: Db, input: EventInput): Promise<void> {
    if (input.clientId && !(await clientExists(tx, input.clientId))) throw new PlanningError("CLIENT_NOT_FOUND", "no such client", { clientId: input.clientId });
    if (input.contactId) {
      const companyId = await findContactCompanyId(tx, input.contactId);
      if (companyId === undefined) throw new PlanningError("CONTACT_NOT_FOUND", "no such contact", { contactId: input.contactId });
      // The database refuses it too (event_contact_of_client); this says why.
      if (companyId !== input.clientId) throw new PlanningError("CONTACT_NOT_OF_CLIENT", "the contact belongs to another company than the event's client", { contactId: input.contactId });
    }
    if (input.venueId && !(await findVenue(tx, input.venueId))) throw new PlanningError("VENUE_NOT_FOUND", "no such venue", { venueId: input.venueId });
    if (input.projectId && !(await findProject(tx, input.projectId))) throw new PlanningError("PROJECT_NOT_FOUND", "no such project", { projectId: input.projectId });
  }

  /** A clear refusal before the write; the exclusion constraint stays the last line (see withAssetBookings). */
  private async assertAssetsFree(tx: Db, eventId: string, assetIds: readonly string[], period: TimeRange): Promise<void> {
    const conflict = (await findBookingConflicts(tx, assetIds, period, eventId))[0];
    if (conflict) {
      throw new PlanningError("ASSET_DOUBLE_BOOKED", `${conflict.assetTag} is booked on ${conflict.eventNumber} over an overlapping period`, {
        assetId: conflict.assetId,
        assetTag: conflict.assetTag,
        eventNumber: conflict.eventNumber,
      });
    }
  }

  private async history(tx: Db, eventId: string, actorUserId: string, action: string, details: Record<string, string>): Promise<void> {
    await insertEventHistory(tx, { eventId, at: this.deps.now(), actorUserId, action, details });
  }
}
