import { PipelineStageKind, type MoveDealRequest } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { cids, newDeal, renderCrm } from "./test-support.js";

async function pickStage(label: string, stage: string): Promise<void> {
  fireEvent.click(await screen.findByRole("combobox", { name: label }));
  fireEvent.click(await screen.findByRole("option", { name: stage }));
}

describe("pipeline board (phone layout: happy-dom matches no media query)", () => {
  it("shows deals in their stage columns and moves one with the stage selector", async () => {
    const moves: MoveDealRequest[] = [];
    let deal = newDeal();
    renderCrm({
      path: "/crm/pipeline",
      crm: {
        listDeals: () => ({ deals: [deal] }),
        moveDeal: (req) => {
          moves.push(req);
          deal = newDeal({ stageId: req.stageId, version: 2n });
          return { deal };
        },
      },
    });
    const board = await screen.findByRole("list", { name: "Pipeline" });
    const lead = within(board).getByRole("listitem", { name: "Lead" });
    expect(within(lead).getByText("Gala 2031")).toBeTruthy();
    expect(within(lead).getByText("1 deal · €12,500.00")).toBeTruthy();
    await pickStage("Stage of Gala 2031", "Proposal");
    await waitFor(() => { expect(moves).toHaveLength(1); });
    expect(moves[0]).toMatchObject({ dealId: cids.deal, stageId: cids.proposal, version: 1n, lostReason: "" });
    // On a phone one stage is shown at a time: the deal left Lead; pick Proposal to see it there.
    await waitFor(() => { expect(within(board).queryByText("Gala 2031")).toBeNull(); });
    await pickStage("Stage", "Proposal (1)");
    const proposal = await within(board).findByRole("listitem", { name: "Proposal" });
    expect(within(proposal).getByText("Gala 2031")).toBeTruthy();
  });

  it("asks for the reason before moving a deal to lost", async () => {
    const moves: MoveDealRequest[] = [];
    renderCrm({
      path: "/crm/pipeline",
      crm: {
        listDeals: () => ({ deals: [newDeal()] }),
        moveDeal: (req) => {
          moves.push(req);
          return { deal: newDeal({ stageId: req.stageId, stageKind: PipelineStageKind.LOST, lostReason: req.lostReason }) };
        },
      },
    });
    await pickStage("Stage of Gala 2031", "Lost");
    const dialog = await screen.findByRole("dialog", { name: "Why was the deal lost?" });
    const submit = within(dialog).getByRole("button", { name: "Mark as lost" });
    expect(submit.hasAttribute("disabled")).toBe(true);
    expect(moves).toHaveLength(0);
    fireEvent.change(within(dialog).getByRole("textbox", { name: /Lost reason/ }), { target: { value: "Budget cut" } });
    fireEvent.click(submit);
    await waitFor(() => { expect(moves[0]).toMatchObject({ stageId: cids.lost, lostReason: "Budget cut" }); });
  });

  it("is right-to-left and translated in Arabic", async () => {
    renderCrm({ path: "/crm/pipeline", language: "ar", crm: { listDeals: () => ({ deals: [newDeal()] }) } });
    expect(await screen.findByRole("heading", { name: "مسار الصفقات", level: 2 })).toBeTruthy();
    await waitFor(() => { expect(document.documentElement.dir).toBe("rtl"); });
    expect(screen.getByRole("combobox", { name: "مرحلة Gala 2031" })).toBeTruthy();
  });
});
