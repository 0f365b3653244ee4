// Use cases of files (images and documents of products, assets and maintenance
// records): list, upload through a signed link, primary image, order, delete,
// download through a signed link. See docs/rules/files.md.
import { createHash, randomUUID } from "node:crypto";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import {
  checkUpload,
  contentMatches,
  isImage,
  managePermission,
  nextPrimary,
  reorder,
  sniffLength,
  type FileOwner,
  type LinkedFile,
  type StoredFile,
  type UploadRequest,
} from "../domain/files.js";
import { InventoryError } from "../domain/inventory.errors.js";
import type { Db } from "../store/db.js";
import type { FileStorage, StoredBlob } from "../store/file-storage.js";
import * as files from "../store/file.store.js";
import { requirePermission, type CallContext } from "./auth.service.js";
import { FileLinks, type UploadGrant } from "./file-links.js";
import type { InventoryDeps } from "./inventory.deps.js";

export interface FileDeps extends InventoryDeps {
  storage: FileStorage;
  /** Largest file accepted, in bytes (FILE_MAX_BYTES). */
  maxBytes: number;
}

function ownerMissing(owner: FileOwner): InventoryError {
  switch (owner.kind) {
    case "PRODUCT":
      return new InventoryError("PRODUCT_NOT_FOUND", "product not found", { productId: owner.id });
    case "ASSET":
      return new InventoryError("ASSET_NOT_FOUND", "asset not found", { assetId: owner.id });
    case "MAINTENANCE_RECORD":
      return new InventoryError("MAINTENANCE_RECORD_NOT_FOUND", "maintenance record not found", { recordId: owner.id });
  }
}

function fileMissing(fileId: string): InventoryError {
  return new InventoryError("FILE_NOT_FOUND", "file not found", { fileId });
}

/**
 * Removes blobs whose rows are gone (after the commit). A blob that cannot be
 * removed now is an orphan: never served, since no row names it.
 */
export async function removeBlobs(storage: FileStorage, keys: readonly string[]): Promise<void> {
  await Promise.allSettled(keys.map((key) => storage.delete(key)));
}

/**
 * Passes the bytes through while hashing and counting them, and refuses a body
 * whose first bytes do not match the declared type or whose size differs from
 * the declared one. `failure` keeps the reason when the storage reports its own error.
 */
class UploadInspector extends Transform {
  readonly hash = createHash("sha256");
  size = 0;
  failure: InventoryError | undefined;
  private head: Buffer[] = [];
  private headLength = 0;
  private checked = false;

  constructor(private readonly contentType: string, private readonly expectedSize: number) {
    super();
  }

  private fail(error: InventoryError, callback: TransformCallback): void {
    this.failure = error;
    callback(error);
  }

  private checkHead(callback: TransformCallback): boolean {
    const head = Buffer.concat(this.head);
    if (!contentMatches(this.contentType, head.subarray(0, sniffLength))) {
      this.fail(new InventoryError("FILE_CONTENT_MISMATCH", `the bytes are not a ${this.contentType} file`, { contentType: this.contentType }), callback);
      return false;
    }
    this.checked = true;
    this.head = [];
    this.push(head);
    return true;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.expectedSize) {
      this.fail(new InventoryError("FILE_SIZE_MISMATCH", `more than the declared ${this.expectedSize} bytes were sent`, { sizeBytes: String(this.expectedSize) }), callback);
      return;
    }
    this.hash.update(chunk);
    if (this.checked) {
      callback(null, chunk);
      return;
    }
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength >= sniffLength && !this.checkHead(callback)) return;
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (!this.checked && !this.checkHead(callback)) return;
    if (this.size !== this.expectedSize) {
      this.fail(new InventoryError("FILE_SIZE_MISMATCH", `${this.size} bytes were sent, ${this.expectedSize} were declared`, { sizeBytes: String(this.expectedSize), received: String(this.size) }), callback);
      return;
    }
    callback();
  }
}

export class FileService {
  readonly links: FileLinks;

  constructor(private readonly deps: FileDeps) {
    this.links = new FileLinks(deps.db);
  }

  private async linkedOne(file: StoredFile): Promise<LinkedFile> {
    const link = await this.links.download(file, this.deps.now());
    return { ...file, downloadUrl: link.url, downloadUrlExpiresAt: link.expiresAt };
  }

  private linked(list: readonly StoredFile[]): Promise<LinkedFile[]> {
    return Promise.all(list.map((file) => this.linkedOne(file)));
  }

  async listFiles(ctx: CallContext, owner: FileOwner): Promise<LinkedFile[]> {
    requirePermission(ctx, "inventory.read");
    const list = await files.listFiles(this.deps.db, owner);
    if (list.length === 0 && !(await files.shareOwner(this.deps.db, owner))) throw ownerMissing(owner);
    return this.linked(list);
  }

  /** Checks what is about to be uploaded and grants a link to PUT exactly those bytes to. */
  async createFileUpload(ctx: CallContext, input: UploadRequest): Promise<{ fileId: string; uploadUrl: string; expiresAt: Date; maxBytes: number }> {
    const actor = requirePermission(ctx, managePermission(input.owner.kind));
    const upload = checkUpload(input, this.deps.maxBytes);
    if (!(await files.shareOwner(this.deps.db, upload.owner))) throw ownerMissing(upload.owner);
    const fileId = randomUUID();
    const grant = { fileId, owner: upload.owner, fileName: upload.fileName, contentType: upload.contentType, sizeBytes: upload.sizeBytes, userId: actor.userId };
    const { token, expiresAt } = await this.links.upload(grant, this.deps.now());
    return { fileId, uploadUrl: `/files/upload?grant=${token}`, expiresAt, maxBytes: this.deps.maxBytes };
  }

  /**
   * Stores the bytes of a granted upload, then records the file. The blob is
   * written first and the row after it, so a row always has its bytes; a blob
   * whose row could not be written is removed (or left as a harmless orphan).
   * A repeated PUT of the same grant answers the file already recorded.
   */
  async receiveUpload(token: string, body: Readable): Promise<{ file: LinkedFile; created: boolean }> {
    const grant = await this.links.checkUpload(token, this.deps.now());
    const existing = await files.findFile(this.deps.db, grant.fileId);
    if (existing) return { file: await this.linkedOne(existing), created: false };
    const storageKey = `${grant.owner.kind === "MAINTENANCE_RECORD" ? "maintenance" : grant.owner.kind.toLowerCase()}/${grant.fileId}`;
    const inspector = new UploadInspector(grant.contentType, grant.sizeBytes);
    body.on("error", (error) => inspector.destroy(error));
    // The storage may attach its own listeners only after an await; the reason is kept in `failure` and rethrown below.
    inspector.on("error", () => undefined);
    try {
      await this.deps.storage.put(storageKey, body.pipe(inspector), { contentType: grant.contentType, sizeBytes: grant.sizeBytes });
    } catch (error) {
      await removeBlobs(this.deps.storage, [storageKey]);
      throw inspector.failure ?? error;
    }
    try {
      await this.record(grant, storageKey, inspector.hash.digest("hex"));
    } catch (error) {
      await removeBlobs(this.deps.storage, [storageKey]);
      // Two PUTs of one grant raced: the other one recorded the file.
      const raced = await files.findFile(this.deps.db, grant.fileId);
      if (raced) return { file: await this.linkedOne(raced), created: false };
      throw error;
    }
    const file = await files.findFile(this.deps.db, grant.fileId);
    if (!file) throw fileMissing(grant.fileId);
    return { file: await this.linkedOne(file), created: true };
  }

  private async record(grant: UploadGrant, storageKey: string, sha256: string): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      await files.lockOwnerFiles(tx, grant.owner);
      if (!(await files.shareOwner(tx, grant.owner))) throw ownerMissing(grant.owner);
      // A product's first image becomes its primary image.
      const primary = grant.owner.kind === "PRODUCT" && isImage(grant.contentType) && !(await files.listFiles(tx, grant.owner)).some((f) => f.primary);
      await files.insertFile(tx, {
        id: grant.fileId,
        owner: grant.owner,
        storageKey,
        fileName: grant.fileName,
        contentType: grant.contentType,
        sizeBytes: grant.sizeBytes,
        sha256,
        primary,
        uploadedByUserId: grant.userId,
        now: this.deps.now(),
      });
    });
  }

  /** Loads a file for a change, checking the permission its owner needs. */
  private async fileToChange(tx: Db, ctx: CallContext, fileId: string): Promise<StoredFile> {
    const file = await files.findFile(tx, fileId);
    if (!file) throw fileMissing(fileId);
    requirePermission(ctx, managePermission(file.owner.kind));
    return file;
  }

  async setPrimaryFile(ctx: CallContext, fileId: string): Promise<LinkedFile[]> {
    requirePermission(ctx, "inventory.read");
    const list = await this.deps.db.transaction().execute(async (tx) => {
      const peek = await this.fileToChange(tx, ctx, fileId);
      await files.lockOwnerFiles(tx, peek.owner);
      const file = await this.fileToChange(tx, ctx, fileId);
      if (file.owner.kind !== "PRODUCT" || !isImage(file.contentType)) {
        throw new InventoryError("NOT_A_PRODUCT_IMAGE", "only an image of a product can be its primary image", { fileId, contentType: file.contentType });
      }
      await files.setPrimary(tx, file.owner.id, file.id);
      return files.listFiles(tx, file.owner);
    });
    return this.linked(list);
  }

  async reorderFiles(ctx: CallContext, owner: FileOwner, fileIds: readonly string[]): Promise<LinkedFile[]> {
    requirePermission(ctx, managePermission(owner.kind));
    const list = await this.deps.db.transaction().execute(async (tx) => {
      await files.lockOwnerFiles(tx, owner);
      if (!(await files.shareOwner(tx, owner))) throw ownerMissing(owner);
      const positions = reorder((await files.listFiles(tx, owner)).map((f) => f.id), fileIds);
      await files.setPositions(tx, positions);
      return files.listFiles(tx, owner);
    });
    return this.linked(list);
  }

  /** Deletes the row (and hands the primary role on) in one transaction, then the bytes. */
  async deleteFile(ctx: CallContext, fileId: string): Promise<void> {
    requirePermission(ctx, "inventory.read");
    const removed = await this.deps.db.transaction().execute(async (tx) => {
      const peek = await this.fileToChange(tx, ctx, fileId);
      await files.lockOwnerFiles(tx, peek.owner);
      const file = await this.fileToChange(tx, ctx, fileId);
      await files.deleteFile(tx, file.id);
      if (file.primary) await files.setPrimary(tx, file.owner.id, nextPrimary(await files.listFiles(tx, file.owner)));
      return file;
    });
    await removeBlobs(this.deps.storage, [removed.storageKey]);
  }

  /** The bytes behind a signed download link. */
  async openDownload(fileId: string, expires: string, signature: string): Promise<{ file: StoredFile; blob: StoredBlob }> {
    await this.links.checkDownload(fileId, expires, signature, this.deps.now());
    const file = await files.findFile(this.deps.db, fileId);
    if (!file) throw fileMissing(fileId);
    const blob = await this.deps.storage.get(file.storageKey);
    if (!blob) throw fileMissing(fileId);
    return { file, blob };
  }
}
