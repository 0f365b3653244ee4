import { create } from "@bufbuild/protobuf";
import { SearchHitKind, SearchHitSchema } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { LineKind, LineSource, type AddPullListLineRequest, type PullListLine } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { groupPullList } from "./pull-list-tree.js";
import { newEvent, newLine, newSection, pids, renderPlanning, search } from "./test-support.js";

/** A kit of two washes and a cable per kit, a spot line 4 short, and a cable accessory of the spot. */
function startingLines(): PullListLine[] {
  return [
    newLine({ id: pids.line, title: "Moving head spot", quantity: 24, available: 20, shortage: 4, position: 0, picked: 6 }),
    newLine({ id: pids.cableLine, productId: pids.cable, title: "Power cable", quantity: 24, available: 300, parentLineId: pids.line, accessory: true, position: 1 }),
    newLine({ id: pids.kitLine, kind: LineKind.KIT, productId: "", kitId: pids.kit, title: "Wash kit", quantity: 2, available: 5, position: 2 }),
    newLine({ id: pids.washLine, productId: pids.wash, title: "LED wash", quantity: 4, available: 12, parentLineId: pids.kitLine, position: 3 }),
  ];
}

describe("pull list grouping", () => {
  it("keeps kit items and accessories under their line, in order", () => {
    const groups = groupPullList([newSection()], [...startingLines()].reverse());
    expect(groups[0]?.nodes.map((node) => [node.line.title, node.depth, node.component, node.descendants])).toEqual([
      ["Moving head spot", 0, false, 1],
      ["Power cable", 1, false, 0],
      ["Wash kit", 0, false, 1],
      ["LED wash", 1, true, 0],
    ]);
    expect(groups[0]?.short).toBe(1);
  });
});

describe("pull list", () => {
  it("shows a short line in red and covers it with a sub-hire line for the missing units", async () => {
    let lines = startingLines();
    const added: AddPullListLineRequest[] = [];
    renderPlanning({
      path: `/planning/events/${pids.event}`,
      planning: {
        getEvent: () => ({ event: newEvent() }),
        getPullList: () => ({ sections: [newSection()], lines }),
        addPullListLine: (request) => {
          added.push(request);
          const line = newLine({
            id: pids.subHireLine,
            title: "Moving head spot",
            quantity: request.quantity,
            source: request.source,
            supplier: request.supplier,
            cost: request.cost,
            position: 4,
            available: 0,
          });
          lines = [{ ...startingLines()[0], shortage: 0 } as PullListLine, ...startingLines().slice(1), line];
          return { lines: [line] };
        },
      },
    });
    const list = await screen.findByRole("list", { name: "Lighting" });
    const [spot, cable, kit, wash] = within(list).getAllByRole("listitem");
    if (!spot || !cable || !kit || !wash) throw new Error("expected four lines");
    expect(within(spot).getByText("Short 4")).toBeTruthy();
    expect(spot.getAttribute("style")).toContain("var(--mantine-color-red-light)");
    expect(within(spot).getByLabelText("Picked 6, checked out 0, returned 0")).toBeTruthy();
    expect(within(cable).getByText("Accessory")).toBeTruthy();
    expect(within(kit).getByText("Kit")).toBeTruthy();
    expect(within(wash).getByText("Kit item")).toBeTruthy();
    expect(within(wash).getByText("OK")).toBeTruthy();
    expect(screen.getAllByText("1 line short")).toHaveLength(2);
    // Only a short product line offers the cover.
    expect(within(cable).queryByRole("button", { name: "Cover with sub-hire" })).toBeNull();

    fireEvent.click(within(spot).getByRole("button", { name: "Cover with sub-hire" }));
    const dialog = await screen.findByRole("dialog", { name: "Sub-hire Moving head spot" });
    expect(within(dialog).getByText("4 units of Moving head spot are missing over the event's period.")).toBeTruthy();
    fireEvent.click(within(dialog).getByRole("button", { name: "Add sub-hire line" }));
    expect(await within(dialog).findByText("Name the supplier or partner.")).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/^Supplier name/), { target: { value: "Rent-a-Light" } });
    fireEvent.change(within(dialog).getByLabelText(/^Cost/), { target: { value: "480" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Add sub-hire line" }));

    await waitFor(() => { expect(added).toHaveLength(1); });
    expect(added[0]).toMatchObject({
      eventId: pids.event,
      sectionId: pids.section,
      item: { case: "productId", value: pids.spot },
      quantity: 4,
      source: LineSource.SUPPLIER,
      supplier: "Rent-a-Light",
      cost: { amountMinor: 48000n, currency: "EUR" },
    });
    await waitFor(() => { expect(screen.queryByRole("dialog", { name: "Sub-hire Moving head spot" })).toBeNull(); });
    await waitFor(() => { expect(screen.queryByText("Short 4")).toBeNull(); });
    const after = within(await screen.findByRole("list", { name: "Lighting" })).getAllByRole("listitem");
    expect(after).toHaveLength(5);
    expect(after[4]?.textContent).toContain("Sub-hire · Supplier");
    expect(after[4]?.textContent).toContain("Rent-a-Light");
    expect(screen.getByText("Everything available")).toBeTruthy();
  });

  it("adds a kit found by search and edits a quantity in place", async () => {
    const added: AddPullListLineRequest[] = [];
    const updated: { lineId: string; quantity?: number }[] = [];
    renderPlanning({
      path: `/planning/events/${pids.event}`,
      planning: {
        getEvent: () => ({ event: newEvent() }),
        getPullList: () => ({ sections: [newSection()], lines: startingLines() }),
        addPullListLine: (request) => {
          added.push(request);
          return { lines: [] };
        },
        updatePullListLine: (request) => {
          updated.push({ lineId: request.lineId, quantity: request.quantity });
          return { line: newLine() };
        },
      },
      inventory: {
        search: () => ({ hits: [create(SearchHitSchema, { kind: SearchHitKind.KIT, id: pids.kit, code: "KIT-WASH", title: "Wash kit", highlight: "«Wash» kit" })] }),
      },
    });
    const form = await screen.findByRole("form", { name: "Add to the pull list" });
    search(within(form).getByRole("combobox", { name: "Product, asset, kit or case" }), "wash");
    fireEvent.click(await screen.findByRole("option", { name: /Wash kit/ }));
    fireEvent.change(within(form).getByLabelText("Quantity"), { target: { value: "3" } });
    fireEvent.click(within(form).getByRole("checkbox", { name: "Include the kit's optional items" }));
    fireEvent.click(within(form).getByRole("button", { name: "Add" }));
    await waitFor(() => { expect(added).toHaveLength(1); });
    expect(added[0]).toMatchObject({ eventId: pids.event, sectionId: pids.section, item: { case: "kitId", value: pids.kit }, quantity: 3, includeOptional: true });

    const quantity = screen.getByRole("textbox", { name: "Quantity of Moving head spot" });
    fireEvent.change(quantity, { target: { value: "30" } });
    fireEvent.keyDown(quantity, { key: "Enter" });
    await waitFor(() => { expect(updated).toEqual([{ lineId: pids.line, quantity: 30 }]); });
  });

  it("adds a permanent case as one unit and shows it as booked with a shortage when another event holds it", async () => {
    const added: AddPullListLineRequest[] = [];
    renderPlanning({
      path: `/planning/events/${pids.event}`,
      planning: {
        getEvent: () => ({ event: newEvent() }),
        getPullList: () => ({
          sections: [newSection()],
          lines: [newLine({ id: pids.kitLine, kind: LineKind.CASE, productId: "", caseId: pids.kit, title: "C000017 · Amp rack A", quantity: 1, available: 0, shortage: 1 })],
        }),
        addPullListLine: (request) => {
          added.push(request);
          return { lines: [] };
        },
      },
      inventory: {
        search: () => ({ hits: [create(SearchHitSchema, { kind: SearchHitKind.CASE, id: pids.kit, code: "C000017", title: "Amp rack A" })] }),
      },
    });
    const row = (await screen.findByText("C000017 · Amp rack A")).closest("tr") ?? document.body;
    expect(within(row).getByText("Permanent case")).toBeTruthy();
    expect(within(row).getByText("Short 1")).toBeTruthy();
    const form = await screen.findByRole("form", { name: "Add to the pull list" });
    search(within(form).getByRole("combobox", { name: "Product, asset, kit or case" }), "amp rack");
    fireEvent.click(await screen.findByRole("option", { name: /Amp rack A/ }));
    expect(within(form).getByLabelText<HTMLInputElement>("Quantity").disabled).toBe(true);
    fireEvent.click(within(form).getByRole("button", { name: "Add" }));
    await waitFor(() => { expect(added).toHaveLength(1); });
    expect(added[0]).toMatchObject({ eventId: pids.event, item: { case: "caseId", value: pids.kit }, quantity: 1 });
  });
});
