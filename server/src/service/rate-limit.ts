// Request and login throttling on rate-limiter-flexible, counted in PostgreSQL
// (table rate_limit) so every server process shares the limits.
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { AuthError } from "../domain/auth.errors.js";

export interface RateLimitSettings {
  requestsPerMinute: number;
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
}

const loginWindowSeconds = 15 * 60;

function limiter(pool: pg.Pool, keyPrefix: string, points: number, duration: number): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    tableName: "rate_limit",
    tableCreated: true,
    clearExpiredByTimeout: false,
    keyPrefix,
    points,
    duration,
  });
}

export class RateLimits {
  private readonly requests: RateLimiterPostgres;
  private readonly loginAccount: RateLimiterPostgres;
  private readonly loginAddress: RateLimiterPostgres;

  constructor(
    pool: pg.Pool,
    private readonly settings: RateLimitSettings,
  ) {
    this.requests = limiter(pool, "rq", settings.requestsPerMinute, 60);
    this.loginAccount = limiter(pool, "la", settings.loginFailuresPerAccount, loginWindowSeconds);
    this.loginAddress = limiter(pool, "lip", settings.loginFailuresPerAddress, loginWindowSeconds);
  }

  /** Counts one request of `key` (user, API key or address); throws RATE_LIMITED over the limit. */
  async consumeRequest(key: string): Promise<void> {
    try {
      await this.requests.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new AuthError("RATE_LIMITED", "too many requests", {}, rejection.msBeforeNext);
      }
      throw rejection;
    }
  }

  /** Refuses a login attempt while the account or the address has too many recent failures. */
  async assertLoginAllowed(email: string, address: string): Promise<void> {
    const [account, fromAddress] = await Promise.all([this.loginAccount.get(email), this.loginAddress.get(address)]);
    const blocked = [
      { res: account, limit: this.settings.loginFailuresPerAccount },
      { res: fromAddress, limit: this.settings.loginFailuresPerAddress },
    ].filter(({ res, limit }) => res !== null && res.consumedPoints >= limit);
    if (blocked.length > 0) {
      const retryAfterMs = Math.max(...blocked.map(({ res }) => res?.msBeforeNext ?? 0));
      throw new AuthError("LOGIN_THROTTLED", "too many failed sign-in attempts; try again later", {}, retryAfterMs);
    }
  }

  async recordLoginFailure(email: string, address: string): Promise<void> {
    await Promise.all([this.loginAccount.penalty(email, 1), this.loginAddress.penalty(address, 1)]);
  }

  async recordLoginSuccess(email: string): Promise<void> {
    await this.loginAccount.delete(email);
  }
}
