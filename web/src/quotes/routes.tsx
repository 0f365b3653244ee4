import type { ReactNode } from "react";
import { matchQuoteRoute } from "./paths.js";
import { QuotePage } from "./quote-page.js";

/** The quote screen for an address, or undefined when the address is not one. */
export function quoteScreen(pathname: string): { permission: string; element: ReactNode } | undefined {
  const route = matchQuoteRoute(pathname);
  if (!route) return undefined;
  // Keyed by id so moving from one quote to another starts with fresh state.
  return { permission: "quotes.read", element: <QuotePage key={route.id} id={route.id} /> };
}
