// The event form's values ⇄ the API's EventInput, and the phase rules the
// server enforces (so the planner sees them before saving). Times are wall
// times in the event's own time zone.
import { create } from "@bufbuild/protobuf";
import { EventInputSchema, PhaseKind, PhaseSchema, type Event, type EventInput } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { addDays, localDate, shiftByDays, wallTime, zonedToInstant } from "./dates.js";
import { periodOf, timeRange } from "./lookups.js";

export interface PhaseRow {
  /** Stable key for React and for error messages. */
  key: string;
  kind: PhaseKind;
  label: string;
  /** "YYYY-MM-DDTHH:mm" in the event's time zone. */
  start: string;
  end: string;
}

export interface EventFormValues {
  name: string;
  clientId: string;
  /** A CRM contact of the client; the free-text name is kept only without one. */
  contactId: string;
  contactName: string;
  venueId: string;
  projectId: string;
  timeZone: string;
  notes: string;
  isTemplate: boolean;
  phases: PhaseRow[];
}

let keys = 0;
export function newPhaseKey(): string {
  keys += 1;
  return `phase-${keys}`;
}

/** A 3-day show a week from today, 09:00 to 23:00, in `timeZone`. */
export function emptyEventValues(timeZone: string, today: Date = new Date()): EventFormValues {
  const first = addDays(localDate(today, timeZone), 7);
  return {
    name: "",
    clientId: "",
    contactId: "",
    contactName: "",
    venueId: "",
    projectId: "",
    timeZone,
    notes: "",
    isTemplate: false,
    phases: [{ key: newPhaseKey(), kind: PhaseKind.SHOW, label: "", start: `${first}T09:00`, end: `${addDays(first, 2)}T23:00` }],
  };
}

export function valuesFromEvent(event: Event): EventFormValues {
  const zone = event.timeZone || undefined;
  return {
    name: event.name,
    clientId: event.clientId,
    contactId: event.contactId,
    contactName: event.contactId ? "" : event.contactName,
    venueId: event.venueId,
    projectId: event.projectId,
    timeZone: event.timeZone,
    notes: event.notes,
    isTemplate: event.isTemplate,
    phases: event.phases.map((phase) => {
      const period = periodOf(phase.period);
      return {
        key: newPhaseKey(),
        kind: phase.kind,
        label: phase.label,
        start: period ? wallTime(period.start, zone) : "",
        end: period ? wallTime(period.end, zone) : "",
      };
    }),
  };
}

function instant(wall: string, timeZone: string): Date | undefined {
  return zonedToInstant(wall, timeZone || undefined);
}

/** A new phase of `kind` placed around the show: prep the day before, load-out the 4 hours before, load-in the 4 hours after. */
export function suggestedPhase(values: EventFormValues, kind: PhaseKind): PhaseRow {
  const zone = values.timeZone || undefined;
  const shows = values.phases
    .filter((row) => row.kind === PhaseKind.SHOW)
    .map((row) => ({ start: instant(row.start, values.timeZone), end: instant(row.end, values.timeZone) }));
  const starts = shows.flatMap((show) => (show.start ? [show.start.getTime()] : []));
  const ends = shows.flatMap((show) => (show.end ? [show.end.getTime()] : []));
  const showStart = starts.length > 0 ? new Date(Math.min(...starts)) : new Date();
  const showEnd = ends.length > 0 ? new Date(Math.max(...ends)) : new Date(showStart.getTime() + 86_400_000);
  const hours = (date: Date, count: number) => new Date(date.getTime() + count * 3_600_000);
  const row = (start: Date, end: Date): PhaseRow => ({ key: newPhaseKey(), kind, label: "", start: wallTime(start, zone), end: wallTime(end, zone) });
  switch (kind) {
    case PhaseKind.PREP: {
      const day = addDays(localDate(showStart, zone), -1);
      return { key: newPhaseKey(), kind, label: "", start: `${day}T09:00`, end: `${day}T17:00` };
    }
    case PhaseKind.LOAD_OUT:
      return row(hours(showStart, -4), showStart);
    case PhaseKind.LOAD_IN:
      return row(showEnd, hours(showEnd, 4));
    case PhaseKind.SHOW:
    case PhaseKind.UNSPECIFIED:
      return row(showEnd, hours(showEnd, 24));
  }
}

/** Phases in time order (wall times in one zone compare as text); rows without a start go last. */
export function byStart(rows: readonly PhaseRow[]): PhaseRow[] {
  return [...rows].sort((a, b) => (a.start || "\uffff").localeCompare(b.start || "\uffff"));
}

export interface EventFormErrors {
  name?: string;
  timeZone?: string;
  /** Messages for the whole phase list (e.g. no show). */
  phases?: string;
  /** Messages per phase row, by key. */
  rows: Record<string, string>;
}

export function hasErrors(errors: EventFormErrors): boolean {
  return errors.name !== undefined || errors.timeZone !== undefined || errors.phases !== undefined || Object.keys(errors.rows).length > 0;
}

/**
 * The rules of docs/rules/event-status.md, as i18n keys of the reason the
 * server would give: each phase ends after it starts (INVALID_PERIOD), there is
 * a show (NO_SHOW_PHASE), phases of one kind do not overlap (PHASES_OVERLAP),
 * prep and load-out start by the first show and load-in ends after the last
 * (PHASE_ORDER).
 */
export function validateEvent(values: EventFormValues): EventFormErrors {
  const errors: EventFormErrors = { rows: {} };
  if (values.name.trim() === "") errors.name = "planning.validation.nameRequired";
  if (values.timeZone === "") errors.timeZone = "planning.validation.timeZoneRequired";
  const parsed: { row: PhaseRow; start: number; end: number }[] = [];
  for (const row of values.phases) {
    const start = instant(row.start, values.timeZone);
    const end = instant(row.end, values.timeZone);
    if (!start || !end) {
      errors.rows[row.key] = "planning.validation.phaseTimes";
    } else if (end.getTime() <= start.getTime()) {
      errors.rows[row.key] = "errors.reason.invalidPeriod";
    } else {
      parsed.push({ row, start: start.getTime(), end: end.getTime() });
    }
  }
  const shows = parsed.filter((phase) => phase.row.kind === PhaseKind.SHOW);
  if (!values.phases.some((row) => row.kind === PhaseKind.SHOW)) errors.phases = "errors.reason.noShowPhase";
  const byKind = new Map<PhaseKind, typeof parsed>();
  for (const phase of parsed) byKind.set(phase.row.kind, [...(byKind.get(phase.row.kind) ?? []), phase]);
  for (const list of byKind.values()) {
    const sorted = [...list].sort((a, b) => a.start - b.start);
    sorted.forEach((phase, index) => {
      const next = sorted[index + 1];
      if (next && next.start < phase.end) errors.rows[next.row.key] ??= "errors.reason.phasesOverlap";
    });
  }
  if (shows.length > 0) {
    const showStart = Math.min(...shows.map((phase) => phase.start));
    const showEnd = Math.max(...shows.map((phase) => phase.end));
    for (const phase of parsed) {
      const early = (phase.row.kind === PhaseKind.PREP || phase.row.kind === PhaseKind.LOAD_OUT) && phase.start > showStart;
      const late = phase.row.kind === PhaseKind.LOAD_IN && phase.end < showEnd;
      if (early || late) errors.rows[phase.row.key] ??= "errors.reason.phaseOrder";
    }
  }
  return errors;
}

/** The request body; call only when `validateEvent` found nothing. */
export function toEventInput(values: EventFormValues): EventInput {
  return create(EventInputSchema, {
    name: values.name.trim(),
    clientId: values.clientId,
    contactId: values.clientId ? values.contactId : "",
    contactName: values.contactName.trim(),
    venueId: values.venueId,
    projectId: values.projectId,
    timeZone: values.timeZone,
    notes: values.notes,
    isTemplate: values.isTemplate,
    phases: values.phases.flatMap((row) => {
      const start = instant(row.start, values.timeZone);
      const end = instant(row.end, values.timeZone);
      if (!start || !end) return [];
      return [create(PhaseSchema, { kind: row.kind, label: row.label.trim(), period: timeRange(start, end) })];
    }),
  });
}

/** The event as it is, with every phase moved by `days` calendar days at the same wall-clock times in its zone. */
export function shiftedEventInput(event: Event, days: number): EventInput {
  const zone = event.timeZone || undefined;
  return create(EventInputSchema, {
    name: event.name,
    clientId: event.clientId,
    contactId: event.contactId,
    contactName: event.contactId ? "" : event.contactName,
    venueId: event.venueId,
    projectId: event.projectId,
    timeZone: event.timeZone,
    notes: event.notes,
    isTemplate: event.isTemplate,
    phases: event.phases.map((phase) => {
      const period = periodOf(phase.period);
      return create(PhaseSchema, {
        kind: phase.kind,
        label: phase.label,
        ...(period ? { period: timeRange(shiftByDays(period.start, days, zone), shiftByDays(period.end, days, zone)) } : {}),
      });
    }),
  });
}

/** The out-period of a shifted event: first phase start → last phase end. */
export function outPeriodOf(input: EventInput): { start: Date; end: Date } | undefined {
  const periods = input.phases.flatMap((phase) => {
    const period = periodOf(phase.period);
    return period ? [period] : [];
  });
  if (periods.length === 0) return undefined;
  return {
    start: new Date(Math.min(...periods.map((period) => period.start.getTime()))),
    end: new Date(Math.max(...periods.map((period) => period.end.getTime()))),
  };
}
