// The inventory screens in Debian's Chromium against a started server: create
// a warehouse and a serialized product, add 10 units as a tag series, pack 4
// of them into a case by typing their tags into the scan field, print their
// labels (a PDF comes back), and find the product by a misspelled name in the
// header search. Upload a photo of the product and see it in the gallery and as
// the product list's thumbnail; attach a PDF to a maintenance record. Phone (375 px) and desktop (1280 px) screenshots go to
// test-results/. Needs server/dist and web/dist (npm run build).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAdmin, repoRoot, startServer, tempDataDir, type StartedServer } from "../support/server.js";

const chromiumPath = "/usr/bin/chromium";
const screenshotDir = join(repoRoot, "test-results");
const webIndex = join(repoRoot, "web", "dist", "index.html");
const tags = Array.from({ length: 10 }, (_, index) => `MH-${String(index + 1).padStart(4, "0")}`);

let server: StartedServer;
let context: BrowserContext;
let page: Page;
let productUrl = "";
let caseUrl = "";

async function screenshot(name: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  // Let Mantine's media queries and transitions settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
}

/** On a phone the page must not scroll sideways. */
async function expectNoSidewaysScroll(): Promise<void> {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

/** A real PNG (a colour gradient) that Chromium decodes. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, (_, x) => [(x * 255) / width, (y * 255) / height, 160]).flat()]));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

/** Whether the browser fetched and decoded the image (a broken one has no natural width). */
function decoded(image: ReturnType<Page["getByRole"]>): Promise<number> {
  return image.evaluate((element) => (element instanceof HTMLImageElement && element.complete ? element.naturalWidth : 0));
}

async function chooseOption(label: string, option: string | RegExp): Promise<void> {
  await page.getByRole("dialog").getByRole("combobox", { name: label }).click();
  await page.getByRole("option", { name: option }).click();
}

describe.skipIf(!existsSync(chromiumPath))("inventory screens in Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(webIndex)) throw new Error(`${webIndex} is missing: build the web app first (npm run build -w web)`);
    mkdirSync(screenshotDir, { recursive: true });
    server = await startServer();
    context = await chromium.launchPersistentContext(tempDataDir("eventkit-chromium-"), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context.setDefaultTimeout(15_000);
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context.close();
    await server.stop();
  });

  it("signs in and shows the inventory section in the navigation", async () => {
    await page.goto(server.url);
    await page.getByRole("textbox", { name: "Email" }).fill(defaultAdmin.email);
    await page.getByRole("textbox", { name: "Password" }).fill(defaultAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Products" }).waitFor();
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "Home",
      "Events",
      "Calendar",
      "Product timeline",
      "Availability",
      "Venues",
      "Projects",
      "Planning settings",
      "Companies",
      "Pipeline",
      "Tasks",
      "Scanning",
      "Products",
      "Cases",
      "Kits",
      "Locations",
      "Maintenance",
      "CSV import",
      "Users",
      "Roles",
      "Audit log",
    ]);
  });

  it("creates a warehouse", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Locations" }).click();
    await page.getByRole("heading", { name: "Locations", level: 2 }).waitFor();
    await page.getByRole("button", { name: "New warehouse" }).click();
    const dialog = page.getByRole("dialog", { name: "New warehouse" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("Berlin");
    await dialog.getByRole("textbox", { name: "Code" }).fill("BER");
    await dialog.getByRole("button", { name: "Create location" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("treeitem").filter({ hasText: "Berlin" }).waitFor();
    expect(await page.getByRole("treeitem").first().textContent()).toContain("BER");
  });

  it("creates a serialized product", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Products" }).click();
    await page.getByText("No products yet").waitFor();
    await screenshot("inventory-products-empty", 375);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "New product" }).click();
    const dialog = page.getByRole("dialog", { name: "New product" });
    await dialog.getByRole("textbox", { name: "Code" }).fill("MH-SPOT");
    await dialog.getByRole("textbox", { name: "Name" }).fill("Moving head spot");
    await dialog.getByRole("textbox", { name: "Day rate" }).fill("45");
    await dialog.getByRole("textbox", { name: "Replacement value" }).fill("2500");
    await dialog.getByRole("textbox", { name: "Weight (kg)" }).fill("18.5");
    await dialog.getByRole("textbox", { name: "Length (cm)" }).fill("40");
    await dialog.getByRole("textbox", { name: "Width (cm)" }).fill("30");
    await dialog.getByRole("textbox", { name: "Height (cm)" }).fill("60");
    await dialog.getByText("Volume: 0.072 m³ (72 l)").waitFor();
    await screenshot("inventory-product-form", 1280);
    await dialog.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("heading", { name: "Moving head spot", level: 2 }).waitFor();
    productUrl = page.url();
    expect(new URL(productUrl).pathname).toMatch(/^\/inventory\/products\/[0-9a-f-]{36}$/);
  });

  it("adds 10 units as a numbered series with a live preview", async () => {
    await page.getByRole("button", { name: "Add units" }).click();
    const dialog = page.getByRole("dialog", { name: "Add units of Moving head spot" });
    await dialog.getByRole("textbox", { name: "Prefix" }).fill("MH-");
    await dialog.getByRole("textbox", { name: "First number" }).fill("1");
    await dialog.getByRole("textbox", { name: "How many" }).fill("10");
    await dialog.getByRole("textbox", { name: "Digits" }).fill("4");
    expect(await dialog.getByTestId("series-preview").textContent()).toBe("10 units:MH-0001…MH-0010");
    await chooseOption("Location", "Berlin");
    await dialog.getByRole("button", { name: "Add units" }).click();
    await dialog.waitFor({ state: "hidden" });
    const table = page.getByRole("table", { name: "Assets" });
    await table.getByRole("link", { name: "MH-0010" }).waitFor();
    expect(await table.getByRole("row").count()).toBe(11);
    expect(await table.textContent()).toContain("Available");
    await screenshot("inventory-product", 1280);
    await screenshot("inventory-product", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("uploads a photo of the product, shows it in the gallery and as the list thumbnail", async () => {
    const gallery = page.getByRole("region", { name: "Images" });
    await gallery.getByText("No images yet", { exact: false }).waitFor();
    await gallery.locator("input[type=file]").setInputFiles({ name: "spot-front.png", mimeType: "image/png", buffer: png(160, 120) });
    const image = gallery.getByRole("img", { name: "Image 1 of Moving head spot" });
    await image.waitFor();
    await expect.poll(() => decoded(image)).toBe(160);
    expect(await image.getAttribute("src")).toMatch(/^\/files\/[0-9a-f-]{36}\/spot-front\.png\?expires=\d+&signature=/);
    await gallery.getByText("Primary", { exact: true }).waitFor();
    await screenshot("inventory-product-gallery", 1280);
    await screenshot("inventory-product-gallery", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Products" }).click();
    const thumbnail = page.getByRole("img", { name: "Image of Moving head spot" });
    await thumbnail.waitFor();
    await expect.poll(() => decoded(thumbnail)).toBe(160);
    await screenshot("inventory-products-thumbnails", 1280);
    await page.goto(productUrl);
    await page.getByRole("heading", { name: "Moving head spot", level: 2 }).waitFor();
  });

  it("packs 4 units into a new case by typing their tags into the scan field", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Cases" }).click();
    await page.getByRole("button", { name: "New case" }).click();
    const dialog = page.getByRole("dialog", { name: "New case" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("Spot case 1");
    await chooseOption("Location", "Berlin");
    await dialog.getByRole("button", { name: "Create case" }).click();
    await page.getByRole("heading", { name: "Spot case 1", level: 2 }).waitFor();
    caseUrl = page.url();

    const field = page.getByRole("textbox", { name: "Scan or type a code" });
    await expect.poll(() => field.evaluate((element) => element === document.activeElement)).toBe(true);
    // A keyboard-wedge scanner types fast and ends each code with Enter; the field keeps the focus.
    for (const tag of tags.slice(0, 4)) {
      await page.keyboard.type(tag, { delay: 5 });
      await page.keyboard.press("Enter");
    }
    await page.getByText("4 assets").waitFor();
    const log = page.getByRole("log", { name: "Scanned" });
    expect(await log.getByText("OK", { exact: true }).count()).toBe(4);
    expect(await field.inputValue()).toBe("");
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
    const contents = page.getByRole("table", { name: "Assets" });
    for (const tag of tags.slice(0, 4)) await contents.getByRole("link", { name: tag }).waitFor();
    await screenshot("inventory-case", 1280);
    await screenshot("inventory-case", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("prints the packed units' labels as a PDF", async () => {
    await page.getByRole("button", { name: "Print labels of contents" }).click();
    const dialog = page.getByRole("dialog", { name: "Print labels" });
    await dialog.getByText("4 labels").waitFor();
    await dialog.getByText("QR code").click();
    await dialog.getByRole("button", { name: "Create PDF" }).click();
    await dialog.getByText("PDF with 4 labels is ready").waitFor();
    const href = await dialog.getByRole("link", { name: "Open PDF" }).getAttribute("href");
    expect(href).toMatch(/^blob:/);
    const pdf = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      return { head: String.fromCharCode(...bytes.slice(0, 5)), size: bytes.length };
    }, href ?? "");
    expect(pdf.head).toBe("%PDF-");
    expect(pdf.size).toBeGreaterThan(1000);
    await screenshot("inventory-labels", 1280);
    await dialog.getByRole("button", { name: "Close" }).first().click();
  });

  it("finds the product and its units by a misspelled name in the header search", async () => {
    const search = page.getByRole("searchbox", { name: "Search inventory" });
    await search.fill("moving haed spt");
    const results = page.getByRole("listbox", { name: "Search results" });
    const option = results.getByRole("option").filter({ hasText: "Moving head spot" }).first();
    await option.waitFor();
    expect(await results.locator("mark").count()).toBeGreaterThan(0);
    await screenshot("inventory-search", 1280);
    await option.click();
    await page.getByRole("heading", { name: "Moving head spot", level: 2 }).waitFor();

    // An exact tag is the first hit, and Enter opens it.
    await search.fill("MH-0003");
    await results.getByRole("option").first().filter({ hasText: "Exact" }).waitFor();
    await search.press("Enter");
    await page.getByRole("heading", { name: "MH-0003", level: 2 }).waitFor();
    await page.getByText(/Packed into|Added to the inventory/).first().waitFor();
    await screenshot("inventory-asset", 1280);
    await screenshot("inventory-asset", 375);

    // On a phone the search opens full screen.
    await page.getByRole("button", { name: "Search" }).click();
    const sheet = page.getByRole("dialog", { name: "Search" });
    await sheet.getByRole("searchbox", { name: "Search inventory" }).fill("moving haed");
    await sheet.getByTestId("search-hit").first().waitFor();
    await screenshot("inventory-search", 375);
    await sheet.getByTestId("search-hit").filter({ hasText: "Moving head spot" }).first().click();
    await page.getByRole("heading", { name: "Moving head spot", level: 2 }).waitFor();
    expect(page.url()).toBe(productUrl);
    expect(caseUrl).not.toBe("");
  });

  it("receives bulk stock once per dialog", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Products" }).click();
    await page.getByRole("button", { name: "New product" }).click();
    const dialog = page.getByRole("dialog", { name: "New product" });
    await dialog.getByRole("textbox", { name: "Code" }).fill("XLR-10");
    await dialog.getByRole("textbox", { name: "Name" }).fill("XLR cable 10 m");
    await dialog.getByText("Bulk", { exact: true }).click();
    await dialog.getByRole("button", { name: "Create product" }).click();
    await page.getByRole("heading", { name: "XLR cable 10 m", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Receive" }).click();
    const receive = page.getByRole("dialog", { name: "Stock movement: XLR cable 10 m" });
    await chooseOption("Location", "Berlin");
    await receive.getByRole("textbox", { name: "Quantity" }).fill("50");
    await receive.getByRole("button", { name: "Receive" }).dblclick();
    await receive.waitFor({ state: "hidden" });
    await page.getByText("In stock: 50").waitFor();
    const ledger = page.getByRole("table", { name: "Movements" });
    await ledger.getByText("Receive").first().waitFor();
    expect(await ledger.getByRole("row").count()).toBe(2);
    await screenshot("inventory-stock", 1280);
    await screenshot("inventory-stock", 375);
    await expectNoSidewaysScroll();
  });

  it("builds a kit from products found with the product picker", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Kits" }).click();
    await page.getByRole("button", { name: "New kit" }).click();
    const dialog = page.getByRole("dialog", { name: "New kit" });
    await dialog.getByRole("textbox", { name: "Code" }).fill("SPOT-PACK");
    await dialog.getByRole("textbox", { name: "Name" }).fill("Spot package");
    await dialog.getByRole("combobox", { name: "Item 1" }).fill("moving");
    await page.getByRole("option", { name: "Moving head spot (MH-SPOT)" }).click();
    await dialog.getByRole("textbox", { name: "Quantity" }).fill("4");
    await dialog.getByRole("button", { name: "Add item" }).click();
    await dialog.getByRole("combobox", { name: "Item 2" }).fill("xlr");
    await page.getByRole("option", { name: "XLR cable 10 m (XLR-10)" }).click();
    await dialog.getByRole("textbox", { name: "Quantity" }).nth(1).fill("8");
    await dialog.getByText("Optional").nth(1).click();
    await dialog.getByRole("button", { name: "Create kit" }).click();
    await page.getByRole("heading", { name: "Spot package", level: 2 }).waitFor();
    const items = page.getByRole("table", { name: "Items" });
    expect(await items.textContent()).toMatch(/Moving head spot4Included.*XLR cable 10 m8Optional/);
  });

  it("records a repair and moves it across the maintenance board", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Maintenance" }).click();
    await page.getByRole("button", { name: "New record" }).click();
    const dialog = page.getByRole("dialog", { name: "New maintenance record" });
    await dialog.getByRole("combobox", { name: "Asset" }).fill("MH-0005");
    await page.getByRole("option", { name: "MH-0005 · Moving head spot" }).click();
    await dialog.getByText("Repair", { exact: true }).click();
    await dialog.getByRole("textbox", { name: "Title" }).fill("Replace fan");
    await dialog.getByRole("button", { name: "Save record" }).click();
    await dialog.waitFor({ state: "hidden" });
    const open = page.getByRole("list", { name: "Open" });
    await open.getByText("Replace fan").waitFor();
    await open.getByRole("button", { name: "Start work" }).click();
    const inProgress = page.getByRole("list", { name: "In progress" });
    await inProgress.getByText("Replace fan").waitFor();
    await inProgress.getByRole("listitem").filter({ hasText: "Replace fan" }).getByRole("button", { name: "Files" }).click();
    const attachments = page.getByRole("dialog", { name: "Attachments: Replace fan" });
    await attachments.getByText("No files attached", { exact: false }).waitFor();
    await attachments.locator("input[type=file]").setInputFiles({ name: "fan-quote.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") });
    const link = attachments.getByRole("link", { name: "fan-quote.pdf" });
    await link.waitFor();
    const served = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { status: response.status, type: response.headers.get("content-type"), head: (await response.text()).slice(0, 5) };
    }, (await link.getAttribute("href")) ?? "");
    expect(served).toEqual({ status: 200, type: "application/pdf", head: "%PDF-" });
    await attachments.getByRole("button", { name: "Close" }).first().click();
    await screenshot("inventory-maintenance", 1280);
    await screenshot("inventory-maintenance", 375);
    await expectNoSidewaysScroll();
  });

  it("keeps every other inventory screen within a phone's width", async () => {
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    for (const [link, heading, shot] of [
      ["Cases", "Cases", "inventory-cases"],
      ["Kits", "Kits", "inventory-kits"],
      ["Locations", "Locations", "inventory-locations"],
      ["CSV import", "CSV import", "inventory-import"],
    ] as const) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await nav.getByRole("link", { name: link }).click();
      await page.getByRole("heading", { name: heading, level: 2 }).waitFor();
      await screenshot(shot, 375);
      await expectNoSidewaysScroll();
    }
  });

  it("lays the product page out right-to-left in Arabic", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "My profile" }).click();
    await page.getByText("العربية", { exact: true }).click();
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir), { timeout: 10_000 }).toBe("rtl");
    await page.goto(productUrl);
    await page.getByRole("heading", { name: "Moving head spot", level: 2 }).waitFor();
    const nav = page.getByRole("navigation", { name: "التنقل الرئيسي" });
    await nav.getByRole("link", { name: "المنتجات" }).waitFor();
    expect((await nav.boundingBox())?.x ?? 0).toBeGreaterThan(640);
    await page.getByRole("table", { name: "الأصول" }).getByText("MH-0001").waitFor();
    await screenshot("inventory-product-ar", 1280);
    await screenshot("inventory-product-ar", 375);
    await expectNoSidewaysScroll();
    await page.goto(caseUrl);
    await page.getByRole("textbox", { name: "امسح رمزًا أو اكتبه" }).waitFor();
    await screenshot("inventory-case-ar", 375);
  });
});
