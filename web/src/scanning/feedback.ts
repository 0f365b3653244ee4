import { ScanAction, ScanSessionKind, type ScanRecord } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import type { TFunction } from "i18next";
import { codeMessageKey, reasonMessageKeys } from "../errors.js";
import type { Refusal } from "./queue.js";
import type { FeedbackKind } from "./sounds.js";

/** What the big feedback panel shows after a scan. */
export interface Feedback {
  kind: FeedbackKind;
  title: string;
  detail: string;
  /** The code as read, shown left-to-right in every language. */
  code: string;
}

export function kindLabel(t: TFunction, kind: ScanSessionKind): string {
  switch (kind) {
    case ScanSessionKind.CHECK_OUT:
      return t("scanning.kind.checkOut");
    case ScanSessionKind.CHECK_IN:
      return t("scanning.kind.checkIn");
    case ScanSessionKind.CASE_PACKING:
      return t("scanning.kind.casePacking");
    case ScanSessionKind.STOCKTAKE:
      return t("scanning.kind.stocktake");
    case ScanSessionKind.TRANSFER:
      return t("scanning.kind.transfer");
    case ScanSessionKind.UNSPECIFIED:
      return "";
  }
}

export function actionLabel(t: TFunction, action: ScanAction): string {
  switch (action) {
    case ScanAction.CHECKED_OUT:
      return t("scanning.action.checkedOut");
    case ScanAction.CHECKED_IN:
      return t("scanning.action.checkedIn");
    case ScanAction.PACKED:
      return t("scanning.action.packed");
    case ScanAction.UNPACKED:
      return t("scanning.action.unpacked");
    case ScanAction.FOUND:
      return t("scanning.action.found");
    case ScanAction.MOVED:
      return t("scanning.action.moved");
    case ScanAction.LOCATION_SET:
      return t("scanning.action.locationSet");
    case ScanAction.UNSPECIFIED:
      return "";
  }
}

/** The feedback for an applied scan: a warning when it needed an override or came back damaged. */
export function appliedFeedback(t: TFunction, scan: ScanRecord, replayed: boolean): Feedback {
  const action = actionLabel(t, scan.action);
  const title = scan.quantity > 1 ? t("scanning.feedback.withQuantity", { action, count: scan.quantity }) : action;
  if (replayed) return { kind: "success", title, detail: t("scanning.feedback.alreadyRecorded", { title: scan.title }), code: scan.code };
  if (scan.overriddenReason) {
    return { kind: "warning", title, detail: t("scanning.feedback.overridden", { title: scan.title }), code: scan.code };
  }
  if (scan.damaged) return { kind: "warning", title, detail: t("scanning.feedback.damaged", { title: scan.title }), code: scan.code };
  return { kind: "success", title, detail: scan.title, code: scan.code };
}

interface RefusalValues {
  code: string;
  tag: string;
  product: string;
  event: string;
}

/**
 * Values a refusal's metadata gives its message. The contract names the keys
 * in snake_case (`product_name`); the server sends them in camelCase
 * (`productName`): both are read.
 */
function refusalValues(refusal: Refusal): RefusalValues {
  const meta = refusal.metadata;
  return {
    code: meta.code ?? "",
    tag: meta.tag ?? "",
    product: productNameOf(refusal) ?? meta.tag ?? "",
    event: meta.event_number ?? meta.eventNumber ?? "",
  };
}

/** The product a refusal names, if it names one. */
export function productNameOf(refusal: Refusal): string | undefined {
  return refusal.metadata.product_name ?? refusal.metadata.productName;
}

/** Reasons with a message naming the item (`scanning.refusal.<REASON>`), and the values it needs. */
const detailedRefusals: Record<string, readonly (keyof RefusalValues)[]> = {
  UNKNOWN_CODE: ["code"],
  NOT_ON_PULL_LIST: ["product"],
  OVER_PICK: ["product"],
  QUANTITY_REQUIRED: ["product"],
  ASSET_ALREADY_OUT: ["tag"],
  ASSET_IN_MAINTENANCE: ["tag"],
  ASSET_BOOKED_ELSEWHERE: ["tag", "event"],
  ASSET_NOT_RENTABLE: ["tag"],
  NOT_OUT_ON_EVENT: ["product"],
};

/**
 * The message of a refusal, translated by its reason: a detailed one naming
 * the item when the server said which, the app's general one otherwise, and
 * the Connect code's as the last resort. Never the server's English text.
 */
export function refusalMessage(t: TFunction, refusal: Refusal): string {
  const values = refusalValues(refusal);
  const needs = detailedRefusals[refusal.reason];
  if (needs && needs.every((name) => values[name] !== "")) return t(`scanning.refusal.${refusal.reason}`, { ...values });
  if (Object.hasOwn(reasonMessageKeys, refusal.reason)) return t(reasonMessageKeys[refusal.reason as keyof typeof reasonMessageKeys]);
  return t(codeMessageKey(refusal.code));
}

/** The feedback for a refused scan. */
export function refusedFeedback(t: TFunction, code: string, refusal: Refusal): Feedback {
  return { kind: "error", title: t("scanning.feedback.refused"), detail: refusalMessage(t, refusal), code };
}

/** True when a user holding `scanning.override` may accept the refusal. */
export function isOverridable(refusal: Refusal): boolean {
  return refusal.metadata.overridable === "true";
}
