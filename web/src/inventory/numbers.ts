// Decimal input without floating point: what the user types ("12,50" in German,
// "١٢٫٥" in Arabic) becomes exact integer minor units, and back.

const easternDigits = /[\u0660-\u0669\u06f0-\u06f9]/g;

function westernDigits(text: string): string {
  return text
    .replace(easternDigits, (digit) => String((digit.codePointAt(0) ?? 0) & 0xf))
    .replace(/\u066b/g, ".")
    .replace(/\u066c/g, ",");
}

/** The decimal separator of a locale ("." for en, "," for de). */
export function decimalSeparator(locale: string): "." | "," {
  const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal");
  return part?.value === "," ? "," : ".";
}

/**
 * Parses a non-negative decimal into an integer scaled by 10^scale:
 * ("12,5", 2, "de") → 1250n. Empty text is 0n; anything else unparseable, a
 * negative number or more decimals than `scale` is undefined.
 */
export function parseDecimal(text: string, scale: number, locale: string): bigint | undefined {
  let value = westernDigits(text).replace(/[\s\u00a0\u202f'’]/g, "");
  if (value === "") return 0n;
  const separator = decimalSeparator(locale);
  const group = separator === "," ? "." : ",";
  // Both separators typed: the last one is the decimal point, whatever the locale.
  if (value.includes(",") && value.includes(".")) {
    const decimal = value.lastIndexOf(",") > value.lastIndexOf(".") ? "," : ".";
    value = value.replaceAll(decimal === "," ? "." : ",", "").replace(decimal, ".");
  } else if (value.includes(group)) {
    // Only the locale's grouping mark: "1,234" groups thousands, "12,5" is a decimal typed the other way.
    const grouped = new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(value);
    if (grouped) value = value.replaceAll(group, "");
    else if (value.indexOf(group) === value.lastIndexOf(group)) value = value.replace(group, ".");
    else return undefined;
  } else {
    value = value.replace(separator, ".");
  }
  const match = /^(\d*)(?:\.(\d*))?$/.exec(value);
  if (!match || (match[1] === "" && (match[2] ?? "") === "")) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > scale) return undefined;
  return BigInt(`${match[1] || "0"}${fraction.padEnd(scale, "0")}`);
}

/** An integer scaled by 10^scale as plain decimal text for an input: (1250n, 2) → "12.50"; trims zeros when asked. */
export function decimalText(scaled: bigint, scale: number, { trimZeros = false }: { trimZeros?: boolean } = {}): string {
  if (scale === 0) return scaled.toString();
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(scale + 1, "0");
  let fraction = digits.slice(-scale);
  if (trimZeros) fraction = fraction.replace(/0+$/, "");
  const whole = `${negative ? "-" : ""}${digits.slice(0, -scale)}`;
  return fraction ? `${whole}.${fraction}` : whole;
}

/** Parses a whole number ≥ 0 (Arabic digits allowed); undefined if it is not one. */
export function parseCount(text: string): number | undefined {
  const value = westernDigits(text).trim();
  if (!/^\d{1,9}$/.test(value)) return undefined;
  return Number(value);
}
