import { getOption } from "@bufbuild/protobuf";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { access } from "@eventkit/api/eventkit/v1/common_pb.js";
import { errorReason } from "../errors.js";
import type { Session } from "./session.js";

/**
 * Adds `Authorization: Bearer <access token>` to every non-public RPC. When
 * the server answers TOKEN_EXPIRED, refreshes once (shared by all requests
 * in flight) and retries the request with the new token.
 */
export function authInterceptor(session: Session): Interceptor {
  return (next) => async (request) => {
    if (getOption(request.method, access).rule.case === "public") return next(request);
    const token = await session.accessToken();
    if (token !== undefined) request.header.set("Authorization", `Bearer ${token}`);
    try {
      return await next(request);
    } catch (error) {
      const connectError = ConnectError.from(error);
      const retryable = !request.stream && token !== undefined;
      if (!retryable || connectError.code !== Code.Unauthenticated || errorReason(connectError) !== "TOKEN_EXPIRED") {
        throw error;
      }
      const fresh = await session.refresh();
      if (fresh === undefined) throw error;
      request.header.set("Authorization", `Bearer ${fresh}`);
      return next(request);
    }
  };
}
