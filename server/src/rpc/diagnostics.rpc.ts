// DiagnosticsService handlers. Echo has no service behind it on purpose: it is
// the API layer's floor (transport, interceptors, logging, metrics) that the
// load benchmark compares every other RPC with.
import type { ServiceImpl } from "@connectrpc/connect";
import type { DiagnosticsService } from "@eventkit/api/eventkit/v1/diagnostics_pb.js";

export function diagnosticsRpc(): ServiceImpl<typeof DiagnosticsService> {
  return {
    echo: (req) => ({ message: req.message }),
  };
}
