// Addresses of the planning screens. Ids are UUIDs, so they need no escaping.
export const planningPaths = {
  events: "/planning/events",
  calendar: "/planning/calendar",
  timeline: "/planning/timeline",
  availability: "/planning/availability",
  event: (id: string) => `/planning/events/${id}`,
  productTimeline: (productId: string) => `/planning/timeline/${productId}`,
} as const;

export type PlanningRoute =
  | { page: "events" | "calendar" | "timeline" | "availability" }
  | { page: "event"; id: string }
  | { page: "timeline"; productId: string };

const listPages = {
  "/planning/events": "events",
  "/planning/calendar": "calendar",
  "/planning/timeline": "timeline",
  "/planning/availability": "availability",
} as const;

/** The planning screen an address leads to, or undefined when it is not one. */
export function matchPlanningRoute(pathname: string): PlanningRoute | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (Object.hasOwn(listPages, path)) return { page: listPages[path as keyof typeof listPages] };
  const match = /^\/planning\/(events|timeline)\/([0-9a-fA-F-]{36})$/.exec(path);
  if (!match?.[2]) return undefined;
  const id = match[2].toLowerCase();
  return match[1] === "events" ? { page: "event", id } : { page: "timeline", productId: id };
}
