import { createClient, type Client } from "@connectrpc/connect";
import { DiagnosticsService } from "@eventkit/api/eventkit/v1/diagnostics_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { authClient, protocols, startTestServer, transport, type ProtocolName, type TestServer } from "../support/server.js";

let server: TestServer;
let token: string;

function diagnostics(protocol: ProtocolName, signedIn = true): Client<typeof DiagnosticsService> {
  return createClient(DiagnosticsService, transport(server.url, protocol, signedIn ? token : undefined));
}

beforeAll(async () => {
  server = await startTestServer();
  token = (await authClient(server.url).login({ email: adminEmail, password: adminPassword })).tokens?.accessToken ?? "";
});
afterAll(async () => {
  await server.close();
});

describe("Echo", () => {
  it.each(protocols)("returns the message unchanged over %s", async (protocol) => {
    const message = `ping ü 🎛 ${protocol}`;
    expect((await diagnostics(protocol).echo({ message })).message).toBe(message);
  });

  it("needs a signed-in caller", async () => {
    expect(await failure(diagnostics("connect-json-h1", false).echo({ message: "ping" }))).toMatchObject({ code: "Unauthenticated", reason: "TOKEN_MISSING" });
  });

  it("refuses a message over 1 KiB", async () => {
    expect((await diagnostics("grpc").echo({ message: "x".repeat(1024) })).message).toHaveLength(1024);
    expect(await failure(diagnostics("grpc").echo({ message: "x".repeat(1025) }))).toMatchObject({ code: "InvalidArgument" });
  });
});
