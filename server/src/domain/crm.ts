// Rules of the CRM: what a company, contact, deal and activity may hold, when
// two records are the same (duplicate detection), and how a deal moves through
// the pipeline. Pure: no I/O, `now` is passed in.
import type { Money } from "./inventory.js";
import { CrmError } from "./crm.errors.js";

export type CompanyRole = "CLIENT" | "SUPPLIER" | "PARTNER";
export type AddressKind = "BILLING" | "SHIPPING" | "OTHER";
export type ActivityKind = "NOTE" | "CALL" | "EMAIL" | "MEETING" | "TASK";
export type StageKind = "OPEN" | "WON" | "LOST";

export interface Address {
  kind: AddressKind;
  street: string;
  postalCode: string;
  city: string;
  region: string;
  country: string;
}

export interface CompanyInput {
  name: string;
  roles: CompanyRole[];
  email: string;
  phone: string;
  website: string;
  vatId: string;
  tags: string[];
  notes: string;
  addresses: Address[];
}

export interface Company extends CompanyInput {
  id: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  contactCount: number;
}

export interface ContactInput {
  name: string;
  email: string;
  phone: string;
  role: string;
  tags: string[];
  notes: string;
}

export interface Contact extends ContactInput {
  id: string;
  companyId: string;
  companyName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PipelineStage {
  id: string;
  name: string;
  position: number;
  winProbability: number;
  kind: StageKind;
  version: number;
}

export interface DealInput {
  title: string;
  companyId: string;
  contactId: string | null;
  value: Money;
  /** "YYYY-MM-DD" or null. */
  expectedCloseDate: string | null;
  ownerUserId: string | null;
  notes: string;
}

export interface Deal extends DealInput {
  id: string;
  number: string;
  companyName: string;
  contactName: string;
  stageId: string;
  stageKind: StageKind;
  ownerName: string;
  lostReason: string;
  eventId: string | null;
  eventNumber: string;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface DealStageChange {
  fromStageId: string | null;
  toStageId: string;
  at: Date;
  actorUserId: string | null;
  lostReason: string;
  fromStageName: string;
  toStageName: string;
}

export interface ActivityInput {
  kind: ActivityKind;
  companyId: string | null;
  contactId: string | null;
  dealId: string | null;
  subject: string;
  body: string;
  occurredAt: Date | null;
  dueAt: Date | null;
  ownerUserId: string | null;
}

export interface Activity {
  id: string;
  kind: ActivityKind;
  companyId: string | null;
  contactId: string | null;
  dealId: string | null;
  subject: string;
  body: string;
  occurredAt: Date;
  dueAt: Date | null;
  doneAt: Date | null;
  ownerUserId: string | null;
  createdByUserId: string | null;
  version: number;
  companyName: string;
  contactName: string;
  dealTitle: string;
}

export type CrmHitKind = "COMPANY" | "CONTACT";

export interface CrmHit {
  kind: CrmHitKind;
  id: string;
  title: string;
  subtitle: string;
  companyId: string;
  score: number;
}

/** Trimmed, inner whitespace collapsed: "  ACME   Events " and "ACME Events" are one name. */
export function cleanName(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/gu, " ");
}

/** Emails compare case-insensitively; stored trimmed and lower-cased. */
export function cleanEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Tags trimmed, empty ones dropped, the first spelling of each (case-insensitive) kept, in order. */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = cleanName(raw);
    const key = tag.toLowerCase();
    if (tag === "" || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

const roleOrder: readonly CompanyRole[] = ["CLIENT", "SUPPLIER", "PARTNER"];

export function cleanCompany(input: CompanyInput): CompanyInput {
  return {
    ...input,
    name: cleanName(input.name),
    roles: roleOrder.filter((r) => input.roles.includes(r)),
    email: cleanEmail(input.email),
    phone: input.phone.trim(),
    website: input.website.trim(),
    vatId: input.vatId.trim(),
    tags: cleanTags(input.tags),
    addresses: input.addresses.map((a) => ({ ...a, street: a.street.trim(), postalCode: a.postalCode.trim(), city: cleanName(a.city), region: cleanName(a.region) })),
  };
}

export function cleanContact(input: ContactInput): ContactInput {
  return { ...input, name: cleanName(input.name), email: cleanEmail(input.email), phone: input.phone.trim(), role: cleanName(input.role), tags: cleanTags(input.tags) };
}

/**
 * Why `candidate` looks like `existing`: the same name (case-insensitive) or
 * the same email; undefined when it does not. See docs/rules/crm-duplicates.md.
 */
export function duplicateReason(candidate: { name: string; email: string }, existing: { name: string; email: string }): "NAME" | "EMAIL" | undefined {
  if (cleanName(candidate.name).toLowerCase() === cleanName(existing.name).toLowerCase()) return "NAME";
  const email = cleanEmail(candidate.email);
  if (email !== "" && email === cleanEmail(existing.email)) return "EMAIL";
  return undefined;
}

const currencies = new Set(Intl.supportedValuesOf("currency"));
const maxMinor = 9_000_000_000_000_000n;

/** A deal's value: a known ISO 4217 currency, not negative. */
export function assertDealValue(value: Money): void {
  if (!currencies.has(value.currency)) throw new CrmError("UNKNOWN_CURRENCY", `${value.currency} is not a known ISO 4217 currency`, { currency: value.currency });
  if (value.amountMinor < 0n || value.amountMinor > maxMinor) throw new CrmError("INVALID_VALUE", "the value must not be negative", { amountMinor: String(value.amountMinor) });
}

/** "YYYY-MM-DD" naming a real calendar day (no 2026-02-30). */
export function assertCalendarDate(field: string, date: string): void {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const parsed = new Date(Date.UTC(y, m - 1, d));
  if (!match || y < 1900 || y > 2999 || parsed.getUTCFullYear() !== y || parsed.getUTCMonth() !== m - 1 || parsed.getUTCDate() !== d) {
    throw new CrmError("INVALID_DATE", `${field}: ${date} is not a calendar date`, { field, date });
  }
}

export function cleanDeal(input: DealInput): DealInput {
  assertDealValue(input.value);
  if (input.expectedCloseDate !== null) assertCalendarDate("expected_close_date", input.expectedCloseDate);
  return { ...input, title: cleanName(input.title), notes: input.notes.trim() };
}

export interface StageMove {
  /** False when the deal already is in the target stage: nothing to write or log. */
  changed: boolean;
  lostReason: string;
  closedAt: Date | null;
}

/**
 * A deal moving from one stage to another. Entering the lost stage needs a
 * reason; entering won or lost closes the deal, going back to an open stage
 * reopens it (and forgets the lost reason). See docs/rules/deal-pipeline.md.
 */
export function moveDeal(deal: { stageId: string; lostReason: string; closedAt: Date | null }, to: PipelineStage, lostReason: string, now: Date): StageMove {
  if (deal.stageId === to.id) return { changed: false, lostReason: deal.lostReason, closedAt: deal.closedAt };
  const reason = lostReason.trim();
  if (to.kind === "LOST" && reason === "") throw new CrmError("LOST_REASON_REQUIRED", "a lost deal needs a lost reason", { stageId: to.id });
  return { changed: true, lostReason: to.kind === "LOST" ? reason : "", closedAt: to.kind === "OPEN" ? null : now };
}

/** The stage a new deal starts in: the first open stage in board order. */
export function firstOpenStage(stages: readonly PipelineStage[]): PipelineStage | undefined {
  return [...stages].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id)).find((s) => s.kind === "OPEN");
}

/** Only open stages can be removed: the pipeline keeps exactly one won and one lost stage. */
export function assertStageDeletable(stage: PipelineStage, dealCount: number): void {
  if (stage.kind !== "OPEN") throw new CrmError("STAGE_NOT_DELETABLE", "the won and lost stages cannot be removed", { stageId: stage.id });
  if (dealCount > 0) throw new CrmError("STAGE_IN_USE", `${dealCount} deals are in this stage; move them first`, { stageId: stage.id, deals: String(dealCount) });
}

/** The won stage is always 100 %, the lost stage 0 %. */
export function stageProbability(kind: StageKind, requested: number): number {
  if (kind === "WON") return 100;
  if (kind === "LOST") return 0;
  return requested;
}

/** A task has a due date; other activities do not. */
export function cleanActivity(input: ActivityInput, now: Date): ActivityInput & { occurredAt: Date } {
  if (input.kind === "TASK" && input.dueAt === null) throw new CrmError("TASK_NEEDS_DUE_DATE", "a task needs a due date");
  if (input.kind !== "TASK" && input.dueAt !== null) throw new CrmError("DUE_DATE_ONLY_FOR_TASKS", "only tasks have a due date", { kind: input.kind });
  return { ...input, subject: input.subject.trim(), body: input.body.trim(), occurredAt: input.occurredAt ?? now };
}

