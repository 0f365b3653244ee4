// proto ⇄ domain for CRMService. Enum names match between the two
// (COMPANY_ROLE_CLIENT ⇄ "CLIENT", ACTIVITY_KIND_TASK ⇄ "TASK").
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  ActivityKind,
  ActivitySchema,
  AddressKind,
  AddressSchema,
  CompanyRole,
  CompanySchema,
  ContactSchema,
  CrmHitKind,
  CRMHitSchema,
  DealSchema,
  DealStageChangeSchema,
  PipelineStageKind,
  PipelineStageSchema,
  type Activity,
  type AddActivityRequest,
  type Address,
  type Company,
  type CompanyInput as CompanyInputProto,
  type Contact,
  type ContactInput as ContactInputProto,
  type CRMHit,
  type Deal,
  type DealInput as DealInputProto,
  type DealStageChange,
  type PipelineStage,
} from "@eventkit/api/eventkit/v1/crm_pb.js";
import type * as d from "../domain/crm.js";
import { dateOf, enumName, enumValue, moneyFromProto, moneyToProto } from "./inventory.convert.js";
import { requiredEnum } from "./planning.convert.js";

const orNull = (id: string): string | null => (id === "" ? null : id);
const ts = (date: Date | null) => (date ? timestampFromDate(date) : undefined);

export function companyRoleFromProto(role: CompanyRole): d.CompanyRole | undefined {
  return enumName(CompanyRole, role) as d.CompanyRole | undefined;
}

function addressFromProto(a: Address): d.Address {
  return { kind: requiredEnum(AddressKind, a.kind) as d.AddressKind, street: a.street, postalCode: a.postalCode, city: a.city, region: a.region, country: a.country };
}

export function companyInputFromProto(c: CompanyInputProto | undefined): d.CompanyInput {
  return {
    name: c?.name ?? "",
    roles: (c?.roles ?? []).map((r) => requiredEnum(CompanyRole, r) as d.CompanyRole),
    email: c?.email ?? "",
    phone: c?.phone ?? "",
    website: c?.website ?? "",
    vatId: c?.vatId ?? "",
    tags: c?.tags ?? [],
    notes: c?.notes ?? "",
    addresses: (c?.addresses ?? []).map(addressFromProto),
  };
}

export function companyToProto(c: d.Company): Company {
  return create(CompanySchema, {
    id: c.id,
    name: c.name,
    roles: c.roles.map((r) => enumValue(CompanyRole, r)),
    email: c.email,
    phone: c.phone,
    website: c.website,
    vatId: c.vatId,
    tags: c.tags,
    notes: c.notes,
    addresses: c.addresses.map((a) => create(AddressSchema, { ...a, kind: enumValue(AddressKind, a.kind) })),
    version: BigInt(c.version),
    createdAt: ts(c.createdAt),
    updatedAt: ts(c.updatedAt),
    contactCount: c.contactCount,
  });
}

export function contactInputFromProto(c: ContactInputProto | undefined): d.ContactInput {
  return { name: c?.name ?? "", email: c?.email ?? "", phone: c?.phone ?? "", role: c?.role ?? "", tags: c?.tags ?? [], notes: c?.notes ?? "" };
}

export function contactToProto(c: d.Contact): Contact {
  return create(ContactSchema, { ...c, version: BigInt(c.version), createdAt: ts(c.createdAt), updatedAt: ts(c.updatedAt) });
}

export function hitToProto(h: d.CrmHit): CRMHit {
  return create(CRMHitSchema, { ...h, kind: enumValue(CrmHitKind, h.kind) });
}

export function activityInputFromProto(a: AddActivityRequest): d.ActivityInput {
  return {
    kind: requiredEnum(ActivityKind, a.kind) as d.ActivityKind,
    companyId: orNull(a.companyId),
    contactId: orNull(a.contactId),
    dealId: orNull(a.dealId),
    subject: a.subject,
    body: a.body,
    occurredAt: dateOf(a.occurredAt) ?? null,
    dueAt: dateOf(a.dueAt) ?? null,
    ownerUserId: orNull(a.ownerUserId),
  };
}

export function activityToProto(a: d.Activity): Activity {
  return create(ActivitySchema, {
    ...a,
    kind: enumValue(ActivityKind, a.kind),
    companyId: a.companyId ?? "",
    contactId: a.contactId ?? "",
    dealId: a.dealId ?? "",
    occurredAt: ts(a.occurredAt),
    dueAt: ts(a.dueAt),
    doneAt: ts(a.doneAt),
    ownerUserId: a.ownerUserId ?? "",
    createdByUserId: a.createdByUserId ?? "",
    version: BigInt(a.version),
  });
}

export function stageToProto(s: d.PipelineStage): PipelineStage {
  return create(PipelineStageSchema, { ...s, kind: enumValue(PipelineStageKind, s.kind), version: BigInt(s.version) });
}

export function dealInputFromProto(input: DealInputProto | undefined): d.DealInput {
  return {
    title: input?.title ?? "",
    companyId: input?.companyId ?? "",
    contactId: orNull(input?.contactId ?? ""),
    // protovalidate requires `value`; its currency pattern is checked there, whether it exists in the domain.
    value: moneyFromProto(input?.value, ""),
    expectedCloseDate: orNull(input?.expectedCloseDate ?? ""),
    ownerUserId: orNull(input?.ownerUserId ?? ""),
    notes: input?.notes ?? "",
  };
}

export function dealToProto(deal: d.Deal): Deal {
  return create(DealSchema, {
    ...deal,
    contactId: deal.contactId ?? "",
    stageKind: enumValue(PipelineStageKind, deal.stageKind),
    value: moneyToProto(deal.value),
    expectedCloseDate: deal.expectedCloseDate ?? "",
    ownerUserId: deal.ownerUserId ?? "",
    eventId: deal.eventId ?? "",
    closedAt: ts(deal.closedAt),
    version: BigInt(deal.version),
    createdAt: ts(deal.createdAt),
    updatedAt: ts(deal.updatedAt),
  });
}

export function stageChangeToProto(c: d.DealStageChange): DealStageChange {
  return create(DealStageChangeSchema, { ...c, fromStageId: c.fromStageId ?? "", at: ts(c.at), actorUserId: c.actorUserId ?? "" });
}
