import type { Interceptor } from "@connectrpc/connect";
import { kRequest } from "../context.js";
import { toConnectError } from "../errors.js";

/** Recovery: whatever a handler throws leaves as a mapped ConnectError; the cause of an Internal goes to the log only. */
export const errorsInterceptor: Interceptor = (next) => async (req) => {
  try {
    return await next(req);
  } catch (thrown) {
    const { error, cause } = toConnectError(thrown);
    if (cause !== undefined) {
      req.contextValues.get(kRequest)?.log.error({ err: cause, procedure: req.method.parent.typeName + "/" + req.method.name }, "request failed");
    }
    throw error;
  }
};
