// The scanning screen in Debian's Chromium against a started server. Seeded
// through the API: a warehouse, 6 moving heads (MH-0001…MH-0006), 40 XLR
// cables (bulk, code XLR-10), a fog machine that no event asks for, and a
// confirmed event whose pull list wants 4 moving heads and 20 cables. In the
// browser: open the event, start its check-out from there, and scan as a
// keyboard-wedge scanner does (fast keystrokes, then Enter). Midway the
// network drops: the scans queue on the device (the screen shows them) and go
// out in order when it returns. Then the Scan call alone fails while the page
// reloads: the queue comes back from IndexedDB and is sent. A bulk item asks
// for its quantity, the wrong item is refused with its message, and the
// session ends with the right counts, on the screen and on the event's pull
// list. Phone (375 px) and desktop (1280 px) screenshots go to test-results/.
// Needs server/dist and web/dist (npm run build).
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { InventoryService, LocationKind, StockMovementKind, TrackingMode } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { EventStatus, PhaseKind, PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { ScanningService, ScanSessionKind } from "@eventkit/api/eventkit/v1/scanning_pb.js";
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
let scanning: Client<typeof ScanningService>;
let eventId = "";
/** A busy machine answers slowly: polls wait as long as a locator does. */
const polling = { timeout: 15_000 };
let sessionId = "";

function bearer(token: string): Interceptor {
  return (next) => async (request) => {
    request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
}

async function screenshot(name: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  // Let Mantine's media queries and transitions settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
}

function scanField() {
  return page.getByRole("textbox", { name: "Scan or type a code" });
}

/** Types a code as a keyboard-wedge scanner does: a few milliseconds per key, then Enter. */
async function wedge(code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press("Enter");
}

function lineCount(title: string) {
  return page.getByRole("list", { name: "Pull list progress" }).getByRole("listitem", { name: title }).getByTestId("line-count");
}

async function expectLine(title: string, text: string): Promise<void> {
  await expect.poll(() => lineCount(title).textContent(), polling).toBe(text);
}

async function expectFeedback(kind: string, text: string): Promise<void> {
  const panel = page.getByTestId("scan-feedback");
  await expect.poll(async () => `${await panel.getAttribute("data-kind")}: ${await panel.textContent()}`, polling).toContain(`${kind}: `);
  await expect.poll(() => panel.textContent(), polling).toContain(text);
}

async function expectFieldFocused(): Promise<void> {
  await expect.poll(() => scanField().evaluate((element) => element === document.activeElement), polling).toBe(true);
}

describe.skipIf(!existsSync(chromiumPath))("scanning screen in Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(webIndex)) throw new Error(`${webIndex} is missing: build the web app first (npm run build -w web)`);
    mkdirSync(screenshotDir, { recursive: true });
    server = await startServer();
    const token = await signIn(jsonAuthClient(server.url));
    const transport = createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", interceptors: [bearer(token)] });
    inventory = createClient(InventoryService, transport);
    planning = createClient(PlanningService, transport);
    scanning = createClient(ScanningService, transport);
    context = await chromium.launchPersistentContext(tempDataDir("eventkit-chromium-"), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 900 },
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

  it("seeds a warehouse, the gear and a confirmed event with its pull list through the API", async () => {
    const warehouse = (await inventory.createLocation({ name: "Berlin", code: "BER", kind: LocationKind.WAREHOUSE })).location;
    if (!warehouse) throw new Error("CreateLocation returned nothing");
    const spot = (await inventory.createProduct({ product: { code: "MH-SPOT", name: "Moving head spot", tracking: TrackingMode.SERIALIZED } })).product;
    const fog = (await inventory.createProduct({ product: { code: "FOG", name: "Fog machine", tracking: TrackingMode.SERIALIZED } })).product;
    const cable = (await inventory.createProduct({ product: { code: "XLR-10", name: "XLR cable 10 m", tracking: TrackingMode.BULK } })).product;
    if (!spot || !fog || !cable) throw new Error("CreateProduct returned nothing");
    await inventory.createAssets({ productId: spot.id, tags: { case: "series", value: { prefix: "MH-", firstNumber: 1, count: 6, digits: 4 } }, locationId: warehouse.id });
    await inventory.createAssets({ productId: fog.id, tags: { case: "explicit", value: { tags: ["FOG-0001"] } }, locationId: warehouse.id });
    await inventory.recordStockMovement({ productId: cable.id, kind: StockMovementKind.RECEIVE, toLocationId: warehouse.id, quantity: 40 });

    const start = new Date(Date.now() + 2 * 86_400_000);
    const end = new Date(start.getTime() + 2 * 86_400_000);
    const created = (
      await planning.createEvent({
        event: { name: "Summer Festival", timeZone: "UTC", phases: [{ kind: PhaseKind.SHOW, period: { start: timestampFromDate(start), end: timestampFromDate(end) } }] },
      })
    ).event;
    if (!created) throw new Error("CreateEvent returned nothing");
    eventId = created.id;
    await planning.addPullListLine({ eventId, item: { case: "productId", value: spot.id }, quantity: 4 });
    await planning.addPullListLine({ eventId, item: { case: "productId", value: cable.id }, quantity: 20 });
    const confirmed = await planning.changeEventStatus({ eventId, version: created.version, status: EventStatus.CONFIRMED });
    expect(confirmed.event?.status).toBe(EventStatus.CONFIRMED);
  });

  it("signs in, opens the event and starts its check-out from there", async () => {
    await page.goto(server.url);
    await page.getByRole("textbox", { name: "Email" }).fill(defaultAdmin.email);
    await page.getByRole("textbox", { name: "Password" }).fill(defaultAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Scanning" }).waitFor();
    await page.goto(`${server.url}/planning/events/${eventId}`);
    await page.getByRole("heading", { name: "Summer Festival", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Check out" }).click();
    await page.getByRole("heading", { name: "Scanning", level: 2 }).waitFor();
    await expect.poll(() => page.getByRole("textbox", { name: "Event" }).or(page.getByRole("combobox", { name: "Event" })).inputValue(), polling).toMatch(/· Summer Festival$/);
    await page.getByRole("button", { name: "Start scanning" }).click();
    await page.getByRole("heading", { name: "Check-out", level: 2 }).waitFor();
    sessionId = new URL(page.url()).pathname.split("/").at(-1) ?? "";
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await expectFieldFocused();
    await expectLine("Moving head spot", "0 / 4");
    await expectLine("XLR cable 10 m", "0 / 20");
    await expect.poll(() => page.getByTestId("network-state").textContent(), polling).toBe("Live");
  });

  it("checks out the first units as a wedge scanner types them", async () => {
    for (const tag of ["MH-0001", "MH-0002"]) await wedge(tag);
    await expectLine("Moving head spot", "2 / 4");
    await expectFeedback("success", "MH-0002");
    expect(await scanField().inputValue()).toBe("");
    await expectFieldFocused();
  });

  it("keeps scanning while the network is down, shows the queue, and sends it in order when the network is back", async () => {
    await context.setOffline(true);
    await wedge("MH-0003");
    await expectFeedback("warning", "Saved on this device");
    await wedge("MH-0004");
    const queue = page.getByRole("region", { name: "Scans on this device" });
    await expect.poll(() => queue.getByTestId("queue-count").textContent(), polling).toBe("2 scans waiting for the network");
    expect(await queue.getByRole("listitem").allTextContents()).toEqual(["MH-0003", "MH-0004"]);
    expect(await page.getByTestId("network-state").textContent()).toBe("Offline");
    // Nothing reached the server.
    await expectLine("Moving head spot", "2 / 4");
    await screenshot("scanning-offline", 375);
    await page.setViewportSize({ width: 1280, height: 900 });

    await context.setOffline(false);
    await expectLine("Moving head spot", "4 / 4");
    await queue.waitFor({ state: "detached" });
    const session = await scanning.getSession({ sessionId });
    expect(session.scans.map((scan) => scan.code)).toEqual(["MH-0001", "MH-0002", "MH-0003", "MH-0004"]);
    await expectFieldFocused();
  });

  it("keeps queued scans through a page reload (IndexedDB) and sends them afterwards", async () => {
    // The server is reachable, but every Scan call fails on the way: the scan stays queued.
    await page.route("**/eventkit.v1.ScanningService/Scan", (route) => route.abort("internetdisconnected"));
    await wedge("XLR-10");
    const queue = page.getByRole("region", { name: "Scans on this device" });
    await expect.poll(() => queue.getByTestId("queue-count").textContent(), polling).toBe("1 scan waiting for the network");
    await page.reload();
    await page.getByRole("heading", { name: "Check-out", level: 2 }).waitFor();
    expect(await page.getByRole("region", { name: "Scans on this device" }).getByRole("listitem").allTextContents()).toEqual(["XLR-10"]);
    await page.unroute("**/eventkit.v1.ScanningService/Scan");
    // Sent after the reload; the server wants a quantity for a bulk product: the refused replay says so and asks.
    const refused = page.getByRole("region", { name: "Refused after reconnecting" });
    await refused.getByText("How many of XLR cable 10 m?").waitFor({ timeout: 30_000 });
    await refused.getByRole("button", { name: "Enter quantity" }).click();
    const dialog = page.getByRole("dialog", { name: "How many?" });
    await dialog.getByRole("textbox", { name: "Quantity" }).fill("20");
    await page.keyboard.press("Enter");
    await expectLine("XLR cable 10 m", "20 / 20");
    await expectFeedback("success", "Checked out × 20");
    await refused.waitFor({ state: "detached" });
    await expectFieldFocused();
  });

  it("refuses an item that is not on the pull list, with its reason", async () => {
    await wedge("FOG-0001");
    await expectFeedback("error", "Fog machine is not on this event's pull list.");
    // The administrator may override; this time they leave it.
    const dialog = page.getByRole("dialog", { name: "Refused — accept anyway?" });
    await dialog.waitFor();
    await screenshot("scanning-refused", 375);
    await page.setViewportSize({ width: 1280, height: 900 });
    await dialog.getByRole("button", { name: "Leave it" }).click();
    await dialog.waitFor({ state: "detached" });
    await expectFieldFocused();
    await wedge("NO-SUCH-CODE");
    await expectFeedback("error", "No item, case or product has the code NO-SUCH-CODE.");
    await expectLine("Moving head spot", "4 / 4");
  });

  it("ends the session with every line complete and the counts on the pull list", async () => {
    expect(await page.getByTestId("summary-done").textContent()).toBe("24 of 24");
    await screenshot("scanning-check-out", 1280);
    await screenshot("scanning-check-out", 375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("button", { name: "End session" }).click();
    const dialog = page.getByRole("dialog", { name: "End this session?" });
    await dialog.getByRole("button", { name: "End session" }).click();
    const report = page.getByRole("region", { name: "Session ended" });
    await report.getByText("Every line is complete.").waitFor();
    await report.getByRole("button", { name: "Report (PDF)" }).waitFor();

    const session = await scanning.getSession({ sessionId });
    expect(session.session?.kind).toBe(ScanSessionKind.CHECK_OUT);
    expect(session.scans.filter((scan) => !scan.undone).map((scan) => [scan.code, scan.quantity])).toEqual([
      ["MH-0001", 1],
      ["MH-0002", 1],
      ["MH-0003", 1],
      ["MH-0004", 1],
      ["XLR-10", 20],
    ]);
    const pullList = await planning.getPullList({ eventId });
    expect(pullList.lines.map((line) => [line.title, line.checkedOut]).sort()).toEqual([
      ["Moving head spot", 4],
      ["XLR cable 10 m", 20],
    ]);
  });
});
