import { EventStatus, LineSource, PhaseKind } from "@eventkit/api/eventkit/v1/planning_pb.js";
import type { TFunction } from "i18next";

// Enum values are shown by their translated name; the English proto names never reach the screen.

export const eventStatuses = [
  EventStatus.ENQUIRY,
  EventStatus.PROVISIONAL,
  EventStatus.CONFIRMED,
  EventStatus.PREPPED,
  EventStatus.OUT,
  EventStatus.RETURNED,
  EventStatus.CLOSED,
  EventStatus.CANCELLED,
] as const;

export function statusLabel(t: TFunction, status: EventStatus): string {
  switch (status) {
    case EventStatus.ENQUIRY:
      return t("planning.status.enquiry");
    case EventStatus.PROVISIONAL:
      return t("planning.status.provisional");
    case EventStatus.CONFIRMED:
      return t("planning.status.confirmed");
    case EventStatus.PREPPED:
      return t("planning.status.prepped");
    case EventStatus.OUT:
      return t("planning.status.out");
    case EventStatus.RETURNED:
      return t("planning.status.returned");
    case EventStatus.CLOSED:
      return t("planning.status.closed");
    case EventStatus.CANCELLED:
      return t("planning.status.cancelled");
    case EventStatus.UNSPECIFIED:
      return "";
  }
}

/** Mantine colour of a status: the same in badges, calendar bars and timeline bars. */
export function statusColor(status: EventStatus): string {
  switch (status) {
    case EventStatus.ENQUIRY:
      return "gray";
    case EventStatus.PROVISIONAL:
      return "yellow";
    case EventStatus.CONFIRMED:
      return "green";
    case EventStatus.PREPPED:
      return "teal";
    case EventStatus.OUT:
      return "blue";
    case EventStatus.RETURNED:
      return "violet";
    case EventStatus.CLOSED:
      return "dark";
    case EventStatus.CANCELLED:
      return "red";
    case EventStatus.UNSPECIFIED:
      return "gray";
  }
}

// The server's status machine (docs/rules/event-status.md); the server still decides.
const transitions: Record<EventStatus, readonly EventStatus[]> = {
  [EventStatus.UNSPECIFIED]: [],
  [EventStatus.ENQUIRY]: [EventStatus.PROVISIONAL, EventStatus.CONFIRMED, EventStatus.CANCELLED],
  [EventStatus.PROVISIONAL]: [EventStatus.ENQUIRY, EventStatus.CONFIRMED, EventStatus.CANCELLED],
  [EventStatus.CONFIRMED]: [EventStatus.PROVISIONAL, EventStatus.PREPPED, EventStatus.CANCELLED],
  [EventStatus.PREPPED]: [EventStatus.CONFIRMED, EventStatus.OUT, EventStatus.CANCELLED],
  [EventStatus.OUT]: [EventStatus.RETURNED],
  [EventStatus.RETURNED]: [EventStatus.CLOSED, EventStatus.OUT],
  [EventStatus.CLOSED]: [],
  [EventStatus.CANCELLED]: [EventStatus.ENQUIRY],
};

/** Statuses an event may move to from `from`. A template stays an enquiry. */
export function allowedTransitions(from: EventStatus, isTemplate = false): readonly EventStatus[] {
  return isTemplate ? [] : transitions[from];
}

function firm(status: EventStatus): boolean {
  return status === EventStatus.CONFIRMED || status === EventStatus.PREPPED || status === EventStatus.OUT;
}

/** Entering a firm booking from none or a soft hold: the server checks shortages under the overbooking policy. */
export function confirms(from: EventStatus, to: EventStatus): boolean {
  return firm(to) && !firm(from);
}

/** Closed and cancelled events cannot be edited (EVENT_LOCKED). */
export function isLocked(status: EventStatus): boolean {
  return status === EventStatus.CLOSED || status === EventStatus.CANCELLED;
}

/** The verb on the button that moves an event to `to`. */
export function transitionLabel(t: TFunction, from: EventStatus, to: EventStatus): string {
  switch (to) {
    case EventStatus.ENQUIRY:
      return from === EventStatus.CANCELLED ? t("planning.transition.reopen") : t("planning.transition.toEnquiry");
    case EventStatus.PROVISIONAL:
      return t("planning.transition.provisional");
    case EventStatus.CONFIRMED:
      return from === EventStatus.PREPPED ? t("planning.transition.unprep") : t("planning.transition.confirm");
    case EventStatus.PREPPED:
      return t("planning.transition.prepped");
    case EventStatus.OUT:
      return from === EventStatus.RETURNED ? t("planning.transition.backOut") : t("planning.transition.out");
    case EventStatus.RETURNED:
      return t("planning.transition.returned");
    case EventStatus.CLOSED:
      return t("planning.transition.close");
    case EventStatus.CANCELLED:
      return t("planning.transition.cancel");
    case EventStatus.UNSPECIFIED:
      return "";
  }
}

export const phaseKinds = [PhaseKind.PREP, PhaseKind.LOAD_OUT, PhaseKind.SHOW, PhaseKind.LOAD_IN] as const;

export function phaseLabel(t: TFunction, kind: PhaseKind): string {
  switch (kind) {
    case PhaseKind.PREP:
      return t("planning.phase.prep");
    case PhaseKind.LOAD_OUT:
      return t("planning.phase.loadOut");
    case PhaseKind.SHOW:
      return t("planning.phase.show");
    case PhaseKind.LOAD_IN:
      return t("planning.phase.loadIn");
    case PhaseKind.UNSPECIFIED:
      return "";
  }
}

export function phaseColor(kind: PhaseKind): string {
  switch (kind) {
    case PhaseKind.PREP:
      return "gray";
    case PhaseKind.LOAD_OUT:
      return "orange";
    case PhaseKind.SHOW:
      return "indigo";
    case PhaseKind.LOAD_IN:
      return "cyan";
    case PhaseKind.UNSPECIFIED:
      return "gray";
  }
}

export function sourceLabel(t: TFunction, source: LineSource): string {
  switch (source) {
    case LineSource.PARTNER:
      return t("planning.source.partner");
    case LineSource.SUPPLIER:
      return t("planning.source.supplier");
    case LineSource.OWN_STOCK:
    case LineSource.UNSPECIFIED:
      return t("planning.source.ownStock");
  }
}

export function isSubHire(source: LineSource): boolean {
  return source === LineSource.PARTNER || source === LineSource.SUPPLIER;
}

const historyActions = new Set([
  "created",
  "updated",
  "dates",
  "phases",
  "status",
  "section_added",
  "section_updated",
  "section_removed",
  "line_added",
  "line_updated",
  "line_removed",
]);

/** A history entry's action in words; an action the app does not know yet keeps its code. */
export function historyActionLabel(t: TFunction, action: string): string {
  return historyActions.has(action) ? t(`planning.history.action.${action}`) : action;
}

/** Parses a select's string value back into one of `values`, or `fallback`. */
export function enumValue<T extends number>(values: readonly T[], text: string | null, fallback: T): T {
  const found = values.find((value) => String(value) === text);
  return found ?? fallback;
}
