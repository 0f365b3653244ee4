import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { EventStatus, OverbookingPolicy, ShortageSchema, type ChangeEventStatusRequest } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { allowedTransitions } from "./labels.js";
import { newEvent, pids, renderPlanning } from "./test-support.js";

async function statusButtons(): Promise<string[]> {
  await screen.findByRole("heading", { name: "Summer Festival", level: 2 });
  const group = screen.queryByRole("group", { name: "Change status" });
  return group ? within(group).getAllByRole("button").map((button) => button.textContent) : [];
}

const shortage = create(ShortageSchema, { eventId: pids.event, productId: pids.spot, productName: "Moving head spot", needed: 24, available: 20, short: 4 });

describe("status actions", () => {
  it.each([
    [EventStatus.ENQUIRY, ["Hold provisionally", "Confirm", "Cancel event"]],
    [EventStatus.PROVISIONAL, ["Back to enquiry", "Confirm", "Cancel event"]],
    [EventStatus.CONFIRMED, ["Hold provisionally", "Mark prepped", "Cancel event"]],
    [EventStatus.PREPPED, ["Back to confirmed", "Mark out", "Cancel event"]],
    [EventStatus.OUT, ["Mark returned"]],
    [EventStatus.RETURNED, ["Close event", "Back out"]],
    [EventStatus.CLOSED, []],
    [EventStatus.CANCELLED, ["Reopen as enquiry"]],
  ])("offers only the allowed transitions from status %s", async (status, expected) => {
    renderPlanning({ path: `/planning/events/${pids.event}`, planning: { getEvent: () => ({ event: newEvent({ status }) }) } });
    expect(await statusButtons()).toEqual(expected);
  });

  it("offers nothing for a template or without planning.manage", async () => {
    expect(allowedTransitions(EventStatus.ENQUIRY, true)).toEqual([]);
    renderPlanning({ path: `/planning/events/${pids.event}`, permissions: ["planning.read"], planning: { getEvent: () => ({ event: newEvent() }) } });
    expect(await statusButtons()).toEqual([]);
  });

  it("shows the product and numbers when the policy blocks confirming", async () => {
    const requests: ChangeEventStatusRequest[] = [];
    renderPlanning({
      path: `/planning/events/${pids.event}`,
      planning: {
        getEvent: () => ({ event: newEvent() }),
        listShortages: () => ({ shortages: [shortage] }),
        getPlanningSettings: () => ({ settings: { overbookingPolicy: OverbookingPolicy.BLOCK } }),
        changeEventStatus: (request) => {
          requests.push(request);
          throw new ConnectError("Moving head spot is short by 4", Code.FailedPrecondition, undefined, [
            {
              desc: ErrorInfoSchema,
              value: { reason: "SHORTAGE", domain: "eventkit", metadata: { productId: pids.spot, productName: "Moving head spot", needed: "24", available: "20", short: "4", shortages: "2" } },
            },
          ]);
        },
      },
    });
    await statusButtons();
    fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    const dialog = await screen.findByRole("dialog", { name: "Confirm: EV-0042" });
    // Before confirming: what is short, and what the policy will do.
    expect(await within(dialog).findByText("1 product is short right now")).toBeTruthy();
    expect(within(dialog).getByText(/blocks confirming/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    await within(dialog).findByText("Cannot confirm: not enough stock");
    const alert = within(dialog).getAllByRole("alert").find((element) => element.textContent.includes("Cannot confirm"));
    if (!alert) throw new Error("expected the blocking alert");
    expect(alert.textContent).toContain("Cannot confirm: not enough stock");
    expect(alert.textContent).toContain("Moving head spot: 4 short (needs 24, 20 available)");
    expect(alert.textContent).toContain("and 1 more product is short.");
    expect(requests).toMatchObject([{ eventId: pids.event, version: 3n, status: EventStatus.CONFIRMED }]);
  });

  it("notes a confirmation under the WARN policy with its shortages", async () => {
    let event = newEvent();
    renderPlanning({
      path: `/planning/events/${pids.event}`,
      planning: {
        getEvent: () => ({ event }),
        changeEventStatus: (request) => {
          event = newEvent({ status: request.status, confirmedWithShortages: true, version: 4n });
          return { event, shortages: [shortage] };
        },
      },
    });
    await statusButtons();
    fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    const dialog = await screen.findByRole("dialog", { name: "Confirm: EV-0042" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    const notice = await screen.findByRole("status");
    expect(notice.textContent).toContain("Done, with 1 shortage recorded");
    expect(notice.textContent).toContain("Moving head spot: 4 short (needs 24, 20 available)");
    await waitFor(() => { expect(screen.getAllByText("Confirmed with shortages").length).toBeGreaterThan(0); });
    expect(await statusButtons()).toEqual(["Hold provisionally", "Mark prepped", "Cancel event"]);
  });
});
