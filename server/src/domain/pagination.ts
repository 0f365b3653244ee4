// Opaque cursor tokens. A token carries the last key seen and a fingerprint of
// the query it belongs to, so a token from one query is refused by another.

export class PageTokenError extends Error {
  readonly code = "INVALID_PAGE_TOKEN";
  constructor() {
    super("page_token is not valid for this query");
    this.name = "PageTokenError";
  }
}

export const defaultPageSize = 50;

export function pageSize(requested: number): number {
  return requested > 0 ? requested : defaultPageSize;
}

export function encodePageToken(fingerprint: string, after: string): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, a: after })).toString("base64url");
}

/** The key to continue after, or undefined for the first page. */
export function decodePageToken(token: string, fingerprint: string): string | undefined {
  if (token === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && "f" in parsed && "a" in parsed && parsed.f === fingerprint && typeof parsed.a === "string") {
      return parsed.a;
    }
  } catch {
    // fall through: any undecodable token is refused the same way
  }
  throw new PageTokenError();
}
