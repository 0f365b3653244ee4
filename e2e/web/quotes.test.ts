// The quote flow in Debian's Chromium against a started server. Set up through
// the API: a bulk product with a day rate and stock, a company with a contact,
// a deal, and the deal's event (CreateEventFromDeal) with a pull list — the CRM
// screens have their own browser tests; here they are the starting point. In the
// browser: open the deal, create a quote in EUR from the event's pull list, add
// a transport line at 7 % beside the equipment at 19 %, save and send v1, edit it
// as v2, send, compare, accept, and see the event confirmed; the PDF's text is
// checked with pdftotext. Phone (375 px) and desktop (1280 px) screenshots go to
// test-results/. Needs server/dist and web/dist.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { AddressKind, CompanyRole, CRMService } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { InventoryService, LocationKind, StockMovementKind, TrackingMode } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { EventStatus, PhaseKind, PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { QuoteService, QuoteStatus } from "@eventkit/api/eventkit/v1/quote_pb.js";
import pg from "pg";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonAuthClient, signIn } from "../support/clients.js";
import { defaultAdmin, repoRoot, startServer, tempDataDir, type StartedServer } from "../support/server.js";

const run = promisify(execFile);
const chromiumPath = "/usr/bin/chromium";
const screenshotDir = join(repoRoot, "test-results");
const webIndex = join(repoRoot, "web", "dist", "index.html");

let server: StartedServer;
let scratchDatabase: { admin: string; name: string } | undefined;
let context: BrowserContext;
let page: Page;
let planning: Client<typeof PlanningService>;
let quotes: Client<typeof QuoteService>;
const ids = { deal: "", event: "", quote: "" };

function bearer(token: string): Interceptor {
  return (next) => async (request) => {
    request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
}

async function screenshot(name: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
}

/** The grand total the totals panel shows. */
async function total(): Promise<string> {
  return (await page.getByTestId("quote-total").textContent()) ?? "";
}

describe.skipIf(!existsSync(chromiumPath))("quotes in Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(webIndex)) throw new Error(`${webIndex} is missing: build the web app first (npm run build -w web)`);
    mkdirSync(screenshotDir, { recursive: true });
    // With TEST_DATABASE_URL the server runs on a scratch PostgreSQL database (it starts faster on a busy
    // machine than the embedded one, which applies every migration in WebAssembly); otherwise embedded.
    const admin = process.env.TEST_DATABASE_URL;
    if (admin) {
      scratchDatabase = { admin, name: `eventkit_e2e_quotes_${process.pid}` };
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${scratchDatabase.name}`);
      await client.query(`CREATE DATABASE ${scratchDatabase.name}`);
      await client.end();
      const url = new URL(admin);
      url.pathname = `/${scratchDatabase.name}`;
      server = await startServer({ env: { DATABASE_URL: url.toString() } });
    } else {
      server = await startServer();
    }
    const token = await signIn(jsonAuthClient(server.url));
    const transport = createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", interceptors: [bearer(token)] });
    planning = createClient(PlanningService, transport);
    quotes = createClient(QuoteService, transport);
    context = await chromium.launchPersistentContext(tempDataDir("eventkit-chromium-"), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    context.setDefaultTimeout(20_000);
    page = context.pages()[0] ?? (await context.newPage());
    // Accepting asks for confirmation.
    page.on("dialog", (dialog) => { void dialog.accept(); });
  });

  afterAll(async () => {
    await context.close();
    await server.stop();
    if (scratchDatabase) {
      const client = new pg.Client({ connectionString: scratchDatabase.admin });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${scratchDatabase.name}`);
      await client.end();
    }
  });

  it("sets up a company with a contact, a deal and its event with a pull list through the API", async () => {
    const token = await signIn(jsonAuthClient(server.url));
    const transport = createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", interceptors: [bearer(token)] });
    const inventory = createClient(InventoryService, transport);
    const crm = createClient(CRMService, transport);
    const warehouse = (await inventory.createLocation({ name: "Hamburg", code: "HAM", kind: LocationKind.WAREHOUSE })).location;
    const product = (await inventory.createProduct({ product: { code: "K2", name: "Line array K2", tracking: TrackingMode.BULK, dayRate: { amountMinor: 8000n, currency: "EUR" } } })).product;
    if (!warehouse || !product) throw new Error("catalogue setup failed");
    await inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 12 });
    const company = (await crm.createCompany({ company: { name: "Hansa Events AG", roles: [CompanyRole.CLIENT], vatId: "DE123456789", addresses: [{ kind: AddressKind.BILLING, street: "Hafenstraße 1", postalCode: "20457", city: "Hamburg", country: "DE" }] } })).company;
    if (!company) throw new Error("CreateCompany returned nothing");
    const contact = (await crm.createContact({ companyId: company.id, contact: { name: "Jana Kruse", email: "jana@hansa.example", role: "Production" } })).contact;
    const deal = (await crm.createDeal({ deal: { title: "Hafenfest 2031", companyId: company.id, contactId: contact?.id ?? "", value: { amountMinor: 500_000n, currency: "EUR" } } })).deal;
    if (!deal) throw new Error("CreateDeal returned nothing");
    const start = new Date(Date.now() + 21 * 86_400_000);
    start.setUTCHours(9, 0, 0, 0);
    const period = create(TimeRangeSchema, { start: timestampFromDate(start), end: timestampFromDate(new Date(start.getTime() + 2 * 86_400_000)) });
    const created = await crm.createEventFromDeal({ dealId: deal.id, event: { name: "Hafenfest", clientId: company.id, timeZone: "Europe/Berlin", phases: [{ kind: PhaseKind.SHOW, period }] } });
    const eventId = created.event?.id ?? (await crm.getDeal({ dealId: deal.id })).deal?.eventId ?? "";
    await planning.addPullListLine({ eventId, item: { case: "productId", value: product.id }, quantity: 4 });
    ids.deal = deal.id;
    ids.event = eventId;
    expect(eventId).not.toBe("");
  });

  it("signs in and creates a quote from the deal page", async () => {
    await page.goto(server.url);
    await page.getByRole("textbox", { name: "Email" }).fill(defaultAdmin.email);
    await page.getByRole("textbox", { name: "Password" }).fill(defaultAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main navigation" }).waitFor();
    await page.goto(`${server.url}/crm/deals/${ids.deal}`);
    const section = page.getByRole("region", { name: "Quotes" });
    await section.getByRole("button", { name: "New quote" }).click();
    await page.getByRole("heading", { name: /^Quote Q-\d{6}$/, level: 2 }).waitFor();
    ids.quote = page.url().split("/").at(-1) ?? "";
    // 4 × 80.00 × 1.5 (two days) = 480.00 at 19 %.
    await expect.poll(() => page.getByLabel("Description 1").inputValue()).toBe("Line array K2");
    expect(await page.getByLabel("Factor 1").inputValue()).toBe("1.5");
    expect(await total()).toBe("€571.20");
  });

  it("adds a transport line at 7 %, sees the totals per tax rate live, saves and sends v1", async () => {
    await page.getByRole("button", { name: "Add transport" }).click();
    await page.getByLabel("Description 2").fill("Truck 7.5 t");
    await page.getByLabel("Qty 2").fill("100");
    await page.getByLabel("Unit price 2").fill("1.50");
    await page.getByLabel("Tax % 2").fill("7");
    // 480.00 + 91.20 tax (19 %) + 150.00 + 10.50 tax (7 %).
    await expect.poll(total).toBe("€731.70");
    const totals = page.getByRole("region", { name: "Totals" });
    expect(await totals.textContent()).toContain("Tax 7% on €150.00");
    expect(await totals.textContent()).toContain("Tax 19% on €480.00");
    await screenshot("quote-editor", 1280);
    await screenshot("quote-editor", 375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Mark as sent" }).click();
    await page.getByRole("button", { name: "Edit as new version" }).waitFor();
    expect(await page.getByLabel("Qty 1").count()).toBe(0);
  });

  it("edits the sent quote as v2, sends it and compares the versions", async () => {
    await page.getByRole("button", { name: "Edit as new version" }).click();
    await page.getByLabel("Qty 1").fill("6");
    await expect.poll(total).toBe("€1,017.30");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByRole("button", { name: "Mark as sent" }).click();
    await page.getByRole("button", { name: "Accept" }).waitFor();
    await page.getByRole("button", { name: "Compare versions" }).click();
    const dialog = page.getByRole("dialog", { name: "Compare versions" });
    await dialog.getByText("Changed: quantity").waitFor();
    expect(await dialog.textContent()).toContain("Total €731.70 → €1,017.30");
    await dialog.getByRole("button", { name: "Close" }).click();
  });

  it("accepts v2 and sees the event confirmed", async () => {
    await page.getByRole("button", { name: "Accept" }).click();
    await page.getByText("Accepted. The event is now Confirmed.").waitFor();
    await page.goto(`${server.url}/planning/events/${ids.event}#quotes`);
    await page.getByRole("heading", { name: "Hafenfest", level: 2 }).waitFor();
    expect(await page.getByText("Confirmed", { exact: true }).first().isVisible()).toBe(true);
    const { event } = await planning.getEvent({ eventId: ids.event });
    expect(event?.status).toBe(EventStatus.CONFIRMED);
    const list = await quotes.listQuotes({ eventId: ids.event });
    expect(list.quotes.map((q) => [q.latestVersion, q.status])).toEqual([[2, QuoteStatus.ACCEPTED]]);
  });

  it("previews the PDF, whose text names the client, the event, both tax rates and the totals", async () => {
    await page.goto(`${server.url}/quotes/${ids.quote}`);
    await page.getByRole("button", { name: "Preview PDF" }).click();
    const dialog = page.getByRole("dialog", { name: /^Quote Q-\d{6}, version 2$/ });
    await dialog.getByRole("button", { name: "Download PDF" }).waitFor();
    expect(await dialog.locator("iframe").count()).toBe(1);
    const { pdf, fileName } = await quotes.renderQuotePdf({ quoteId: ids.quote });
    const file = join(screenshotDir, fileName);
    writeFileSync(file, pdf);
    const text = (await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout;
    for (const expected of ["Quote", "Hansa Events AG", "Hafenfest", "Line array K2", "Truck 7.5 t", "Tax 19%", "Tax 7%", "€1,017.30"]) expect(text).toContain(expected);
  });
});
