import { getOption, hasOption, type DescMethod } from "@bufbuild/protobuf";
import type { Interceptor } from "@connectrpc/connect";
import { access } from "@eventkit/api/eventkit/v1/common_pb.js";
import { ServerReflection as ReflectionV1 } from "@eventkit/api/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ReflectionV1alpha } from "@eventkit/api/grpc/reflection/v1alpha/reflection_pb.js";
import { AuthError } from "../../domain/auth.errors.js";
import type { AuthService } from "../../service/auth.service.js";
import { kRequest } from "../context.js";

export type AccessRule = { kind: "public" } | { kind: "authenticated" } | { kind: "permission"; permission: string } | { kind: "none" };

// Standard gRPC services we serve but whose .proto we do not own.
const standardPublicServices = new Set([ReflectionV1.typeName, ReflectionV1alpha.typeName]);

/** The access rule an RPC declares with the `eventkit.v1.access` option; "none" is denied. */
export function accessRule(method: DescMethod): AccessRule {
  if (standardPublicServices.has(method.parent.typeName)) return { kind: "public" };
  if (!hasOption(method, access)) return { kind: "none" };
  const rule = getOption(method, access).rule;
  switch (rule.case) {
    case "public":
      return rule.value ? { kind: "public" } : { kind: "none" };
    case "authenticated":
      return rule.value ? { kind: "authenticated" } : { kind: "none" };
    case "permission":
      return rule.value !== "" ? { kind: "permission", permission: rule.value } : { kind: "none" };
    default:
      return { kind: "none" };
  }
}

const bearerPattern = /^Bearer\s+(\S+)$/i;

/**
 * Authentication (access JWT or API key in `Authorization: Bearer`), rate
 * limiting per principal or address, and the RPC's declared access rule.
 */
export function authInterceptor(auth: AuthService): Interceptor {
  const rules = new WeakMap<DescMethod, AccessRule>();
  return (next) => async (req) => {
    const state = req.contextValues.get(kRequest);
    if (!state) throw new Error("request state missing");
    let rule = rules.get(req.method);
    if (!rule) {
      rule = accessRule(req.method);
      rules.set(req.method, rule);
    }
    if (rule.kind === "none") {
      throw new AuthError("PERMISSION_DENIED", "this RPC declares no access rule", { permission: "" });
    }
    const header = req.header.get("authorization");
    if (header !== null) {
      const match = bearerPattern.exec(header.trim());
      if (!match?.[1]) throw new AuthError("TOKEN_INVALID", "Authorization must be `Bearer <token>`");
      // A presented credential is checked even on public RPCs: a bad one is an error, not anonymity.
      // The check counts the request against the principal's rate limit.
      state.principal = await auth.authenticate(match[1]);
    } else {
      await auth.consumeAnonymousRateLimit(state.clientAddress);
    }
    if (rule.kind !== "public" && !state.principal) throw new AuthError("TOKEN_MISSING", "sign in first: send Authorization: Bearer <token>");
    if (rule.kind === "permission" && !state.principal?.permissions.has(rule.permission)) {
      throw new AuthError("PERMISSION_DENIED", `permission ${rule.permission} is required`, { permission: rule.permission });
    }
    return next(req);
  };
}
