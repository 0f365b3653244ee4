import { create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { CaseKind, CaseSchema, type Asset, type PackCaseRequest } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { apiError } from "../test/factories.js";
import { ids, newAsset, renderInventory } from "./test-support.js";

const caseId = "6d9a1c7e-c07f-4ab0-9c7e-7f8091a2b3c4";

describe("case packing by scanning", () => {
  it("queues codes typed fast with Enter, packs them in order and keeps the field ready", async () => {
    const assets = new Map<string, Asset>(
      ["MH-0001", "MH-0002", "MH-0003"].map((tag, index) => [tag, newAsset({ id: `${ids.asset.slice(0, -1)}${index}`, tag })]),
    );
    const packed: Asset[] = [];
    const packRequests: PackCaseRequest[] = [];
    const item = create(CaseSchema, { id: caseId, code: "CASE-7", name: "Spot case", kind: CaseKind.TEMPORARY, locationId: ids.warehouse, version: 1n });
    renderInventory({
      path: `/inventory/cases/${caseId}`,
      inventory: {
        getCase: () => ({ case: item, contents: { assets: packed, bulk: [], cases: [] }, ancestorIds: [] }),
        resolveCode: async ({ code }) => {
          // Answers arrive out of step with the typing: the queue keeps the order.
          await new Promise((resolve) => setTimeout(resolve, code === "MH-0001" ? 30 : 1));
          const asset = assets.get(code);
          if (!asset) throw apiError(Code.NotFound, "CODE_NOT_FOUND");
          return { target: { case: "asset", value: asset } };
        },
        packCase: (request) => {
          packRequests.push(request);
          for (const id of request.assetIds) {
            const asset = [...assets.values()].find((a) => a.id === id);
            if (asset) packed.push(asset);
          }
          return { case: item };
        },
      },
    });
    const field = await screen.findByRole<HTMLInputElement>("textbox", { name: "Scan or type a code" });
    expect(document.activeElement).toBe(field);
    for (const code of ["MH-0001", "NOPE-1", "MH-0002"]) {
      fireEvent.change(field, { target: { value: code } });
      fireEvent.keyDown(field, { key: "Enter" });
      expect(field.value).toBe("");
    }
    const log = screen.getByRole("log", { name: "Scanned" });
    await waitFor(() => { expect(log.children).toHaveLength(3); }, { timeout: 5000 });
    expect(packRequests.map((request) => request.assetIds)).toEqual([[assets.get("MH-0001")?.id], [assets.get("MH-0002")?.id]]);
    // Newest first.
    expect(log.textContent).toMatch(/^OKMH-0002 \(Moving head spot\) packedNot doneNOPE-1 — No asset, case, product or kit has this code\.OKMH-0001 \(Moving head spot\) packed$/);
    expect(await screen.findByText("2 assets")).toBeTruthy();
    await waitFor(() => { expect(document.activeElement).toBe(field); });
  });
});
