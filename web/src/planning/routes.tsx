import type { ReactNode } from "react";
import { AvailabilityPage } from "./availability-page.js";
import { CalendarPage } from "./calendar-page.js";
import { EventListPage } from "./event-list-page.js";
import { EventPage } from "./event-page.js";
import { matchPlanningRoute } from "./paths.js";
import { ProductTimelinePage } from "./product-timeline-page.js";
import { ProjectPage, ProjectsPage } from "./projects-page.js";
import { PlanningSettingsPage } from "./settings-page.js";
import { VenuePage, VenuesPage } from "./venues-page.js";

export interface PlanningScreen {
  /** Permission needed to open it. */
  permission: string;
  element: ReactNode;
}

/** The planning screen for an address, or undefined when the address is not one. */
export function planningScreen(pathname: string): PlanningScreen | undefined {
  const route = matchPlanningRoute(pathname);
  if (!route) return undefined;
  const read = "planning.read";
  switch (route.page) {
    case "events":
      return { permission: read, element: <EventListPage /> };
    case "calendar":
      return { permission: read, element: <CalendarPage /> };
    case "availability":
      return { permission: read, element: <AvailabilityPage /> };
    case "venues":
      return { permission: read, element: <VenuesPage /> };
    case "projects":
      return { permission: read, element: <ProjectsPage /> };
    case "settings":
      return { permission: read, element: <PlanningSettingsPage /> };
    case "venue":
      return { permission: read, element: <VenuePage key={route.id} id={route.id} /> };
    case "project":
      return { permission: read, element: <ProjectPage key={route.id} id={route.id} /> };
    // Keyed by id so moving from one item to another starts with fresh state.
    case "event":
      return { permission: read, element: <EventPage key={route.id} id={route.id} /> };
    case "timeline":
      return { permission: read, element: "productId" in route ? <ProductTimelinePage key={route.productId} productId={route.productId} /> : <ProductTimelinePage /> };
  }
}
