import { ActivityKind, CompanyRole, PipelineStageKind } from "@eventkit/api/eventkit/v1/crm_pb.js";
import type { TFunction } from "i18next";

export const companyRoles = [CompanyRole.CLIENT, CompanyRole.SUPPLIER, CompanyRole.PARTNER] as const;
export const activityKinds = [ActivityKind.NOTE, ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.MEETING, ActivityKind.TASK] as const;

const roleKeys: Record<CompanyRole, string> = {
  [CompanyRole.UNSPECIFIED]: "crm.role.unspecified",
  [CompanyRole.CLIENT]: "crm.role.client",
  [CompanyRole.SUPPLIER]: "crm.role.supplier",
  [CompanyRole.PARTNER]: "crm.role.partner",
};

const activityKeys: Record<ActivityKind, string> = {
  [ActivityKind.UNSPECIFIED]: "crm.activity.kind.unspecified",
  [ActivityKind.NOTE]: "crm.activity.kind.note",
  [ActivityKind.CALL]: "crm.activity.kind.call",
  [ActivityKind.EMAIL]: "crm.activity.kind.email",
  [ActivityKind.MEETING]: "crm.activity.kind.meeting",
  [ActivityKind.TASK]: "crm.activity.kind.task",
};

export function roleLabel(t: TFunction, role: CompanyRole): string {
  return t(roleKeys[role]);
}

export function activityLabel(t: TFunction, kind: ActivityKind): string {
  return t(activityKeys[kind]);
}

export function activityColor(kind: ActivityKind): string {
  switch (kind) {
    case ActivityKind.CALL:
      return "teal";
    case ActivityKind.EMAIL:
      return "blue";
    case ActivityKind.MEETING:
      return "grape";
    case ActivityKind.TASK:
      return "orange";
    default:
      return "gray";
  }
}

export function stageColor(kind: PipelineStageKind): string {
  if (kind === PipelineStageKind.WON) return "green";
  if (kind === PipelineStageKind.LOST) return "red";
  return "blue";
}
