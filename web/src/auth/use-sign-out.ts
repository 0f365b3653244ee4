import { createClient } from "@connectrpc/connect";
import { useTransport } from "@connectrpc/connect-query";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { useCallback } from "react";
import { useSession } from "./session-context.js";

/** Revokes this device's refresh token on the server (best effort) and forgets the session. */
export function useSignOut(): () => Promise<void> {
  const session = useSession();
  const transport = useTransport();
  return useCallback(async () => {
    const refreshToken = session.refreshToken();
    session.signOut();
    if (refreshToken === undefined) return;
    try {
      await createClient(AuthService, transport).logout({ refreshToken });
    } catch {
      // Signed out locally either way; the token expires on its own.
    }
  }, [session, transport]);
}
