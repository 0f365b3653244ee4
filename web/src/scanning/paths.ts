import { ScanSessionKind } from "@eventkit/api/eventkit/v1/scanning_pb.js";

// Addresses of the scanning screens. Ids are UUIDs, so they need no escaping.
export const scanningPaths = {
  start: "/scanning",
  session: (id: string) => `/scanning/sessions/${id}`,
  /** The start screen with a session kind and its target chosen, e.g. from an event or case page. */
  startFor: (kind: ScanSessionKind, target: { eventId?: string; caseId?: string; locationId?: string }): string => {
    const query = new URLSearchParams({ kind: kindSlugs[kind] ?? "" });
    if (target.eventId) query.set("event", target.eventId);
    if (target.caseId) query.set("case", target.caseId);
    if (target.locationId) query.set("location", target.locationId);
    return `/scanning?${query.toString()}`;
  },
} as const;

/** Every kind of session, in the order the start screen offers them. */
export const scanSessionKinds = [
  ScanSessionKind.CHECK_OUT,
  ScanSessionKind.CHECK_IN,
  ScanSessionKind.CASE_PACKING,
  ScanSessionKind.STOCKTAKE,
  ScanSessionKind.TRANSFER,
] as const;

const kindSlugs: Partial<Record<ScanSessionKind, string>> = {
  [ScanSessionKind.CHECK_OUT]: "check-out",
  [ScanSessionKind.CHECK_IN]: "check-in",
  [ScanSessionKind.CASE_PACKING]: "case-packing",
  [ScanSessionKind.STOCKTAKE]: "stocktake",
  [ScanSessionKind.TRANSFER]: "transfer",
};

export interface StartChoice {
  kind: ScanSessionKind;
  eventId: string;
  caseId: string;
  locationId: string;
}

const uuid = /^[0-9a-fA-F-]{36}$/;

/** The session the start screen's address asks for (`?kind=check-out&event=…`). */
export function parseStartChoice(search: string): StartChoice {
  const query = new URLSearchParams(search);
  const slug = query.get("kind") ?? "";
  const kind = scanSessionKinds.find((candidate) => kindSlugs[candidate] === slug);
  const id = (name: string) => {
    const value = query.get(name) ?? "";
    return uuid.test(value) ? value.toLowerCase() : "";
  };
  return { kind: kind ?? ScanSessionKind.CHECK_OUT, eventId: id("event"), caseId: id("case"), locationId: id("location") };
}

export type ScanningRoute = { page: "start" } | { page: "session"; id: string };

/** The scanning screen an address leads to, or undefined when it is not one. */
export function matchScanningRoute(pathname: string): ScanningRoute | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (path === scanningPaths.start) return { page: "start" };
  const match = /^\/scanning\/sessions\/([0-9a-fA-F-]{36})$/.exec(path);
  return match?.[1] ? { page: "session", id: match[1].toLowerCase() } : undefined;
}
