import { describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken, PageTokenError, pageSize } from "./pagination.js";

describe("page tokens", () => {
  it("round-trips the key for the same query", () => {
    expect(decodePageToken(encodePageToken("q1", "abc"), "q1")).toBe("abc");
  });
  it("starts at the beginning with an empty token", () => { expect(decodePageToken("", "q1")).toBeUndefined(); });
  it.each([["garbage!"], [encodePageToken("q2", "abc")], [Buffer.from("{}").toString("base64url")], [Buffer.from('{"f":"q1","a":5}').toString("base64url")]])(
    "refuses %s",
    (token) => { expect(() => decodePageToken(token, "q1")).toThrow(PageTokenError); },
  );
  it("defaults the page size", () => {
    expect(pageSize(0)).toBe(50);
    expect(pageSize(7)).toBe(7);
  });
});
