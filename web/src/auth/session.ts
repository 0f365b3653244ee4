import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import type { TokenPair } from "@eventkit/api/eventkit/v1/auth_pb.js";

export const refreshTokenStorageKey = "eventkit.refreshToken";

/** Refresh the access token this long before it expires. */
const expiryMarginMs = 30_000;

export type SessionStatus = "restoring" | "signedIn" | "signedOut";

/** Why the user sees the sign-in page again, shown there as a notice. */
export type SignOutNotice = "sessionExpired" | "serverUnreachable";

export interface SessionState {
  readonly status: SessionStatus;
  readonly notice: SignOutNotice | undefined;
}

export interface SessionOptions {
  storage: Storage;
  /** Exchanges a refresh token for a new pair (AuthService.RefreshToken, without auth). */
  refresh: (refreshToken: string) => Promise<TokenPair>;
  now?: () => number;
  /** Serialises refreshes across browser tabs sharing one refresh token. */
  lock?: <T>(name: string, run: () => Promise<T>) => Promise<T>;
}

export interface Session {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  /** The access token to send now: refreshed first when it is missing or about to expire. */
  accessToken(): Promise<string | undefined>;
  /** Stores a new pair from Login, CompleteSetup, AcceptInvite or ChangePassword. */
  signIn(tokens: TokenPair | undefined): void;
  signOut(notice?: SignOutNotice): void;
  /** Rotates the refresh token once for all concurrent callers; undefined when the session ended. */
  refresh(): Promise<string | undefined>;
  /** On app start: signs in again with a stored refresh token, if any. */
  restore(): Promise<void>;
  refreshToken(): string | undefined;
}

/** Seconds of clock difference between server and browser, from the JWT's `iat`. */
function serverClockOffsetMs(accessToken: string, now: number): number {
  const payload = accessToken.split(".")[1];
  if (payload === undefined) return 0;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const claims: unknown = JSON.parse(json);
    if (typeof claims === "object" && claims !== null && "iat" in claims && typeof claims.iat === "number") {
      return claims.iat * 1000 - now;
    }
  } catch {
    // Not a JWT we can read: trust the browser's clock.
  }
  return 0;
}

function isSessionEndedError(error: unknown): boolean {
  const code = ConnectError.from(error).code;
  return code === Code.Unauthenticated || code === Code.PermissionDenied || code === Code.InvalidArgument;
}

const noLock = <T,>(_name: string, run: () => Promise<T>): Promise<T> => run();

/** Web Locks where the browser has them, so two tabs never present the same refresh token. */
export function browserLock(): <T>(name: string, run: () => Promise<T>) => Promise<T> {
  // Older browsers (and test DOMs) have no navigator.locks, or a null one.
  const locks: LockManager | null | undefined = typeof navigator === "undefined" ? undefined : navigator.locks;
  if (!locks) return noLock;
  return (name, run) => locks.request(name, run);
}

/**
 * Tokens of the signed-in user: the access token in memory only, the refresh
 * token in localStorage so a reload (or another tab) can resume the session.
 */
export function createSession(options: SessionOptions): Session {
  const { storage, refresh: exchange } = options;
  const now = options.now ?? Date.now;
  const lock = options.lock ?? noLock;
  const listeners = new Set<() => void>();
  let state: SessionState = {
    status: storage.getItem(refreshTokenStorageKey) ? "restoring" : "signedOut",
    notice: undefined,
  };
  let access: { token: string; expiresAtMs: number } | undefined;
  let inFlight: Promise<string | undefined> | undefined;

  function setState(next: SessionState): void {
    if (next.status === state.status && next.notice === state.notice) return;
    state = next;
    for (const listener of listeners) listener();
  }

  function store(tokens: TokenPair): void {
    const receivedAt = now();
    const expiresAt = tokens.accessTokenExpiresAt ? timestampDate(tokens.accessTokenExpiresAt).getTime() : receivedAt;
    access = {
      token: tokens.accessToken,
      expiresAtMs: expiresAt - serverClockOffsetMs(tokens.accessToken, receivedAt),
    };
    storage.setItem(refreshTokenStorageKey, tokens.refreshToken);
    setState({ status: "signedIn", notice: undefined });
  }

  function signOut(notice?: SignOutNotice): void {
    access = undefined;
    storage.removeItem(refreshTokenStorageKey);
    setState({ status: "signedOut", notice });
  }

  async function rotate(): Promise<string | undefined> {
    return lock("eventkit.refresh", async () => {
      // Read inside the lock: another tab may have rotated it meanwhile.
      const refreshToken = storage.getItem(refreshTokenStorageKey);
      if (!refreshToken) {
        signOut(state.status === "signedIn" ? "sessionExpired" : undefined);
        return undefined;
      }
      try {
        const tokens = await exchange(refreshToken);
        store(tokens);
        return tokens.accessToken;
      } catch (error) {
        if (isSessionEndedError(error)) {
          signOut("sessionExpired");
          return undefined;
        }
        throw error;
      }
    });
  }

  function refresh(): Promise<string | undefined> {
    inFlight ??= rotate().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async accessToken() {
      if (access !== undefined && access.expiresAtMs - now() > expiryMarginMs) return access.token;
      if (!storage.getItem(refreshTokenStorageKey)) return undefined;
      return refresh();
    },
    signIn(tokens) {
      if (tokens === undefined) return;
      store(tokens);
    },
    signOut,
    refresh,
    async restore() {
      if (!storage.getItem(refreshTokenStorageKey)) {
        setState({ status: "signedOut", notice: undefined });
        return;
      }
      try {
        await refresh();
      } catch {
        // Server unreachable: keep the refresh token for the next attempt.
        access = undefined;
        setState({ status: "signedOut", notice: "serverUnreachable" });
      }
    },
    refreshToken: () => storage.getItem(refreshTokenStorageKey) ?? undefined,
  };
}
