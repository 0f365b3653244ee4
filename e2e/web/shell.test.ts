// The web shell in Debian's Chromium against a started server: sign in as the
// administrator, invite a planner, switch to Arabic (right-to-left), take
// phone and desktop screenshots, and accept the invitation as the planner.
// Needs server/dist and web/dist (npm run build).
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAdmin, repoRoot, startServer, tempDataDir, type StartedServer } from "../support/server.js";

const chromiumPath = "/usr/bin/chromium";
const screenshotDir = join(repoRoot, "test-results");
const webIndex = join(repoRoot, "web", "dist", "index.html");

let server: StartedServer;
let context: BrowserContext;
let page: Page;

async function screenshot(name: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  // Let Mantine's media queries and transitions settle.
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
}

describe.skipIf(!existsSync(chromiumPath))("web shell in Chromium", () => {
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

  it("signs in as the administrator", async () => {
    await page.goto(server.url);
    await page.getByRole("textbox", { name: "Email" }).fill(defaultAdmin.email);
    await page.getByRole("textbox", { name: "Password" }).fill(defaultAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 2 }).first().textContent(), { timeout: 10_000 }).toMatch(/^Welcome, /);
    const nav = page.getByRole("navigation", { name: "Main navigation" });
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

  let inviteLink = "";

  it("invites a planner and shows the invitation link", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/admin/users");

    await page.getByRole("button", { name: "Add user" }).click();
    const dialog = page.getByRole("dialog", { name: "Add user" });
    await dialog.getByRole("textbox", { name: "Email" }).fill("pat.planner@example.com");
    await dialog.getByRole("textbox", { name: "Name" }).fill("Pat Planner");
    await dialog.getByRole("combobox", { name: "Roles" }).click();
    await page.getByRole("option", { name: "Planner" }).click();
    await dialog.getByRole("textbox", { name: "Name" }).click(); // closes the role list
    await dialog.getByRole("button", { name: "Create invitation" }).click();

    const link = dialog.getByRole("textbox", { name: "Invitation link" });
    await link.waitFor();
    inviteLink = await link.inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${server.url}/invite#.{16,}$`));
    await dialog.getByRole("button", { name: "Done" }).click();

    const row = page.getByRole("row", { name: /Pat Planner/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/pat\.planner@example\.com.*Planner.*Invited/);
  });

  it("switches the administrator's own language to Arabic: right-to-left", async () => {
    await page.getByRole("button", { name: "Account menu" }).click();
    await page.getByRole("menuitem", { name: "My profile" }).click();
    await page.getByRole("heading", { name: "My profile" }).waitFor();
    await page.getByText("العربية", { exact: true }).click();
    await page.getByRole("button", { name: "Save" }).click();

    await expect.poll(() => page.evaluate(() => document.documentElement.dir), { timeout: 10_000 }).toBe("rtl");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("ar");
    const nav = page.getByRole("navigation", { name: "التنقل الرئيسي" });
    await nav.getByRole("link", { name: "المستخدمون" }).waitFor();
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "الرئيسية",
      "الفعاليات",
      "التقويم",
      "الجدول الزمني للمنتج",
      "التوفر",
      "أماكن الفعاليات",
      "المشاريع",
      "إعدادات التخطيط",
      "الشركات",
      "مسار الصفقات",
      "المهام",
      "المسح",
      "المنتجات",
      "الصناديق",
      "الأطقم",
      "المواقع",
      "الصيانة",
      "استيراد CSV",
      "المستخدمون",
      "الأدوار",
      "سجل التدقيق",
    ]);
    // The navbar sits on the right in a right-to-left layout.
    const box = await nav.boundingBox();
    expect(box?.x ?? 0).toBeGreaterThan(640);
    await screenshot("web-profile-ar", 1280);
    await screenshot("web-profile-ar", 375);
  });

  it("lays the users page out on a phone and on a desktop", async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole("navigation", { name: "التنقل الرئيسي" }).getByRole("link", { name: "المستخدمون" }).click();
    await page.getByText("Pat Planner").waitFor();
    await screenshot("web-users-ar", 1280);
    await screenshot("web-users-ar", 375);
    // On a phone the page must not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.getByRole("button", { name: "فتح القائمة" }).click();
    await page.getByRole("navigation", { name: "التنقل الرئيسي" }).getByRole("link", { name: "سجل التدقيق" }).waitFor();
    await screenshot("web-menu-ar", 375);
    await page.getByRole("navigation", { name: "التنقل الرئيسي" }).getByRole("link", { name: "سجل التدقيق" }).click();
    await page.getByText("auth.login.succeeded").first().waitFor();
    await screenshot("web-audit-ar", 375);
    await screenshot("web-audit-ar", 1280);
  });

  it("lets the planner accept the invitation and see only what the role allows", async () => {
    const planner = await context.newPage();
    await planner.setViewportSize({ width: 375, height: 800 });
    await planner.goto(inviteLink);
    // The sign-in language chosen on this device is Arabic now; switch back.
    await planner.getByText("English", { exact: true }).click();
    await planner.getByRole("textbox", { name: "Password", exact: true }).fill("planner-password-1234");
    await planner.getByRole("textbox", { name: "Repeat the password" }).fill("planner-password-1234");
    await planner.getByRole("button", { name: "Set password and sign in" }).click();
    await expect.poll(() => planner.getByRole("heading", { level: 2 }).first().textContent(), { timeout: 10_000 }).toBe("Welcome, Pat Planner");
    expect(new URL(planner.url()).pathname).toBe("/");
    await planner.getByRole("button", { name: "Open navigation" }).click();
    const nav = planner.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Home" }).waitFor();
    expect(await nav.getByRole("link").allTextContents()).toEqual(["Home", "Events", "Calendar", "Product timeline", "Availability", "Venues", "Projects", "Planning settings", "Companies", "Pipeline", "Tasks", "Scanning", "Products", "Cases", "Kits", "Locations", "Maintenance"]);
    await planner.waitForTimeout(400);
    await planner.screenshot({ path: join(screenshotDir, "web-planner-home-375.png"), fullPage: true });
    await planner.close();
  });
});
