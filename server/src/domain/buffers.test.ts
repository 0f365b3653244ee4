import { describe, expect, it } from "vitest";
import { categoryBuffersView } from "./buffers.js";

const global = { bufferBeforeMinutes: 30, bufferAfterMinutes: 60 };

describe("category buffers view", () => {
  it("lists parents before children with what each category sets and ends up with", () => {
    const rows = [
      { id: "spots", name: "Spots", parentId: "heads", bufferBeforeMinutes: null, bufferAfterMinutes: null },
      { id: "audio", name: "Audio", parentId: null, bufferBeforeMinutes: null, bufferAfterMinutes: null },
      { id: "heads", name: "Moving heads", parentId: "lighting", bufferBeforeMinutes: 60, bufferAfterMinutes: 480 },
      { id: "lighting", name: "Lighting", parentId: null, bufferBeforeMinutes: 120, bufferAfterMinutes: 240 },
    ];
    const view = categoryBuffersView(rows, global);
    expect(view.map((c) => c.categoryId)).toEqual(["audio", "lighting", "heads", "spots"]);
    expect(view.find((c) => c.categoryId === "audio")).toMatchObject({ own: null, effective: global, fromCategoryId: null });
    expect(view.find((c) => c.categoryId === "lighting")).toMatchObject({ own: { bufferBeforeMinutes: 120, bufferAfterMinutes: 240 }, fromCategoryId: "lighting" });
    expect(view.find((c) => c.categoryId === "spots")).toMatchObject({ own: null, effective: { bufferBeforeMinutes: 60, bufferAfterMinutes: 480 }, fromCategoryId: "heads" });
  });
});
