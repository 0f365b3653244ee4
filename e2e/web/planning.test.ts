// The planning screens in Debian's Chromium against a started server. The
// catalogue is seeded through the API (a warehouse, 36 bulk products, a
// serialized moving head with 10 units and a safety-cable accessory, a stage kit
// of 3 products and a truss kit of 2), and a competing confirmed event holds 4
// of the moving heads. In the browser: create a 3-day event (with a new client),
// add the moving heads and the stage kit through the search picker, the rest
// through the API up to 40 lines, see the moving-head line short by 2, cover it
// with a sub-hire line, and see the shortage gone. Then look at the calendar,
// the product timeline and the availability lookup. Phone (375 px) and desktop
// (1280 px) screenshots go to test-results/. Needs server/dist and web/dist.
import { create } from "@bufbuild/protobuf";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { TimeRangeSchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { CaseKind, InventoryService, KitPricing, LocationKind, StockMovementKind, TrackingMode } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { EventStatus, PhaseKind, PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonAuthClient, signIn } from "../support/clients.js";
import { defaultAdmin, repoRoot, startServer, tempDataDir, type StartedServer } from "../support/server.js";

const chromiumPath = "/usr/bin/chromium";
const screenshotDir = join(repoRoot, "test-results");
const webIndex = join(repoRoot, "web", "dist", "index.html");

let server: StartedServer;
let context: BrowserContext;
let page: Page;
let inventory: Client<typeof InventoryService>;
let planning: Client<typeof PlanningService>;

// The event: three show days three weeks from now, 09:00 on day 1 to 23:00 on day 3 (browser time zone).
const firstDay = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const lastDay = addDays(firstDay, 2);

const catalogue = {
  warehouseId: "",
  spotId: "",
  cableId: "",
  stageKitId: "",
  trussKitId: "",
  bulkIds: [] as string[],
};
let eventId = "";

/** The whole page, or only the viewport (for dialogs, which a full-page capture distorts). */
async function screenshot(name: string, width: number, fullPage = true): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  // Let Mantine's media queries and transitions settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage });
}

/** On a phone the page must not scroll sideways. */
async function expectNoSidewaysScroll(): Promise<void> {
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
}

function bearer(token: string): Interceptor {
  return (next) => async (request) => {
    request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
}

async function bulkProduct(code: string, name: string, stock: number): Promise<string> {
  const product = (await inventory.createProduct({ product: { code, name, tracking: TrackingMode.BULK } })).product;
  if (!product) throw new Error(`CreateProduct ${code} returned nothing`);
  await inventory.recordStockMovement({ productId: product.id, kind: StockMovementKind.RECEIVE, toLocationId: catalogue.warehouseId, quantity: stock });
  return product.id;
}

function range(start: string, end: string) {
  return create(TimeRangeSchema, { start: timestampFromDate(new Date(start)), end: timestampFromDate(new Date(end)) });
}

/** Lines of the pull list on the page (table rows on a desktop, cards on a phone). */
function lines() {
  return page.locator("[data-line]");
}

function lineRow(title: string) {
  return page.locator("tr[data-line]").filter({ has: page.getByText(title, { exact: true }) });
}

describe.skipIf(!existsSync(chromiumPath))("planning screens in Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(webIndex)) throw new Error(`${webIndex} is missing: build the web app first (npm run build -w web)`);
    mkdirSync(screenshotDir, { recursive: true });
    server = await startServer();
    const token = await signIn(jsonAuthClient(server.url));
    const transport = createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", interceptors: [bearer(token)] });
    inventory = createClient(InventoryService, transport);
    planning = createClient(PlanningService, transport);
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

  it("seeds the catalogue and a competing confirmed event through the API", async () => {
    const warehouse = (await inventory.createLocation({ name: "Berlin", code: "BER", kind: LocationKind.WAREHOUSE })).location;
    if (!warehouse) throw new Error("CreateLocation returned nothing");
    catalogue.warehouseId = warehouse.id;
    catalogue.cableId = await bulkProduct("SAFETY-60", "Safety cable 60 cm", 200);
    const spot = (
      await inventory.createProduct({
        product: { code: "MH-SPOT", name: "Moving head spot", tracking: TrackingMode.SERIALIZED, accessories: [{ productId: catalogue.cableId, quantity: 1 }] },
      })
    ).product;
    if (!spot) throw new Error("CreateProduct MH-SPOT returned nothing");
    catalogue.spotId = spot.id;
    await inventory.createAssets({ productId: spot.id, tags: { case: "generateCount", value: 10 }, locationId: warehouse.id });
    for (let index = 1; index <= 36; index += 1) {
      const number = String(index).padStart(2, "0");
      catalogue.bulkIds.push(await bulkProduct(`GEAR-${number}`, `Gear item ${number}`, 50));
    }
    const [deck, leg, skirt, truss, clamp] = catalogue.bulkIds;
    if (!deck || !leg || !skirt || !truss || !clamp) throw new Error("expected the bulk products");
    const stageKit = (
      await inventory.createKit({
        kit: {
          code: "KIT-STAGE",
          name: "Stage kit",
          pricing: KitPricing.PER_ITEM,
          items: [
            { productId: deck, quantity: 1 },
            { productId: leg, quantity: 4 },
            { productId: skirt, quantity: 1 },
          ],
        },
      })
    ).kit;
    const trussKit = (
      await inventory.createKit({
        kit: { code: "KIT-TRUSS", name: "Truss kit", pricing: KitPricing.PER_ITEM, items: [{ productId: truss, quantity: 2 }, { productId: clamp, quantity: 4 }] },
      })
    ).kit;
    if (!stageKit || !trussKit) throw new Error("CreateKit returned nothing");
    catalogue.stageKitId = stageKit.id;
    catalogue.trussKitId = trussKit.id;

    // Another event holds 4 of the 10 moving heads over the same days, confirmed.
    const other = (
      await planning.createEvent({
        event: {
          name: "Corporate gala",
          timeZone: "UTC",
          phases: [{ kind: PhaseKind.SHOW, period: range(`${addDays(firstDay, -1)}T08:00:00Z`, `${addDays(lastDay, 1)}T20:00:00Z`) }],
        },
      })
    ).event;
    if (!other) throw new Error("CreateEvent returned nothing");
    await planning.addPullListLine({ eventId: other.id, item: { case: "productId", value: spot.id }, quantity: 4 });
    const confirmed = await planning.changeEventStatus({ eventId: other.id, version: other.version, status: EventStatus.CONFIRMED });
    expect(confirmed.event?.status).toBe(EventStatus.CONFIRMED);
  });

  it("signs in and shows the planning section in the navigation", async () => {
    await page.goto(server.url);
    await page.getByRole("textbox", { name: "Email" }).fill(defaultAdmin.email);
    await page.getByRole("textbox", { name: "Password" }).fill(defaultAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Events" }).waitFor();
    const links = await nav.getByRole("link").allTextContents();
    expect(links.slice(0, 5)).toEqual(["Home", "Events", "Calendar", "Product timeline", "Availability"]);
  });

  it("creates a 3-day event with a new client", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Events" }).click();
    await page.getByRole("heading", { name: "Events", level: 2 }).waitFor();
    await page.getByRole("button", { name: "New event" }).click();
    const dialog = page.getByRole("dialog", { name: "New event" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("Summer Festival");
    await dialog.getByRole("combobox", { name: "Client" }).fill("Acme Events");
    await page.getByRole("option", { name: "Create “Acme Events”" }).click();
    await expect.poll(() => dialog.getByRole("combobox", { name: "Client" }).inputValue()).toBe("Acme Events");
    const show = dialog.getByRole("group", { name: "Phase 1: Show" });
    await show.getByLabel("Starts").fill(`${firstDay}T09:00`);
    await show.getByLabel("Ends").fill(`${lastDay}T23:00`);
    await dialog.getByRole("button", { name: "+ Load-out" }).click();
    await dialog.getByRole("button", { name: "+ Load-in" }).click();
    await dialog.getByText(/Out of the warehouse: .* \(4 days\)/).waitFor();
    await screenshot("planning-event-form", 1280, false);
    await dialog.getByRole("button", { name: "Create event" }).click();
    await page.getByRole("heading", { name: "Summer Festival", level: 2 }).waitFor();
    const match = /\/planning\/events\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
    expect(match?.[1]).toBeDefined();
    eventId = match?.[1] ?? "";
    expect(await page.getByText("Acme Events").count()).toBeGreaterThan(0);
  });

  it("adds a product and a kit through the search picker", async () => {
    const form = page.getByRole("form", { name: "Add to the pull list" });
    await form.getByRole("combobox", { name: "Product, asset, kit or case" }).fill("Moving head");
    await page.getByRole("option", { name: /Moving head spot/ }).click();
    await form.getByRole("textbox", { name: "Quantity" }).fill("8");
    await form.getByRole("button", { name: "Add" }).click();
    await form.getByText("Added Moving head spot (2 lines).").waitFor();

    await form.getByRole("combobox", { name: "Product, asset, kit or case" }).fill("Stage kit");
    await page.getByRole("option", { name: /Stage kit/ }).click();
    await form.getByRole("textbox", { name: "Quantity" }).fill("2");
    await form.getByRole("button", { name: "Add" }).click();
    await form.getByText("Added Stage kit (4 lines).").waitFor();
    await expect.poll(() => lines().count()).toBe(6);
    // The kit keeps its products grouped under it; the spot brought its accessory.
    expect(await lineRow("Stage kit").getByText("Kit", { exact: true }).count()).toBe(1);
    expect(await lineRow("Safety cable 60 cm").getByText("Accessory").count()).toBe(1);
  });

  it("builds the pull list to 40 lines with the second kit through the API", async () => {
    await planning.addPullListLine({ eventId, item: { case: "kitId", value: catalogue.trussKitId }, quantity: 3 });
    // 6 lines so far, 3 for the truss kit: 31 single products make 40.
    for (const productId of catalogue.bulkIds.slice(5, 36)) {
      await planning.addPullListLine({ eventId, item: { case: "productId", value: productId }, quantity: 2 });
    }
    const pullList = await planning.getPullList({ eventId });
    expect(pullList.lines).toHaveLength(40);
    await page.reload();
    await page.getByRole("heading", { name: "Summer Festival", level: 2 }).waitFor();
    await expect.poll(() => lines().count()).toBe(40);
    await page.getByText("40 lines").first().waitFor();
  });

  it("shows the moving heads short and covers them with a sub-hire line", async () => {
    const spot = lineRow("Moving head spot");
    await spot.getByText("Short 2").waitFor();
    await page.getByText("1 line short").first().waitFor();
    await screenshot("planning-pull-list-short", 1280);
    await screenshot("planning-pull-list-short", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });

    await spot.getByRole("button", { name: "Cover with sub-hire" }).click();
    const dialog = page.getByRole("dialog", { name: "Sub-hire Moving head spot" });
    await dialog.getByText("2 units of Moving head spot are missing over the event's period.").waitFor();
    expect(await dialog.getByRole("textbox", { name: "Quantity" }).inputValue()).toBe("2");
    await dialog.getByRole("textbox", { name: "Supplier name" }).fill("Rent-a-Light GmbH");
    await dialog.getByRole("textbox", { name: "Cost" }).fill("180");
    await screenshot("planning-sub-hire", 1280, false);
    await dialog.getByRole("button", { name: "Add sub-hire line" }).click();
    await dialog.waitFor({ state: "hidden" }).catch(async (error: unknown) => {
      // Say what the dialog shows (e.g. a server error) rather than only that it stayed open.
      throw new Error(`the sub-hire dialog stayed open: ${await dialog.textContent()}`, { cause: error });
    });

    await page.getByText("Everything available").waitFor();
    expect(await spot.getByText("Short 2").count()).toBe(0);
    expect(await spot.getByText("OK").count()).toBe(1);
    await page.locator("tr[data-line]").filter({ hasText: "Rent-a-Light GmbH" }).first().waitFor();
    const shortages = await planning.listShortages({ eventId });
    expect(shortages.shortages).toEqual([]);
    await screenshot("planning-pull-list-covered", 1280);
    await screenshot("planning-pull-list-covered", 375);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("lists the changes in the history", async () => {
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByText("Line added").first().waitFor();
    expect(await page.getByText("Rent-a-Light GmbH").count()).toBeGreaterThan(0);
    await screenshot("planning-history", 375);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("adds a permanent amp rack to the pull list, booked as one unit", async () => {
    const amp = (await inventory.createProduct({ product: { code: "AMP-D20", name: "Amplifier D20", tracking: TrackingMode.SERIALIZED } })).product;
    if (!amp) throw new Error("CreateProduct AMP-D20 returned nothing");
    const units = (await inventory.createAssets({ productId: amp.id, tags: { case: "generateCount", value: 4 }, locationId: catalogue.warehouseId })).assets;
    const rack = (await inventory.createCase({ code: "RACK-A", name: "Amp rack A", kind: CaseKind.PERMANENT, locationId: catalogue.warehouseId })).case;
    if (!rack) throw new Error("CreateCase returned nothing");
    await inventory.packCase({ caseId: rack.id, assetIds: units.map((unit) => unit.id) });
    // The rack's amps are not free units of their own any more.
    const amps = await inventory.checkAvailability({ productIds: [amp.id], range: range(`${firstDay}T00:00:00Z`, `${lastDay}T23:00:00Z`) });
    expect(amps.products[0]?.minAvailable).toBe(0);

    await page.getByRole("tab", { name: "Pull list" }).click();
    const form = page.getByRole("form", { name: "Add to the pull list" });
    await form.getByRole("combobox", { name: "Product, asset, kit or case" }).fill("Amp rack");
    await page.getByRole("option", { name: /Amp rack A/ }).click();
    expect(await form.getByRole("textbox", { name: "Quantity" }).isDisabled()).toBe(true);
    await form.getByRole("button", { name: "Add" }).click();
    const row = lineRow("RACK-A · Amp rack A");
    await row.getByText("Permanent case").waitFor();
    await row.getByText("OK").waitFor();
    await screenshot("planning-pull-list-case", 1280);
    const list = await planning.getPullList({ eventId });
    expect(list.lines.filter((line) => line.caseId === rack.id)).toHaveLength(1);
  });

  it("lists the events with their status and dates", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Events" }).click();
    const table = page.getByRole("table", { name: "Events" });
    await table.getByRole("link", { name: "Summer Festival" }).waitFor();
    expect(await table.getByRole("row").count()).toBe(3);
    await screenshot("planning-events", 1280);
    await screenshot("planning-events", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("shows the events on the calendar", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Calendar" }).click();
    await page.getByRole("heading", { name: "Calendar", level: 2 }).waitFor();
    // Three weeks ahead may be next month.
    const bar = page.getByRole("link", { name: /Summer Festival, Enquiry/ });
    // Give the month time to load before deciding to turn the page (a busy machine renders slowly).
    await bar.first().waitFor({ timeout: 8_000 }).catch(async () => page.getByRole("button", { name: "Next month" }).click());
    await bar.first().waitFor();
    await screenshot("planning-calendar", 1280);
    await screenshot("planning-calendar", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("moves the confirmed event a day later on the product timeline, checking availability before saving", async () => {
    await page.goto(`${server.url}/planning/timeline/${catalogue.spotId}`);
    await page.getByRole("heading", { name: "Timeline: Moving head spot", level: 2 }).waitFor();
    // Enquiries reserve nothing: only the confirmed gala is booked.
    const gala = page.getByRole("button", { name: /Corporate gala, Confirmed, 4 units/ });
    await gala.click();
    const panel = page.getByRole("region", { name: /^Move EV-/ });
    await panel.getByRole("button", { name: "1 day later" }).click();
    await panel.getByText("1 day later", { exact: true }).last().waitFor();
    // The moving heads and their safety cables are checked over the new dates before anything is saved.
    await panel.getByRole("status").filter({ hasText: "All 2 products fit on the new dates" }).waitFor();
    await page.locator("[data-preview]").waitFor();
    await screenshot("planning-timeline", 1280);
    await screenshot("planning-timeline", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
    await panel.getByRole("button", { name: "Save new dates" }).click();
    await panel.getByText("New dates saved; nothing is short.").waitFor();
    const history = await planning.listEvents({ query: "Corporate gala" });
    expect(history.events[0]?.version).toBeGreaterThan(2n);
  });

  it("answers “can we do 12 moving heads on those days?” in one screen", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Availability" }).click();
    const form = page.getByRole("form", { name: "Availability" });
    await form.getByRole("combobox", { name: "Product or kit 1" }).fill("Moving head");
    await page.getByRole("option", { name: /Moving head spot/ }).click();
    await form.getByRole("textbox", { name: "Quantity" }).fill("12");
    await form.getByLabel("From").fill(`${firstDay}T09:00`);
    await form.getByLabel("To").fill(`${lastDay}T23:00`);
    await form.getByRole("button", { name: "Check availability" }).click();
    await page.getByText("No, not from own stock").waitFor();
    await page.getByRole("table", { name: "Events competing for Moving head spot" }).waitFor();
    expect(await page.getByRole("table", { name: "Events competing for Moving head spot" }).textContent()).toContain("Corporate gala");
    await screenshot("planning-availability", 1280);
    await screenshot("planning-availability", 375);
    await expectNoSidewaysScroll();
  });

  it("keeps venues and projects on pages of their own, linked from the event", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Venues" }).click();
    await page.getByRole("heading", { name: "Venues", level: 2 }).waitFor();
    await page.getByRole("button", { name: "New venue" }).click();
    const dialog = page.getByRole("dialog", { name: "New venue" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("Tempodrom");
    await dialog.getByRole("textbox", { name: "Address" }).fill("Möckernstraße 10, Berlin");
    await dialog.getByRole("textbox", { name: "Access and load-in" }).fill("Dock 2 behind the hall, load-in from 07:00");
    await dialog.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Tempodrom", level: 2 }).waitFor();
    await page.getByText("Dock 2 behind the hall, load-in from 07:00").waitFor();
    await page.getByText("No events at this venue yet.").waitFor();
    const venueId = page.url().split("/").at(-1) ?? "";

    await nav.getByRole("link", { name: "Projects" }).click();
    await page.getByRole("button", { name: "New project" }).click();
    const projectDialog = page.getByRole("dialog", { name: "New project" });
    await projectDialog.getByRole("textbox", { name: "Name" }).fill("Summer tour");
    await projectDialog.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Summer tour", level: 2 }).waitFor();
    const projectId = page.url().split("/").at(-1) ?? "";

    // The festival happens at the Tempodrom, as part of the tour.
    const festival = (await planning.getEvent({ eventId })).event;
    if (!festival) throw new Error("GetEvent returned nothing");
    const { name, clientId, contactName, timeZone, phases, notes } = festival;
    await planning.updateEvent({ eventId, version: festival.version, event: { name, clientId, contactName, timeZone, phases, notes, venueId, projectId } });
    await page.reload();
    await page.getByRole("table", { name: "Events" }).getByRole("link", { name: "Summer Festival" }).waitFor();
    await screenshot("planning-project", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Archive" }).click();
    await page.getByText("Archived", { exact: true }).waitFor();

    await page.goto(`${server.url}/planning/events/${eventId}`);
    await page.getByRole("heading", { name: "Summer Festival", level: 2 }).waitFor();
    const venueLink = page.getByRole("link", { name: "Tempodrom" });
    expect(await venueLink.getAttribute("href")).toBe(`/planning/venues/${venueId}`);
    expect(await page.getByRole("link", { name: "Summer tour" }).getAttribute("href")).toBe(`/planning/projects/${projectId}`);
    await page.goto(`${server.url}/planning/venues/${venueId}`);
    await page.getByRole("heading", { name: "Tempodrom", level: 2 }).waitFor();
    await page.getByRole("table", { name: "Events" }).getByRole("link", { name: "Summer Festival" }).waitFor();
    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByText("Events refer to this venue, so it cannot be deleted. Archive it instead.").waitFor();
    await screenshot("planning-venue", 1280);
    await screenshot("planning-venue", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("sets turnaround buffers per product group", async () => {
    const lighting = (await inventory.createCategory({ name: "Lighting" })).category;
    if (!lighting) throw new Error("CreateCategory returned nothing");
    await inventory.createCategory({ name: "Moving heads", parentId: lighting.id });
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Planning settings" }).click();
    const table = page.getByRole("table", { name: "Turnaround buffers per product group" });
    await table.getByRole("button", { name: "Edit buffers of Lighting" }).click();
    await table.getByRole("textbox", { name: "Minutes after, Lighting" }).fill("480");
    await table.getByRole("button", { name: "Save" }).click();
    await table.getByText("Inherited from Lighting").waitFor();
    expect(await table.getByText("480 minutes").count()).toBe(2);
    const listed = await planning.listCategoryBuffers({});
    expect(listed.categories.find((c) => c.name === "Moving heads")?.effective?.afterMinutes).toBe(480);
    await screenshot("planning-settings", 1280);
    await screenshot("planning-settings", 375);
    await expectNoSidewaysScroll();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("lays the event page out right-to-left in Arabic", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "My profile" }).click();
    await page.getByText("العربية", { exact: true }).click();
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dir), { timeout: 10_000 }).toBe("rtl");
    await page.goto(`${server.url}/planning/events/${eventId}`);
    await page.getByRole("heading", { name: "Summer Festival", level: 2 }).waitFor();
    const nav = page.getByRole("navigation", { name: "التنقل الرئيسي" });
    await nav.getByRole("link", { name: "الفعاليات", exact: true }).waitFor();
    expect((await nav.boundingBox())?.x ?? 0).toBeGreaterThan(640);
    await page.getByRole("button", { name: "تأكيد" }).waitFor();
    await page.getByText("كل شيء متوفر").waitFor();
    await screenshot("planning-event-ar", 1280);
    await screenshot("planning-event-ar", 375);
    await expectNoSidewaysScroll();
  });
});
