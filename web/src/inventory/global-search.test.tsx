import { create } from "@bufbuild/protobuf";
import { SearchHitKind, SearchHitSchema, type SearchHit, type SearchRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { groupHits } from "./global-search.js";
import { ids, newProduct, renderInventory } from "./test-support.js";
import { highlightParts } from "./ui.js";

function hit(overrides: Partial<Omit<SearchHit, "$typeName">>): SearchHit {
  return create(SearchHitSchema, { id: ids.product, kind: SearchHitKind.PRODUCT, ...overrides });
}

describe("search results", () => {
  it("splits « » highlights into marked parts", () => {
    expect(highlightParts("«Moving» head «spot»")).toEqual([
      { text: "Moving", marked: true },
      { text: " head ", marked: false },
      { text: "spot", marked: true },
    ]);
    expect(highlightParts("no marks")).toEqual([{ text: "no marks", marked: false }]);
    expect(highlightParts("broken «mark")).toEqual([{ text: "broken mark", marked: false }]);
  });

  it("groups by kind, groups with an exact code hit first", () => {
    const hits = [
      hit({ id: "p1", kind: SearchHitKind.PRODUCT, title: "Spot" }),
      hit({ id: "a1", kind: SearchHitKind.ASSET, title: "Spot" }),
      hit({ id: "p2", kind: SearchHitKind.PRODUCT, title: "Spot 2" }),
      hit({ id: "a2", kind: SearchHitKind.ASSET, title: "MH-0002", exact: true }),
      hit({ id: "c1", kind: SearchHitKind.CASE, title: "Spot case" }),
    ];
    expect(groupHits(hits).map((group) => [group.kind, group.hits.map((h) => h.id)])).toEqual([
      [SearchHitKind.ASSET, ["a2", "a1"]],
      [SearchHitKind.PRODUCT, ["p1", "p2"]],
      [SearchHitKind.CASE, ["c1"]],
    ]);
  });

  it("finds as you type, shows highlights and exact hits first, and opens the hit", async () => {
    const queries: SearchRequest[] = [];
    renderInventory({
      path: "/",
      inventory: {
        search: (request) => {
          queries.push(request);
          return {
            hits: [
              hit({ id: ids.otherProduct, kind: SearchHitKind.PRODUCT, code: "MH-SPOT", title: "Moving head spot", highlight: "«Moving» head spot", score: 0.6 }),
              hit({ id: ids.asset, kind: SearchHitKind.ASSET, code: "MOVNG-1", title: "MOVNG-1", subtitle: "Moving head spot", highlight: "«MOVNG-1»", exact: true, score: 1 }),
            ],
          };
        },
        getAsset: () => ({ asset: undefined, history: [] }),
        getProduct: () => ({ product: newProduct() }),
      },
    });
    // On a phone the header shows a search button that opens a full-screen search.
    fireEvent.click(await screen.findByRole("button", { name: "Search" }));
    const dialog = await screen.findByRole("dialog", { name: "Search" });
    fireEvent.change(within(dialog).getByRole("searchbox", { name: "Search inventory" }), { target: { value: "movng" } });

    const results = within(dialog).getByRole("region", { name: "Search results" });
    await waitFor(() => { expect(within(results).getAllByTestId("search-hit")).toHaveLength(2); });
    expect(queries.map((query) => query.query)).toEqual(["movng"]);
    const groups = within(results).getAllByRole("group");
    expect(groups.map((group) => group.getAttribute("aria-label"))).toEqual(["Assets", "Products"]);
    const [first, second] = within(results).getAllByTestId("search-hit");
    expect(first?.textContent).toContain("Exact");
    expect(first?.querySelector("mark")?.textContent).toBe("MOVNG-1");
    expect(second?.querySelector("mark")?.textContent).toBe("Moving");
    expect(second?.textContent).toContain("Moving head spot");

    if (!second) throw new Error("no second hit");
    fireEvent.click(second);
    await waitFor(() => { expect(window.location.pathname).toBe(`/inventory/products/${ids.otherProduct}`); });
    expect(screen.queryByRole("dialog", { name: "Search" })).toBeNull();
  });

  it("is not offered without inventory.read", async () => {
    renderInventory({ path: "/", permissions: [] });
    expect(await screen.findByRole("button", { name: "Account menu" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Search" })).toBeNull();
  });
});
