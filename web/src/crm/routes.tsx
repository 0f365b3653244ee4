import type { ReactNode } from "react";
import { CompaniesPage } from "./companies-page.js";
import { CompanyPage } from "./company-page.js";
import { DealPage } from "./deal-page.js";
import { matchCrmRoute } from "./paths.js";
import { PipelinePage } from "./pipeline-page.js";
import { TasksPage } from "./tasks-page.js";

/** The CRM screen for an address (and the permission it needs), or undefined. */
export function crmScreen(pathname: string): { permission: string; element: ReactNode } | undefined {
  const route = matchCrmRoute(pathname);
  if (!route) return undefined;
  const permission = "crm.read";
  switch (route.page) {
    case "companies":
      return { permission, element: <CompaniesPage /> };
    case "pipeline":
      return { permission, element: <PipelinePage /> };
    case "tasks":
      return { permission, element: <TasksPage /> };
    // Keyed by id so moving from one record to another starts with fresh state.
    case "company":
      return { permission, element: <CompanyPage key={route.id} id={route.id} /> };
    case "deal":
      return { permission, element: <DealPage key={route.id} id={route.id} /> };
  }
}
