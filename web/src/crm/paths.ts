// Addresses of the CRM screens. Ids are UUIDs, so they need no escaping.
export const crmPaths = {
  companies: "/crm/companies",
  pipeline: "/crm/pipeline",
  tasks: "/crm/tasks",
  company: (id: string) => `/crm/companies/${id}`,
  deal: (id: string) => `/crm/deals/${id}`,
} as const;

export type CrmRoute = { page: "companies" | "pipeline" | "tasks" } | { page: "company" | "deal"; id: string };

const listPages = { "/crm/companies": "companies", "/crm/pipeline": "pipeline", "/crm/tasks": "tasks" } as const;

/** The CRM screen an address leads to, or undefined when it is not one. */
export function matchCrmRoute(pathname: string): CrmRoute | undefined {
  const path = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (Object.hasOwn(listPages, path)) return { page: listPages[path as keyof typeof listPages] };
  const match = /^\/crm\/(companies|deals)\/([0-9a-fA-F-]{36})$/.exec(path);
  if (!match?.[2]) return undefined;
  return { page: match[1] === "companies" ? "company" : "deal", id: match[2].toLowerCase() };
}
