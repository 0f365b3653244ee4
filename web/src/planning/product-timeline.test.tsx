import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { CheckAvailabilityRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { AvailabilitySegmentSchema, BookingSchema, EventStatus, type UpdateEventRequest } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { availabilityByDay } from "./timeline-chart.js";
import { timeRange } from "./lookups.js";
import { newEvent, newLine, pids, renderPlanning } from "./test-support.js";

const at = (iso: string) => new Date(iso);
describe("availability strip", () => {
  it("takes the lowest figure of each day", () => {
    const segments = [
      create(AvailabilitySegmentSchema, { period: timeRange(at("2026-06-04T22:00:00Z"), at("2026-06-05T12:00:00Z")), supply: 10, available: 10 }),
      create(AvailabilitySegmentSchema, { period: timeRange(at("2026-06-05T12:00:00Z"), at("2026-06-06T22:00:00Z")), supply: 10, confirmed: 12, available: -2 }),
    ];
    expect(availabilityByDay(["2026-06-04", "2026-06-05", "2026-06-06", "2026-06-07"], segments, "Europe/Berlin").map((day) => day.available)).toEqual([
      undefined,
      -2,
      -2,
      undefined,
    ]);
  });
});

describe("product timeline", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: at("2026-06-01T10:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("moves an event a day later: checks availability without the event first, saves only when asked", async () => {
    const checks: CheckAvailabilityRequest[] = [];
    const updates: UpdateEventRequest[] = [];
    const event = newEvent({ status: EventStatus.CONFIRMED });
    renderPlanning({
      path: `/planning/timeline/${pids.spot}`,
      inventory: {
        getProduct: () => ({ product: { id: pids.spot, code: "MH-SPOT", name: "Moving head spot" } }),
        checkAvailability: (request) => {
          checks.push(request);
          return { products: [{ productId: pids.spot, minAvailable: 10, minAvailableIgnoringProvisional: 20 }] };
        },
      },
      planning: {
        getEvent: () => ({ event }),
        getPullList: () => ({ sections: [], lines: [newLine({ quantity: 24 })] }),
        getProductTimeline: () => ({
          bookings: [create(BookingSchema, { eventId: pids.event, eventNumber: "EV-0042", eventName: "Summer Festival", status: EventStatus.CONFIRMED, quantity: 24, period: event.outPeriod })],
          segments: [create(AvailabilitySegmentSchema, { period: event.outPeriod, supply: 30, confirmed: 24, available: 6 })],
          minAvailable: 6,
        }),
        updateEvent: (request) => {
          updates.push(request);
          return { event, shortages: [] };
        },
      },
    });
    expect(await screen.findByRole("heading", { name: "Timeline: Moving head spot" })).toBeTruthy();
    const bar = await screen.findByRole("button", { name: /^EV-0042 Summer Festival, Confirmed, 24 units/ });
    expect(bar.getAttribute("data-days")).toBe("2026-06-05 2026-06-06 2026-06-07");
    fireEvent.click(bar, { detail: 0 });

    const panel = await screen.findByRole("region", { name: "Move EV-0042" });
    fireEvent.click(within(panel).getByRole("button", { name: "1 day later" }));
    const answer = await within(panel).findByRole("status");
    // A confirmed event counts what is free ignoring provisional holds: 20 of 24.
    await waitFor(() => { expect(answer.textContent).toContain("1 product would be short on the new dates"); });
    expect(checks[0]?.excludeEventId).toBe(pids.event);
    expect(checks[0]?.productIds).toEqual([pids.spot]);
    expect(checks[0]?.range?.start && timestampDate(checks[0].range.start).toISOString()).toBe("2026-06-06T06:00:00.000Z");
    expect(checks[0]?.range?.end && timestampDate(checks[0].range.end).toISOString()).toBe("2026-06-08T21:00:00.000Z");
    expect(document.querySelector("[data-preview]")?.getAttribute("data-preview")).toBe("2026-06-06 2026-06-07 2026-06-08");
    expect(updates).toEqual([]);

    fireEvent.click(within(panel).getByRole("button", { name: "Save anyway" }));
    await waitFor(() => { expect(updates).toHaveLength(1); });
    expect(updates[0]?.version).toBe(3n);
    const phases = updates[0]?.event?.phases.map((phase) => (phase.period?.start ? timestampDate(phase.period.start).toISOString() : ""));
    expect(phases).toEqual(["2026-06-06T06:00:00.000Z", "2026-06-06T10:00:00.000Z"]);
    expect(await within(panel).findByText("New dates saved; nothing is short.")).toBeTruthy();
  });
});
