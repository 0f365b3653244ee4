// Serves the built web UI, with the SPA fallback to index.html for app routes.
import { createReadStream, existsSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import { extname, join, normalize, resolve, sep } from "node:path";

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
};

type Req = IncomingMessage | Http2ServerRequest;
type Res = ServerResponse | Http2ServerResponse;

export function staticFiles(root: string | undefined): (req: Req, res: Res, pathname: string) => boolean {
  const base = root ? resolve(root) : undefined;
  const index = base ? join(base, "index.html") : undefined;
  return (req, res, pathname) => {
    if (!base || !index || !existsSync(index) || (req.method !== "GET" && req.method !== "HEAD")) return false;
    let file = normalize(join(base, decodeURIComponent(pathname)));
    if (!file.startsWith(base + sep) && file !== base) return false;
    let isAsset = true;
    if (!existsSync(file) || !statSync(file).isFile()) {
      // Unknown paths with a file extension are real 404s; the rest are app routes.
      if (extname(pathname) !== "") return false;
      file = index;
      isAsset = false;
    }
    const hashed = isAsset && pathname.startsWith("/assets/");
    res.writeHead(200, {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      "x-content-type-options": "nosniff",
    });
    if (req.method === "HEAD") {
      res.end();
      return true;
    }
    createReadStream(file).pipe(res as NodeJS.WritableStream);
    return true;
  };
}
