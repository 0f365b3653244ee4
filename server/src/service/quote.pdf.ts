// Quote documents are HTML printed to PDF by headless Chromium (playwright-core
// driving an installed Chromium — nothing is downloaded). Chromium shapes Arabic
// and lays out right-to-left text with HarfBuzz and the bidi algorithm, and its
// PDFs carry real text (extractable with pdftotext); pdfkit/pdfmake cannot shape
// Arabic. One browser process is started on the first PDF and reused; each PDF
// gets a fresh context with every network request refused.
import { access, constants } from "node:fs/promises";
import { chromium, type Browser } from "playwright-core";
import { QuoteError } from "../domain/quote.errors.js";

export interface PdfRenderer {
  render(html: string, footer?: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"];

function unavailable(): QuoteError {
  return new QuoteError("PDF_RENDERER_UNAVAILABLE", "PDF printing is not available on this server: Chromium is missing or does not start (see EVENTKIT_CHROMIUM_PATH)");
}

export class ChromiumPdf implements PdfRenderer {
  private browser: Promise<Browser> | undefined;

  constructor(
    private readonly executablePath: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  private async start(): Promise<Browser> {
    try {
      await access(this.executablePath, constants.X_OK);
      const browser = await chromium.launch({ executablePath: this.executablePath, args: flags, headless: true });
      // A crashed browser is started again on the next PDF.
      browser.on("disconnected", () => {
        this.browser = undefined;
      });
      return browser;
    } catch (error) {
      this.onError(error);
      this.browser = undefined;
      throw unavailable();
    }
  }

  async render(html: string, footer = ""): Promise<Uint8Array> {
    this.browser ??= this.start();
    const browser = await this.browser;
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      await context.route("**/*", (route) => route.abort());
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: "load" });
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        margin: { top: "16mm", bottom: "18mm", left: "14mm", right: "14mm" },
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: `<div style="font-family:'DejaVu Sans',sans-serif;font-size:7pt;color:#666;width:100%;padding:0 14mm;display:flex;justify-content:space-between"><span>${footer}</span><span><span class="pageNumber"></span>/<span class="totalPages"></span></span></div>`,
      });
      return new Uint8Array(pdf);
    } finally {
      await context.close();
    }
  }

  /** Ends the browser process (on shutdown). */
  async close(): Promise<void> {
    const pending = this.browser;
    this.browser = undefined;
    if (!pending) return;
    const browser = await pending.catch(() => undefined);
    await browser?.close();
  }
}
