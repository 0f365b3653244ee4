// Files of products, assets and maintenance records: what may be uploaded, and
// how a product's images are ordered and which one is primary.
// See docs/rules/files.md.
import { InventoryError } from "./inventory.errors.js";

export type FileOwnerKind = "PRODUCT" | "ASSET" | "MAINTENANCE_RECORD";

export interface FileOwner {
  kind: FileOwnerKind;
  id: string;
}

export interface StoredFile {
  id: string;
  owner: FileOwner;
  storageKey: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  /** Lower-case hex. */
  sha256: string;
  position: number;
  primary: boolean;
  uploadedByUserId: string | null;
  createdAt: Date;
}

/** A file with a link that serves its bytes without further credentials until `expiresAt`. */
export interface LinkedFile extends StoredFile {
  downloadUrl: string;
  downloadUrlExpiresAt: Date;
}

export interface UploadRequest {
  owner: FileOwner;
  fileName: string;
  contentType: string;
  sizeBytes: number;
}

/**
 * What a browser may show inline. SVG is left out on purpose: it can carry
 * script, and files are served from the application's own origin.
 */
export const imageTypes: readonly string[] = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"];

/** Documents: manuals, certificates, spreadsheets, photos from the phone. */
export const documentTypes: readonly string[] = [
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  "application/vnd.oasis.opendocument.text",
  "application/vnd.oasis.opendocument.spreadsheet",
];

export const allowedTypes: readonly string[] = [...imageTypes, ...documentTypes];

export function isImage(contentType: string): boolean {
  return imageTypes.includes(contentType);
}

/** The content type without parameters, lower-case ("Image/PNG; x=y" → "image/png"). */
export function baseContentType(contentType: string): string {
  return (contentType.split(";", 1)[0] ?? "").trim().toLowerCase();
}

/** A display name: no folders, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
  const last = name.split(/[/\\]/).at(-1) ?? "";
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const printable = last.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  // Code points, as PostgreSQL's length() counts them.
  return Array.from(printable).slice(0, 255).join("");
}

/** Refuses what may never be stored: unknown types, empty or oversized files, names that are empty once cleaned. */
export function checkUpload(request: UploadRequest, maxBytes: number): UploadRequest {
  const fileName = cleanFileName(request.fileName);
  if (fileName === "" || fileName === "." || fileName === "..") throw new InventoryError("INVALID_FILE_NAME", "the file needs a name", { fileName: request.fileName.slice(0, 100) });
  const contentType = baseContentType(request.contentType);
  if (!allowedTypes.includes(contentType)) {
    throw new InventoryError("FILE_TYPE_NOT_ALLOWED", `files of type ${contentType || "(none)"} cannot be uploaded; allowed: ${allowedTypes.join(", ")}`, {
      contentType,
      allowed: allowedTypes.join(","),
    });
  }
  if (request.sizeBytes <= 0) throw new InventoryError("FILE_EMPTY", "the file is empty", {});
  if (request.sizeBytes > maxBytes) {
    throw new InventoryError("FILE_TOO_LARGE", `the file has ${request.sizeBytes} bytes; at most ${maxBytes} are accepted`, { sizeBytes: String(request.sizeBytes), maxBytes: String(maxBytes) });
  }
  return { ...request, fileName, contentType };
}

/** Bytes of the head that `contentMatches` needs to decide. */
export const sniffLength = 16;

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  return bytes.every((b, i) => head[offset + i] === b);
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
/** Office documents are zip archives. */
const zipTypes = new Set(documentTypes.filter((t) => t === "application/zip" || t.startsWith("application/vnd.")));

/**
 * Whether the first bytes of a file are what its declared type says (magic
 * numbers), so a renamed program or page is not served as an image or PDF.
 * Text must not contain NUL bytes. `head` is the first `sniffLength` bytes (fewer for a shorter file).
 */
export function contentMatches(contentType: string, head: Uint8Array): boolean {
  switch (contentType) {
    case "image/jpeg":
      return startsWith(head, [0xff, 0xd8, 0xff]);
    case "image/png":
      return startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case "image/gif":
      return startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"));
    case "image/webp":
      return startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8);
    case "image/avif":
      return startsWith(head, ascii("ftyp"), 4) && (startsWith(head, ascii("avif"), 8) || startsWith(head, ascii("avis"), 8));
    case "application/pdf":
      return startsWith(head, ascii("%PDF-"));
    case "text/plain":
    case "text/csv":
      return !head.includes(0);
    default:
      return zipTypes.has(contentType) && startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
  }
}

/**
 * The product image that becomes primary when the current one goes: the first
 * remaining image in display order, or none.
 */
export function nextPrimary(files: readonly Pick<StoredFile, "id" | "contentType" | "position">[]): string | undefined {
  return [...files].filter((f) => isImage(f.contentType)).sort((a, b) => a.position - b.position)[0]?.id;
}

/**
 * New positions for a reorder: the ids must be exactly the owner's files, each
 * once; the result maps id → position (0, 1, 2, …).
 */
export function reorder(current: readonly string[], wanted: readonly string[]): Map<string, number> {
  const known = new Set(current);
  const seen = new Set<string>();
  for (const id of wanted) {
    if (!known.has(id)) throw new InventoryError("FILE_NOT_FOUND", "a file in the new order does not belong to this owner", { fileId: id });
    if (seen.has(id)) throw new InventoryError("INVALID_FILE_ORDER", "a file appears twice in the new order", { fileId: id });
    seen.add(id);
  }
  if (seen.size !== known.size) throw new InventoryError("INVALID_FILE_ORDER", "the new order must name every file of the owner", { expected: String(known.size), got: String(seen.size) });
  return new Map(wanted.map((id, i) => [id, i]));
}

/** Download links stay the same for a whole window, so browsers cache images; each is valid for one to two windows. */
export const linkWindowSeconds = 3600;

/** When a download link made at `now` expires: the end of the next full window. */
export function downloadLinkExpiry(now: Date): Date {
  const windowMs = linkWindowSeconds * 1000;
  return new Date((Math.floor(now.getTime() / windowMs) + 2) * windowMs);
}

/** Upload links are used at once, by the client that asked for them. */
export const uploadLinkSeconds = 15 * 60;

/** The permission that changes an owner's files. */
export function managePermission(kind: FileOwnerKind): string {
  return kind === "MAINTENANCE_RECORD" ? "maintenance.manage" : "inventory.manage";
}
