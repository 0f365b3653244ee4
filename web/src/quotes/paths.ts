// Addresses of the quote screens. Ids are UUIDs, so they need no escaping.
export const quotePaths = {
  quote: (id: string) => `/quotes/${id}`,
} as const;

export type QuoteRoute = { page: "quote"; id: string };

/** The quote screen an address leads to, or undefined when it is not one. */
export function matchQuoteRoute(pathname: string): QuoteRoute | undefined {
  const match = /^\/quotes\/([0-9a-fA-F-]{36})\/?$/.exec(pathname);
  return match?.[1] ? { page: "quote", id: match[1].toLowerCase() } : undefined;
}
