import { create } from "@bufbuild/protobuf";
import { Code, createClient, createRouterTransport } from "@connectrpc/connect";
import { AuthService, GetCurrentUserResponseSchema, type TokenPair } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { describe, expect, it, onTestFinished } from "vitest";
import { createAppServices } from "../app/services.js";
import { apiError, newPrincipal, newTokens } from "../test/factories.js";
import { refreshTokenStorageKey } from "./session.js";

/** An in-memory server whose access tokens are valid while listed in `valid`. */
function fakeServer(options: { refreshFails?: string } = {}) {
  const valid = new Set<string>();
  const calls = { refresh: 0, authorizations: [] as string[] };
  let rotated: TokenPair | undefined;
  const services = createAppServices(
    (interceptors) =>
      createRouterTransport(
        ({ service }) =>
          service(AuthService, {
            refreshToken: (request) => {
              calls.refresh += 1;
              if (options.refreshFails) throw apiError(Code.Unauthenticated, options.refreshFails);
              if (request.refreshToken !== window.localStorage.getItem(refreshTokenStorageKey)) {
                throw apiError(Code.Unauthenticated, "REFRESH_TOKEN_REUSED");
              }
              rotated = newTokens();
              valid.add(rotated.accessToken);
              return { tokens: rotated };
            },
            getCurrentUser: (_, context) => {
              const authorization = context.requestHeader.get("Authorization") ?? "";
              calls.authorizations.push(authorization);
              if (!valid.has(authorization.replace("Bearer ", ""))) throw apiError(Code.Unauthenticated, "TOKEN_EXPIRED");
              return create(GetCurrentUserResponseSchema, { principal: newPrincipal([]) });
            },
          }),
        { transport: { interceptors } },
      ),
    window.localStorage,
  );
  onTestFinished(() => { services.dispose(); });
  const client = createClient(AuthService, services.transport);
  return { services, client, valid, calls, latest: () => rotated };
}

describe("session and auth interceptor", () => {
  it("sends the access token as a bearer token", async () => {
    const { services, client, valid, calls } = fakeServer();
    const tokens = newTokens();
    valid.add(tokens.accessToken);
    services.session.signIn(tokens);
    await client.getCurrentUser({});
    expect(calls.authorizations).toEqual([`Bearer ${tokens.accessToken}`]);
    expect(window.localStorage.getItem(refreshTokenStorageKey)).toBe(tokens.refreshToken);
  });

  it("refreshes once on TOKEN_EXPIRED for concurrent requests and retries them", async () => {
    const { services, client, calls, latest } = fakeServer();
    services.session.signIn(newTokens()); // not in `valid`: the server says expired
    await Promise.all([client.getCurrentUser({}), client.getCurrentUser({}), client.getCurrentUser({})]);
    expect(calls.refresh).toBe(1);
    const fresh = latest()?.accessToken ?? "missing";
    expect(calls.authorizations.slice(-3)).toEqual(Array(3).fill(`Bearer ${fresh}`));
    expect(services.session.getState().status).toBe("signedIn");
  });

  it("refreshes before a request when the access token is about to expire", async () => {
    const { services, client, calls, latest } = fakeServer();
    services.session.signIn(newTokens(5_000));
    await client.getCurrentUser({});
    expect(calls.refresh).toBe(1);
    expect(calls.authorizations).toEqual([`Bearer ${latest()?.accessToken ?? "missing"}`]);
  });

  it("signs out when the refresh token is refused", async () => {
    const { services, client, calls } = fakeServer({ refreshFails: "REFRESH_TOKEN_REUSED" });
    services.session.signIn(newTokens());
    await expect(client.getCurrentUser({})).rejects.toMatchObject({ code: Code.Unauthenticated });
    expect(calls.refresh).toBe(1);
    expect(services.session.getState()).toEqual({ status: "signedOut", notice: "sessionExpired" });
    expect(window.localStorage.getItem(refreshTokenStorageKey)).toBeNull();
  });

  it("restores a session from the stored refresh token", async () => {
    window.localStorage.setItem(refreshTokenStorageKey, "stored");
    const { services, client, valid, calls } = fakeServer();
    expect(services.session.getState().status).toBe("restoring");
    await services.session.restore();
    expect(services.session.getState().status).toBe("signedIn");
    expect(calls.refresh).toBe(1);
    expect(valid.size).toBe(1);
    await client.getCurrentUser({});
    expect(calls.refresh).toBe(1);
  });

  it("keeps the refresh token when the server is unreachable at start", async () => {
    window.localStorage.setItem(refreshTokenStorageKey, "stored");
    const unreachable = createAppServices(
      (interceptors) =>
        createRouterTransport(
          ({ service }) =>
            service(AuthService, {
              refreshToken: () => {
                throw apiError(Code.Unavailable, "DATABASE_UNAVAILABLE");
              },
            }),
          { transport: { interceptors } },
        ),
      window.localStorage,
    );
    await unreachable.session.restore();
    expect(unreachable.session.getState()).toEqual({ status: "signedOut", notice: "serverUnreachable" });
    expect(window.localStorage.getItem(refreshTokenStorageKey)).toBe("stored");
    unreachable.dispose();
  });
});
