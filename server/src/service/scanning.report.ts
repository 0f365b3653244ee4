// A session's report as PDF (pdfkit, A4, tables that continue on new pages,
// DejaVu Sans where installed so any script prints) or CSV.
import PDFDocument from "pdfkit";
import { writeCsv } from "../domain/csv.js";
import type { ReportTable, SessionReport } from "../domain/scanning-report.js";
import { labelFonts } from "./labels.pdf.js";

export interface RenderedReport {
  content: Uint8Array;
  contentType: string;
  fileName: string;
}

export function reportCsv(report: SessionReport): RenderedReport {
  return {
    content: new TextEncoder().encode(writeCsv(report.csv.columns, report.csv.rows)),
    contentType: "text/csv; charset=utf-8",
    fileName: `${report.fileStem}.csv`,
  };
}

const margin = 40;
const fontSize = 8;
const rowGap = 3;

export async function reportPdf(report: SessionReport, createdAt: Date): Promise<RenderedReport> {
  const { regular, bold } = labelFonts();
  const doc = new PDFDocument({
    size: "A4",
    margin,
    info: { Title: report.title, Creator: "EventKit", Producer: "EventKit", CreationDate: createdAt, ModDate: createdAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", resolve);
    doc.on("error", reject);
  });
  doc.registerFont("body", regular);
  doc.registerFont("bold", bold);

  doc.font("bold").fontSize(16).text(report.title);
  doc.moveDown(0.3);
  for (const fact of report.facts) doc.font("body").fontSize(10).text(fact);
  for (const table of report.tables) drawTable(doc, table);
  doc.end();
  await ended;
  return { content: new Uint8Array(Buffer.concat(chunks)), contentType: "application/pdf", fileName: `${report.fileStem}.pdf` };
}

function drawTable(doc: PDFKit.PDFDocument, table: ReportTable): void {
  const width = doc.page.width - 2 * margin;
  const total = table.widths.reduce((a, b) => a + b, 0);
  const widths = table.widths.map((w) => (w / total) * width);
  const bottom = () => doc.page.height - margin;
  doc.moveDown(1);
  doc.font("bold").fontSize(11).text(table.heading, margin);
  doc.moveDown(0.3);
  const row = (cells: readonly string[], font: "body" | "bold") => {
    doc.font(font).fontSize(fontSize);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || " ", { width: (widths[i] ?? 0) - 4 })));
    if (doc.y + height > bottom()) doc.addPage();
    const top = doc.y;
    let x = margin;
    cells.forEach((c, i) => {
      doc.text(c, x, top, { width: (widths[i] ?? 0) - 4 });
      x += widths[i] ?? 0;
    });
    doc.y = top + height + rowGap;
    doc.x = margin;
  };
  row(table.columns, "bold");
  if (table.rows.length === 0) row(["(none)"], "body");
  for (const cells of table.rows) row(cells, "body");
}
