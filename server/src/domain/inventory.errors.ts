/** Every way an inventory rule can refuse a request. Mapped to Connect codes once, in rpc/errors.ts. */
export type InventoryErrorCode =
  // NotFound
  | "PRODUCT_NOT_FOUND"
  | "CATEGORY_NOT_FOUND"
  | "LOCATION_NOT_FOUND"
  | "ASSET_NOT_FOUND"
  | "CASE_NOT_FOUND"
  | "KIT_NOT_FOUND"
  | "MAINTENANCE_RECORD_NOT_FOUND"
  | "CODE_NOT_FOUND"
  | "FILE_NOT_FOUND"
  // AlreadyExists
  | "DUPLICATE_CODE"
  | "DUPLICATE_NAME"
  // InvalidArgument
  | "INVALID_UPDATE_MASK"
  | "INVALID_MONEY"
  | "INVALID_DATE"
  | "INVALID_QUANTITY"
  | "INVALID_MOVEMENT"
  | "INVALID_CSV"
  | "ACCESSORY_OF_ITSELF"
  | "NOT_SERIALIZED"
  | "NOT_BULK"
  | "IDEMPOTENCY_KEY_REUSED"
  | "INVALID_MAINTENANCE"
  | "KIT_ITEM_REPEATED"
  | "DUPLICATE_ACCESSORY"
  | "INVALID_TAGS"
  | "INVALID_LOCATION_KIND"
  | "CODE_NOT_ENCODABLE"
  | "INVALID_FILE_NAME"
  | "FILE_TYPE_NOT_ALLOWED"
  | "FILE_EMPTY"
  | "FILE_TOO_LARGE"
  | "FILE_CONTENT_MISMATCH"
  | "FILE_SIZE_MISMATCH"
  | "INVALID_FILE_ORDER"
  | "NOT_A_PRODUCT_IMAGE"
  // PermissionDenied
  | "FILE_LINK_INVALID"
  | "FILE_LINK_EXPIRED"
  // FailedPrecondition
  | "PRODUCT_IN_USE"
  | "CATEGORY_IN_USE"
  | "CATEGORY_CYCLE"
  | "LOCATION_ARCHIVED"
  | "PRODUCT_ARCHIVED"
  | "TRACKING_LOCKED"
  | "INSUFFICIENT_STOCK"
  | "CASE_CYCLE"
  | "CASE_NOT_EMPTY"
  | "ASSET_RETIRED"
  | "ASSET_IN_OTHER_CASE"
  | "ASSET_CHECKED_OUT"
  | "MAINTENANCE_CLOSED"
  | "MAINTENANCE_INVALID_TRANSITION"
  | "CASE_IN_OTHER_CASE"
  | "ACCESSORY_CYCLE"
  | "ASSET_BOOKED"
  | "CASE_BOOKED"
  // Aborted
  | "STALE_VERSION";

export class InventoryError extends Error {
  constructor(
    readonly code: InventoryErrorCode,
    message: string,
    readonly metadata: Record<string, string> = {},
  ) {
    super(message);
    this.name = "InventoryError";
  }
}
