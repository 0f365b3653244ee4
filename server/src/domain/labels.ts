// Geometry of barcode labels: where each label sits on a page, where the
// symbol and the text sit on a label, and how a symbol's modules become
// rectangles. All lengths in millimetres, origin at the top left of the page.
import { InventoryError } from "./inventory.errors.js";

export type LabelLayout = "A4_3X8" | "SINGLE_62X29";
export type Symbology = "CODE128" | "QR";

/** What is printed on one label: the code the symbol encodes and a line of text above it. */
export interface LabelItem {
  code: string;
  title: string;
}

/**
 * Code128 carries printable ASCII reliably; scanners disagree on anything else
 * (its Latin-1 extension is rarely configured). QR carries any text as UTF-8.
 */
export function encodable(code: string, symbology: Symbology): boolean {
  return symbology === "QR" || /^[\x20-\x7E]+$/.test(code);
}

/** Refuses a sheet with a code its symbology cannot carry, naming the first. */
export function assertEncodable(items: readonly LabelItem[], symbology: Symbology): void {
  const bad = items.find((item) => !encodable(item.code, symbology));
  if (bad) throw new InventoryError("CODE_NOT_ENCODABLE", `${bad.code} cannot be printed as ${symbology}: use QR codes`, { code: bad.code, symbology });
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelSheetSpec {
  pageWidthMm: number;
  pageHeightMm: number;
  columns: number;
  rows: number;
  labelWidthMm: number;
  labelHeightMm: number;
  /** Top-left corner of the first label. */
  originXMm: number;
  originYMm: number;
  /** Inside each label, kept free of print: office printers cannot print near the paper edge, label printers need a little margin. */
  paddingXMm: number;
  paddingYMm: number;
}

const a4 = { width: 210, height: 297 };

export const labelSheets: Record<LabelLayout, LabelSheetSpec> = {
  // A common A4 sheet of 24 labels (e.g. Avery 3475 / L7409-style 70 × 37 mm), edge to edge across the width.
  A4_3X8: {
    pageWidthMm: a4.width,
    pageHeightMm: a4.height,
    columns: 3,
    rows: 8,
    labelWidthMm: 70,
    labelHeightMm: 37,
    originXMm: (a4.width - 3 * 70) / 2,
    originYMm: (a4.height - 8 * 37) / 2,
    paddingXMm: 4,
    paddingYMm: 2,
  },
  // A continuous 62 mm roll cut at 29 mm (e.g. Brother DK-11209): one label per page.
  SINGLE_62X29: {
    pageWidthMm: 62,
    pageHeightMm: 29,
    columns: 1,
    rows: 1,
    labelWidthMm: 62,
    labelHeightMm: 29,
    originXMm: 0,
    originYMm: 0,
    paddingXMm: 2,
    paddingYMm: 1.5,
  },
};

export function labelsPerPage(layout: LabelLayout): number {
  const spec = labelSheets[layout];
  return spec.columns * spec.rows;
}

export function pageCount(layout: LabelLayout, labels: number): number {
  return Math.ceil(labels / labelsPerPage(layout));
}

export interface LabelPlacement {
  page: number;
  column: number;
  row: number;
  /** The label's outline on its page. */
  box: Box;
}

/** Where the `index`-th label goes: filled row by row, then page by page. */
export function labelPlacement(layout: LabelLayout, index: number): LabelPlacement {
  const spec = labelSheets[layout];
  const perPage = spec.columns * spec.rows;
  const onPage = index % perPage;
  const row = Math.floor(onPage / spec.columns);
  const column = onPage % spec.columns;
  return {
    page: Math.floor(index / perPage),
    column,
    row,
    box: { x: spec.originXMm + column * spec.labelWidthMm, y: spec.originYMm + row * spec.labelHeightMm, width: spec.labelWidthMm, height: spec.labelHeightMm },
  };
}

export const mmPerPt = 25.4 / 72;

export function mmToPt(mm: number): number {
  return mm / mmPerPt;
}

/** Line height of text of `sizePt` points, in mm. */
export function lineHeightMm(sizePt: number): number {
  return sizePt * mmPerPt * 1.2;
}

export interface LabelContent {
  symbol: Box;
  /** The title (product or case name): one line above a Code128, up to `titleLines` beside a QR code. */
  title: Box;
  titleLines: number;
  titleSizePt: number;
  /** The code in plain text, for people. */
  code: Box;
  codeSizePt: number;
}

/** Bars taller than this add nothing for a hand scanner; the label's text moves closer instead. */
export const maxBarHeightMm = 16;

const titleSizePt = 7.5;
const codeSizePt = 8;
const gapMm = 1;

/** Where symbol and text sit inside a label of `layout`, relative to the label's top-left corner. */
export function labelContent(layout: LabelLayout, symbology: Symbology): LabelContent {
  const spec = labelSheets[layout];
  const inner: Box = { x: spec.paddingXMm, y: spec.paddingYMm, width: spec.labelWidthMm - 2 * spec.paddingXMm, height: spec.labelHeightMm - 2 * spec.paddingYMm };
  const titleLine = lineHeightMm(titleSizePt);
  const codeLine = lineHeightMm(codeSizePt);
  if (symbology === "CODE128") {
    // Title, bars and code as one group, centred vertically.
    const barHeight = Math.min(maxBarHeightMm, inner.height - titleLine - codeLine - 2 * gapMm);
    const top = inner.y + (inner.height - (titleLine + barHeight + codeLine + 2 * gapMm)) / 2;
    return {
      title: { x: inner.x, y: top, width: inner.width, height: titleLine },
      titleLines: 1,
      titleSizePt,
      symbol: { x: inner.x, y: top + titleLine + gapMm, width: inner.width, height: barHeight },
      code: { x: inner.x, y: top + titleLine + barHeight + 2 * gapMm, width: inner.width, height: codeLine },
      codeSizePt,
    };
  }
  // QR: a square as tall as the label allows on the left, text on the right.
  const side = inner.height;
  const textX = inner.x + side + 2 * gapMm;
  const textWidth = inner.x + inner.width - textX;
  const titleLines = Math.max(1, Math.min(4, Math.floor((inner.height - codeLine - gapMm) / titleLine)));
  return {
    symbol: { x: inner.x, y: inner.y, width: side, height: side },
    title: { x: textX, y: inner.y, width: textWidth, height: titleLines * titleLine },
    titleLines,
    titleSizePt,
    code: { x: textX, y: inner.y + titleLines * titleLine + gapMm, width: textWidth, height: codeLine },
    codeSizePt,
  };
}

/** Quiet zones the standards ask for, in modules: ISO/IEC 15417 (Code128) 10, ISO/IEC 18004 (QR) 4. */
export const quietModules: Record<Symbology, number> = { CODE128: 10, QR: 4 };

/** Widest Code128 module worth printing; wider only makes a label look crude. */
export const maxLinearModuleMm = 0.5;

export interface SymbolDrawing {
  /** Width of one module (narrowest bar), mm. */
  moduleMm: number;
  /** The symbol with its quiet zone, which must stay blank. */
  outline: Box;
  /** Dark rectangles to fill. */
  rects: Box[];
}

/**
 * A linear symbol from its bar/space widths in modules (bar first, as bwip-js's
 * `sbs`), centred in `box` with its quiet zone, as wide as fits up to `maxLinearModuleMm`.
 */
export function linearSymbol(widths: readonly number[], box: Box): SymbolDrawing {
  const modules = widths.reduce((sum, w) => sum + w, 0);
  const quiet = quietModules.CODE128;
  const moduleMm = Math.min(maxLinearModuleMm, box.width / (modules + 2 * quiet));
  const width = (modules + 2 * quiet) * moduleMm;
  const height = Math.min(box.height, maxBarHeightMm);
  const outline: Box = { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
  const rects: Box[] = [];
  let x = outline.x + quiet * moduleMm;
  widths.forEach((w, i) => {
    if (i % 2 === 0 && w > 0) rects.push({ x, y: outline.y, width: w * moduleMm, height });
    x += w * moduleMm;
  });
  return { moduleMm, outline, rects };
}

/**
 * A matrix symbol from its modules (row by row, 1 = dark, as bwip-js's `pixs`),
 * a square centred in `box` with its quiet zone. Dark runs in a row become one rectangle.
 */
export function matrixSymbol(pixels: readonly number[], columns: number, rows: number, box: Box): SymbolDrawing {
  const quiet = quietModules.QR;
  const moduleMm = Math.min(box.width / (columns + 2 * quiet), box.height / (rows + 2 * quiet));
  const outline: Box = {
    x: box.x + (box.width - (columns + 2 * quiet) * moduleMm) / 2,
    y: box.y + (box.height - (rows + 2 * quiet) * moduleMm) / 2,
    width: (columns + 2 * quiet) * moduleMm,
    height: (rows + 2 * quiet) * moduleMm,
  };
  const rects: Box[] = [];
  for (let r = 0; r < rows; r += 1) {
    let c = 0;
    while (c < columns) {
      if (pixels[r * columns + c] !== 1) {
        c += 1;
        continue;
      }
      const start = c;
      while (c < columns && pixels[r * columns + c] === 1) c += 1;
      rects.push({ x: outline.x + (quiet + start) * moduleMm, y: outline.y + (quiet + r) * moduleMm, width: (c - start) * moduleMm, height: moduleMm });
    }
  }
  return { moduleMm, outline, rects };
}

/** Width of `text` at `sizePt`, in mm; given by the renderer, which knows the font. */
export type Measure = (text: string, sizePt: number) => number;

const ellipsis = "…";

/** What a reader sees as one character (a letter with its accents, an emoji): text is cut only between them. */
function graphemes(text: string): string[] {
  return Array.from(new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text), (s) => s.segment);
}

function truncate(text: string, widthMm: number, sizePt: number, measure: Measure): string {
  if (measure(text, sizePt) <= widthMm) return text;
  const chars = graphemes(text);
  let low = 0;
  let high = chars.length;
  // Longest prefix that fits with the ellipsis.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(chars.slice(0, mid).join("").trimEnd() + ellipsis, sizePt) <= widthMm) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? ellipsis : chars.slice(0, low).join("").trimEnd() + ellipsis;
}

/** A code on one line: smaller type down to `minSizePt` first (a code must stay whole if at all possible), then cut with an ellipsis. */
export function fitLine(text: string, widthMm: number, sizePt: number, minSizePt: number, measure: Measure): { text: string; sizePt: number } {
  for (let size = sizePt; size >= minSizePt; size -= 0.5) {
    if (measure(text, size) <= widthMm) return { text, sizePt: size };
  }
  return { text: truncate(text, widthMm, minSizePt, measure), sizePt: minSizePt };
}

/** Words into at most `maxLines` lines of `widthMm`; over-long words are broken; what does not fit ends in an ellipsis. */
export function wrapText(text: string, widthMm: number, sizePt: number, maxLines: number, measure: Measure): string[] {
  const fits = (line: string) => measure(line, sizePt) <= widthMm;
  const lines: string[] = [];
  let current = "";
  const pieces: string[] = [];
  for (const word of text.split(/\s+/u).filter((w) => w !== "")) {
    if (fits(word)) {
      pieces.push(word);
      continue;
    }
    // Break a word wider than the line into pieces that fit.
    let piece = "";
    for (const ch of graphemes(word)) {
      if (piece !== "" && !fits(piece + ch)) {
        pieces.push(piece);
        piece = "";
      }
      piece += ch;
    }
    if (piece !== "") pieces.push(piece);
  }
  for (const piece of pieces) {
    const candidate = current === "" ? piece : `${current} ${piece}`;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = piece;
  }
  if (current !== "") lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept.length - 1;
  kept[last] = truncate(`${kept[last] ?? ""} ${lines[maxLines] ?? ""}`, widthMm, sizePt, measure);
  return kept;
}
