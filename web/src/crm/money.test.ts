import { describe, expect, it } from "vitest";
import { amountText, parseAmount } from "./money.js";

describe("deal amounts", () => {
  it.each([
    ["12500", "EUR", 1_250_000n],
    ["12500.5", "EUR", 1_250_050n],
    ["0,99", "EUR", 99n],
    ["1500", "JPY", 1500n],
    ["1.234", "KWD", 1234n],
    ["1.234", "EUR", undefined],
    ["-5", "EUR", undefined],
    ["abc", "EUR", undefined],
    ["5", "XX", undefined],
  ])("%s %s → %s", (text, currency, expected) => {
    expect(parseAmount(text, currency)).toBe(expected);
  });

  it("round-trips", () => {
    expect(amountText(1_250_050n, "EUR")).toBe("12500.50");
    expect(amountText(5n, "EUR")).toBe("0.05");
    expect(amountText(1500n, "JPY")).toBe("1500");
  });
});
