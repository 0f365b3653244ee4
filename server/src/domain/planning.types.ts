// Domain types of planning: what the planning services return and rpc converts.
import type { Availability } from "./availability.js";
import type { Money, TimeRange } from "./inventory.js";
import type { EventStatus, Phase } from "./planning.js";

export type LineKind = "PRODUCT" | "ASSET" | "KIT";
export type LineSource = "OWN_STOCK" | "PARTNER" | "SUPPLIER";
export type OverbookingPolicy = "BLOCK" | "WARN";

export interface PlanningEvent {
  id: string;
  number: string;
  name: string;
  status: EventStatus;
  clientId: string | null;
  clientName: string;
  /** A contact of the client (CRM); when set, `contactName` is that contact's name. */
  contactId: string | null;
  contactName: string;
  venueId: string | null;
  projectId: string | null;
  timeZone: string;
  phases: Phase[];
  outPeriod: TimeRange;
  chargePeriod: TimeRange | null;
  notes: string;
  isTemplate: boolean;
  confirmedWithShortages: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What a planner sets on an event (create and update). */
export interface EventInput {
  name: string;
  clientId: string | null;
  /** A contact of `clientId`; when set, `contactName` is not stored. */
  contactId: string | null;
  contactName: string;
  venueId: string | null;
  projectId: string | null;
  timeZone: string;
  phases: Phase[];
  notes: string;
  isTemplate: boolean;
}

export interface EventHistoryEntry {
  at: Date;
  actorUserId: string | null;
  action: string;
  details: Record<string, string>;
}

export interface Venue {
  id: string;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  accessNotes: string;
  contacts: string;
  version: number;
}

export type VenueInput = Omit<Venue, "id" | "version">;

export interface Project {
  id: string;
  name: string;
  description: string;
  version: number;
}

export interface Client {
  id: string;
  name: string;
}

export interface PullListSection {
  id: string;
  eventId: string;
  name: string;
  position: number;
}

export interface PullListLine {
  id: string;
  eventId: string;
  sectionId: string;
  kind: LineKind;
  productId: string | null;
  assetId: string | null;
  kitId: string | null;
  parentLineId: string | null;
  /** Product name, asset tag (with the product name) or kit name. */
  title: string;
  quantity: number;
  picked: number;
  checkedOut: number;
  returned: number;
  source: LineSource;
  supplier: string;
  cost: Money;
  notes: string;
  accessory: boolean;
  position: number;
}

/** A line with what the rest of the world leaves for it over the event's period. */
export interface LiveLine extends PullListLine {
  available: number;
  shortage: number;
}

export interface PullList {
  sections: PullListSection[];
  lines: LiveLine[];
}

export interface Shortage {
  eventId: string;
  eventNumber: string;
  eventName: string;
  productId: string;
  productName: string;
  /** Own-stock need not covered by the event's sub-hire lines. */
  needed: number;
  /** The minimum the other events leave over the event's reserving period (never below 0). */
  available: number;
  short: number;
  /** From the start of the first to the end of the last stretch that is short. */
  period: TimeRange;
}

export interface Booking {
  eventId: string;
  eventNumber: string;
  eventName: string;
  status: EventStatus;
  /** The event's out-period (without turnaround buffers). */
  period: TimeRange;
  quantity: number;
}

export interface ProductTimeline {
  bookings: Booking[];
  availability: Availability;
}

export interface PlanningSettings {
  overbookingPolicy: OverbookingPolicy;
  eventNumberPrefix: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}
