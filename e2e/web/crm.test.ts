// The CRM in Debian's Chromium against a started server: create a company and a
// contact, a deal for them, move the deal across the pipeline board (dragging
// it on a desktop, then with the stage selector), create its event from the deal
// page, and see the contact on the event. Phone (375 px) and desktop (1280 px)
// screenshots go to test-results/. Needs server/dist and web/dist.
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAdmin, repoRoot, startServer, tempDataDir, type StartedServer } from "../support/server.js";

const chromiumPath = "/usr/bin/chromium";
const screenshotDir = join(repoRoot, "test-results");
const webIndex = join(repoRoot, "web", "dist", "index.html");

let server: StartedServer;
let context: BrowserContext;
let page: Page;
let dropDatabase: () => Promise<void> = () => Promise.resolve();

/**
 * With TEST_DATABASE_URL, the server runs on a fresh PostgreSQL database (it starts
 * in seconds on a busy machine); otherwise on its embedded PGlite.
 */
async function serverEnv(): Promise<Record<string, string>> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) return {};
  const name = `eventkit_e2e_crm_${randomUUID().replaceAll("-", "")}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  dropDatabase = () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

async function screenshot(name: string, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 800 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(screenshotDir, `${name}-${width}.png`), fullPage: true });
}

function column(stage: string) {
  return page.getByRole("list", { name: "Pipeline" }).getByRole("listitem", { name: stage, exact: true });
}

describe.skipIf(!existsSync(chromiumPath))("CRM screens in Chromium", () => {
  beforeAll(async () => {
    if (!existsSync(webIndex)) throw new Error(`${webIndex} is missing: build the web app first (npm run build -w web)`);
    mkdirSync(screenshotDir, { recursive: true });
    server = await startServer({ env: await serverEnv() });
    context = await chromium.launchPersistentContext(tempDataDir("eventkit-chromium-"), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      locale: "en-US",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    context.setDefaultTimeout(15_000);
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context.close();
    await server.stop();
    await dropDatabase();
  });

  it("signs in and creates a company with a contact", async () => {
    await page.goto(server.url);
    await page.getByRole("textbox", { name: "Email" }).fill(defaultAdmin.email);
    await page.getByRole("textbox", { name: "Password" }).fill(defaultAdmin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Companies" }).click();
    await page.getByRole("heading", { name: "Companies", level: 2 }).waitFor();
    await page.getByRole("button", { name: "New company" }).click();
    const dialog = page.getByRole("dialog", { name: "New company" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("Nordlicht Events GmbH");
    await dialog.getByRole("textbox", { name: "Email" }).fill("office@nordlicht.example");
    await dialog.getByRole("textbox", { name: "City" }).fill("Hamburg");
    await dialog.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { name: "Nordlicht Events GmbH", level: 2 }).waitFor();

    await page.getByRole("button", { name: "New contact" }).click();
    const contact = page.getByRole("dialog", { name: "New contact" });
    await contact.getByRole("textbox", { name: "Name" }).fill("Lea Sommer");
    await contact.getByRole("textbox", { name: "Role at the company" }).fill("Producer");
    await contact.getByRole("button", { name: "Save" }).click();
    await page.getByText("Lea Sommer", { exact: true }).waitFor();

    await page.getByRole("textbox", { name: "Subject" }).fill("Called about the summer gala");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByText("Called about the summer gala").waitFor();
    await screenshot("crm-company", 1280);
    await screenshot("crm-company", 375);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("warns about a duplicate company", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Companies" }).click();
    await page.getByRole("button", { name: "New company" }).click();
    const dialog = page.getByRole("dialog", { name: "New company" });
    await dialog.getByRole("textbox", { name: "Name" }).fill("nordlicht events gmbh");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.getByText("Possible duplicate").waitFor();
    expect(await dialog.getByRole("link", { name: /Nordlicht Events GmbH/ }).count()).toBe(1);
    await dialog.getByRole("button", { name: "Cancel" }).click();
  });

  it("creates a deal and moves it across the board", async () => {
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Pipeline" }).click();
    await page.getByRole("heading", { name: "Pipeline", level: 2 }).waitFor();
    await page.getByRole("button", { name: "New deal" }).click();
    const dialog = page.getByRole("dialog", { name: "New deal" });
    await dialog.getByRole("textbox", { name: "Title" }).fill("Summer gala 2031");
    await dialog.getByRole("combobox", { name: "Company" }).fill("Nordlicht");
    await page.getByRole("option", { name: "Nordlicht Events GmbH" }).click();
    await dialog.getByRole("combobox", { name: "Contact" }).click();
    await page.getByRole("option", { name: "Lea Sommer" }).click();
    await dialog.getByRole("textbox", { name: "Value" }).fill("12500");
    await dialog.getByRole("button", { name: "Save" }).click();
    // Creating opens the deal; back to the board.
    await page.getByRole("heading", { name: "Summer gala 2031", level: 2 }).waitFor();
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Pipeline" }).click();
    const card = column("Lead").getByText("Summer gala 2031");
    await card.waitFor();

    // Desktop: drag the card to Qualified.
    await card.dragTo(column("Qualified"));
    await column("Qualified").getByText("Summer gala 2031").waitFor();
    // Anywhere: the card's stage selector.
    await column("Qualified").getByRole("combobox", { name: "Stage of Summer gala 2031" }).click();
    await page.getByRole("option", { name: "Proposal" }).click();
    await column("Proposal").getByText("Summer gala 2031").waitFor();
    expect(await column("Lead").getByText("Summer gala 2031").count()).toBe(0);
    await screenshot("crm-pipeline", 1280);

    // A phone shows one stage at a time, chosen above the board.
    await page.setViewportSize({ width: 375, height: 800 });
    await page.getByRole("combobox", { name: "Stage", exact: true }).click();
    await page.getByRole("option", { name: /^Negotiation/ }).click();
    await page.getByRole("combobox", { name: "Stage", exact: true }).click();
    await page.getByRole("option", { name: /^Proposal/ }).click();
    await column("Proposal").getByRole("combobox", { name: "Stage of Summer gala 2031" }).click();
    await page.getByRole("option", { name: "Negotiation" }).click();
    await page.getByRole("combobox", { name: "Stage", exact: true }).click();
    await page.getByRole("option", { name: /^Negotiation/ }).click();
    await column("Negotiation").getByText("Summer gala 2031").waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot("crm-pipeline", 375);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("creates the deal's event and shows the contact on it", async () => {
    await column("Negotiation").getByRole("link", { name: "Summer gala 2031" }).click();
    await page.getByRole("heading", { name: "Summer gala 2031", level: 2 }).waitFor();
    expect(await page.getByRole("table", { name: "Stage history" }).getByRole("row").allTextContents()).toEqual([
      expect.stringContaining("Created in Lead"),
      expect.stringContaining("Lead → Qualified"),
      expect.stringContaining("Qualified → Proposal"),
      expect.stringContaining("Proposal → Negotiation"),
    ]);
    await page.getByRole("button", { name: "Create event" }).click();
    const dialog = page.getByRole("dialog", { name: "Create event" });
    await dialog.getByRole("button", { name: "Create event" }).click();
    // The event page of the new enquiry, with the deal's company and contact.
    await page.waitForURL(/\/planning\/events\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { name: "Summer gala 2031", level: 2 }).waitFor();
    await page.getByText("Nordlicht Events GmbH").first().waitFor();
    await page.getByText("Lea Sommer").first().waitFor();
    await screenshot("crm-deal-event", 1280);
  });
});
