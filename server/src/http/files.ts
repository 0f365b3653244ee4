// File bytes over plain HTTP, next to the RPCs: uploads stream in with PUT to a
// signed upload link (CreateFileUpload hands it out), downloads stream out with
// GET from a signed download link (ListFiles hands it out), so an <img> tag can
// show an image and large files never sit whole in memory or in one message.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { pipeline } from "node:stream/promises";
import { toJson } from "@bufbuild/protobuf";
import { StoredFileSchema } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import type { Logger } from "pino";
import { isImage } from "../domain/files.js";
import { toHttpError } from "../rpc/errors.js";
import { fileToProto } from "../rpc/file.convert.js";
import type { FileService } from "../service/file.service.js";

type Req = IncomingMessage | Http2ServerRequest;
type Res = ServerResponse | Http2ServerResponse;

const downloadPath = /^\/files\/([0-9a-f-]{36})(?:\/[^/]*)?$/;

function sendJson(res: Res, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...extra });
  res.end(JSON.stringify(body));
}

/** RFC 6266 filename for any name: an ASCII fallback and the UTF-8 original. */
function contentDisposition(kind: "inline" | "attachment", fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function fileEndpoints(files: FileService, log: Logger): (req: Req, res: Res, url: URL, requestId: string) => Promise<boolean> {
  const fail = (req: Req, res: Res, thrown: unknown, requestId: string, closeConnection: boolean) => {
    const { status, body, cause } = toHttpError(thrown);
    if (cause !== undefined) log.error({ err: cause, reqId: requestId }, "file request failed");
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // An upload refused half-way leaves unread bytes on the connection: close it rather than read them.
    sendJson(res, status, body, closeConnection && req.httpVersionMajor === 1 ? { connection: "close" } : {});
  };

  async function upload(req: Req, res: Res, url: URL, requestId: string): Promise<void> {
    try {
      const { file, created } = await files.receiveUpload(url.searchParams.get("grant") ?? "", req);
      sendJson(res, created ? 201 : 200, toJson(StoredFileSchema, fileToProto(file)));
    } catch (thrown) {
      fail(req, res, thrown, requestId, true);
    }
  }

  async function download(req: Req, res: Res, fileId: string, url: URL, requestId: string): Promise<void> {
    let opened: Awaited<ReturnType<FileService["openDownload"]>>;
    try {
      opened = await files.openDownload(fileId, url.searchParams.get("expires") ?? "", url.searchParams.get("signature") ?? "");
    } catch (thrown) {
      fail(req, res, thrown, requestId, false);
      return;
    }
    const { file, blob } = opened;
    const expires = Number(url.searchParams.get("expires")) * 1000;
    res.writeHead(200, {
      "content-type": file.contentType,
      "content-length": String(blob.sizeBytes),
      "content-disposition": contentDisposition(isImage(file.contentType) ? "inline" : "attachment", file.fileName),
      // The link is the credential: only this browser may keep it, and not past its expiry.
      "cache-control": `private, max-age=${Math.max(0, Math.floor((expires - Date.now()) / 1000))}, immutable`,
      etag: `"${file.sha256}"`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cross-origin-resource-policy": "same-origin",
    });
    if (req.method === "HEAD") {
      blob.body.destroy();
      res.end();
      return;
    }
    try {
      await pipeline(blob.body, res);
    } catch (error) {
      log.warn({ err: error, reqId: requestId, fileId }, "file download ended early");
    }
  }

  return async (req, res, url, requestId) => {
    if (url.pathname === "/files/upload") {
      if (req.method !== "PUT") {
        sendJson(res, 405, { code: "unimplemented", message: "send the bytes with PUT", reason: "METHOD_NOT_ALLOWED" }, { allow: "PUT" });
        return true;
      }
      await upload(req, res, url, requestId);
      return true;
    }
    const match = downloadPath.exec(url.pathname);
    if (!match?.[1]) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendJson(res, 405, { code: "unimplemented", message: "files are read with GET", reason: "METHOD_NOT_ALLOWED" }, { allow: "GET, HEAD" });
      return true;
    }
    await download(req, res, match[1], url, requestId);
    return true;
  };
}
