// Factories for auth tests: a real AuthService on a fresh database.
import { AuthService, type CallContext } from "../../src/service/auth.service.js";
import { AccessTokens } from "../../src/service/auth.tokens.js";
import { RateLimits } from "../../src/service/rate-limit.js";
import { createPreparedKysely, type DatabaseHandle } from "../../src/store/db.js";
import { createTestDatabase } from "./db.js";

export const adminEmail = "admin@example.com";
export const adminPassword = "correct-horse-battery-staple";

export interface AuthFixture {
  database: DatabaseHandle;
  auth: AuthService;
  clock: { now: Date };
  /** An anonymous caller from a fixed address. */
  anonymous: CallContext;
  /** Signs in and returns the caller context with its principal. */
  signIn(email: string, password: string, address?: string): Promise<CallContext & { accessToken: string; refreshToken: string }>;
  admin(): Promise<CallContext & { accessToken: string; refreshToken: string }>;
  close(): Promise<void>;
}

/**
 * `database`: another fixture's, to play a second server process on the same database (closing
 * this fixture then leaves it open).
 */
export async function authFixture(
  options: { loginFailuresPerAccount?: number; loginFailuresPerAddress?: number; requestsPerMinute?: number; database?: DatabaseHandle } = {},
): Promise<AuthFixture> {
  const database = options.database ?? (await createTestDatabase());
  const clock = { now: new Date() };
  const tokens = new AccessTokens(database.db, 900);
  await tokens.init();
  const counters = { pool: database.counters, db: createPreparedKysely(database.counters) };
  const limits = new RateLimits(counters, {
    requestsPerMinute: options.requestsPerMinute ?? 100_000,
    loginFailuresPerAccount: options.loginFailuresPerAccount ?? 5,
    loginFailuresPerAddress: options.loginFailuresPerAddress ?? 1000,
  });
  const auth = new AuthService({
    db: database.db,
    counters: counters.db,
    tokens,
    limits,
    now: () => clock.now,
    settings: { refreshTokenTtlSeconds: 3600, inviteTtlSeconds: 3600, setupTokenTtlSeconds: 3600 },
  });
  await auth.syncBuiltInRoles();
  const anonymous: CallContext = { principal: undefined, clientAddress: "192.0.2.1" };
  const signIn = async (email: string, password: string, address = "192.0.2.1") => {
    const { tokens: pair } = await auth.login({ principal: undefined, clientAddress: address }, { email, password });
    const principal = await auth.authenticate(pair.accessToken);
    return { principal, clientAddress: address, accessToken: pair.accessToken, refreshToken: pair.refreshToken };
  };
  return {
    database,
    auth,
    clock,
    anonymous,
    signIn,
    admin: async () => {
      await auth.bootstrap({ email: adminEmail, password: adminPassword });
      return signIn(adminEmail, adminPassword);
    },
    close: () => (options.database ? Promise.resolve() : database.close()),
  };
}

/** The AuthError code a promise rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return "resolved";
}
