// proto ⇄ domain for PlanningService and InventoryService.CheckAvailability.
// Enum names match between the two (EVENT_STATUS_CONFIRMED ⇄ "CONFIRMED").
import { create } from "@bufbuild/protobuf";
import { timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { TimeRangeSchema, type TimeRange } from "@eventkit/api/eventkit/v1/common_pb.js";
import {
  KitAvailabilitySchema,
  ProductAvailabilitySchema,
  ProductAvailabilitySegmentSchema,
  type KitAvailability,
  type ProductAvailability,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import {
  AvailabilitySegmentSchema,
  BookingSchema,
  ClientSchema,
  EventHistoryEntrySchema,
  EventSchema,
  EventStatus,
  LineKind,
  LineSource,
  OverbookingPolicy,
  PhaseKind,
  PhaseSchema,
  PlanningSettingsSchema,
  ProjectSchema,
  PullListLineSchema,
  PullListSectionSchema,
  ShortageSchema,
  VenueSchema,
  type AvailabilitySegment,
  type Booking,
  type Client,
  type Event,
  type EventHistoryEntry,
  type EventInput as EventInputProto,
  type Phase as PhaseProto,
  type PlanningSettings,
  type Project,
  type PullListLine,
  type PullListSection,
  type Shortage,
  type Venue,
  type VenueInput as VenueInputProto,
} from "@eventkit/api/eventkit/v1/planning_pb.js";
import type { Availability, Interval, Segment } from "../domain/availability.js";
import type * as d from "../domain/planning.types.js";
import type { EventStatus as DomainEventStatus, Phase, PhaseKind as DomainPhaseKind } from "../domain/planning.js";
import { dateOf, enumName, enumValue, moneyToProto, timeRangeToProto } from "./inventory.convert.js";

function ts(date: Date): Timestamp {
  return timestampFromDate(date);
}

const orNull = (id: string): string | null => (id === "" ? null : id);

/** A required enum (protovalidate refuses UNSPECIFIED before the handler runs) as its domain name. */
export function requiredEnum(enumObject: Record<string, number | string>, value: number): string {
  const name = enumName(enumObject, value);
  if (name === undefined) throw new Error(`enum value ${value} reached a handler unvalidated`);
  return name;
}

export function eventStatusFromProto(status: EventStatus): DomainEventStatus {
  return requiredEnum(EventStatus, status) as DomainEventStatus;
}

export function lineSourceFromProto(source: LineSource): d.LineSource | undefined {
  return enumName(LineSource, source) as d.LineSource | undefined;
}

/** Epoch-ms interval → TimeRange; unbounded ends are clipped by the engine, so both are finite here. */
function intervalToProto(i: Interval): TimeRange {
  return create(TimeRangeSchema, { start: ts(new Date(i.start)), end: ts(new Date(i.end)) });
}

export function phaseFromProto(p: PhaseProto): Phase {
  return { kind: requiredEnum(PhaseKind, p.kind) as DomainPhaseKind, start: dateOf(p.period?.start) ?? new Date(0), end: dateOf(p.period?.end) ?? new Date(0), label: p.label };
}

export function eventInputFromProto(input: EventInputProto | undefined): d.EventInput {
  return {
    name: input?.name ?? "",
    clientId: orNull(input?.clientId ?? ""),
    contactId: orNull(input?.contactId ?? ""),
    contactName: input?.contactName ?? "",
    venueId: orNull(input?.venueId ?? ""),
    projectId: orNull(input?.projectId ?? ""),
    timeZone: input?.timeZone ?? "",
    phases: (input?.phases ?? []).map(phaseFromProto),
    notes: input?.notes ?? "",
    isTemplate: input?.isTemplate ?? false,
  };
}

export function eventToProto(e: d.PlanningEvent): Event {
  return create(EventSchema, {
    id: e.id,
    number: e.number,
    name: e.name,
    status: enumValue(EventStatus, e.status),
    clientId: e.clientId ?? "",
    clientName: e.clientName,
    contactName: e.contactName,
    contactId: e.contactId ?? "",
    venueId: e.venueId ?? "",
    projectId: e.projectId ?? "",
    timeZone: e.timeZone,
    phases: e.phases.map((p) => create(PhaseSchema, { kind: enumValue(PhaseKind, p.kind), period: timeRangeToProto(p), label: p.label })),
    outPeriod: timeRangeToProto(e.outPeriod),
    chargePeriod: timeRangeToProto(e.chargePeriod),
    notes: e.notes,
    isTemplate: e.isTemplate,
    confirmedWithShortages: e.confirmedWithShortages,
    version: BigInt(e.version),
    createdAt: ts(e.createdAt),
    updatedAt: ts(e.updatedAt),
  });
}

export function historyToProto(h: d.EventHistoryEntry): EventHistoryEntry {
  return create(EventHistoryEntrySchema, { at: ts(h.at), actorUserId: h.actorUserId ?? "", action: h.action, details: h.details });
}

export function venueFromProto(v: VenueInputProto | undefined): d.VenueInput {
  return { name: v?.name ?? "", address: v?.address ?? "", latitude: v?.latitude ?? 0, longitude: v?.longitude ?? 0, accessNotes: v?.accessNotes ?? "", contacts: v?.contacts ?? "" };
}

export function venueToProto(v: d.Venue): Venue {
  return create(VenueSchema, { ...v, version: BigInt(v.version) });
}

export function projectToProto(p: d.Project): Project {
  return create(ProjectSchema, { ...p, version: BigInt(p.version) });
}

export function clientToProto(c: d.Client): Client {
  return create(ClientSchema, c);
}

export function sectionToProto(s: d.PullListSection): PullListSection {
  return create(PullListSectionSchema, { id: s.id, name: s.name, position: s.position });
}

export function lineToProto(l: d.LiveLine): PullListLine {
  return create(PullListLineSchema, {
    id: l.id,
    sectionId: l.sectionId,
    kind: enumValue(LineKind, l.kind),
    productId: l.productId ?? "",
    assetId: l.assetId ?? "",
    kitId: l.kitId ?? "",
    parentLineId: l.parentLineId ?? "",
    title: l.title,
    quantity: l.quantity,
    picked: l.picked,
    checkedOut: l.checkedOut,
    returned: l.returned,
    source: enumValue(LineSource, l.source),
    supplier: l.supplier,
    cost: moneyToProto(l.cost),
    notes: l.notes,
    accessory: l.accessory,
    position: l.position,
    available: l.available,
    shortage: l.shortage,
  });
}

export function shortageToProto(s: d.Shortage): Shortage {
  return create(ShortageSchema, { ...s, period: timeRangeToProto(s.period) });
}

export function bookingToProto(b: d.Booking): Booking {
  return create(BookingSchema, { ...b, status: enumValue(EventStatus, b.status), period: timeRangeToProto(b.period) });
}

export function segmentToProto(s: Segment): AvailabilitySegment {
  return create(AvailabilitySegmentSchema, { period: intervalToProto(s), supply: s.supply, confirmed: s.confirmed, provisional: s.provisional, available: s.available });
}

export function settingsToProto(s: d.PlanningSettings): PlanningSettings {
  return create(PlanningSettingsSchema, { ...s, overbookingPolicy: enumValue(OverbookingPolicy, s.overbookingPolicy) });
}

export function productAvailabilityToProto(productId: string, a: Availability): ProductAvailability {
  return create(ProductAvailabilitySchema, {
    productId,
    minAvailable: a.minAvailable,
    minAvailableIgnoringProvisional: a.minAvailableIgnoringProvisional,
    segments: a.timeline.map((s) =>
      create(ProductAvailabilitySegmentSchema, { period: intervalToProto(s), supply: s.supply, confirmed: s.confirmed, provisional: s.provisional, available: s.available }),
    ),
  });
}

export function kitAvailabilityToProto(kitId: string, minAvailable: number): KitAvailability {
  return create(KitAvailabilitySchema, { kitId, minAvailable });
}
