// A numbered series of asset tags: prefix + zero-padded number, e.g. LX-0001 … LX-0024.

export interface SeriesInput {
  prefix: string;
  firstNumber: number;
  count: number;
  /** Digits of the number, zero-padded; 0 = as many as needed. */
  digits: number;
}

export const maxSeriesCount = 1000;
export const maxSeriesNumber = 999_999_999;

export function seriesTag(prefix: string, number: number, digits: number): string {
  return `${prefix}${String(number).padStart(digits, "0")}`;
}

export interface SeriesPreview {
  first: string;
  last: string;
  /** The numbers outgrow `digits`, so the tags are not all the same length. */
  overflows: boolean;
}

/** The first and last tag of a series, or undefined if the series is not valid. */
export function seriesPreview(series: SeriesInput): SeriesPreview | undefined {
  const { prefix, firstNumber, count, digits } = series;
  if (!/^[A-Za-z0-9._/-]*$/.test(prefix) || prefix.length > 32) return undefined;
  if (!Number.isInteger(firstNumber) || firstNumber < 0 || firstNumber > maxSeriesNumber) return undefined;
  if (!Number.isInteger(count) || count < 1 || count > maxSeriesCount) return undefined;
  if (!Number.isInteger(digits) || digits < 0 || digits > 12) return undefined;
  const lastNumber = firstNumber + count - 1;
  return {
    first: seriesTag(prefix, firstNumber, digits),
    last: seriesTag(prefix, lastNumber, digits),
    overflows: digits > 0 && String(lastNumber).length > digits,
  };
}

/** Tags typed one per line; a line may add the serial number after a comma, semicolon or tab. */
export function parseTagLines(text: string): { tags: string[]; serialNumbers: string[] } {
  const tags: string[] = [];
  const serialNumbers: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const [tag = "", serial = ""] = line.split(/[,;\t]/).map((part) => part.trim());
    if (tag === "") continue;
    tags.push(tag);
    serialNumbers.push(serial);
  }
  return { tags, serialNumbers: serialNumbers.some((serial) => serial !== "") ? serialNumbers : [] };
}
