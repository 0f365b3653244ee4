import { currencyMinorDigits } from "../format.js";

/** "1234.5" or "1234,50" in major units of `currency` → integer minor units; undefined when malformed or too precise. */
export function parseAmount(text: string, currency: string): bigint | undefined {
  const match = /^\s*(\d{1,15})(?:[.,](\d*))?\s*$/.exec(text);
  if (!match?.[1]) return undefined;
  let digits: number;
  try {
    digits = currencyMinorDigits(currency);
  } catch {
    return undefined;
  }
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return undefined;
  return BigInt(match[1]) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, "0") || "0");
}

/** Minor units → the plain major-unit text an input shows ("12500.00"). */
export function amountText(amountMinor: bigint, currency: string): string {
  const digits = currencyMinorDigits(currency);
  if (digits === 0) return amountMinor.toString();
  const text = amountMinor.toString().padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
