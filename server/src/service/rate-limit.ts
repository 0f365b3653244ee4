// Request and login throttling, counted in the database (table rate_limit) so every server
// process shares the limits: requests with our own upsert (an authenticated request counts in the
// statement that checks its session), sign-in failures with rate-limiter-flexible.
import type pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { AuthError } from "../domain/auth.errors.js";
import type { Db } from "../store/db.js";
import { countRequest, type RequestCount, type RequestToCount } from "../store/rate-limit.store.js";

export interface RateLimitSettings {
  requestsPerMinute: number;
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
}

const loginWindowSeconds = 15 * 60;
const requestWindowMs = 60_000;

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
  private readonly loginAccount: RateLimiterPostgres;
  private readonly loginAddress: RateLimiterPostgres;

  /** `counters`: the pool and a Kysely over it, whose commits need not wait for the WAL flush. */
  constructor(
    private readonly counters: { pool: pg.Pool; db: Db },
    private readonly settings: RateLimitSettings,
  ) {
    this.loginAccount = limiter(counters.pool, "la", settings.loginFailuresPerAccount, loginWindowSeconds);
    this.loginAddress = limiter(counters.pool, "lip", settings.loginFailuresPerAddress, loginWindowSeconds);
  }

  /** One request of `key` (user, API key or address) to count, now. */
  requestToCount(key: string): RequestToCount {
    return { key: `rq:${key}`, windowMs: requestWindowMs, nowMs: Date.now() };
  }

  /** Throws RATE_LIMITED when the counted request is over the limit. */
  judgeRequest(counted: RequestToCount, count: RequestCount): void {
    if (count.points > this.settings.requestsPerMinute) {
      throw new AuthError("RATE_LIMITED", "too many requests", {}, Math.max(count.expireMs - counted.nowMs, 0));
    }
  }

  /** Counts one request of `key`; throws RATE_LIMITED over the limit. */
  async consumeRequest(key: string): Promise<void> {
    const counted = this.requestToCount(key);
    this.judgeRequest(counted, await countRequest(this.counters.db, counted));
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
