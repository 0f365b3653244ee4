import { EventStatus, type ListEventsRequest } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { placeBars } from "./calendar-layout.js";
import { spanDays } from "./dates.js";
import { timeRange } from "./lookups.js";
import { newEvent, pids, renderPlanning } from "./test-support.js";

const at = (iso: string) => new Date(iso);

describe("calendar bars", () => {
  it("takes the days of a period in the given time zone", () => {
    // 4 May 00:00 to 6 May 23:59 in Tokyo is 3 May 15:00 to 6 May 14:59 UTC.
    const start = at("2026-05-03T15:00:00Z");
    const end = at("2026-05-06T14:59:00Z");
    expect(spanDays(start, end, "Asia/Tokyo")).toEqual({ first: "2026-05-04", last: "2026-05-06" });
    expect(spanDays(start, end, "America/New_York")).toEqual({ first: "2026-05-03", last: "2026-05-06" });
    // An end at midnight does not touch the next day.
    expect(spanDays(at("2026-05-04T22:00:00Z"), at("2026-05-06T22:00:00Z"), "Europe/Berlin")).toEqual({ first: "2026-05-05", last: "2026-05-06" });
  });

  it("clips bars to the week and stacks overlapping ones in lanes", () => {
    const bars = placeBars(
      [
        { id: "long", first: "2026-05-01", last: "2026-05-12" },
        { id: "short", first: "2026-05-05", last: "2026-05-06" },
        { id: "later", first: "2026-05-08", last: "2026-05-09" },
        { id: "outside", first: "2026-05-20", last: "2026-05-21" },
      ],
      "2026-05-04",
      7,
    );
    expect(bars.map(({ id, column, span, lane, continuesBefore, continuesAfter }) => ({ id, column, span, lane, continuesBefore, continuesAfter }))).toEqual([
      { id: "long", column: 1, span: 7, lane: 0, continuesBefore: true, continuesAfter: true },
      { id: "short", column: 2, span: 2, lane: 1, continuesBefore: false, continuesAfter: false },
      { id: "later", column: 5, span: 2, lane: 1, continuesBefore: false, continuesAfter: false },
    ]);
  });
});

describe("calendar", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: at("2026-05-15T10:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("places an event on its own days in its time zone, coloured by status", async () => {
    const requests: ListEventsRequest[] = [];
    renderPlanning({
      path: "/planning/calendar",
      timeZone: "America/New_York",
      planning: {
        listEvents: (request) => {
          requests.push(request);
          return {
            events: [
              newEvent({
                timeZone: "Asia/Tokyo",
                status: EventStatus.CONFIRMED,
                outPeriod: timeRange(at("2026-05-03T15:00:00Z"), at("2026-05-06T14:59:00Z")),
              }),
            ],
          };
        },
      },
    });
    expect(await screen.findByRole("heading", { name: "May 2026" })).toBeTruthy();
    const bar = await screen.findByRole("link", { name: /^EV-0042 Summer Festival, Confirmed/ });
    expect(bar.getAttribute("href")).toBe(`/planning/events/${pids.event}`);
    expect(bar.getAttribute("data-days")).toBe("2026-05-04 2026-05-05 2026-05-06");
    expect(bar.getAttribute("style")).toContain("var(--mantine-color-green-light)");
    // The query covers the whole grid (with a day of margin for other time zones), cancelled events left out.
    expect(requests[0]?.statuses).not.toContain(EventStatus.CANCELLED);
    expect(requests[0]?.overlapping).toBeDefined();

    fireEvent.click(screen.getByRole("radio", { name: "Week" }));
    // Today is Friday 15 May; the week before holds the event.
    fireEvent.click(screen.getByRole("button", { name: "Previous week" }));
    await waitFor(() => { expect(screen.getByRole("link", { name: /^EV-0042 Summer Festival, Confirmed/ }).getAttribute("data-days")).toBe("2026-05-04 2026-05-05 2026-05-06"); });
    // On a phone the period's events are also listed.
    expect(screen.getByRole("list", { name: "Events in this period" }).textContent).toContain("EV-0042 · Summer Festival");
  });

  it("says when the period holds more events than it shows", async () => {
    renderPlanning({
      path: "/planning/calendar",
      planning: { listEvents: () => ({ events: [newEvent({ outPeriod: timeRange(at("2026-05-12T08:00:00Z"), at("2026-05-13T08:00:00Z")) })], nextPageToken: "more" }) },
    });
    expect((await screen.findByRole("status")).textContent).toContain("Showing the first 1 events of this period");
  });

  it("shows no notice when every event of the period is there", async () => {
    renderPlanning({ path: "/planning/calendar", planning: { listEvents: () => ({ events: [newEvent({ outPeriod: timeRange(at("2026-05-12T08:00:00Z"), at("2026-05-13T08:00:00Z")) })] }) } });
    expect(await screen.findByRole("link", { name: /^EV-0042 Summer Festival/ })).toBeTruthy();
    expect(screen.queryByText(/Showing the first/)).toBeNull();
  });
});
