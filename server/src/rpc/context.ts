// Per-request values shared by the edge, the interceptors and the handlers.
import { createContextKey, type HandlerContext } from "@connectrpc/connect";
import type { Logger } from "pino";
import type { CallContext } from "../service/auth.service.js";

export interface RequestState extends CallContext {
  requestId: string;
  log: Logger;
}

export const kRequest = createContextKey<RequestState | undefined>(undefined, { description: "eventkit request state" });

export function requestState(ctx: HandlerContext): RequestState {
  const state = ctx.values.get(kRequest);
  if (!state) throw new Error("request state missing: the edge did not set it");
  return state;
}
