import { describe, expect, it } from "vitest";
import { CrmError } from "./crm.errors.js";
import {
  assertCalendarDate,
  assertDealValue,
  assertStageDeletable,
  cleanActivity,
  cleanCompany,
  cleanTags,
  duplicateReason,
  firstOpenStage,
  moveDeal,
  stageProbability,
  type ActivityInput,
  type PipelineStage,
} from "./crm.js";

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return error instanceof CrmError ? error.code : String(error);
  }
  return "ok";
}

const stage = (id: string, kind: PipelineStage["kind"], position = 0): PipelineStage => ({ id, name: id, position, winProbability: 0, kind, version: 1 });
const now = new Date("2031-01-06T10:00:00Z");

describe("duplicate detection", () => {
  it.each([
    [{ name: "ACME Events", email: "" }, { name: "acme   events ", email: "" }, "NAME"],
    [{ name: "ACME", email: "Info@Acme.example" }, { name: "Other", email: "info@acme.example" }, "EMAIL"],
    [{ name: "ACME", email: "" }, { name: "Other", email: "" }, undefined],
    // An empty email never matches another empty email.
    [{ name: "A", email: "" }, { name: "B", email: "" }, undefined],
    [{ name: "ACME GmbH", email: "a@x.example" }, { name: "ACME AG", email: "b@x.example" }, undefined],
  ])("%j vs %j → %s", (candidate, existing, reason) => {
    expect(duplicateReason(candidate, existing)).toBe(reason);
  });
});

describe("cleaning input", () => {
  it("keeps the first spelling of each tag, drops empty ones", () => {
    expect(cleanTags([" VIP ", "vip", "", "Festival", "festival  "])).toEqual(["VIP", "Festival"]);
  });

  it("orders roles, lower-cases the email and collapses the name", () => {
    const c = cleanCompany({ name: "  Stage  Co ", roles: ["PARTNER", "CLIENT"], email: " Info@Stage.CO ", phone: "", website: "", vatId: "", tags: [], notes: "", addresses: [] });
    expect(c).toMatchObject({ name: "Stage Co", roles: ["CLIENT", "PARTNER"], email: "info@stage.co" });
  });
});

describe("deal values and dates", () => {
  it.each([
    ["100", "EUR", "ok"],
    ["0", "JPY", "ok"],
    ["1", "XYZ", "UNKNOWN_CURRENCY"],
    ["1", "eur", "UNKNOWN_CURRENCY"],
    ["-1", "EUR", "INVALID_VALUE"],
  ])("%s %s → %s", (amount, currency, expected) => {
    expect(code(() => { assertDealValue({ amountMinor: BigInt(amount), currency }); })).toBe(expected);
  });

  it.each([
    ["2031-02-28", "ok"],
    ["2032-02-29", "ok"],
    ["2031-02-29", "INVALID_DATE"],
    ["2031-13-01", "INVALID_DATE"],
    ["31-01-01", "INVALID_DATE"],
  ])("%s → %s", (date, expected) => {
    expect(code(() => { assertCalendarDate("expected_close_date", date); })).toBe(expected);
  });
});

describe("moving a deal through the pipeline", () => {
  const open = { stageId: "lead", lostReason: "", closedAt: null };

  it("closes on won, needs a reason for lost, reopens on an open stage", () => {
    expect(moveDeal(open, stage("won", "WON"), "", now)).toEqual({ changed: true, lostReason: "", closedAt: now });
    expect(code(() => moveDeal(open, stage("lost", "LOST"), "  ", now))).toBe("LOST_REASON_REQUIRED");
    expect(moveDeal(open, stage("lost", "LOST"), " too expensive ", now)).toEqual({ changed: true, lostReason: "too expensive", closedAt: now });
    const lost = { stageId: "lost", lostReason: "too expensive", closedAt: now };
    expect(moveDeal(lost, stage("proposal", "OPEN"), "", now)).toEqual({ changed: true, lostReason: "", closedAt: null });
  });

  it("to the stage it is in changes nothing (a retried move)", () => {
    expect(moveDeal(open, stage("lead", "OPEN"), "", now)).toEqual({ changed: false, lostReason: "", closedAt: null });
  });

  it("starts in the first open stage by position", () => {
    expect(firstOpenStage([stage("won", "WON", 0), stage("b", "OPEN", 20), stage("a", "OPEN", 10)])?.id).toBe("a");
    expect(firstOpenStage([stage("won", "WON"), stage("lost", "LOST")])).toBeUndefined();
  });

  it.each([
    [stage("x", "OPEN"), 0, "ok"],
    [stage("x", "OPEN"), 2, "STAGE_IN_USE"],
    [stage("won", "WON"), 0, "STAGE_NOT_DELETABLE"],
    [stage("lost", "LOST"), 0, "STAGE_NOT_DELETABLE"],
  ])("deleting %j with %i deals → %s", (s, deals, expected) => {
    expect(code(() => { assertStageDeletable(s, deals); })).toBe(expected);
  });

  it("fixes the won and lost probabilities", () => {
    expect([stageProbability("OPEN", 40), stageProbability("WON", 40), stageProbability("LOST", 40)]).toEqual([40, 100, 0]);
  });
});

describe("activities", () => {
  const base: ActivityInput = { kind: "CALL", companyId: "c", contactId: null, dealId: null, subject: " Called ", body: "", occurredAt: null, dueAt: null, ownerUserId: null };

  it.each([
    [{ kind: "TASK" as const }, "TASK_NEEDS_DUE_DATE"],
    [{ kind: "TASK" as const, dueAt: now }, "ok"],
    [{ kind: "MEETING" as const, dueAt: now }, "DUE_DATE_ONLY_FOR_TASKS"],
    [{ kind: "NOTE" as const }, "ok"],
  ])("%j → %s", (o, expected) => {
    expect(code(() => cleanActivity({ ...base, ...o }, now))).toBe(expected);
  });

  it("happened now unless said otherwise", () => {
    expect(cleanActivity(base, now)).toMatchObject({ subject: "Called", occurredAt: now });
  });
});
