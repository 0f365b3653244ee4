import { Code, ConnectError } from "@connectrpc/connect";
import { StockMovementKind, TrackingMode, type RecordStockMovementRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ids, newProduct, renderInventory } from "./test-support.js";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("stock movement dialog", () => {
  it("sends one client-generated request id per dialog, so a retry or double click is applied once", async () => {
    const requests: RecordStockMovementRequest[] = [];
    const applied = new Set<string>();
    let quantity = 0;
    renderInventory({
      path: `/inventory/products/${ids.product}`,
      inventory: {
        getProduct: () => ({
          product: newProduct({ tracking: TrackingMode.BULK, name: "XLR cable 10 m", quantityOwned: quantity }),
          stock: quantity ? [{ productId: ids.product, locationId: ids.shelf, quantity }] : [],
          assetsByStatus: {},
        }),
        recordStockMovement: (request) => {
          requests.push(request);
          // The server applies each request id once.
          if (!applied.has(request.requestId)) {
            applied.add(request.requestId);
            quantity += request.quantity;
          }
          // The first answer is lost on the way back.
          if (requests.length === 1) throw new ConnectError("connection reset", Code.Unavailable);
          return { levels: [{ productId: ids.product, locationId: ids.shelf, quantity }] };
        },
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Receive" }));
    const dialog = await screen.findByRole("dialog", { name: "Stock movement: XLR cable 10 m" });
    fireEvent.click(within(dialog).getByRole("combobox", { name: "Location" }));
    fireEvent.click(await screen.findByRole("option", { name: "Berlin / Shelf A" }));
    fireEvent.change(within(dialog).getByRole("textbox", { name: "Quantity" }), { target: { value: "25" } });

    const submit = within(dialog).getByRole("button", { name: "Receive" });
    fireEvent.click(submit);
    expect(await within(dialog).findByText("The server cannot be reached. Check your connection.")).toBeTruthy();
    fireEvent.click(submit);
    await waitFor(() => { expect(screen.queryByRole("dialog")).toBeNull(); });

    expect(requests).toHaveLength(2);
    expect(requests[0]?.requestId).toMatch(uuid);
    expect(requests[1]?.requestId).toBe(requests[0]?.requestId);
    expect(requests[0]).toMatchObject({ kind: StockMovementKind.RECEIVE, toLocationId: ids.shelf, fromLocationId: "", quantity: 25 });
    expect(quantity).toBe(25);
    expect(await screen.findByText("In stock: 25")).toBeTruthy();

    // A new dialog is a new movement with a new id.
    fireEvent.click(screen.getByRole("button", { name: "Count" }));
    const count = await screen.findByRole("dialog", { name: "Stock movement: XLR cable 10 m" });
    expect(within(count).getByText("Now here: 25")).toBeTruthy();
    fireEvent.change(within(count).getByRole("textbox", { name: "Counted quantity" }), { target: { value: "24" } });
    fireEvent.click(within(count).getByRole("button", { name: "Adjust (count)" }));
    await waitFor(() => { expect(requests).toHaveLength(3); });
    expect(requests[2]).toMatchObject({ kind: StockMovementKind.ADJUST, toLocationId: ids.shelf, quantity: 24 });
    expect(requests[2]?.requestId).toMatch(uuid);
    expect(requests[2]?.requestId).not.toBe(requests[0]?.requestId);
  });

  it("does not send a write-off larger than the stock at the location", async () => {
    const requests: RecordStockMovementRequest[] = [];
    renderInventory({
      path: `/inventory/products/${ids.product}`,
      inventory: {
        getProduct: () => ({
          product: newProduct({ tracking: TrackingMode.BULK, name: "Gaffer tape" }),
          stock: [{ productId: ids.product, locationId: ids.shelf, quantity: 3 }],
          assetsByStatus: {},
        }),
        recordStockMovement: (request) => {
          requests.push(request);
          return {};
        },
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Write off" }));
    const dialog = await screen.findByRole("dialog");
    fireEvent.change(within(dialog).getByRole("textbox", { name: "Quantity" }), { target: { value: "5" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Write off" }));
    expect(await within(dialog).findByText("Only 3 here")).toBeTruthy();
    expect(requests).toEqual([]);
  });
});
