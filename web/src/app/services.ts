import { createClient, type Interceptor, type Transport } from "@connectrpc/connect";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { QueryClient } from "@tanstack/react-query";
import { authInterceptor } from "../auth/auth-interceptor.js";
import { browserLock, createSession, refreshTokenStorageKey, type Session } from "../auth/session.js";

export interface AppServices {
  session: Session;
  transport: Transport;
  queryClient: QueryClient;
  /** Stops listening to other tabs. */
  dispose(): void;
}

/**
 * Wires the session, the authenticated transport and the query cache.
 * `makeTransport` builds a transport with the given interceptors: the
 * browser's Connect transport in the app, an in-memory router in tests.
 */
export function createAppServices(makeTransport: (interceptors: Interceptor[]) => Transport, storage: Storage): AppServices {
  const anonymous = createClient(AuthService, makeTransport([]));
  const session = createSession({
    storage,
    lock: browserLock(),
    refresh: async (refreshToken) => {
      const response = await anonymous.refreshToken({ refreshToken });
      if (response.tokens === undefined) throw new Error("RefreshToken returned no tokens");
      return response.tokens;
    },
  });
  const transport = makeTransport([authInterceptor(session)]);
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
    },
  });
  const unsubscribe = session.subscribe(() => {
    if (session.getState().status === "signedOut") queryClient.clear();
  });
  // Another tab signed out (or in): follow it.
  const onStorage = (event: StorageEvent): void => {
    if (event.key !== refreshTokenStorageKey) return;
    if (event.newValue === null) session.signOut();
    else if (session.getState().status === "signedOut") void session.restore();
  };
  window.addEventListener("storage", onStorage);
  return {
    session,
    transport,
    queryClient,
    dispose() {
      unsubscribe();
      window.removeEventListener("storage", onStorage);
    },
  };
}
