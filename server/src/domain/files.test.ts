import { describe, expect, it } from "vitest";
import { checkUpload, cleanFileName, contentMatches, downloadLinkExpiry, managePermission, nextPrimary, reorder, type UploadRequest } from "./files.js";
import { InventoryError } from "./inventory.errors.js";

const owner = { kind: "PRODUCT" as const, id: "4f1c2b0e-8a43-4f0a-9a61-2f0c6f1d9b11" };
const upload = (o: Partial<UploadRequest> = {}): UploadRequest => ({ owner, fileName: "front.jpg", contentType: "image/jpeg", sizeBytes: 1000, ...o });

function reasonOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof InventoryError ? error.code : "not an InventoryError";
  }
}

const bytes = (...values: (number | string)[]) => new Uint8Array(values.flatMap((v) => (typeof v === "string" ? Array.from(v, (c) => c.charCodeAt(0)) : [v])));

describe("checkUpload", () => {
  it("normalises the type and the name", () => {
    expect(checkUpload(upload({ contentType: "Image/JPEG; charset=binary", fileName: "C:\\Users\\me\\front\u0007.jpg " }), 5000)).toMatchObject({ contentType: "image/jpeg", fileName: "front.jpg" });
  });

  it.each([
    [{ contentType: "image/svg+xml" }, "FILE_TYPE_NOT_ALLOWED"],
    [{ contentType: "text/html" }, "FILE_TYPE_NOT_ALLOWED"],
    [{ contentType: "" }, "FILE_TYPE_NOT_ALLOWED"],
    [{ sizeBytes: 0 }, "FILE_EMPTY"],
    [{ sizeBytes: 5001 }, "FILE_TOO_LARGE"],
    [{ fileName: "../" }, "INVALID_FILE_NAME"],
    [{ fileName: " \u0000 " }, "INVALID_FILE_NAME"],
  ])("%j is refused with %s", (o, reason) => {
    expect(reasonOf(() => checkUpload(upload(o), 5000))).toBe(reason);
  });

  it("keeps names to 255 code points", () => {
    expect(Array.from(cleanFileName("é".repeat(300))).length).toBe(255);
  });
});

describe("contentMatches", () => {
  it.each([
    ["image/jpeg", bytes(0xff, 0xd8, 0xff, 0xe0), true],
    ["image/png", bytes(0x89, "PNG", 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), true],
    ["image/png", bytes(0xff, 0xd8, 0xff, 0xe0), false],
    ["image/gif", bytes("GIF89a"), true],
    ["image/webp", bytes("RIFF", 1, 2, 3, 4, "WEBPVP8 "), true],
    ["image/webp", bytes("RIFF", 1, 2, 3, 4, "WAVEfmt "), false],
    ["image/avif", bytes(0, 0, 0, 0x1c, "ftypavif"), true],
    ["application/pdf", bytes("%PDF-1.7"), true],
    ["application/pdf", bytes("<html>"), false],
    ["text/plain", bytes("hello"), true],
    ["text/csv", bytes("a,b", 0), false],
    ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes("PK", 3, 4), true],
    ["application/zip", bytes("MZ", 0x90, 0), false],
  ])("%s with %o → %s", (type, head, expected) => {
    expect(contentMatches(type, head)).toBe(expected);
  });
});

describe("nextPrimary", () => {
  it("is the first remaining image in display order", () => {
    expect(nextPrimary([{ id: "pdf", contentType: "application/pdf", position: 0 }, { id: "b", contentType: "image/png", position: 3 }, { id: "a", contentType: "image/jpeg", position: 2 }])).toBe("a");
    expect(nextPrimary([{ id: "pdf", contentType: "application/pdf", position: 0 }])).toBeUndefined();
  });
});

describe("reorder", () => {
  it("numbers the new order from 0", () => {
    expect([...reorder(["a", "b", "c"], ["c", "a", "b"])]).toEqual([["c", 0], ["a", 1], ["b", 2]]);
  });
  it.each([
    [["a", "b", "x"], "FILE_NOT_FOUND"],
    [["a", "a", "b"], "INVALID_FILE_ORDER"],
    [["a", "b"], "INVALID_FILE_ORDER"],
  ])("%j is refused with %s", (wanted, reason) => {
    expect(reasonOf(() => reorder(["a", "b", "c"], wanted))).toBe(reason);
  });
});

describe("links and permissions", () => {
  it("gives download links one stable expiry per hour, at least an hour ahead", () => {
    const a = downloadLinkExpiry(new Date("2026-03-10T12:00:00Z"));
    expect(downloadLinkExpiry(new Date("2026-03-10T12:59:59Z"))).toEqual(a);
    expect(a).toEqual(new Date("2026-03-10T14:00:00Z"));
  });
  it("asks maintenance.manage for maintenance attachments, inventory.manage otherwise", () => {
    expect(managePermission("MAINTENANCE_RECORD")).toBe("maintenance.manage");
    expect(managePermission("PRODUCT")).toBe("inventory.manage");
    expect(managePermission("ASSET")).toBe("inventory.manage");
  });
});
