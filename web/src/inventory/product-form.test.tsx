import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { ProductSchema, TrackingMode, type CreateProductRequest, type UpdateProductRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { apiError } from "../test/factories.js";
import { ids, newProduct, renderInventory } from "./test-support.js";

function field(dialog: HTMLElement, label: RegExp | string): HTMLInputElement {
  return within(dialog).getByLabelText(label, { selector: "input, textarea" });
}

function type(dialog: HTMLElement, label: RegExp | string, value: string): void {
  fireEvent.change(field(dialog, label), { target: { value } });
}

describe("product form", () => {
  it("refuses to submit an empty or malformed product and says why", async () => {
    const created: CreateProductRequest[] = [];
    renderInventory({ path: "/inventory/products", inventory: { createProduct: (request) => { created.push(request); return {}; } } });
    fireEvent.click(await screen.findByRole("button", { name: "New product" }));
    const dialog = await screen.findByRole("dialog", { name: "New product" });

    fireEvent.click(within(dialog).getByRole("button", { name: "Create product" }));
    expect(await within(dialog).findByText("Some fields need your attention. They are marked below.")).toBeTruthy();
    expect(within(dialog).getAllByText("Required")).toHaveLength(2);

    type(dialog, /^Code/, "mh spot");
    type(dialog, /^Name/, "Spot");
    type(dialog, /^Day rate/, "12.345");
    type(dialog, /^Weight/, "heavy");
    fireEvent.click(within(dialog).getByRole("button", { name: "Create product" }));
    expect(within(dialog).getByText("Use letters, digits and . _ / - only, no spaces")).toBeTruthy();
    expect(within(dialog).getByText("Enter an amount such as 12.50")).toBeTruthy();
    expect(within(dialog).getByText("Enter a number such as 1.5")).toBeTruthy();
    expect(created).toEqual([]);
  });

  it("creates a product with money in minor units, metric sizes, tags and custom fields", async () => {
    const created: CreateProductRequest[] = [];
    renderInventory({
      path: "/inventory/products",
      inventory: {
        createProduct: (request) => {
          created.push(request);
          return { product: newProduct({ id: ids.otherProduct, name: request.product?.name ?? "" }) };
        },
        getProduct: () => ({ product: newProduct({ id: ids.otherProduct, name: "Moving head spot" }) }),
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "New product" }));
    const dialog = await screen.findByRole("dialog", { name: "New product" });
    type(dialog, /^Code/, " MH-SPOT ");
    type(dialog, /^Name/, "Moving head spot");
    type(dialog, /^Day rate/, "45.5");
    type(dialog, /^Replacement value/, "2,500.00");
    type(dialog, /^Weight/, "18.5");
    type(dialog, /^Length/, "40");
    type(dialog, /^Width/, "30");
    type(dialog, /^Height/, "60");
    expect(within(dialog).getByText("Volume: 0.072 m³ (72 l)")).toBeTruthy();
    type(dialog, /^Inspection interval/, "365");
    fireEvent.click(within(dialog).getByRole("button", { name: "Add field" }));
    type(dialog, "Field name 1", "Power");
    type(dialog, "Value 1", "650 W");

    fireEvent.click(within(dialog).getByRole("button", { name: "Create product" }));
    await waitFor(() => { expect(created).toHaveLength(1); });
    const product = created[0]?.product;
    expect(product).toMatchObject({
      code: "MH-SPOT",
      name: "Moving head spot",
      tracking: TrackingMode.SERIALIZED,
      dayRate: { amountMinor: 4550n, currency: "EUR" },
      replacementValue: { amountMinor: 250000n, currency: "EUR" },
      dimensions: { weightGrams: 18500, lengthMm: 400, widthMm: 300, heightMm: 600 },
      customFields: { Power: "650 W" },
      inspectionIntervalDays: 365,
    });
    // The new product's page opens.
    await waitFor(() => { expect(window.location.pathname).toBe(`/inventory/products/${ids.otherProduct}`); });
  });

  it("sends only the changed fields in the update mask, with the version it edited", async () => {
    const updates: UpdateProductRequest[] = [];
    let product = newProduct();
    renderInventory({
      path: `/inventory/products/${ids.product}`,
      inventory: {
        getProduct: () => ({ product, stock: [], assetsByStatus: {} }),
        updateProduct: (request) => {
          updates.push(request);
          product = create(ProductSchema, { ...product, name: request.product?.name ?? "", version: product.version + 1n });
          return { product };
        },
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Edit" }));
    const dialog = await screen.findByRole("dialog", { name: "Edit product" });
    expect(field(dialog, /^Day rate/).value).toBe("45.00");
    type(dialog, /^Name/, "Moving head spot 2");
    type(dialog, /^Day rate/, "50");
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));

    await waitFor(() => { expect(updates).toHaveLength(1); });
    expect(updates[0]?.productId).toBe(ids.product);
    expect(updates[0]?.version).toBe(3n);
    expect(updates[0]?.updateMask?.paths).toEqual(["name", "day_rate"]);
    expect(updates[0]?.product?.dayRate).toMatchObject({ amountMinor: 5000n, currency: "EUR" });
    expect(await screen.findByRole("heading", { name: "Moving head spot 2" })).toBeTruthy();
  });

  it("shows a duplicate code on the code field, translated", async () => {
    renderInventory({
      path: "/inventory/products",
      language: "de",
      inventory: {
        createProduct: () => {
          throw apiError(Code.AlreadyExists, "DUPLICATE_CODE", "product code already exists");
        },
      },
    });
    fireEvent.click(await screen.findByRole("button", { name: "Neuer Artikel" }));
    const dialog = await screen.findByRole("dialog", { name: "Neuer Artikel" });
    type(dialog, /^Code/, "MH-SPOT");
    type(dialog, /^Name/, "Spot");
    fireEvent.click(within(dialog).getByRole("button", { name: "Artikel anlegen" }));
    expect(await within(dialog).findByRole("alert")).toBeTruthy();
    expect(within(dialog).getAllByText("Dieser Code oder Barcode ist schon vergeben. Wählen Sie einen anderen.").length).toBeGreaterThan(0);
    expect(document.body.textContent).not.toContain("product code already exists");
  });
});
