import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { ScanAction, ScanRecordSchema } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/i18n.js";
import ar from "../i18n/locales/scanning.ar.json";
import de from "../i18n/locales/scanning.de.json";
import en from "../i18n/locales/scanning.en.json";
import { appliedFeedback, isOverridable, refusalMessage } from "./feedback.js";

const t = createI18n("en").t;

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
    typeof value === "object" && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, "")}`],
  );
}

describe("scanning messages", () => {
  it.each([
    ["de", de],
    ["ar", ar],
  ])("%s has exactly the keys of en", (_, locale) => {
    expect([...new Set(keys(locale))].sort()).toEqual([...new Set(keys(en))].sort());
  });

  it.each<{ reason: string; metadata: Record<string, string>; message: string }>([
    { reason: "NOT_ON_PULL_LIST", metadata: { product_name: "Fog machine", overridable: "true" }, message: "Fog machine is not on this event's pull list." },
    { reason: "ASSET_BOOKED_ELSEWHERE", metadata: { tag: "MH-0001", event_number: "EV-0007" }, message: "MH-0001 is reserved for event EV-0007." },
    // The server's camelCase keys work as well as the contract's snake_case ones.
    { reason: "OVER_PICK", metadata: { productName: "XLR cable 10 m", overridable: "true" }, message: "All of XLR cable 10 m are scanned already." },
    // Without the event number the general message is used, not one with a hole in it.
    { reason: "ASSET_BOOKED_ELSEWHERE", metadata: { tag: "MH-0001" }, message: "This item is reserved for another event." },
    { reason: "UNKNOWN_CODE", metadata: { code: "ZZ-9" }, message: "No item, case or product has the code ZZ-9." },
    { reason: "SESSION_CLOSED", metadata: {}, message: "This session has ended." },
    { reason: "SOMETHING_NEW", metadata: {}, message: "This is not possible in the current state." },
  ])("says $reason in words ($message)", ({ reason, metadata, message }) => {
    expect(refusalMessage(t, { code: Code.FailedPrecondition, reason, metadata })).toBe(message);
  });

  it("marks what an override may accept", () => {
    expect(isOverridable({ code: Code.FailedPrecondition, reason: "OVER_PICK", metadata: { overridable: "true" } })).toBe(true);
    expect(isOverridable({ code: Code.FailedPrecondition, reason: "ASSET_ALREADY_OUT", metadata: {} })).toBe(false);
  });

  it("turns an applied scan into success, and an overridden or damaged one into a warning", () => {
    const scan = create(ScanRecordSchema, { code: "MH-0001", title: "MH-0001 · Moving head spot", action: ScanAction.CHECKED_OUT, quantity: 1 });
    expect(appliedFeedback(t, scan, false)).toEqual({ kind: "success", title: "Checked out", detail: "MH-0001 · Moving head spot", code: "MH-0001" });
    expect(appliedFeedback(t, { ...scan, overriddenReason: "OVER_PICK" }, false).kind).toBe("warning");
    expect(appliedFeedback(t, { ...scan, action: ScanAction.CHECKED_IN, damaged: true }, false)).toMatchObject({ kind: "warning", title: "Checked in" });
    expect(appliedFeedback(t, { ...scan, quantity: 12 }, false).title).toBe("Checked out × 12");
    expect(appliedFeedback(t, scan, true).detail).toBe("Already recorded: MH-0001 · Moving head spot");
  });
});
