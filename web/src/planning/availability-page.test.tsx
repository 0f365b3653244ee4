import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { SearchHitKind, SearchHitSchema, type CheckAvailabilityRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { AvailabilitySegmentSchema, BookingSchema, EventStatus } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { weekendPreset } from "./availability-page.js";
import { timeRange } from "./lookups.js";
import { pids, renderPlanning, search } from "./test-support.js";

const at = (iso: string) => new Date(iso);

function renderLookup(minAvailable: number, requests: CheckAvailabilityRequest[]) {
  return renderPlanning({
    path: "/planning/availability",
    inventory: {
      search: () => ({ hits: [create(SearchHitSchema, { kind: SearchHitKind.PRODUCT, id: pids.spot, code: "MH-SPOT", title: "Moving head spot" })] }),
      checkAvailability: (request) => {
        requests.push(request);
        return { products: [{ productId: pids.spot, minAvailable, minAvailableIgnoringProvisional: minAvailable + 6 }], kits: [] };
      },
    },
    planning: {
      getProductTimeline: () => ({
        bookings: [
          create(BookingSchema, {
            eventId: pids.otherEvent,
            eventNumber: "EV-0040",
            eventName: "Rock am Ring",
            status: EventStatus.CONFIRMED,
            quantity: 16,
            period: timeRange(at("2026-06-04T06:00:00Z"), at("2026-06-08T18:00:00Z")),
          }),
        ],
        segments: [
          create(AvailabilitySegmentSchema, { period: timeRange(at("2026-06-05T06:00:00Z"), at("2026-06-07T21:00:00Z")), supply: 36, confirmed: 16, provisional: 0, available: minAvailable }),
        ],
        minAvailable,
      }),
    },
  });
}

async function ask(quantity: string) {
  const form = await screen.findByRole("form", { name: "Availability" });
  search(within(form).getByRole("combobox", { name: "Product or kit 1" }), "spot");
  fireEvent.click(await screen.findByRole("option", { name: /Moving head spot/ }));
  fireEvent.change(within(form).getByLabelText("Quantity"), { target: { value: quantity } });
  fireEvent.change(within(form).getByLabelText("From"), { target: { value: "2026-06-05T08:00" } });
  fireEvent.change(within(form).getByLabelText("To"), { target: { value: "2026-06-07T23:00" } });
  fireEvent.click(within(form).getByRole("button", { name: "Check availability" }));
}

describe("availability lookup", () => {
  it("answers no, with the lowest available, the shortfall and the competing events", async () => {
    const requests: CheckAvailabilityRequest[] = [];
    renderLookup(20, requests);
    await ask("24");
    const answer = await screen.findByRole("status");
    await waitFor(() => { expect(answer.textContent).toContain("No, not from own stock"); });
    expect(answer.textContent).toContain("1 of 1 items is short at some point in the period.");
    expect(requests[0]?.productIds).toEqual([pids.spot]);
    const range = requests[0]?.range;
    // 08:00 in Berlin (CEST) is 06:00 UTC.
    expect(range?.start && timestampDate(range.start).toISOString()).toBe("2026-06-05T06:00:00.000Z");
    expect(range?.end && timestampDate(range.end).toISOString()).toBe("2026-06-07T21:00:00.000Z");

    const results = screen.getByRole("list", { name: "Results" });
    expect(within(results).getByText("Short 4")).toBeTruthy();
    expect(within(results).getByText("Fits if provisional holds are released (26)")).toBeTruthy();
    const competing = await screen.findByRole("list", { name: "Events competing for Moving head spot" });
    expect(competing.textContent).toContain("EV-0040");
    expect(competing.textContent).toContain("Rock am Ring");
    expect(competing.textContent).toContain("Confirmed");
    // The strip shows the lowest figure on each day of the period.
    expect(document.querySelector('[data-available-day="2026-06-06"]')?.getAttribute("data-available")).toBe("20");
  });

  it("answers yes when the lowest available covers the quantity", async () => {
    const requests: CheckAvailabilityRequest[] = [];
    renderLookup(30, requests);
    await ask("24");
    const answer = await screen.findByRole("status");
    await waitFor(() => { expect(answer.textContent).toContain("Yes, we can"); });
    expect(within(screen.getByRole("list", { name: "Results" })).getByText("Available")).toBeTruthy();
  });

  it("suggests the coming Friday to Sunday", () => {
    expect(weekendPreset("2026-06-02", 0)).toEqual({ from: "2026-06-05T08:00", to: "2026-06-07T23:00" });
    expect(weekendPreset("2026-06-06", 0)).toEqual({ from: "2026-06-05T08:00", to: "2026-06-07T23:00" });
    expect(weekendPreset("2026-06-02", 1)).toEqual({ from: "2026-06-12T08:00", to: "2026-06-14T23:00" });
  });
});
