// Files: proto ⇄ domain.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { FileOwnerKind, FileOwnerSchema, StoredFileSchema, type FileOwner, type StoredFile } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type * as d from "../domain/files.js";
import { enumName, enumValue } from "./inventory.convert.js";

/** The owner of a validated request (kind is never UNSPECIFIED there). */
export function fileOwnerFromProto(owner: FileOwner | undefined): d.FileOwner {
  return { kind: (enumName(FileOwnerKind, owner?.kind ?? FileOwnerKind.UNSPECIFIED) ?? "PRODUCT") as d.FileOwnerKind, id: owner?.id ?? "" };
}

export function fileToProto(file: d.LinkedFile): StoredFile {
  return create(StoredFileSchema, {
    id: file.id,
    owner: create(FileOwnerSchema, { kind: enumValue(FileOwnerKind, file.owner.kind), id: file.owner.id }),
    fileName: file.fileName,
    contentType: file.contentType,
    sizeBytes: BigInt(file.sizeBytes),
    sha256: file.sha256,
    position: file.position,
    primary: file.primary,
    uploadedByUserId: file.uploadedByUserId ?? "",
    createdAt: timestampFromDate(file.createdAt),
    downloadUrl: file.downloadUrl,
    downloadUrlExpiresAt: timestampFromDate(file.downloadUrlExpiresAt),
  });
}
