import { describe, expect, it } from "vitest";
import { tonesFor, vibrationFor, type FeedbackKind } from "./sounds.js";

const kinds: FeedbackKind[] = ["success", "warning", "error"];

describe("feedback sounds", () => {
  it("gives each kind its own sound: different notes, rhythm or timbre", () => {
    const signatures = kinds.map((kind) => JSON.stringify(tonesFor(kind)));
    expect(new Set(signatures).size).toBe(3);
    const vibrations = kinds.map((kind) => JSON.stringify(vibrationFor(kind)));
    expect(new Set(vibrations).size).toBe(3);
  });

  it("makes success short and high, an error long and low", () => {
    const length = (kind: FeedbackKind) => Math.max(...tonesFor(kind).map((tone) => tone.at + tone.duration));
    const highest = (kind: FeedbackKind) => Math.max(...tonesFor(kind).map((tone) => tone.frequency));
    expect(length("success")).toBeLessThan(length("warning"));
    expect(length("warning")).toBeLessThan(length("error"));
    expect(highest("success")).toBeGreaterThan(highest("warning"));
    expect(highest("warning")).toBeGreaterThan(highest("error"));
    expect(tonesFor("warning")).toHaveLength(2);
  });

  it("plays notes that do not overlap and stay audible", () => {
    for (const kind of kinds) {
      const tones = tonesFor(kind);
      tones.forEach((tone, index) => {
        expect(tone.frequency).toBeGreaterThanOrEqual(100);
        expect(tone.frequency).toBeLessThanOrEqual(4000);
        expect(tone.duration).toBeGreaterThan(0.05);
        const next = tones[index + 1];
        if (next) expect(next.at).toBeGreaterThanOrEqual(tone.at + tone.duration);
      });
    }
  });
});
