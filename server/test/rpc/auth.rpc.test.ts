import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createContextValues, createClient, type UnaryRequest } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { createAsyncIterable } from "@connectrpc/connect/protocol";
import { AuthService, type LoginResponse } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { ServerReflection } from "@eventkit/api/grpc/reflection/v1/reflection_pb.js";
import { ServerReflectionRequestSchema } from "@eventkit/api/grpc/reflection/v1/reflection_pb.js";
import { sql } from "kysely";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiServices } from "../../src/app.js";
import { isKnownPermission } from "../../src/domain/auth.js";
import { kRequest } from "../../src/rpc/context.js";
import { accessRule, authInterceptor } from "../../src/rpc/interceptors/auth.interceptor.js";
import { adminEmail, adminPassword } from "../support/auth.js";
import { failure } from "../support/errors.js";
import { authClient, protocols, startTestServer, type TestServer } from "../support/server.js";

let server: TestServer;
let admin: LoginResponse;

async function roleId(key: string): Promise<string> {
  const roles = await authClient(server.url, "connect-json-h1", admin.tokens?.accessToken).listRoles({});
  const role = roles.roles.find((r) => r.key === key);
  if (!role) throw new Error(`no role ${key}`);
  return role.id;
}

async function userWithRole(email: string, roleIds: string[]): Promise<string> {
  const password = "a-long-password-1";
  await authClient(server.url, "connect-json-h1", admin.tokens?.accessToken).createUser({ email, displayName: email, roleIds, password });
  const login = await authClient(server.url).login({ email, password });
  return login.tokens?.accessToken ?? "";
}

async function count(table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(server.database.db);
  return rows[0]?.n ?? -1;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await authClient(server.url).login({ email: adminEmail, password: adminPassword });
});
afterAll(async () => {
  await server.close();
});

describe("access rules", () => {
  it("every RPC declares one, naming a permission of the catalogue", () => {
    for (const service of apiServices) {
      for (const method of service.methods) {
        const rule = accessRule(method);
        expect(rule.kind, `${service.typeName}/${method.name}`).not.toBe("none");
        if (rule.kind === "permission") expect(isKnownPermission(rule.permission), rule.permission).toBe(true);
      }
    }
  });

  it("an RPC without a rule is denied, even to an administrator", async () => {
    // LoginRequest's method with its option stripped stands in for a careless new RPC.
    const method = { ...AuthService.method.login, proto: { ...AuthService.method.login.proto, options: undefined } } as typeof AuthService.method.login;
    expect(accessRule(method).kind).toBe("none");
    const state = { requestId: "t", principal: undefined, clientAddress: "127.0.0.1", log: pino({ level: "silent" }) };
    const req = {
      method,
      header: new Headers({ authorization: `Bearer ${admin.tokens?.accessToken ?? ""}` }),
      contextValues: createContextValues().set(kRequest, state),
    } as unknown as UnaryRequest;
    const next = () => Promise.reject(new Error("must not be called"));
    await expect(authInterceptor(server.app.auth)(next)(req)).rejects.toMatchObject({ code: "PERMISSION_DENIED" });
  });
});

describe.each(protocols)("over %s", (protocol) => {
  it("signs in, reads the current user, and refuses what it should", async () => {
    const anonymous = authClient(server.url, protocol);
    const login = await anonymous.login({ email: adminEmail, password: adminPassword });
    const me = await authClient(server.url, protocol, login.tokens?.accessToken).getCurrentUser({});
    expect(me.principal?.user?.email).toBe(adminEmail);
    expect(me.principal?.permissions).toContain("users.manage");
    expect(await failure(anonymous.login({ email: adminEmail, password: "wrong" }))).toMatchObject({ code: "Unauthenticated", reason: "INVALID_CREDENTIALS" });
    expect(await failure(anonymous.login({ email: "", password: "" }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(anonymous.listUsers({}))).toMatchObject({ code: "Unauthenticated", reason: "TOKEN_MISSING" });
    expect(await failure(authClient(server.url, protocol, "not.a.jwt").listUsers({}))).toMatchObject({ code: "Unauthenticated", reason: "TOKEN_INVALID" });
  });

  it("updates the caller's profile", async () => {
    const login = await authClient(server.url).login({ email: adminEmail, password: adminPassword });
    const client = authClient(server.url, protocol, login.tokens?.accessToken);
    const { user } = await client.updateProfile({ displayName: "Ada", locale: "ar", timeZone: "Asia/Riyadh" });
    expect(user).toMatchObject({ displayName: "Ada", locale: "ar", timeZone: "Asia/Riyadh" });
    expect(await failure(client.updateProfile({ displayName: "Ada", locale: "ar", timeZone: "Mars/Base" }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_TIME_ZONE" });
    expect(await failure(client.updateProfile({ displayName: "Ada", locale: "fr", timeZone: "UTC" }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
  });
});

describe("bad input", () => {
  async function raw(body: string | Uint8Array, headers: Record<string, string> = {}, path = "/eventkit.v1.AuthService/Login") {
    const res = await fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    const json = (await res.json()) as { code: string; message: string; details?: { type: string; value: string }[] };
    const info = json.details?.find((d) => d.type === "eventkit.v1.ErrorInfo");
    return { status: res.status, code: json.code, message: json.message, reason: info ? Buffer.from(info.value, "base64").toString("latin1") : undefined };
  }

  it.each([
    ["malformed JSON", "{\"email\": ", "MALFORMED_REQUEST"],
    ["an unknown field", JSON.stringify({ email: "a@b.c", password: "x", isAdmin: true }), "MALFORMED_REQUEST"],
    ["a wrong type", JSON.stringify({ email: 42, password: "x" }), "MALFORMED_REQUEST"],
  ])("%s is InvalidArgument with a reason", async (_name, body, reason) => {
    const res = await raw(body);
    expect(res).toMatchObject({ status: 400, code: "invalid_argument" });
    expect(res.reason).toContain(reason);
    expect(res.message).not.toMatch(/\n\s+at |\/work\//);
  });

  it("malformed protobuf is InvalidArgument with a reason", async () => {
    const res = await raw(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), { "content-type": "application/proto" });
    expect(res).toMatchObject({ status: 400, code: "invalid_argument" });
    expect(res.reason).toContain("MALFORMED_REQUEST");
  });

  it("an oversized message is ResourceExhausted with a reason, on Connect and gRPC", async () => {
    const small = await startTestServer({ readMaxBytes: 2048 });
    try {
      const big = "x".repeat(10_000);
      const res = await fetch(small.url + "/eventkit.v1.AuthService/Login", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "a@b.c", password: big }) });
      const json = (await res.json()) as { code: string; details?: { type: string }[] };
      expect(json.code).toBe("resource_exhausted");
      expect(json.details?.map((d) => d.type)).toContain("eventkit.v1.ErrorInfo");
      expect(await failure(authClient(small.url, "grpc").login({ email: "a@b.c", password: big }))).toMatchObject({ code: "ResourceExhausted", reason: "MESSAGE_TOO_LARGE" });
      expect(await failure(authClient(small.url, "grpc-web-h1").login({ email: "a@b.c", password: big }))).toMatchObject({ code: "ResourceExhausted", reason: "MESSAGE_TOO_LARGE" });
    } finally {
      await small.close();
    }
  });

  it("a malformed Authorization header, an alg:none token and another instance's token are refused", async () => {
    expect(await failure(authClient(server.url).getCurrentUser({}, { headers: { authorization: "Basic abc" } }))).toMatchObject({ code: "Unauthenticated", reason: "TOKEN_INVALID" });
    const payload = (admin.tokens?.accessToken ?? "").split(".")[1];
    const none = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString("base64url")}.${payload}.`;
    expect(await failure(authClient(server.url, "grpc", none).getCurrentUser({}))).toMatchObject({ code: "Unauthenticated", reason: "TOKEN_INVALID" });
    const other = await startTestServer();
    try {
      const foreign = await authClient(other.url).login({ email: adminEmail, password: adminPassword });
      expect(await failure(authClient(server.url, "connect-json-h1", foreign.tokens?.accessToken).getCurrentUser({}))).toMatchObject({ code: "Unauthenticated", reason: "TOKEN_INVALID" });
    } finally {
      await other.close();
    }
  });

  it("an expired access token says so", async () => {
    const login = await authClient(server.url).login({ email: adminEmail, password: adminPassword });
    server.clock.now = new Date(Date.now() + 901_000);
    try {
      expect(await failure(authClient(server.url, "grpc", login.tokens?.accessToken).getCurrentUser({}))).toMatchObject({ code: "Unauthenticated", reason: "TOKEN_EXPIRED" });
    } finally {
      server.clock.now = new Date();
    }
  });

  it("a reused refresh token is refused and ends the family", async () => {
    const login = await authClient(server.url).login({ email: adminEmail, password: adminPassword });
    const rotated = await authClient(server.url).refreshToken({ refreshToken: login.tokens?.refreshToken ?? "" });
    expect(await failure(authClient(server.url, "grpc").refreshToken({ refreshToken: login.tokens?.refreshToken ?? "" }))).toMatchObject({ code: "Unauthenticated", reason: "REFRESH_TOKEN_REUSED" });
    expect(await failure(authClient(server.url).refreshToken({ refreshToken: rotated.tokens?.refreshToken ?? "" }))).toMatchObject({ code: "Unauthenticated", reason: "REFRESH_TOKEN_INVALID" });
  });

  it("a revoked API key is refused", async () => {
    const client = authClient(server.url, "connect-json-h1", admin.tokens?.accessToken);
    const created = await client.createApiKey({ name: "ci", permissions: ["users.read"] });
    const viaKey = authClient(server.url, "grpc", created.secret);
    expect((await viaKey.listUsers({})).users.length).toBeGreaterThan(0);
    expect(await failure(viaKey.createUser({ email: "k@example.com", displayName: "K" }))).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_DENIED" });
    await client.revokeApiKey({ apiKeyId: created.apiKey?.id ?? "" });
    expect(await failure(viaKey.listUsers({}))).toMatchObject({ code: "Unauthenticated", reason: "API_KEY_REVOKED" });
  });

  it("a Crew user calling an admin RPC is PermissionDenied and nothing is written", async () => {
    const token = await userWithRole("crew1@example.com", [await roleId("crew")]);
    const users = await count("app_user");
    const crew = authClient(server.url, "grpc-web-h1", token);
    const seen = await failure(crew.createUser({ email: "intruder@example.com", displayName: "I", password: "a-long-password-2" }));
    expect(seen).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_DENIED" });
    expect(await failure(crew.listAuditEvents({}))).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_DENIED" });
    expect(await count("app_user")).toBe(users);
  });

  it("a custom role trying to grant itself more is PermissionDenied and unchanged", async () => {
    const adminClient = authClient(server.url, "connect-json-h1", admin.tokens?.accessToken);
    const { role } = await adminClient.createRole({ name: "Delegated admin", permissions: ["roles.read", "roles.manage", "users.read"] });
    const token = await userWithRole("delegate@example.com", [role?.id ?? ""]);
    const delegate = authClient(server.url, "connect-binary-h2", token);
    const seen = await failure(delegate.updateRole({ roleId: role?.id, version: role?.version, name: role?.name, permissions: [...(role?.permissions ?? []), "users.manage"] }));
    expect(seen).toMatchObject({ code: "PermissionDenied", reason: "PERMISSION_NOT_HELD" });
    const after = (await adminClient.listRoles({})).roles.find((r) => r.id === role?.id);
    expect(after?.permissions).toEqual(["roles.manage", "roles.read", "users.read"]);
    expect(after?.version).toBe(role?.version);
  });

  it("a stale version is Aborted, a missing user NotFound, a duplicate AlreadyExists", async () => {
    const client = authClient(server.url, "grpc", admin.tokens?.accessToken);
    const { user } = await client.createUser({ email: "stale@example.com", displayName: "S" });
    await client.updateUser({ userId: user?.id, version: user?.version, displayName: "S2" });
    expect(await failure(client.updateUser({ userId: user?.id, version: user?.version, displayName: "S3" }))).toMatchObject({ code: "Aborted", reason: "STALE_VERSION" });
    expect(await failure(client.getUser({ userId: "00000000-0000-4000-8000-000000000000" }))).toMatchObject({ code: "NotFound", reason: "USER_NOT_FOUND" });
    expect(await failure(client.createUser({ email: "STALE@example.com", displayName: "D" }))).toMatchObject({ code: "AlreadyExists", reason: "EMAIL_TAKEN" });
    expect(await failure(client.getUser({ userId: "not-a-uuid" }))).toMatchObject({ code: "InvalidArgument", reason: "VALIDATION_FAILED" });
    expect(await failure(client.listUsers({ pageToken: "bogus" }))).toMatchObject({ code: "InvalidArgument", reason: "INVALID_PAGE_TOKEN" });
  });
});

describe("rate limits", () => {
  it("answer ResourceExhausted with a retry delay", async () => {
    const limited = await startTestServer({ rateLimitPerMinute: 3 });
    try {
      const client = authClient(limited.url);
      for (let i = 0; i < 3; i++) await failure(client.login({ email: adminEmail, password: "wrong" }));
      const seen = await failure(client.login({ email: adminEmail, password: adminPassword }));
      expect(seen).toMatchObject({ code: "ResourceExhausted", reason: "RATE_LIMITED" });
      expect(seen.retryDelaySeconds).toBeGreaterThan(0n);
    } finally {
      await limited.close();
    }
  });
});

describe("recovery", () => {
  it("an unexpected failure is Internal 'internal error' with nothing of the cause", async () => {
    const broken = await startTestServer();
    const login = await authClient(broken.url).login({ email: adminEmail, password: adminPassword });
    // Break the schema under the running server: the next query fails in a way no rule maps.
    await sql`ALTER TABLE app_user RENAME COLUMN display_name TO gone`.execute(broken.database.db);
    try {
      await authClient(broken.url, "connect-json-h1", login.tokens?.accessToken).getCurrentUser({});
      expect.unreachable();
    } catch (thrown) {
      const error = ConnectError.from(thrown);
      expect(error.code).toBe(Code.Internal);
      expect(error.rawMessage).toBe("internal error");
      expect(error.findDetails(ErrorInfoSchema)[0]?.reason).toBe("INTERNAL");
    } finally {
      await broken.close();
    }
  });
});

describe("operations endpoints", () => {
  it("/health reports the database, /metrics counts RPCs by procedure and code", async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: { status: "up" } });
    await failure(authClient(server.url).login({ email: adminEmail, password: "nope" }));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/eventkit_rpc_requests_total\{procedure="eventkit.v1.AuthService\/Login",code="unauthenticated"\} [1-9]/);
    expect(metrics).toMatch(/eventkit_rpc_duration_seconds_bucket\{le="0.5",procedure="eventkit.v1.AuthService\/Login",code="ok"\}/);
    expect(metrics).toContain("eventkit_rpc_in_flight");
    expect(metrics).toContain("process_resident_memory_bytes");
  });

  it("echoes a request id or makes one", async () => {
    const res = await fetch(`${server.url}/eventkit.v1.AuthService/Login`, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "abc-123" }, body: "{}" });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    const made = await fetch(`${server.url}/health`);
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves gRPC reflection", async () => {
    const reflection = createClient(ServerReflection, createGrpcTransport({ baseUrl: server.url }));
    const requests = [
      create(ServerReflectionRequestSchema, { messageRequest: { case: "listServices", value: "" } }),
      create(ServerReflectionRequestSchema, { messageRequest: { case: "fileContainingSymbol", value: "eventkit.v1.AuthService.Login" } }),
      create(ServerReflectionRequestSchema, { messageRequest: { case: "fileByFilename", value: "nope.proto" } }),
    ];
    const answers = [];
    for await (const answer of reflection.serverReflectionInfo(createAsyncIterable(requests))) answers.push(answer);
    expect(answers[0]?.messageResponse.case).toBe("listServicesResponse");
    const names = answers[0]?.messageResponse.case === "listServicesResponse" ? answers[0].messageResponse.value.service.map((s) => s.name) : [];
    expect(names).toContain("eventkit.v1.AuthService");
    expect(answers[1]?.messageResponse.case).toBe("fileDescriptorResponse");
    const files = answers[1]?.messageResponse.case === "fileDescriptorResponse" ? answers[1].messageResponse.value.fileDescriptorProto.length : 0;
    expect(files).toBeGreaterThanOrEqual(3);
    expect(answers[2]?.messageResponse.case).toBe("errorResponse");
  });
});
