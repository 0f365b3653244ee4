// InventoryService handlers of files: read the caller, convert, call one service method, convert back.
// The bytes travel over plain HTTP (http/files.ts) through the signed links these RPCs hand out.
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ServiceImpl } from "@connectrpc/connect";
import type { InventoryService as InventoryApi } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { FileService } from "../service/file.service.js";
import { requestState as call } from "./context.js";
import { fileOwnerFromProto, fileToProto } from "./file.convert.js";

export function fileRpc(service: FileService): Partial<ServiceImpl<typeof InventoryApi>> {
  return {
    async listFiles(req, ctx) {
      return { files: (await service.listFiles(call(ctx), fileOwnerFromProto(req.owner))).map(fileToProto) };
    },
    async createFileUpload(req, ctx) {
      const upload = await service.createFileUpload(call(ctx), {
        owner: fileOwnerFromProto(req.owner),
        fileName: req.fileName,
        contentType: req.contentType,
        // At most FILE_MAX_BYTES (≤ 2^53) passes the service's check; larger values only need to stay larger.
        sizeBytes: Number(req.sizeBytes),
      });
      return { fileId: upload.fileId, uploadUrl: upload.uploadUrl, expiresAt: timestampFromDate(upload.expiresAt), maxSizeBytes: BigInt(upload.maxBytes) };
    },
    async setPrimaryFile(req, ctx) {
      return { files: (await service.setPrimaryFile(call(ctx), req.fileId)).map(fileToProto) };
    },
    async reorderFiles(req, ctx) {
      return { files: (await service.reorderFiles(call(ctx), fileOwnerFromProto(req.owner), req.fileIds)).map(fileToProto) };
    },
    async deleteFile(req, ctx) {
      await service.deleteFile(call(ctx), req.fileId);
      return {};
    },
  };
}
