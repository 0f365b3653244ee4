// Addresses of the planning screens. Ids are UUIDs, so they need no escaping.
export const planningPaths = {
  events: "/planning/events",
  calendar: "/planning/calendar",
  timeline: "/planning/timeline",
  availability: "/planning/availability",
  venues: "/planning/venues",
  projects: "/planning/projects",
  settings: "/planning/settings",
  event: (id: string) => `/planning/events/${id}`,
  venue: (id: string) => `/planning/venues/${id}`,
  project: (id: string) => `/planning/projects/${id}`,
  productTimeline: (productId: string) => `/planning/timeline/${productId}`,
} as const;

export type PlanningRoute =
  | { page: "events" | "calendar" | "timeline" | "availability" | "venues" | "projects" | "settings" }
  | { page: "event" | "venue" | "project"; id: string }
  | { page: "timeline"; productId: string };

const listPages = {
  "/planning/events": "events",
  "/planning/calendar": "calendar",
  "/planning/timeline": "timeline",
  "/planning/availability": "availability",
  "/planning/venues": "venues",
  "/planning/projects": "projects",
  "/planning/settings": "settings",
} as const;

const detailPages = { events: "event", venues: "venue", projects: "project" } as const;

/** The planning screen an address leads to, or undefined when it is not one. */
export function matchPlanningRoute(pathname: string): PlanningRoute | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (Object.hasOwn(listPages, path)) return { page: listPages[path as keyof typeof listPages] };
  const match = /^\/planning\/(events|venues|projects|timeline)\/([0-9a-fA-F-]{36})$/.exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  const id = match[2].toLowerCase();
  return match[1] === "timeline" ? { page: "timeline", productId: id } : { page: detailPages[match[1] as keyof typeof detailPages], id };
}
