// Keyboard-wedge barcode scanners (USB or Bluetooth HID) type a code as fast
// keystrokes and end it with Enter (some with Tab). People type the same way,
// only slower; both must work.

/** Keystrokes this close together (ms, on average) come from a scanner, not a person. */
export const scannerKeyIntervalMs = 35;
/** Fewer characters than this say nothing about who typed them. */
const minScannedLength = 4;

/** Times the keystrokes of the code being typed, to tell a scanner from a person. */
export class KeystrokeTimer {
  private times: number[] = [];

  /** A character was typed at `now` (ms). */
  record(now: number): void {
    this.times.push(now);
  }

  reset(): void {
    this.times = [];
  }

  /** True when the code so far came in at scanner speed. */
  looksScanned(): boolean {
    if (this.times.length < minScannedLength) return false;
    const first = this.times[0] ?? 0;
    const last = this.times[this.times.length - 1] ?? 0;
    return (last - first) / (this.times.length - 1) <= scannerKeyIntervalMs;
  }
}

/** A key that types one character (not a shortcut, not a named key). */
export function isCharacterKey(event: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): boolean {
  return event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey;
}

/** An element the user types into: keystrokes there are theirs, not the scan field's. */
export function isEditable(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element.isContentEditable) return true;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (!(element instanceof HTMLInputElement)) return false;
  return !["button", "checkbox", "radio", "submit", "reset", "range", "color", "file", "image"].includes(element.type);
}

/** True while a modal dialog is open: its fields own the keyboard then. */
export function dialogOpen(root: Document = document): boolean {
  return root.querySelector('[role="dialog"][aria-modal="true"], dialog[open]') !== null;
}
