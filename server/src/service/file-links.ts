// Short-lived links for file bytes, signed with HMAC-SHA256 over a secret kept
// in the database (shared by every server process). A browser's <img> cannot
// send an Authorization header, so the link itself is the credential; it names
// one file (or one upload) and expires. See docs/rules/files.md.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { downloadLinkExpiry, uploadLinkSeconds, type FileOwner, type FileOwnerKind } from "../domain/files.js";
import { InventoryError } from "../domain/inventory.errors.js";
import type { Db } from "../store/db.js";
import { fileLinkSecret } from "../store/file.store.js";

/** What an upload link allows: these bytes, for this owner, by this user, until then. */
export interface UploadGrant {
  fileId: string;
  owner: FileOwner;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  userId: string;
  expiresAt: Date;
}

const ownerKinds: readonly FileOwnerKind[] = ["PRODUCT", "ASSET", "MAINTENANCE_RECORD"];

function invalid(): InventoryError {
  return new InventoryError("FILE_LINK_INVALID", "the file link is not valid", {});
}

function expired(): InventoryError {
  return new InventoryError("FILE_LINK_EXPIRED", "the file link has expired; reload the page for a new one", {});
}

function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseGrant(json: string): UploadGrant | undefined {
  const g = JSON.parse(json) as Record<string, unknown>;
  const owner = g.owner as Record<string, unknown> | undefined;
  if (
    typeof g.fileId !== "string" ||
    typeof owner?.id !== "string" ||
    !ownerKinds.includes(owner.kind as FileOwnerKind) ||
    typeof g.fileName !== "string" ||
    typeof g.contentType !== "string" ||
    typeof g.sizeBytes !== "number" ||
    typeof g.userId !== "string" ||
    typeof g.expiresAt !== "number"
  ) {
    return undefined;
  }
  return { fileId: g.fileId, owner: { kind: owner.kind as FileOwnerKind, id: owner.id }, fileName: g.fileName, contentType: g.contentType, sizeBytes: g.sizeBytes, userId: g.userId, expiresAt: new Date(g.expiresAt * 1000) };
}

export class FileLinks {
  private secret: Promise<Buffer> | undefined;

  constructor(private readonly db: Db) {}

  /** Outside any transaction: on the embedded database a second query would wait for the open one. */
  private async sign(purpose: "download" | "upload", payload: string): Promise<string> {
    this.secret ??= fileLinkSecret(this.db, randomBytes(32)).catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return createHmac("sha256", await this.secret).update(`${purpose}\n${payload}`).digest("base64url");
  }

  /** A GET link for the file; the same for a whole window, so browsers cache what it serves. */
  async download(file: { id: string; fileName: string }, now: Date): Promise<{ url: string; expiresAt: Date }> {
    const expiresAt = downloadLinkExpiry(now);
    const expires = Math.floor(expiresAt.getTime() / 1000);
    const signature = await this.sign("download", `${file.id}\n${expires}`);
    return { url: `/files/${file.id}/${encodeURIComponent(file.fileName)}?expires=${expires}&signature=${signature}`, expiresAt };
  }

  /** Throws unless the link was made for this file and has not expired. */
  async checkDownload(fileId: string, expires: string, signature: string, now: Date): Promise<void> {
    if (!/^\d{1,12}$/.test(expires)) throw invalid();
    if (!sameSignature(signature, await this.sign("download", `${fileId}\n${expires}`))) throw invalid();
    if (Number(expires) * 1000 <= now.getTime()) throw expired();
  }

  async upload(grant: Omit<UploadGrant, "expiresAt">, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + uploadLinkSeconds * 1000);
    const payload = Buffer.from(JSON.stringify({ ...grant, expiresAt: expiresAt.getTime() / 1000 })).toString("base64url");
    return { token: `${payload}.${await this.sign("upload", payload)}`, expiresAt };
  }

  async checkUpload(token: string, now: Date): Promise<UploadGrant> {
    const [payload, signature, ...rest] = token.split(".");
    if (payload === undefined || signature === undefined || rest.length > 0) throw invalid();
    if (!sameSignature(signature, await this.sign("upload", payload))) throw invalid();
    const grant = parseGrant(Buffer.from(payload, "base64url").toString("utf8"));
    if (!grant) throw invalid();
    if (grant.expiresAt.getTime() <= now.getTime()) throw expired();
    return grant;
  }
}
