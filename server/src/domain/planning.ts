// Pure rules of events: the status machine, phases and what an event reserves.
// See docs/rules/event-status.md.
import type { Interval, Lifetime, ReservationKind } from "./availability.js";
import type { TrackingMode } from "./inventory.js";
import { PlanningError } from "./planning.errors.js";

export type EventStatus = "ENQUIRY" | "PROVISIONAL" | "CONFIRMED" | "PREPPED" | "OUT" | "RETURNED" | "CLOSED" | "CANCELLED";
export type PhaseKind = "PREP" | "LOAD_OUT" | "SHOW" | "LOAD_IN";

export interface Phase {
  kind: PhaseKind;
  start: Date;
  end: Date;
  label: string;
}

const transitions: Record<EventStatus, readonly EventStatus[]> = {
  ENQUIRY: ["PROVISIONAL", "CONFIRMED", "CANCELLED"],
  PROVISIONAL: ["ENQUIRY", "CONFIRMED", "CANCELLED"],
  CONFIRMED: ["PROVISIONAL", "PREPPED", "CANCELLED"],
  PREPPED: ["CONFIRMED", "OUT", "CANCELLED"],
  OUT: ["RETURNED"],
  RETURNED: ["CLOSED", "OUT"],
  CLOSED: [],
  CANCELLED: ["ENQUIRY"],
};

export function allowedTransitions(from: EventStatus): readonly EventStatus[] {
  return transitions[from];
}

export function assertTransition(from: EventStatus, to: EventStatus): void {
  if (!transitions[from].includes(to)) {
    throw new PlanningError("TRANSITION_NOT_ALLOWED", `an event cannot go from ${from} to ${to}`, { from, to, allowed: transitions[from].join(",") });
  }
}

/** What an event in this status holds: nothing (enquiry, done, cancelled), a soft hold, or a firm booking. */
export function reservation(status: EventStatus): ReservationKind | undefined {
  switch (status) {
    case "PROVISIONAL":
      return "PROVISIONAL";
    case "CONFIRMED":
    case "PREPPED":
    case "OUT":
      return "CONFIRMED";
    case "ENQUIRY":
    case "RETURNED":
    case "CLOSED":
    case "CANCELLED":
      return undefined;
  }
}

/**
 * What an event in this status takes of a consumable: it is sold, not returned,
 * so a done event (returned, closed) still took it until a stock movement
 * counts it (see docs/rules/consumables.md).
 */
export function consumption(status: EventStatus): ReservationKind | undefined {
  return status === "RETURNED" || status === "CLOSED" ? "CONFIRMED" : reservation(status);
}

/** Rented gear comes back; consumables are sold and stay gone. */
export function lifetimeOf(tracking: TrackingMode): Lifetime {
  return tracking === "CONSUMABLE" ? "CONSUMED" : "RETURNED";
}

/** Statuses whose confirmation must pass the shortage check (entering a firm booking from none or soft). */
export function confirms(from: EventStatus, to: EventStatus): boolean {
  return reservation(to) === "CONFIRMED" && reservation(from) !== "CONFIRMED";
}

/** Editing the pull list or dates is closed once the gear is back and the job is done. */
export function assertEditable(status: EventStatus): void {
  if (status === "CLOSED" || status === "CANCELLED") throw new PlanningError("EVENT_LOCKED", `a ${status.toLowerCase()} event cannot be changed`, { status });
}

export interface EventPeriods {
  /** First phase start → last phase end: what availability counts. */
  out: Interval;
  /** First show start → last show end: what is charged. */
  charge: Interval;
}

/**
 * Phases must each end after they start, include a show, not overlap others of
 * their kind, and be in order: preparation and load-out begin no later than the
 * first show, load-in ends no earlier than the last show.
 */
export function eventPeriods(phases: readonly Phase[]): EventPeriods {
  for (const p of phases) {
    if (!(p.start.getTime() < p.end.getTime())) throw new PlanningError("INVALID_PERIOD", `the ${p.kind} phase must end after it starts`, { phase: p.kind });
  }
  const shows = phases.filter((p) => p.kind === "SHOW");
  if (shows.length === 0) throw new PlanningError("NO_SHOW_PHASE", "an event needs a show or rental phase");
  const byKind = new Map<PhaseKind, Phase[]>();
  for (const p of phases) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);
  for (const [kind, list] of byKind) {
    const sorted = [...list].sort((a, b) => a.start.getTime() - b.start.getTime());
    sorted.forEach((p, i) => {
      const next = sorted[i + 1];
      if (next && next.start.getTime() < p.end.getTime()) throw new PlanningError("PHASES_OVERLAP", `two ${kind} phases overlap`, { phase: kind });
    });
  }
  const showStart = Math.min(...shows.map((p) => p.start.getTime()));
  const showEnd = Math.max(...shows.map((p) => p.end.getTime()));
  for (const p of phases) {
    if ((p.kind === "PREP" || p.kind === "LOAD_OUT") && p.start.getTime() > showStart) {
      throw new PlanningError("PHASE_ORDER", `the ${p.kind} phase must start before the show`, { phase: p.kind });
    }
    if (p.kind === "LOAD_IN" && p.end.getTime() < showEnd) throw new PlanningError("PHASE_ORDER", "the load-in must end after the show", { phase: p.kind });
  }
  return {
    out: { start: Math.min(...phases.map((p) => p.start.getTime())), end: Math.max(...phases.map((p) => p.end.getTime())) },
    charge: { start: showStart, end: showEnd },
  };
}

/** Phases moved so the first starts at `start`, keeping their offsets and lengths (copying an event). */
export function shiftPhases(phases: readonly Phase[], start: Date): Phase[] {
  const first = Math.min(...phases.map((p) => p.start.getTime()));
  const delta = start.getTime() - first;
  return phases.map((p) => ({ ...p, start: new Date(p.start.getTime() + delta), end: new Date(p.end.getTime() + delta) }));
}

/**
 * The shortage of a product on an event: what it needs from own stock, less
 * what the rest of the world leaves available over its period, less what it
 * sub-hires in. Never negative.
 */
export function shortage(needed: number, availableToOthers: number, subHired: number): number {
  return Math.max(0, needed - Math.max(0, availableToOthers) - subHired);
}
