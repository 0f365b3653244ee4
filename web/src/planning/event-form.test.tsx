import { timestampDate } from "@bufbuild/protobuf/wkt";
import { PhaseKind, type CreateClientRequest, type CreateEventRequest } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { validateEvent, type EventFormValues } from "./event-input.js";
import { newEvent, pids, renderPlanning, search } from "./test-support.js";

function set(container: HTMLElement, label: string | RegExp, value: string): void {
  fireEvent.change(within(container).getByLabelText(label, { selector: "input, textarea" }), { target: { value } });
}

async function openForm() {
  fireEvent.click(await screen.findByRole("button", { name: "New event" }));
  return screen.findByRole("dialog", { name: "New event" });
}

const row = (kind: PhaseKind, start: string, end: string, key = `k${kind}-${start}`) => ({ key, kind, label: "", start, end });

function values(phases: EventFormValues["phases"]): EventFormValues {
  return { name: "Gig", clientId: "", contactId: "", contactName: "", venueId: "", projectId: "", timeZone: "Europe/Berlin", notes: "", isTemplate: false, phases };
}

describe("phase rules", () => {
  it.each([
    ["a valid load-out, show and load-in", [row(PhaseKind.LOAD_OUT, "2026-06-05T08:00", "2026-06-05T12:00"), row(PhaseKind.SHOW, "2026-06-05T12:00", "2026-06-07T23:00"), row(PhaseKind.LOAD_IN, "2026-06-07T23:00", "2026-06-08T03:00")], {}, undefined],
    ["an end before the start", [row(PhaseKind.SHOW, "2026-06-05T12:00", "2026-06-05T11:00", "show")], { show: "errors.reason.invalidPeriod" }, undefined],
    ["no show", [row(PhaseKind.PREP, "2026-06-04T09:00", "2026-06-04T17:00", "prep")], {}, "errors.reason.noShowPhase"],
    ["two overlapping shows", [row(PhaseKind.SHOW, "2026-06-05T12:00", "2026-06-06T12:00", "a"), row(PhaseKind.SHOW, "2026-06-06T10:00", "2026-06-07T12:00", "b")], { b: "errors.reason.phasesOverlap" }, undefined],
    ["a load-out after the show starts", [row(PhaseKind.SHOW, "2026-06-05T12:00", "2026-06-06T12:00", "s"), row(PhaseKind.LOAD_OUT, "2026-06-05T13:00", "2026-06-05T15:00", "o")], { o: "errors.reason.phaseOrder" }, undefined],
    ["a load-in ending before the show does", [row(PhaseKind.SHOW, "2026-06-05T12:00", "2026-06-06T12:00", "s"), row(PhaseKind.LOAD_IN, "2026-06-05T13:00", "2026-06-05T15:00", "i")], { i: "errors.reason.phaseOrder" }, undefined],
  ])("%s", (_, phases, rows, list) => {
    const errors = validateEvent(values(phases));
    expect(errors.rows).toEqual(rows);
    expect(errors.phases).toBe(list);
  });
});

describe("event form", () => {
  it("explains what is wrong with the phases, by the server's reasons, and sends nothing", async () => {
    const created: CreateEventRequest[] = [];
    renderPlanning({ path: "/planning/events", planning: { createEvent: (request) => { created.push(request); return {}; } } });
    const dialog = await openForm();
    fireEvent.click(within(dialog).getByRole("button", { name: "Create event" }));
    expect(await within(dialog).findByText("Give the event a name.")).toBeTruthy();

    set(dialog, /^Name/, "Summer Festival");
    const show = within(dialog).getByRole("group", { name: "Phase 1: Show" });
    set(show, "Starts", "2026-06-05T12:00");
    set(show, "Ends", "2026-06-05T10:00");
    fireEvent.click(within(dialog).getByRole("button", { name: "Create event" }));
    expect(within(show).getByRole("alert").textContent).toBe("The phase must end after it starts.");

    set(show, "Ends", "2026-06-07T23:00");
    fireEvent.click(within(dialog).getByRole("button", { name: "+ Load-out" }));
    // Suggested in the 4 hours before the show, and listed in time order; moved after the show's start it breaks the order.
    const loadOut = within(dialog).getByRole("group", { name: "Phase 1: Load-out" });
    expect(within(loadOut).getByLabelText<HTMLInputElement>("Starts").value).toBe("2026-06-05T08:00");
    set(loadOut, "Starts", "2026-06-05T13:00");
    set(loadOut, "Ends", "2026-06-05T15:00");
    expect(within(loadOut).getByRole("alert").textContent).toBe("Prep and load-out must start before the show, and load-in must end after it.");

    fireEvent.click(within(dialog).getByRole("button", { name: "Remove Phase 2: Show" }));
    expect(within(dialog).getByText("An event needs at least one show phase.")).toBeTruthy();
    expect(created).toEqual([]);
  });

  it("creates the event with a new client, phases in the event's time zone, and opens it", async () => {
    const created: CreateEventRequest[] = [];
    const clients: CreateClientRequest[] = [];
    renderPlanning({
      path: "/planning/events",
      planning: {
        createClient: (request) => {
          clients.push(request);
          return { client: { id: pids.client, name: request.name } };
        },
        createEvent: (request) => {
          created.push(request);
          return { event: newEvent({ name: request.event?.name ?? "" }) };
        },
        getEvent: () => ({ event: newEvent() }),
      },
    });
    const dialog = await openForm();
    set(dialog, /^Name/, "Summer Festival");
    search(within(dialog).getByRole("combobox", { name: "Client" }), "Acme Events");
    fireEvent.click(await screen.findByRole("option", { name: "Create “Acme Events”" }));
    await waitFor(() => { expect(clients).toEqual([expect.objectContaining({ name: "Acme Events" })]); });

    search(within(dialog).getByRole("combobox", { name: "Time zone" }), "America/New_York");
    fireEvent.click(await screen.findByRole("option", { name: "America/New_York" }));
    const show = within(dialog).getByRole("group", { name: "Phase 1: Show" });
    set(show, "Starts", "2026-06-05T12:00");
    set(show, "Ends", "2026-06-07T23:00");
    fireEvent.click(within(dialog).getByRole("button", { name: "+ Load-out" }));
    expect(within(dialog).getByText(/Out of the warehouse: .* \(3 days\)/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole("button", { name: "Create event" }));

    await waitFor(() => { expect(created).toHaveLength(1); });
    const input = created[0]?.event;
    expect(input).toMatchObject({ name: "Summer Festival", clientId: pids.client, timeZone: "America/New_York" });
    const phases = (input?.phases ?? []).map((phase) => ({
      kind: phase.kind,
      start: phase.period?.start ? timestampDate(phase.period.start).toISOString() : "",
      end: phase.period?.end ? timestampDate(phase.period.end).toISOString() : "",
    }));
    // 12:00 in New York (EDT, UTC−4) is 16:00 UTC.
    expect(phases).toEqual([
      { kind: PhaseKind.LOAD_OUT, start: "2026-06-05T12:00:00.000Z", end: "2026-06-05T16:00:00.000Z" },
      { kind: PhaseKind.SHOW, start: "2026-06-05T16:00:00.000Z", end: "2026-06-08T03:00:00.000Z" },
    ]);
    expect(await screen.findByRole("heading", { name: "Summer Festival", level: 2 })).toBeTruthy();
    expect(window.location.pathname).toBe(`/planning/events/${pids.event}`);
  });
});
