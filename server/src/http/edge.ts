// The edge around every RPC handler: request id and state, access log,
// metrics, and an ErrorInfo reason on errors the Connect framework raises
// before our interceptors run (malformed or oversized messages, bad content
// types), for all three protocols. Interceptors cannot see those errors.
import { randomUUID } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Code, ConnectError } from "@connectrpc/connect";
import { createAsyncIterable, type UniversalHandler, type UniversalServerResponse } from "@connectrpc/connect/protocol";
import { codeFromHttpStatus, codeToHttpStatus, endStreamFlag, endStreamFromJson, endStreamToJson, errorFromJsonBytes, errorToJsonBytes } from "@connectrpc/connect/protocol-connect";
import { findTrailerError, setTrailerStatus } from "@connectrpc/connect/protocol-grpc";
import { trailerFlag, trailerParse, trailerSerialize } from "@connectrpc/connect/protocol-grpc-web";
import type { Logger } from "pino";
import { kRequest } from "../rpc/context.js";
import { withReason } from "../rpc/errors.js";
import type { RpcMetrics } from "./metrics.js";

const requestIdPattern = /^[A-Za-z0-9._-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && requestIdPattern.test(value) ? value : randomUUID();
}

/** A Connect code number, or 0 for OK (Connect's Code enum has no OK). */
const ok = 0;
type Outcome = { code: number | undefined };

function envelope(flags: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + data.byteLength);
  out[0] = flags;
  new DataView(out.buffer).setUint32(1, data.byteLength);
  out.set(data, 5);
  return out;
}

/** A chunk that is exactly one envelope carrying `flag`, or undefined. */
function singleEnvelope(chunk: Uint8Array, flag: number): Uint8Array | undefined {
  if (chunk.byteLength < 5 || ((chunk[0] ?? 0) & flag) !== flag) return undefined;
  const length = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength).getUint32(1);
  return length === chunk.byteLength - 5 ? chunk.subarray(5) : undefined;
}

/** Rewrites error-carrying chunks so every error has a reason, and records the final code. */
function rewriteChunk(chunk: Uint8Array, res: UniversalServerResponse, contentType: string, outcome: Outcome): Uint8Array {
  if (contentType.startsWith("application/grpc-web")) {
    const data = singleEnvelope(chunk, trailerFlag);
    if (!data) return chunk;
    const trailer = trailerParse(data);
    const error = findTrailerError(trailer);
    outcome.code = error?.code ?? ok;
    if (!error) return chunk;
    setTrailerStatus(trailer, withReason(error));
    return envelope(trailerFlag, trailerSerialize(trailer));
  }
  if (contentType.startsWith("application/connect+")) {
    const data = singleEnvelope(chunk, endStreamFlag);
    if (!data) return chunk;
    const end = endStreamFromJson(data);
    outcome.code = end.error?.code ?? ok;
    if (!end.error) return chunk;
    return envelope(endStreamFlag, new TextEncoder().encode(JSON.stringify(endStreamToJson(end.metadata, withReason(end.error), undefined))));
  }
  return chunk;
}

/**
 * A Connect unary error is one small JSON body: rewritten whole, before its
 * headers (status, length) are sent. It may arrive compressed; it leaves plain.
 */
async function rewriteConnectUnaryError(res: UniversalServerResponse, outcome: Outcome): Promise<UniversalServerResponse> {
  const chunks: Uint8Array[] = [];
  if (res.body) for await (const chunk of res.body) chunks.push(chunk);
  try {
    let bytes: Uint8Array = Buffer.concat(chunks);
    const encoding = res.header?.get("content-encoding");
    if (encoding === "gzip") bytes = gunzipSync(bytes);
    else if (encoding === "br") bytes = brotliDecompressSync(bytes);
    else if (encoding) throw new Error(`unexpected content-encoding ${encoding}`);
    const error = withReason(errorFromJsonBytes(bytes, undefined, new ConnectError("error", codeFromHttpStatus(res.status))));
    outcome.code = error.code;
    const body = errorToJsonBytes(error, {});
    res.header?.delete("content-encoding");
    res.header?.set("content-length", String(body.byteLength));
    return { ...res, status: codeToHttpStatus(error.code), body: createAsyncIterable([body]) };
  } catch {
    // The edge must never break a response: the original goes out.
    return { ...res, body: createAsyncIterable(chunks) };
  }
}

/** The edge must never break a response: if a rewrite fails, the original goes out. */
function safely(rewrite: () => Uint8Array, original: Uint8Array): Uint8Array {
  try {
    return rewrite();
  } catch {
    return original;
  }
}

async function* observeBody(res: UniversalServerResponse, contentType: string, outcome: Outcome, done: () => void): AsyncIterable<Uint8Array> {
  try {
    if (res.body) {
      for await (const chunk of res.body) yield safely(() => rewriteChunk(chunk, res, contentType, outcome), chunk);
    }
    if (contentType.startsWith("application/grpc") && !contentType.startsWith("application/grpc-web") && res.trailer) {
      const error = findTrailerError(res.trailer);
      outcome.code = error?.code ?? ok;
      if (error) setTrailerStatus(res.trailer, withReason(error));
    }
  } finally {
    done();
  }
}

function headerCode(res: UniversalServerResponse): Outcome["code"] {
  // gRPC and gRPC-Web "trailers-only" responses carry the status in the headers.
  const status = res.header?.get("grpc-status");
  if (status) return Number(status);
  if (res.status === 200) return undefined;
  return codeFromHttpStatus(res.status);
}

export interface EdgeDeps {
  log: Logger;
  metrics: RpcMetrics;
}

/** Wraps a router handler; `contextValues` must carry a fresh RequestState. */
export function instrumentHandler(handler: UniversalHandler, deps: EdgeDeps): UniversalHandler {
  const procedure = `${handler.service.typeName}/${handler.method.name}`;
  const wrapped = async (req: Parameters<UniversalHandler>[0]): Promise<UniversalServerResponse> => {
    const started = process.hrtime.bigint();
    deps.metrics.started(procedure);
    const state = (req.contextValues)?.get(kRequest);
    const outcome: Outcome = { code: undefined };
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const code = outcome.code ?? ok;
      const codeName = code === ok ? "ok" : (Code[code] ?? "unknown").replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
      deps.metrics.finished(procedure, codeName, seconds);
      (state?.log ?? deps.log)[codeName === "internal" || codeName === "unknown" ? "error" : "info"](
        { procedure, code: codeName, ms: Math.round(seconds * 10_000) / 10, principal: state?.principal?.userId, apiKey: state?.principal?.apiKeyId },
        "rpc",
      );
    };
    let res: UniversalServerResponse;
    try {
      res = await handler(req);
    } catch (error) {
      outcome.code = Code.Internal;
      done();
      throw error;
    }
    outcome.code = headerCode(res);
    res.header?.set("x-request-id", state?.requestId ?? "");
    const contentType = res.header?.get("content-type") ?? "";
    if (res.status !== 200 && contentType.startsWith("application/json")) res = await rewriteConnectUnaryError(res, outcome);
    return { ...res, body: observeBody(res, contentType, outcome, done) };
  };
  return Object.assign(wrapped, {
    requestPath: handler.requestPath,
    service: handler.service,
    method: handler.method,
    protocolNames: handler.protocolNames,
    supportedContentType: handler.supportedContentType,
    allowedMethods: handler.allowedMethods,
  });
}
