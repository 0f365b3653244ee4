import { describe, expect, it } from "vitest";
import { applyDeadline } from "./deadline.js";

function after(headers: Record<string, string>): Record<string, string | null> {
  const h = new Headers(headers);
  applyDeadline(h, 30_000);
  return { connect: h.get("connect-timeout-ms"), grpc: h.get("grpc-timeout") };
}

describe("applyDeadline", () => {
  it.each([
    [{}, { connect: "30000", grpc: "30000m" }],
    [{ "connect-timeout-ms": "500" }, { connect: "500", grpc: null }],
    [{ "connect-timeout-ms": "999999" }, { connect: "30000", grpc: "30000m" }],
    [{ "grpc-timeout": "2S" }, { connect: null, grpc: "2S" }],
    [{ "grpc-timeout": "1H" }, { connect: "30000", grpc: "30000m" }],
    [{ "grpc-timeout": "29999999u" }, { connect: null, grpc: "29999999u" }],
  ])("%j → %j", (headers, expected) => {
    expect(after(headers)).toEqual(expected);
  });
});
