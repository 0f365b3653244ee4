// Clients for black-box API tests: the five transport combinations a client
// can use against one server port, and helpers to read errors and metrics.
import { Code, ConnectError, createClient, type Client, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { defaultAdmin } from "./server.js";

export type TransportName = "connect-json-h1" | "connect-binary-h2" | "grpc-h2c" | "grpc-web-h1" | "grpc-web-h2";

export const transportNames: readonly TransportName[] = ["connect-json-h1", "connect-binary-h2", "grpc-h2c", "grpc-web-h1", "grpc-web-h2"];

export interface ClosableTransport {
  name: TransportName;
  transport: Transport;
  /** Closes the HTTP/2 session, if any. */
  close(): void;
}

/** One transport of the five; HTTP/2 ones get their own session, closed by `close()`. */
export function transportFor(name: TransportName, baseUrl: string): ClosableTransport {
  const session = name.endsWith("h2") || name.endsWith("h2c") ? new Http2SessionManager(baseUrl) : undefined;
  const close = () => session?.abort();
  switch (name) {
    case "connect-json-h1":
      return { name, close, transport: createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false }) };
    case "connect-binary-h2":
      return { name, close, transport: createConnectTransport({ baseUrl, httpVersion: "2", useBinaryFormat: true, sessionManager: session }) };
    case "grpc-h2c":
      return { name, close, transport: createGrpcTransport({ baseUrl, sessionManager: session }) };
    case "grpc-web-h1":
      return { name, close, transport: createGrpcWebTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: true }) };
    case "grpc-web-h2":
      return { name, close, transport: createGrpcWebTransport({ baseUrl, httpVersion: "2", useBinaryFormat: true, sessionManager: session }) };
    default:
      return name satisfies never;
  }
}

export function authClient(transport: Transport): Client<typeof AuthService> {
  return createClient(AuthService, transport);
}

/** Connect JSON over HTTP/1.1: the simplest client, for set-up steps. */
export function jsonAuthClient(baseUrl: string): Client<typeof AuthService> {
  return authClient(createConnectTransport({ baseUrl, httpVersion: "1.1" }));
}

export function bearer(accessToken: string): { authorization: string } {
  return { authorization: `Bearer ${accessToken}` };
}

/** Signs in (default: the default admin) and returns the access token. */
export async function signIn(client: Client<typeof AuthService>, credentials: { email: string; password: string } = defaultAdmin): Promise<string> {
  const res = await client.login(credentials);
  const token = res.tokens?.accessToken;
  if (!token) throw new Error(`login of ${credentials.email} returned no access token`);
  return token;
}

export interface ErrorShape {
  code: Code;
  codeName: string;
  reason: string | undefined;
  message: string;
}

/** The code and ErrorInfo reason of a ConnectError (anything else is rethrown). */
export function errorShape(error: unknown): ErrorShape {
  if (!(error instanceof ConnectError)) throw error;
  const info = error.findDetails(ErrorInfoSchema)[0];
  return { code: error.code, codeName: Code[error.code], reason: info?.reason, message: error.rawMessage };
}

/** Runs `call`, expects it to fail, and returns the error's code and reason. */
export async function expectFailure(call: () => Promise<unknown>): Promise<ErrorShape> {
  try {
    await call();
  } catch (error) {
    return errorShape(error);
  }
  throw new Error("the call succeeded but was expected to fail");
}

/** Values of a Prometheus sample `name{labels}` from the text exposition, keyed by the label text. */
export function metricSamples(text: string, name: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] === name && match[3] !== undefined) samples.set(match[2] ?? "", Number(match[3]));
  }
  return samples;
}
