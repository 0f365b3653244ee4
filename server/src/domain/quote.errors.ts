/** Every way a quote or pricing rule can refuse a request. Mapped to Connect codes once, in rpc/errors.ts. */
export type QuoteErrorCode =
  // NotFound
  | "QUOTE_NOT_FOUND"
  | "VERSION_NOT_FOUND"
  | "EVENT_NOT_FOUND"
  | "DEAL_NOT_FOUND"
  | "COMPANY_NOT_FOUND"
  | "PRODUCT_NOT_FOUND"
  | "CATEGORY_NOT_FOUND"
  | "KIT_NOT_FOUND"
  | "CURVE_NOT_FOUND"
  // InvalidArgument
  | "NEGATIVE_QUANTITY"
  | "NEGATIVE_PRICE"
  | "DISCOUNT_OUT_OF_RANGE"
  | "TAX_RATE_OUT_OF_RANGE"
  | "UNKNOWN_CURRENCY"
  | "INVALID_DAYS"
  | "INVALID_DAY_FACTOR"
  | "INVALID_RATE_CURVE"
  | "INVALID_EXCHANGE_RATE"
  | "MISSING_EXCHANGE_RATE"
  | "AMOUNT_TOO_LARGE"
  | "QUOTE_NEEDS_SUBJECT"
  | "INVALID_VALIDITY"
  | "DUPLICATE_LINE_KEY"
  // FailedPrecondition
  | "VERSION_NOT_DRAFT"
  | "VERSION_NOT_LATEST"
  | "TRANSITION_NOT_ALLOWED"
  | "QUOTE_EXPIRED"
  | "QUOTE_EMPTY"
  // Aborted
  | "STALE_VERSION"
  // Unavailable
  | "PDF_RENDERER_UNAVAILABLE";

export class QuoteError extends Error {
  constructor(
    readonly code: QuoteErrorCode,
    message: string,
    readonly metadata: Record<string, string> = {},
  ) {
    super(message);
    this.name = "QuoteError";
  }
}
