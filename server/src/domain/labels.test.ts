import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InventoryError } from "./inventory.errors.js";
import {
  assertEncodable,
  encodable,
  fitLine,
  labelContent,
  labelPlacement,
  labelSheets,
  labelsPerPage,
  linearSymbol,
  matrixSymbol,
  maxBarHeightMm,
  maxLinearModuleMm,
  mmToPt,
  pageCount,
  quietModules,
  wrapText,
  type Box,
  type LabelLayout,
  type Measure,
  type Symbology,
} from "./labels.js";

const layouts: LabelLayout[] = ["A4_3X8", "SINGLE_62X29"];
const symbologies: Symbology[] = ["CODE128", "QR"];
const eps = 1e-9;

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x - eps && inner.y >= outer.y - eps && inner.x + inner.width <= outer.x + outer.width + eps && inner.y + inner.height <= outer.y + outer.height + eps;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width - eps && b.x < a.x + a.width - eps && a.y < b.y + b.height - eps && b.y < a.y + a.height - eps;
}

describe("label sheets", () => {
  it.each([
    ["A4_3X8", 24, 210, 297, 70, 37],
    ["SINGLE_62X29", 1, 62, 29, 62, 29],
  ] as const)("%s: %i per page of %i × %i mm, labels %i × %i mm", (layout, perPage, pageW, pageH, labelW, labelH) => {
    const spec = labelSheets[layout];
    expect(labelsPerPage(layout)).toBe(perPage);
    expect([spec.pageWidthMm, spec.pageHeightMm, spec.labelWidthMm, spec.labelHeightMm]).toEqual([pageW, pageH, labelW, labelH]);
  });

  it.each([
    ["A4_3X8", 0, 0],
    ["A4_3X8", 1, 1],
    ["A4_3X8", 24, 1],
    ["A4_3X8", 25, 2],
    ["A4_3X8", 1000, 42],
    ["SINGLE_62X29", 3, 3],
  ] as const)("%s: %i labels take %i pages", (layout, labels, pages) => {
    expect(pageCount(layout, labels)).toBe(pages);
  });

  it("fills an A4 sheet row by row, centred vertically, edge to edge across", () => {
    expect(labelPlacement("A4_3X8", 0)).toEqual({ page: 0, column: 0, row: 0, box: { x: 0, y: 0.5, width: 70, height: 37 } });
    expect(labelPlacement("A4_3X8", 4)).toEqual({ page: 0, column: 1, row: 1, box: { x: 70, y: 37.5, width: 70, height: 37 } });
    expect(labelPlacement("A4_3X8", 23)).toEqual({ page: 0, column: 2, row: 7, box: { x: 140, y: 259.5, width: 70, height: 37 } });
    expect(labelPlacement("A4_3X8", 24).page).toBe(1);
    expect(labelPlacement("A4_3X8", 24).box).toEqual(labelPlacement("A4_3X8", 0).box);
  });

  it.each(layouts)("%s: every label is on its page and no two overlap", (layout) => {
    const spec = labelSheets[layout];
    const page: Box = { x: 0, y: 0, width: spec.pageWidthMm, height: spec.pageHeightMm };
    const boxes = Array.from({ length: labelsPerPage(layout) }, (_, i) => labelPlacement(layout, i).box);
    for (const [i, box] of boxes.entries()) {
      expect(inside(box, page)).toBe(true);
      for (const other of boxes.slice(i + 1)) expect(overlap(box, other)).toBe(false);
    }
  });
});

describe("label content", () => {
  it.each(layouts.flatMap((layout) => symbologies.map((symbology) => [layout, symbology] as const)))("%s %s: symbol and text inside the padding, apart", (layout, symbology) => {
    const spec = labelSheets[layout];
    const printable: Box = { x: spec.paddingXMm, y: spec.paddingYMm, width: spec.labelWidthMm - 2 * spec.paddingXMm, height: spec.labelHeightMm - 2 * spec.paddingYMm };
    const content = labelContent(layout, symbology);
    for (const box of [content.symbol, content.title, content.code]) {
      expect(inside(box, printable)).toBe(true);
      expect(box.width).toBeGreaterThan(0);
      expect(box.height).toBeGreaterThan(0);
    }
    expect(overlap(content.symbol, content.title)).toBe(false);
    expect(overlap(content.symbol, content.code)).toBe(false);
    expect(overlap(content.title, content.code)).toBe(false);
    expect(content.titleLines).toBeGreaterThanOrEqual(1);
  });

  it("gives a QR code a square and the text several lines beside it", () => {
    const content = labelContent("A4_3X8", "QR");
    expect(content.symbol.width).toBe(content.symbol.height);
    expect(content.symbol.height).toBe(33);
    expect(content.titleLines).toBe(4);
    expect(content.title.x).toBeGreaterThan(content.symbol.x + content.symbol.width);
  });

  it("keeps Code128 bars to a sensible height and centres title, bars and code as a group", () => {
    const content = labelContent("A4_3X8", "CODE128");
    expect(content.symbol.height).toBe(maxBarHeightMm);
    const top = content.title.y;
    const bottom = content.code.y + content.code.height;
    expect(top - labelSheets.A4_3X8.paddingYMm).toBeCloseTo(labelSheets.A4_3X8.labelHeightMm - labelSheets.A4_3X8.paddingYMm - bottom);
    expect(labelContent("SINGLE_62X29", "CODE128").symbol.height).toBe(maxBarHeightMm);
  });

  it("converts millimetres to points", () => {
    expect(mmToPt(25.4)).toBeCloseTo(72);
    expect(mmToPt(210)).toBeCloseTo(595.28, 2);
  });
});

describe("linear symbols", () => {
  const box: Box = { x: 4, y: 6, width: 62, height: 24 };

  it("draws bars (not spaces) at module widths, centred, with a 10-module quiet zone", () => {
    const drawing = linearSymbol([2, 1, 1, 3, 2], box);
    // 9 modules + 2 × 10 quiet, at the widest module allowed.
    expect(drawing.moduleMm).toBe(maxLinearModuleMm);
    expect(drawing.outline.width).toBeCloseTo(29 * maxLinearModuleMm);
    expect(drawing.outline.x).toBeCloseTo(box.x + (box.width - 29 * maxLinearModuleMm) / 2);
    expect(drawing.rects.map((r) => [r.x - drawing.outline.x, r.width].map((v) => Math.round((v / drawing.moduleMm) * 1000) / 1000))).toEqual([
      [10, 2],
      [13, 1],
      [17, 2],
    ]);
    expect(drawing.outline.height).toBe(maxBarHeightMm);
  });

  it("shrinks modules to fit a long code, keeping the quiet zone inside the box", () => {
    const widths = fc.sample(fc.integer({ min: 1, max: 4 }), { numRuns: 301, seed: 1 });
    const drawing = linearSymbol(widths, box);
    const modules = widths.reduce((a, b) => a + b, 0);
    expect(drawing.moduleMm).toBeCloseTo(box.width / (modules + 2 * quietModules.CODE128));
    expect(inside(drawing.outline, box)).toBe(true);
    const first = drawing.rects[0];
    const last = drawing.rects.at(-1);
    expect(first && first.x - drawing.outline.x).toBeCloseTo(10 * drawing.moduleMm);
    expect(last && drawing.outline.x + drawing.outline.width - (last.x + last.width)).toBeGreaterThanOrEqual(10 * drawing.moduleMm - eps);
  });

  it("keeps every bar inside its outline for any symbol", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 800 }), (widths) => {
        const drawing = linearSymbol(widths, box);
        expect(inside(drawing.outline, box)).toBe(true);
        for (const rect of drawing.rects) expect(inside(rect, drawing.outline)).toBe(true);
      }),
    );
  });
});

describe("matrix symbols", () => {
  it("draws dark runs of each row as one rectangle, inside a 4-module quiet zone", () => {
    // 3 × 2 modules: row 0 = 1 1 0, row 1 = 0 1 1
    const drawing = matrixSymbol([1, 1, 0, 0, 1, 1], 3, 2, { x: 0, y: 0, width: 22, height: 10 });
    expect(drawing.moduleMm).toBeCloseTo(1); // limited by the height: 2 + 8 modules in 10 mm
    expect(drawing.outline).toEqual({ x: (22 - 11) / 2, y: 0, width: 11, height: 10 });
    expect(drawing.rects).toEqual([
      { x: 5.5 + 4, y: 4, width: 2, height: 1 },
      { x: 5.5 + 5, y: 5, width: 2, height: 1 },
    ]);
  });
});

// A fixed-pitch stand-in for a font: 0.5 mm per character at 10 pt.
const measure: Measure = (text, sizePt) => (text.length * sizePt) / 20;

describe("text fitting", () => {
  it("keeps a short code at full size", () => {
    expect(fitLine("LX-0001", 10, 8, 6, measure)).toEqual({ text: "LX-0001", sizePt: 8 });
  });
  it("shrinks a longer code before cutting it", () => {
    expect(fitLine("LX-000000000001", 5, 8, 5, measure)).toEqual({ text: "LX-000000000001", sizePt: 6.5 });
  });
  it("cuts with an ellipsis at the smallest size", () => {
    const fitted = fitLine("A-VERY-LONG-ASSET-TAG-0001", 5, 8, 6, measure);
    expect(fitted.sizePt).toBe(6);
    expect(fitted.text.endsWith("…")).toBe(true);
    expect(measure(fitted.text, 6)).toBeLessThanOrEqual(5);
  });

  it.each([
    ["Moving Head Spot 575", 20, 3, ["Moving Head Spot 575"]],
    ["Moving Head Spot 575", 5, 3, ["Moving", "Head Spot", "575"]],
    ["Moving Head Spot 575", 5, 2, ["Moving", "Head Spot…"]],
    ["Moving Head Spot 575", 3, 2, ["Moving", "Head…"]],
    ["Socapex19pin25mCable", 5, 3, ["Socapex19p", "in25mCable"]],
    ["", 5, 3, []],
  ] as const)("wraps %j in %i mm into at most %i lines", (text, width, lines, expected) => {
    expect(wrapText(text, width, 10, lines, measure)).toEqual(expected);
  });

  it("never exceeds the width or the line count", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 4 }), (text, width, maxLines) => {
        const lines = wrapText(text, width, 10, maxLines, measure);
        expect(lines.length).toBeLessThanOrEqual(maxLines);
        for (const line of lines) expect(measure(line, 10)).toBeLessThanOrEqual(width);
      }),
    );
  });
});

describe("encodable codes", () => {
  it.each([
    ["LX-0001", "CODE128", true],
    ["CASE 12/b", "CODE128", true],
    ["TAG-Ü1", "CODE128", false],
    ["日本-1", "CODE128", false],
    ["tab\there", "CODE128", false],
    ["TAG-Ü1", "QR", true],
    ["日本-1", "QR", true],
  ] as const)("%s as %s: %s", (code, symbology, ok) => {
    expect(encodable(code, symbology)).toBe(ok);
  });

  it("refuses a sheet naming the first code that cannot be printed", () => {
    const items = [{ code: "OK-1", title: "" }, { code: "NÖ-2", title: "" }, { code: "NÖ-3", title: "" }];
    expect(() => { assertEncodable(items, "QR"); }).not.toThrow();
    try {
      assertEncodable(items, "CODE128");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InventoryError);
      expect(error).toMatchObject({ code: "CODE_NOT_ENCODABLE", metadata: { code: "NÖ-2", symbology: "CODE128" } });
    }
  });
});
