import { TrackingMode, type CreateAssetsRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { parseTagLines, seriesPreview } from "./tag-series.js";
import { ids, newProduct, renderInventory } from "./test-support.js";

describe("seriesPreview", () => {
  it.each([
    { series: { prefix: "LX-", firstNumber: 1, count: 24, digits: 4 }, expected: { first: "LX-0001", last: "LX-0024", overflows: false } },
    { series: { prefix: "", firstNumber: 0, count: 1, digits: 0 }, expected: { first: "0", last: "0", overflows: false } },
    { series: { prefix: "A", firstNumber: 95, count: 10, digits: 2 }, expected: { first: "A95", last: "A104", overflows: true } },
    { series: { prefix: "CAB/", firstNumber: 7, count: 1000, digits: 0 }, expected: { first: "CAB/7", last: "CAB/1006", overflows: false } },
  ])("$series.prefix from $series.firstNumber × $series.count → $expected.first … $expected.last", ({ series, expected }) => {
    expect(seriesPreview(series)).toEqual(expected);
  });

  it.each([
    { prefix: "LX 1", firstNumber: 1, count: 2, digits: 0 },
    { prefix: "LX-", firstNumber: 1, count: 0, digits: 0 },
    { prefix: "LX-", firstNumber: 1, count: 1001, digits: 0 },
    { prefix: "LX-", firstNumber: -1, count: 1, digits: 0 },
    { prefix: "LX-", firstNumber: 1, count: 1, digits: 13 },
  ])("refuses %o", (series) => {
    expect(seriesPreview(series)).toBeUndefined();
  });

  it("reads tags one per line with optional serial numbers", () => {
    expect(parseTagLines("A1, S-1\n\n A2 \nA3;S-3\n")).toEqual({ tags: ["A1", "A2", "A3"], serialNumbers: ["S-1", "", "S-3"] });
    expect(parseTagLines("A1\nA2")).toEqual({ tags: ["A1", "A2"], serialNumbers: [] });
  });
});

describe("add units dialog", () => {
  it("previews the first and last tag live and creates the series", async () => {
    const requests: CreateAssetsRequest[] = [];
    renderInventory({
      path: `/inventory/products/${ids.product}`,
      inventory: {
        getProduct: () => ({ product: newProduct({ code: "lx", tracking: TrackingMode.SERIALIZED }), stock: [], assetsByStatus: {} }),
        createAssets: (request) => {
          requests.push(request);
          return { assets: [] };
        },
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Add units" }));
    const dialog = await screen.findByRole("dialog", { name: "Add units of Moving head spot" });
    const preview = within(dialog).getByTestId("series-preview");
    // Defaults: the product code as prefix, ten units, four digits.
    expect(preview.textContent).toBe("10 units:LX-0001…LX-0010");

    const set = (label: string, value: string) => {
      fireEvent.change(within(dialog).getByLabelText(label), { target: { value } });
    };
    set("Prefix", "LX-");
    set("First number", "1");
    set("How many", "24");
    expect(preview.textContent).toBe("24 units:LX-0001…LX-0024");
    set("Digits", "2");
    expect(preview.textContent).toContain("LX-01…LX-24");
    set("First number", "95");
    expect(preview.textContent).toContain("LX-95…LX-118");
    expect(within(dialog).getByText("The last number needs more digits than chosen: increase the digits, or use 0 for as many as needed.")).toBeTruthy();
    set("How many", "0");
    expect(preview.textContent).toContain("Enter a prefix");
    set("How many", "24");
    set("Digits", "4");
    set("First number", "1");

    // The location is required before anything is sent.
    fireEvent.click(within(dialog).getByRole("button", { name: "Add units" }));
    expect(await within(dialog).findByText("Required")).toBeTruthy();
    expect(requests).toEqual([]);
    fireEvent.click(within(dialog).getByRole("combobox", { name: "Location" }));
    fireEvent.click(await screen.findByRole("option", { name: "Berlin / Shelf A" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Add units" }));

    await waitFor(() => { expect(requests).toHaveLength(1); });
    expect(requests[0]?.tags).toMatchObject({ case: "series", value: { prefix: "LX-", firstNumber: 1, count: 24, digits: 4 } });
    expect(requests[0]?.locationId).toBe(ids.shelf);
  });
});
