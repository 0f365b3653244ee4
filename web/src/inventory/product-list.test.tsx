import { create } from "@bufbuild/protobuf";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { CategorySchema, TrackingMode, type ListProductsRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { formatMoney, formatNumber } from "../format.js";
import { ids, newProduct, renderInventory } from "./test-support.js";

const category = create(CategorySchema, { id: "5c8f0b6d-bf6e-4fae-8b6d-6e7f8091a2b3", name: "Lighting", path: ["Lighting"], version: 1n });

describe("product list", () => {
  it("renders right-to-left in Arabic with translated labels and locale formats", async () => {
    renderInventory({
      path: "/inventory/products",
      language: "ar",
      inventory: {
        listCategories: () => ({ categories: [category] }),
        listProducts: () => ({
          products: [
            newProduct({ categoryId: category.id, quantityOwned: 12, dayRate: create(MoneySchema, { amountMinor: 4550n, currency: "EUR" }) }),
            newProduct({ id: ids.otherProduct, code: "XLR-10", name: "XLR 10 m", tracking: TrackingMode.BULK, quantityOwned: 250, archived: true }),
          ],
        }),
      },
    });
    expect(await screen.findByRole("heading", { name: "المنتجات", level: 2 })).toBeTruthy();
    await waitFor(() => { expect(document.documentElement.dir).toBe("rtl"); });
    expect(document.documentElement.lang).toBe("ar");

    const nav = screen.getByRole("navigation", { name: "التنقل الرئيسي" });
    expect(within(nav).getAllByRole("link").map((link) => link.textContent)).toEqual([
      "الرئيسية",
      "المنتجات",
      "الصناديق",
      "الأطقم",
      "المواقع",
      "الصيانة",
      "استيراد CSV",
    ]);
    expect(within(nav).getByText("المخزون")).toBeTruthy();

    // On a phone the table is a list of cards.
    const list = await screen.findByRole("list", { name: "المنتجات" });
    const [spot, cable] = within(list).getAllByRole("listitem");
    if (!spot || !cable) throw new Error("expected two products");
    expect(within(spot).getByRole("link", { name: "Moving head spot" }).getAttribute("href")).toBe(`/inventory/products/${ids.product}`);
    expect(spot.textContent).toContain("متسلسل");
    expect(spot.textContent).toContain("Lighting");
    expect(spot.textContent).toContain(formatMoney(4550n, "EUR", "ar"));
    expect(spot.textContent).toContain(formatNumber(12, "ar"));
    expect(cable.textContent).toContain("بالكمية");
    expect(cable.textContent).toContain("مؤرشف");
    // Codes stay left-to-right inside the right-to-left page.
    expect(within(spot).getByText("MH-SPOT").getAttribute("dir")).toBe("ltr");
    expect(screen.getByRole("button", { name: "منتج جديد" })).toBeTruthy();
  });

  it("sends the filters and sort to ListProducts", async () => {
    const requests: ListProductsRequest[] = [];
    renderInventory({
      path: "/inventory/products",
      inventory: {
        listProducts: (request) => {
          requests.push(request);
          return { products: [], nextPageToken: "" };
        },
      },
    });
    expect(await screen.findByText("No products yet")).toBeTruthy();
    fireEvent.change(screen.getByRole("searchbox", { name: "Search" }), { target: { value: "spot" } });
    fireEvent.click(screen.getByRole("button", { name: "Filters" }));
    fireEvent.click(await screen.findByRole("switch", { name: "Show archived products" }));
    await waitFor(() => { expect(requests.at(-1)).toMatchObject({ query: "spot", includeArchived: true, pageSize: 50 }); });
    expect(await screen.findByText("No products match these filters")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Filters (1)" })).toBeTruthy();
  });
});
