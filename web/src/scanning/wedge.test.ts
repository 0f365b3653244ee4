import { describe, expect, it } from "vitest";
import { KeystrokeTimer, dialogOpen, isCharacterKey, isEditable } from "./wedge.js";

describe("telling a scanner from a person", () => {
  it.each([
    { who: "a scanner (8 ms apart)", times: [0, 8, 16, 24, 32, 40, 48], scanned: true },
    { who: "a scanner at the limit (35 ms apart)", times: [0, 35, 70, 105], scanned: true },
    { who: "a person (150 ms apart)", times: [0, 150, 300, 450, 600], scanned: false },
    { who: "a fast person with one pause", times: [0, 20, 40, 400], scanned: false },
    { who: "too few characters to say", times: [0, 5, 10], scanned: false },
  ])("$who", ({ times, scanned }) => {
    const timer = new KeystrokeTimer();
    for (const time of times) timer.record(time);
    expect(timer.looksScanned()).toBe(scanned);
    timer.reset();
    expect(timer.looksScanned()).toBe(false);
  });

  it("counts only keys that type a character", () => {
    expect(isCharacterKey({ key: "A", ctrlKey: false, metaKey: false, altKey: false })).toBe(true);
    expect(isCharacterKey({ key: "-", ctrlKey: false, metaKey: false, altKey: false })).toBe(true);
    expect(isCharacterKey({ key: "Enter", ctrlKey: false, metaKey: false, altKey: false })).toBe(false);
    expect(isCharacterKey({ key: "Shift", ctrlKey: false, metaKey: false, altKey: false })).toBe(false);
    expect(isCharacterKey({ key: "c", ctrlKey: true, metaKey: false, altKey: false })).toBe(false);
  });

  it("leaves text fields to the user, and takes keystrokes from buttons and switches", () => {
    const make = (html: string) => {
      const host = document.createElement("div");
      host.innerHTML = html;
      return host.firstElementChild;
    };
    expect(isEditable(make('<input type="text">'))).toBe(true);
    expect(isEditable(make('<input type="number">'))).toBe(true);
    expect(isEditable(make("<textarea></textarea>"))).toBe(true);
    expect(isEditable(make('<div contenteditable="true"></div>'))).toBe(true);
    expect(isEditable(make('<input type="checkbox">'))).toBe(false);
    expect(isEditable(make("<button>Undo</button>"))).toBe(false);
    expect(isEditable(document.body)).toBe(false);
    expect(isEditable(null)).toBe(false);
  });

  it("sees an open modal dialog", () => {
    expect(dialogOpen()).toBe(false);
    const dialog = document.createElement("div");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    document.body.append(dialog);
    expect(dialogOpen()).toBe(true);
    dialog.remove();
  });
});
