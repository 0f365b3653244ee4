import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorInfoSchema, RetryInfoSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { expect } from "vitest";

export interface SeenError {
  code: string;
  reason: string | undefined;
  message: string;
  retryDelaySeconds: bigint | undefined;
}

/** Awaits a call that must fail; returns its code name and reason. Never Internal, never a stack trace or path. */
export async function failure(call: Promise<unknown>): Promise<SeenError> {
  try {
    await call;
  } catch (thrown) {
    const error = ConnectError.from(thrown);
    expect(error.code).not.toBe(Code.Internal);
    expect(error.rawMessage).not.toMatch(/\n\s+at |\/work\/|node_modules|SELECT |INSERT /);
    const reason = error.findDetails(ErrorInfoSchema)[0]?.reason;
    const retry = error.findDetails(RetryInfoSchema)[0]?.retryDelay?.seconds;
    return { code: Code[error.code], reason, message: error.rawMessage, retryDelaySeconds: retry };
  }
  throw new Error("the call succeeded but was expected to fail");
}
