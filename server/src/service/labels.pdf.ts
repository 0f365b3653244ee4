// Label sheets as PDF: bwip-js encodes the symbols (its raw module matrix), we
// draw the modules as vector rectangles with pdfkit, so bars are exact at any
// printer resolution and the PDF stays small. Geometry lives in domain/labels.ts.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import bwipjs from "bwip-js";
import PDFDocument from "pdfkit";
import {
  assertEncodable,
  fitLine,
  labelContent,
  labelPlacement,
  labelSheets,
  linearSymbol,
  matrixSymbol,
  mmPerPt,
  mmToPt,
  wrapText,
  type Box,
  type LabelItem,
  type LabelLayout,
  type Measure,
  type SymbolDrawing,
  type Symbology,
} from "../domain/labels.js";

export interface LabelSheetOptions {
  layout: LabelLayout;
  symbology: Symbology;
  /** Written into the PDF's metadata, so the same labels give the same file. */
  createdAt: Date;
}

interface Fonts {
  regular: string | Buffer;
  bold: string | Buffer;
  /** False with the standard PDF fonts, which show Latin-1 only. */
  unicode: boolean;
}

const require = createRequire(import.meta.url);

function fontFile(packagePath: string, systemPath: string): Buffer | undefined {
  // A font shipped in an npm package travels with the server; Debian's fonts-dejavu-core is the fallback.
  for (const candidate of [() => require.resolve(packagePath), () => systemPath]) {
    try {
      const path = candidate();
      if (existsSync(path)) return readFileSync(path);
    } catch {
      // not installed: try the next one
    }
  }
  return undefined;
}

let fonts: Fonts | undefined;

/** DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic letters …) when available, else Helvetica. */
export function labelFonts(): Fonts {
  if (fonts) return fonts;
  const regular = fontFile("dejavu-fonts-ttf/ttf/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  const bold = fontFile("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
  fonts = regular && bold ? { regular, bold, unicode: true } : { regular: "Helvetica", bold: "Helvetica-Bold", unicode: false };
  return fonts;
}

const latin1Only = /^[\u0020-\u007E\u00A0-\u00FF]+$/;

/** What Helvetica can show: Latin-1 as is, accented letters beyond it without their accents, the rest as "?". */
function latin1(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const base = ch.normalize("NFD").replace(/\p{M}/gu, "");
    out += latin1Only.test(ch) ? ch : latin1Only.test(base) ? base : "?";
  }
  return out;
}

function symbolDrawing(code: string, symbology: Symbology, box: Box): SymbolDrawing {
  if (symbology === "CODE128") {
    const [symbol] = bwipjs.raw({ bcid: "code128", text: code });
    if (!symbol || !("sbs" in symbol)) throw new Error("bwip-js returned no Code128 bars");
    return linearSymbol(symbol.sbs, box);
  }
  // bwip-js encodes the text as UTF-8. Beyond ASCII, an ECI 26 (UTF-8) header says so: without
  // it readers guess (zbar reads "日本" as Shift-JIS). ASCII goes without, as some
  // keyboard-wedge scanners type the header out. Level M survives a scuffed label.
  const ascii = /^\p{ASCII}*$/u.test(code);
  const text = ascii ? code : `^ECI000026${code.replaceAll("^", "^^")}`;
  const [symbol] = bwipjs.raw({ bcid: "qrcode", text, eclevel: "M", parsefnc: !ascii } as bwipjs.RawOptions);
  if (!symbol || !("pixs" in symbol)) throw new Error("bwip-js returned no QR modules");
  return matrixSymbol(symbol.pixs, symbol.pixx, symbol.pixy, box);
}

function offset(box: Box, x: number, y: number): Box {
  return { x: box.x + x, y: box.y + y, width: box.width, height: box.height };
}

/** A PDF with one label per item, in the given layout; the caller checks that the codes exist. */
export async function renderLabelSheet(items: readonly LabelItem[], options: LabelSheetOptions): Promise<Uint8Array> {
  assertEncodable(items, options.symbology);
  const spec = labelSheets[options.layout];
  const content = labelContent(options.layout, options.symbology);
  const { regular, bold, unicode } = labelFonts();
  const printable = unicode ? (text: string) => text : latin1;
  const size: [number, number] = [mmToPt(spec.pageWidthMm), mmToPt(spec.pageHeightMm)];

  const doc = new PDFDocument({
    size,
    margin: 0,
    autoFirstPage: false,
    info: { Title: "EventKit labels", Creator: "EventKit", Producer: "EventKit", CreationDate: options.createdAt, ModDate: options.createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  doc.registerFont("label", regular);
  doc.registerFont("label-bold", bold);
  const measureWith =
    (font: string): Measure =>
    (text, sizePt) =>
      doc.font(font).fontSize(sizePt).widthOfString(text) * mmPerPt;
  const write = (font: string, sizePt: number, text: string, box: Box, lineIndex: number, align: "left" | "center") => {
    const widthMm = measureWith(font)(text, sizePt);
    const x = align === "center" ? box.x + (box.width - widthMm) / 2 : box.x;
    doc.font(font).fontSize(sizePt).text(text, mmToPt(x), mmToPt(box.y) + lineIndex * sizePt * 1.2, { lineBreak: false });
  };

  let page = -1;
  for (const [index, item] of items.entries()) {
    const placement = labelPlacement(options.layout, index);
    if (placement.page !== page) {
      doc.addPage({ size, margin: 0 });
      page = placement.page;
      // Long sheets: let other requests run between pages.
      if (page > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const { x, y } = placement.box;

    const symbol = symbolDrawing(item.code, options.symbology, offset(content.symbol, x, y));
    for (const r of symbol.rects) doc.rect(mmToPt(r.x), mmToPt(r.y), mmToPt(r.width), mmToPt(r.height));
    doc.fillColor("black").fill();

    const align = options.symbology === "CODE128" ? "center" : "left";
    const titleBox = offset(content.title, x, y);
    const lines = wrapText(printable(item.title), titleBox.width, content.titleSizePt, content.titleLines, measureWith("label"));
    lines.forEach((line, i) => { write("label", content.titleSizePt, line, titleBox, i, align); });
    const codeBox = offset(content.code, x, y);
    const code = fitLine(printable(item.code), codeBox.width, content.codeSizePt, 5, measureWith("label-bold"));
    write("label-bold", code.sizePt, code.text, codeBox, 0, align);
  }
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
