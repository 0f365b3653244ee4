// Request deadlines: the client's, capped by the server's.

const grpcTimeoutUnits: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000_001 };

/** Every request ends within the server's deadline: none given, or a longer one, becomes the server's. */
export function applyDeadline(header: Headers, maxMs: number): void {
  const connect = header.get("connect-timeout-ms");
  const grpc = /^(\d{1,8})([HMSmun])$/.exec(header.get("grpc-timeout") ?? "");
  const requested = connect !== null && /^\d{1,10}$/.test(connect) ? Number(connect) : grpc?.[1] && grpc[2] ? Number(grpc[1]) * (grpcTimeoutUnits[grpc[2]] ?? 1) : undefined;
  if (requested !== undefined && requested <= maxMs) return;
  if (connect === null || /^\d{1,10}$/.test(connect)) header.set("connect-timeout-ms", String(maxMs));
  if (header.get("grpc-timeout") === null || grpc) header.set("grpc-timeout", `${maxMs}m`);
}
