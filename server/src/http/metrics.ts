// Prometheus metrics: per-procedure request count, duration and in-flight
// requests, plus Node's process metrics. One registry per app (tests run several).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface RpcMetrics {
  registry: Registry;
  started(procedure: string): void;
  finished(procedure: string, code: string, seconds: number): void;
}

export function createMetrics(): RpcMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: "eventkit_rpc_requests_total",
    help: "RPCs handled, by procedure and Connect code",
    labelNames: ["procedure", "code"] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "eventkit_rpc_duration_seconds",
    help: "RPC duration from request to the end of the response, by procedure and Connect code",
    labelNames: ["procedure", "code"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: "eventkit_rpc_in_flight",
    help: "RPCs in progress, by procedure",
    labelNames: ["procedure"] as const,
    registers: [registry],
  });
  return {
    registry,
    started: (procedure) => { inFlight.inc({ procedure }); },
    finished: (procedure, code, seconds) => {
      inFlight.dec({ procedure });
      requests.inc({ procedure, code });
      duration.observe({ procedure, code }, seconds);
    },
  };
}
