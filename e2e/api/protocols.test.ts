// One server port speaks Connect (JSON and binary), gRPC and gRPC-Web over
// HTTP/1.1 and h2c: the same calls succeed and fail the same way on every
// client transport. Plus the raw HTTP edges: malformed and oversized bodies,
// request ids, /metrics and gRPC reflection through `buf curl`.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fromBinary } from "@bufbuild/protobuf";
import { base64Decode } from "@bufbuild/protobuf/wire";
import { Code } from "@connectrpc/connect";
import { ErrorInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authClient,
  bearer,
  expectFailure,
  jsonAuthClient,
  metricSamples,
  signIn,
  transportFor,
  transportNames,
  type ClosableTransport,
  type TransportName,
} from "../support/clients.js";
import { defaultAdmin, repoRoot, startServer, type StartedServer } from "../support/server.js";

let server: StartedServer;
/** Same server with READ_MAX_BYTES=2048, for the message size limit. */
let small: StartedServer;
const transports: ClosableTransport[] = [];

/** A user per transport: failed logins count per account, and each transport fails once. */
const userOf = (name: TransportName) => ({ email: `${name}@example.com`, password: `password-of-${name}` });

beforeAll(async () => {
  [server, small] = await Promise.all([startServer(), startServer({ env: { READ_MAX_BYTES: "2048" } })]);
  const admin = jsonAuthClient(server.url);
  const token = await signIn(admin);
  for (const name of transportNames) {
    await admin.createUser({ email: userOf(name).email, displayName: name, password: userOf(name).password }, { headers: bearer(token) });
  }
});

afterAll(async () => {
  for (const t of transports) t.close();
  const codes = await Promise.all([server.stop(), small.stop()]);
  expect(codes).toEqual([0, 0]);
});

function open(name: TransportName, baseUrl = server.url): ReturnType<typeof authClient> {
  const t = transportFor(name, baseUrl);
  transports.push(t);
  return authClient(t.transport);
}

describe.each(transportNames)("over %s", (name) => {
  it("Login and GetCurrentUser succeed, and the request id is echoed", async () => {
    const client = open(name);
    let requestId: string | null = null;
    const res = await client.login(userOf(name), { headers: { "x-request-id": `e2e-${name}` }, onHeader: (h) => (requestId = h.get("x-request-id")) });
    expect(requestId).toBe(`e2e-${name}`);
    expect(res.user?.email).toBe(userOf(name).email);
    expect(res.tokens?.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.tokens?.refreshToken).toBeTruthy();
    expect(res.tokens?.accessTokenExpiresAt).toBeDefined();

    let generated: string | null = null;
    const me = await client.getCurrentUser(
      {},
      { headers: { ...bearer(res.tokens?.accessToken ?? ""), "x-request-id": "not a valid id!" }, onHeader: (h) => (generated = h.get("x-request-id")) },
    );
    expect(me.principal?.user?.id).toBe(res.user?.id);
    expect(me.principal?.user?.email).toBe(userOf(name).email);
    // An invalid id is replaced, not echoed.
    expect(generated).toMatch(/^[A-Za-z0-9._-]{8,128}$/);
  });

  it("a wrong password is Unauthenticated INVALID_CREDENTIALS", async () => {
    const error = await expectFailure(() => open(name).login({ email: userOf(name).email, password: "wrong-password" }));
    expect(error).toMatchObject({ code: Code.Unauthenticated, reason: "INVALID_CREDENTIALS" });
  });

  it("an invalid request is InvalidArgument VALIDATION_FAILED", async () => {
    const client = open(name);
    expect(await expectFailure(() => client.login({ email: "a", password: "" }))).toMatchObject({ code: Code.InvalidArgument, reason: "VALIDATION_FAILED" });
    expect(await expectFailure(() => client.login({ email: userOf(name).email, password: "" }))).toMatchObject({ code: Code.InvalidArgument, reason: "VALIDATION_FAILED" });
  });

  it("ListUsers without a token is Unauthenticated TOKEN_MISSING; with a bad token TOKEN_INVALID", async () => {
    const client = open(name);
    expect(await expectFailure(() => client.listUsers({}))).toMatchObject({ code: Code.Unauthenticated, reason: "TOKEN_MISSING" });
    expect(await expectFailure(() => client.listUsers({}, { headers: bearer("not.a.jwt") }))).toMatchObject({ code: Code.Unauthenticated, reason: "TOKEN_INVALID" });
  });

  it("a message over READ_MAX_BYTES is ResourceExhausted MESSAGE_TOO_LARGE", async () => {
    const error = await expectFailure(() => open(name, small.url).login({ email: `${"a".repeat(10_000)}@example.com`, password: "x" }));
    expect(error).toMatchObject({ code: Code.ResourceExhausted, reason: "MESSAGE_TOO_LARGE" });
  });
});

describe("raw HTTP", () => {
  const loginPath = "/eventkit.v1.AuthService/Login";

  interface ConnectErrorBody {
    code: string;
    message: string;
    details?: { type: string; value: string }[];
  }

  function reasonOf(body: ConnectErrorBody): string | undefined {
    const detail = body.details?.find((d) => d.type === "eventkit.v1.ErrorInfo");
    return detail ? fromBinary(ErrorInfoSchema, base64Decode(detail.value)).reason : undefined;
  }

  it("a malformed JSON body is 400 invalid_argument MALFORMED_REQUEST", async () => {
    const res = await fetch(`${server.url}${loginPath}`, { method: "POST", headers: { "content-type": "application/json", "x-request-id": "raw-1" }, body: "{not json" });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-request-id")).toBe("raw-1");
    const body = (await res.json()) as ConnectErrorBody;
    expect(body.code).toBe("invalid_argument");
    expect(reasonOf(body)).toBe("MALFORMED_REQUEST");
  });

  it("an unknown field is refused as malformed", async () => {
    const res = await fetch(`${server.url}${loginPath}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...defaultAdmin, isAdmin: true }),
    });
    expect(res.status).toBe(400);
    expect(reasonOf((await res.json()) as ConnectErrorBody)).toBe("MALFORMED_REQUEST");
  });

  it("a body over READ_MAX_BYTES is resource_exhausted with a reason", async () => {
    const body = JSON.stringify({ email: "a@example.com", password: "x".repeat(10_000) });
    expect(body.length).toBeGreaterThan(10_000);
    const res = await fetch(`${small.url}${loginPath}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(429);
    const error = (await res.json()) as ConnectErrorBody;
    expect(error.code).toBe("resource_exhausted");
    expect(reasonOf(error)).toBe("MESSAGE_TOO_LARGE");
    expect(JSON.stringify(error)).not.toMatch(/\/work\/|node_modules|\.ts:/);
  });

  it("/health answers 200 with the engine, and carries a request id", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^[A-Za-z0-9._-]{8,128}$/);
    expect(await res.json()).toEqual({ status: "ok", database: { engine: "pglite", status: "up" } });
    const echoed = await fetch(`${server.url}/health`, { headers: { "x-request-id": "health-check-7" } });
    expect(echoed.headers.get("x-request-id")).toBe("health-check-7");
  });

  it("an unknown path is a 404", async () => {
    const res = await fetch(`${server.url}/eventkit.v1.NoSuchService/Nothing`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(404);
    await res.body?.cancel();
  });

  it("/metrics counts a failed login by procedure and code, with in-flight and process metrics", async () => {
    await expectFailure(() => jsonAuthClient(server.url).login({ email: "metrics@example.com", password: "wrong-password" }));
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const failed = metricSamples(text, "eventkit_rpc_requests_total").get('{procedure="eventkit.v1.AuthService/Login",code="unauthenticated"}');
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^# TYPE eventkit_rpc_in_flight gauge$/m);
    expect(text).toMatch(/^eventkit_rpc_duration_seconds_bucket\{.*procedure="eventkit.v1.AuthService\/Login"/m);
    expect(metricSamples(text, "process_resident_memory_bytes").get("")).toBeGreaterThan(10_000_000);
  });
});

describe("gRPC reflection with buf curl", () => {
  const buf = join(repoRoot, "node_modules", ".bin", "buf");

  function bufCurl(args: string[]): Promise<{ stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      execFile(buf, ["curl", "--reflect", "--protocol", "grpc", "--http2-prior-knowledge", ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`buf curl ${args.join(" ")} failed: ${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      });
    });
  }

  it("lists the API's methods", async () => {
    const { stdout } = await bufCurl(["--list-methods", server.url]);
    const methods = stdout.split("\n").filter(Boolean);
    expect(methods).toContain("eventkit.v1.AuthService/Login");
    expect(methods).toContain("eventkit.v1.AuthService/ListUsers");
  });

  it("calls Login from the reflected schema and gets tokens", async () => {
    const { stdout } = await bufCurl(["-d", JSON.stringify(defaultAdmin), `${server.url}/eventkit.v1.AuthService/Login`]);
    const res = JSON.parse(stdout) as { tokens?: { accessToken?: string; refreshToken?: string }; user?: { email?: string } };
    expect(res.tokens?.accessToken).toBeTruthy();
    expect(res.tokens?.refreshToken).toBeTruthy();
    expect(res.user?.email).toBe(defaultAdmin.email);
  });
});

describe("after all of the above", () => {
  it("no call ended as an internal error", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const internal = [...metricSamples(text, "eventkit_rpc_requests_total")].filter(([labels, n]) => /code="(internal|unknown)"/.test(labels) && n > 0);
    expect(internal).toEqual([]);
  });
});
