// Row types of the tables, in camelCase (Kysely's CamelCasePlugin maps them to
// the snake_case of migrations/). Keep in step with migrations/.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface RoleTable {
  id: Generated<string>;
  key: string | null;
  name: string;
  description: Generated<string>;
  permissions: string[];
  builtIn: Generated<boolean>;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  displayName: string;
  passwordHash: string | null;
  locale: Generated<string>;
  timeZone: Generated<string>;
  disabledAt: NullableTimestamp;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
}

export interface UserRoleTable {
  userId: string;
  roleId: string;
}

export interface UserInviteTable {
  tokenHash: string;
  userId: string;
  expiresAt: Timestamp;
  usedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export interface SetupTokenTable {
  tokenHash: string;
  expiresAt: Timestamp;
  createdAt: Generated<Date>;
}

export interface RefreshTokenTable {
  id: Generated<string>;
  tokenHash: string;
  familyId: string;
  userId: string;
  expiresAt: Timestamp;
  createdAt: Generated<Date>;
  rotatedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
}

export interface ApiKeyTable {
  id: Generated<string>;
  userId: string;
  name: string;
  prefix: string;
  secretHash: string;
  permissions: string[];
  expiresAt: NullableTimestamp;
  lastUsedAt: NullableTimestamp;
  revokedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export interface SigningKeyTable {
  kid: string;
  privateJwk: ColumnType<Record<string, unknown>, string, string>;
  publicJwk: ColumnType<Record<string, unknown>, string, string>;
  createdAt: Generated<Date>;
}

export interface AuditEventTable {
  id: ColumnType<string, never, never>;
  occurredAt: Generated<Date>;
  action: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  clientAddress: string | null;
  details: ColumnType<Record<string, string>, string, never>;
}


// Inventory (migrations 0003–0008). Money columns are int8: pg returns them as strings.
type Int8 = ColumnType<string, string | number | bigint | undefined, string | number | bigint>;
type Created = Generated<Date>;

export interface CategoryTable {
  id: Generated<string>;
  name: string;
  parentId: string | null;
  version: Generated<number>;
}

export interface LocationTable {
  id: Generated<string>;
  name: string;
  code: string;
  kind: "WAREHOUSE" | "ZONE" | "SHELF" | "BIN";
  parentId: string | null;
  warehouseId: string;
  address: Generated<string>;
  archived: Generated<boolean>;
  version: Generated<number>;
}

export interface ProductTable {
  id: Generated<string>;
  code: string;
  name: string;
  description: Generated<string>;
  categoryId: string | null;
  tracking: "SERIALIZED" | "BULK" | "CONSUMABLE";
  dayRateMinor: Int8;
  dayRateCurrency: Generated<string>;
  replacementMinor: Int8;
  replacementCurrency: Generated<string>;
  weightGrams: Generated<number>;
  lengthMm: Generated<number>;
  widthMm: Generated<number>;
  heightMm: Generated<number>;
  volumeCm3: ColumnType<string, never, never>;
  tags: Generated<string[]>;
  customFields: ColumnType<Record<string, string>, string | undefined, string>;
  inspectionIntervalDays: Generated<number>;
  archived: Generated<boolean>;
  version: Generated<number>;
  createdAt: Created;
  updatedAt: Generated<Date>;
  search: ColumnType<string, never, never>;
}

export interface ProductAccessoryTable {
  productId: string;
  accessoryProductId: string;
  quantity: number;
  charged: Generated<boolean>;
  position: Generated<number>;
}

export interface ScanCodeTable {
  code: string;
  kind: "ASSET" | "CASE" | "PRODUCT" | "KIT" | "LOCATION";
  targetId: string;
}

export type AssetStatusName = "AVAILABLE" | "CHECKED_OUT" | "IN_MAINTENANCE" | "DAMAGED" | "LOST" | "RETIRED";

export interface AssetTable {
  id: Generated<string>;
  productId: string;
  tag: string;
  serialNumber: Generated<string>;
  status: Generated<AssetStatusName>;
  locationId: string;
  caseId: string | null;
  purchaseDate: ColumnType<string | null, string | null | undefined, string | null>;
  purchaseCostMinor: Int8;
  purchaseCostCurrency: Generated<string>;
  condition: Generated<string>;
  notes: Generated<string>;
  version: Generated<number>;
  createdAt: Created;
  updatedAt: Generated<Date>;
}

export interface AssetHistoryTable {
  id: ColumnType<string, never, never>;
  assetId: string;
  at: Generated<Date>;
  kind: "CREATED" | "STATUS" | "LOCATION" | "CASE";
  fromValue: Generated<string>;
  toValue: Generated<string>;
  reason: Generated<string>;
  actorUserId: string | null;
  sourceType: Generated<string>;
  sourceId: Generated<string>;
}

export interface StockLevelTable {
  productId: string;
  locationId: string;
  quantity: number;
}

export interface StockMovementTable {
  id: Generated<string>;
  requestId: string | null;
  productId: string;
  kind: "RECEIVE" | "WRITE_OFF" | "ADJUST" | "TRANSFER";
  fromLocationId: string | null;
  toLocationId: string | null;
  quantity: number;
  reason: Generated<string>;
  actorUserId: string | null;
  at: Generated<Date>;
}

export interface EquipmentCaseTable {
  id: Generated<string>;
  code: string;
  name: string;
  kind: "PERMANENT" | "TEMPORARY";
  locationId: string;
  parentCaseId: string | null;
  version: Generated<number>;
  createdAt: Created;
}

export interface CaseBulkContentTable {
  caseId: string;
  productId: string;
  quantity: number;
}

export interface KitTable {
  id: Generated<string>;
  code: string;
  name: string;
  description: Generated<string>;
  pricing: "AS_UNIT" | "PER_ITEM";
  dayRateMinor: Int8;
  dayRateCurrency: Generated<string>;
  archived: Generated<boolean>;
  version: Generated<number>;
  createdAt: Created;
}

export interface KitItemTable {
  kitId: string;
  productId: string;
  quantity: number;
  optional: Generated<boolean>;
  position: Generated<number>;
}

export interface MaintenanceRecordTable {
  id: Generated<string>;
  assetId: string;
  kind: "DAMAGE_REPORT" | "REPAIR" | "INSPECTION";
  state: Generated<"OPEN" | "IN_PROGRESS" | "DONE" | "CANCELLED">;
  title: string;
  notes: Generated<string>;
  costMinor: Int8;
  costCurrency: Generated<string>;
  /** tstzrange as text, e.g. '["2026-01-01 00:00:00+00","2026-01-03 00:00:00+00")'. */
  outOfService: string | null;
  inspectionResult: "PASSED" | "FAILED" | null;
  reportedByUserId: string | null;
  createdAt: Created;
  closedAt: Date | null;
  version: Generated<number>;
}

// Planning (migration 0012).
/** The planning "client" (migration 0012), renamed and extended by the CRM (0018). */
export interface CompanyTable {
  id: Generated<string>;
  name: string;
  createdAt: Generated<Date>;
  roles: Generated<CompanyRoleName[]>;
  email: Generated<string>;
  phone: Generated<string>;
  website: Generated<string>;
  vatId: Generated<string>;
  tags: Generated<string[]>;
  notes: Generated<string>;
  requestId: string | null;
  version: Generated<number>;
  updatedAt: Generated<Date>;
  search: ColumnType<string, never, never>;
}

export type CompanyRoleName = "CLIENT" | "SUPPLIER" | "PARTNER";

export interface CompanyAddressTable {
  id: Generated<string>;
  companyId: string;
  kind: "BILLING" | "SHIPPING" | "OTHER";
  street: Generated<string>;
  postalCode: Generated<string>;
  city: Generated<string>;
  region: Generated<string>;
  country: Generated<string>;
  position: Generated<number>;
}

export interface ContactTable {
  id: Generated<string>;
  companyId: string;
  name: string;
  email: Generated<string>;
  phone: Generated<string>;
  role: Generated<string>;
  tags: Generated<string[]>;
  notes: Generated<string>;
  requestId: string | null;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  search: ColumnType<string, never, never>;
}

export type PipelineStageKindName = "OPEN" | "WON" | "LOST";

export interface PipelineStageTable {
  id: Generated<string>;
  name: string;
  position: number;
  winProbability: number;
  kind: Generated<PipelineStageKindName>;
  archived: Generated<boolean>;
  version: Generated<number>;
}

export interface DealTable {
  id: Generated<string>;
  number: Generated<string>;
  title: string;
  companyId: string;
  contactId: string | null;
  stageId: string;
  valueMinor: Int8;
  currency: string;
  /** A `date`; read it as text (to_char) so no time zone shifts it. */
  expectedCloseDate: ColumnType<string | null, string | null | undefined, string | null>;
  ownerUserId: string | null;
  lostReason: Generated<string>;
  notes: Generated<string>;
  eventId: string | null;
  closedAt: NullableTimestamp;
  requestId: string | null;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface DealStageChangeTable {
  id: ColumnType<string, never, never>;
  dealId: string;
  fromStageId: string | null;
  toStageId: string;
  at: Generated<Date>;
  actorUserId: string | null;
  lostReason: Generated<string>;
}

export type ActivityKindName = "NOTE" | "CALL" | "EMAIL" | "MEETING" | "TASK";

export interface ActivityTable {
  id: Generated<string>;
  kind: ActivityKindName;
  companyId: string | null;
  contactId: string | null;
  dealId: string | null;
  subject: string;
  body: Generated<string>;
  occurredAt: Timestamp;
  dueAt: NullableTimestamp;
  doneAt: NullableTimestamp;
  ownerUserId: string | null;
  createdByUserId: string | null;
  requestId: string | null;
  version: Generated<number>;
  createdAt: Generated<Date>;
}

export interface VenueTable {
  id: Generated<string>;
  name: string;
  address: Generated<string>;
  latitude: Generated<number>;
  longitude: Generated<number>;
  accessNotes: Generated<string>;
  contacts: Generated<string>;
  version: Generated<number>;
  archived: Generated<boolean>;
}

export interface ProjectTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  version: Generated<number>;
  archived: Generated<boolean>;
}

// Migration 0016: a category's own turnaround buffers.
export interface CategoryBufferTable {
  categoryId: string;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export interface PlanningSettingsTable {
  singleton: Generated<boolean>;
  overbookingPolicy: Generated<"BLOCK" | "WARN">;
  eventNumberPrefix: Generated<string>;
  bufferBeforeMinutes: Generated<number>;
  bufferAfterMinutes: Generated<number>;
}

export type EventStatusName = "ENQUIRY" | "PROVISIONAL" | "CONFIRMED" | "PREPPED" | "OUT" | "RETURNED" | "CLOSED" | "CANCELLED";

export interface EventTable {
  id: Generated<string>;
  number: string;
  name: string;
  status: Generated<EventStatusName>;
  clientId: string | null;
  contactName: Generated<string>;
  /** A contact of the client (migration 0018). */
  contactId: Generated<string | null>;
  venueId: string | null;
  projectId: string | null;
  timeZone: Generated<string>;
  notes: Generated<string>;
  isTemplate: Generated<boolean>;
  confirmedWithShortages: Generated<boolean>;
  /** tstzrange as text; build with sql`tstzrange(${start}, ${end}, '[)')`. */
  outPeriod: string;
  chargePeriod: string | null;
  version: Generated<number>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface EventPhaseTable {
  eventId: string;
  position: number;
  kind: "PREP" | "LOAD_OUT" | "SHOW" | "LOAD_IN";
  period: string;
  label: Generated<string>;
}

export interface EventHistoryTable {
  id: ColumnType<string, never, never>;
  eventId: string;
  at: Generated<Date>;
  actorUserId: string | null;
  action: string;
  details: ColumnType<Record<string, string>, string | undefined, never>;
}

export interface PullListSectionTable {
  id: Generated<string>;
  eventId: string;
  name: string;
  position: Generated<number>;
}

export interface PullListLineTable {
  id: Generated<string>;
  eventId: string;
  sectionId: string;
  kind: "PRODUCT" | "ASSET" | "KIT" | "CASE";
  productId: string | null;
  assetId: string | null;
  kitId: string | null;
  caseId: Generated<string | null>;
  parentLineId: string | null;
  quantity: number;
  picked: Generated<number>;
  checkedOut: Generated<number>;
  returned: Generated<number>;
  source: Generated<"OWN_STOCK" | "PARTNER" | "SUPPLIER">;
  supplier: Generated<string>;
  costMinor: Int8;
  costCurrency: Generated<string>;
  notes: Generated<string>;
  accessory: Generated<boolean>;
  position: Generated<number>;
}

export interface AssetBookingTable {
  lineId: string;
  assetId: string;
  eventId: string;
  period: string;
}

// Migration 0017: a permanent case booked as a unit.
export interface CaseBookingTable {
  lineId: string;
  caseId: string;
  eventId: string;
  period: string;
}

export interface Database {
  role: RoleTable;
  appUser: AppUserTable;
  userRole: UserRoleTable;
  userInvite: UserInviteTable;
  setupToken: SetupTokenTable;
  refreshToken: RefreshTokenTable;
  apiKey: ApiKeyTable;
  signingKey: SigningKeyTable;
  auditEvent: AuditEventTable;
  category: CategoryTable;
  location: LocationTable;
  product: ProductTable;
  productAccessory: ProductAccessoryTable;
  scanCode: ScanCodeTable;
  asset: AssetTable;
  assetHistory: AssetHistoryTable;
  stockLevel: StockLevelTable;
  stockMovement: StockMovementTable;
  equipmentCase: EquipmentCaseTable;
  caseBulkContent: CaseBulkContentTable;
  kit: KitTable;
  kitItem: KitItemTable;
  maintenanceRecord: MaintenanceRecordTable;
  company: CompanyTable;
  companyAddress: CompanyAddressTable;
  contact: ContactTable;
  pipelineStage: PipelineStageTable;
  deal: DealTable;
  dealStageChange: DealStageChangeTable;
  activity: ActivityTable;
  venue: VenueTable;
  project: ProjectTable;
  planningSettings: PlanningSettingsTable;
  event: EventTable;
  eventPhase: EventPhaseTable;
  eventHistory: EventHistoryTable;
  pullListSection: PullListSectionTable;
  pullListLine: PullListLineTable;
  assetBooking: AssetBookingTable;
  inventoryFile: InventoryFileTable;
  fileLinkKey: FileLinkKeyTable;
  categoryBuffer: CategoryBufferTable;
  caseBooking: CaseBookingTable;
  scanSession: ScanSessionTable;
  scan: ScanTable;
  assetOut: AssetOutTable;
  scanDiscrepancy: ScanDiscrepancyTable;
}

// Files (migrations 0014, 0015).
export interface InventoryFileTable {
  id: string;
  productId: string | null;
  assetId: string | null;
  maintenanceRecordId: string | null;
  storageKey: string;
  fileName: string;
  contentType: string;
  sizeBytes: Int8;
  sha256: string;
  position: number;
  isPrimary: Generated<boolean>;
  uploadedByUserId: string | null;
  createdAt: Created;
}

export interface FileLinkKeyTable {
  id: number;
  secret: Buffer;
  createdAt: Generated<Date>;
}

// Migration 0010 (warehouse): the canonical payload of a movement's request, kept with its request id.
export interface StockMovementTable {
  requestPayload: Generated<string | null>;
}

// Quotes (migration 0021).
export interface QuoteSettingsTable {
  singleton: Generated<boolean>;
  companyName: Generated<string>;
  companyAddress: Generated<string>;
  companyContact: Generated<string>;
  taxId: Generated<string>;
  bankDetails: Generated<string>;
  logoDataUrl: Generated<string>;
  terms: ColumnType<Record<string, string>, string | undefined, string>;
  defaultCurrency: Generated<string>;
  defaultLanguage: Generated<"en" | "de" | "ar">;
  defaultTaxRateBp: Generated<number>;
  validityDays: Generated<number>;
  exchangeBase: Generated<string>;
  exchangeRates: ColumnType<Record<string, string>, string | undefined, string>;
}

export interface RateCurveTable {
  id: Generated<string>;
  companyId: string | null;
  categoryId: string | null;
  points: ColumnType<{ days: number; factorMilli: number }[], string, string>;
}

export interface QuoteTable {
  id: Generated<string>;
  number: string;
  title: Generated<string>;
  dealId: string | null;
  eventId: string | null;
  companyId: string | null;
  latestVersion: Generated<number>;
  requestId: string | null;
  createdBy: string | null;
  createdAt: Generated<Date>;
}

export interface QuoteVersionTable {
  quoteId: string;
  version: number;
  status: Generated<"DRAFT" | "SENT" | "ACCEPTED" | "DECLINED">;
  currency: string;
  language: "en" | "de" | "ar";
  pricesIncludeTax: Generated<boolean>;
  discountBp: Generated<number>;
  validUntil: Timestamp;
  exchangeBase: string;
  exchangeRates: ColumnType<Record<string, string>, string | undefined, string>;
  intro: Generated<string>;
  terms: Generated<string>;
  netMinor: Int8;
  taxMinor: Int8;
  grossMinor: Int8;
  revision: Generated<number>;
  sentAt: NullableTimestamp;
  decidedAt: NullableTimestamp;
  createdAt: Generated<Date>;
}

export interface QuoteLineTable {
  quoteId: string;
  version: number;
  position: number;
  lineKey: string;
  section: Generated<string>;
  kind: "EQUIPMENT" | "CREW" | "TRANSPORT" | "FREE";
  productId: string | null;
  kitId: string | null;
  categoryId: string | null;
  description: string;
  unit: Generated<string>;
  quantity: number;
  days: Generated<number>;
  factorMilli: Generated<number>;
  unitPriceMinor: Int8;
  discountBp: Generated<number>;
  taxRateBp: Generated<number>;
  amountMinor: Int8;
}

export interface Database {
  quoteSettings: QuoteSettingsTable;
  rateCurve: RateCurveTable;
  quote: QuoteTable;
  quoteVersion: QuoteVersionTable;
  quoteLine: QuoteLineTable;
}

// Migration 0025 (scanning): sessions, scans stored under their client ids, units out on events, stocktake reports.
export interface ScanSessionTable {
  id: Generated<string>;
  kind: "CHECK_OUT" | "CHECK_IN" | "CASE_PACKING" | "STOCKTAKE" | "TRANSFER";
  state: Generated<"OPEN" | "ENDED">;
  eventId: string | null;
  caseId: string | null;
  locationId: string | null;
  sourceLocationId: string | null;
  currentLocationId: string | null;
  ownerUserId: string;
  note: Generated<string>;
  requestId: string | null;
  lastSequence: Int8;
  correctionsApplied: Generated<boolean>;
  startedAt: Timestamp;
  endedAt: NullableTimestamp;
}

export interface ScanTable {
  scanId: string;
  sessionId: string;
  sequence: Int8;
  payload: string;
  code: string;
  targetKind: "ASSET" | "CASE" | "PRODUCT" | "LOCATION";
  targetId: string;
  title: string;
  action: "CHECKED_OUT" | "CHECKED_IN" | "PACKED" | "UNPACKED" | "FOUND" | "MOVED" | "LOCATION_SET";
  quantity: number;
  assetIds: string[];
  lineIds: string[];
  overriddenReason: string;
  overrideNote: string;
  damaged: boolean;
  damageNote: string;
  maintenanceRecordId: string | null;
  locationId: string | null;
  userId: string;
  scannedAt: Timestamp;
  undoneAt: NullableTimestamp;
  effects: ColumnType<unknown, string, string>;
}

export interface AssetOutTable {
  assetId: string;
  eventId: string;
  lineId: string | null;
  scanId: string;
  outAt: Timestamp;
}

export interface ScanDiscrepancyTable {
  id: Generated<string>;
  sessionId: string;
  position: number;
  kind: "MISSING" | "UNEXPECTED" | "WRONG_LOCATION" | "BULK_COUNT";
  assetId: string | null;
  productId: string;
  expectedLocationId: string | null;
  foundLocationId: string | null;
  expectedQuantity: number;
  countedQuantity: number;
  appliedAt: NullableTimestamp;
  appliedReason: Generated<string>;
  appliedByUserId: string | null;
}

export interface PlanningChangeTable {
  id: Generated<string>;
  xid: Generated<string>;
  productId: string | null;
  startsAt: Date | null;
  at: Generated<Date>;
}

export interface Database {
  planningChange: PlanningChangeTable;
}
