import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ConnectRouter, ServiceImpl } from "@connectrpc/connect";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import {
  QuoteLineKind,
  QuoteSchema,
  QuoteService,
  QuoteStatus,
  QuoteVersionSchema,
  type QuoteVersion,
  type UpdateQuoteRequest,
} from "@eventkit/api/eventkit/v1/quote_pb.js";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import locales from "../i18n/locales/quotes.en.json";
import de from "../i18n/locales/quotes.de.json";
import ar from "../i18n/locales/quotes.ar.json";
import type { LanguageCode } from "../i18n/languages.js";
import { newPrincipal, newTokens, newUser } from "../test/factories.js";
import { renderApp } from "../test/render.js";

// Mantine's autosizing Textarea listens to document.fonts, which happy-dom does not provide.
if (!("fonts" in document)) {
  Object.defineProperty(document, "fonts", { value: { addEventListener: () => undefined, removeEventListener: () => undefined } });
}

const ids = { quote: "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5", event: "7d2e3f4a-5b6c-4d7e-9f80-91a2b3c4d5e6", a: "8e3f4a5b-6c7d-4e8f-a091-a2b3c4d5e6f7", b: "9f4a5b6c-7d8e-4f90-b1a2-b3c4d5e6f708" };

const quote = create(QuoteSchema, { id: ids.quote, number: "Q-000042", title: "Open Air", eventId: ids.event, eventNumber: "EV-0007", eventName: "Open Air", companyName: "Hansa Events AG", latestVersion: 1, status: QuoteStatus.DRAFT });

function version(o: Partial<Omit<QuoteVersion, "$typeName">> = {}): QuoteVersion {
  return create(QuoteVersionSchema, {
    version: 1,
    status: QuoteStatus.DRAFT,
    currency: "EUR",
    language: "en",
    validUntil: timestampFromDate(new Date("2031-02-01T23:59:59Z")),
    exchangeRates: { base: "EUR", rates: { USD: "1.08" } },
    revision: 4n,
    lines: [
      { key: ids.a, section: "Audio", kind: QuoteLineKind.EQUIPMENT, description: "Line array K2", quantity: 4, days: 3, factorMilli: 2000, unitPriceMinor: 8000n, taxRateBp: 1900, amountMinor: 64_000n },
      { key: ids.b, section: "Transport", kind: QuoteLineKind.TRANSPORT, description: "Truck", unit: "km", quantity: 100, unitPriceMinor: 150n, taxRateBp: 700, amountMinor: 15_000n },
    ],
    ...o,
  });
}

function renderQuote(q: Partial<ServiceImpl<typeof QuoteService>>, o: { language?: LanguageCode; permissions?: string[] } = {}) {
  const language = o.language ?? "en";
  return renderApp({
    path: `/quotes/${ids.quote}`,
    language,
    routes: (router: ConnectRouter) => {
      router.service(AuthService, {
        getCurrentUser: () => ({ principal: newPrincipal(o.permissions ?? ["quotes.read", "quotes.manage", "planning.read"], newUser({ locale: language, timeZone: "Europe/Berlin" })) }),
      });
      router.service(PlanningService, {});
      router.service(QuoteService, q);
    },
    before: (services) => { services.session.signIn(newTokens()); },
  });
}

const total = () => screen.getByTestId("quote-total").textContent;

// The editor is a table of inputs: rendering it in happy-dom on a busy machine takes seconds.
describe("quote editor", { timeout: 30_000 }, () => {
  it("recomputes totals live with the shared pricing rules and saves the edited lines", async () => {
    const saved: UpdateQuoteRequest[] = [];
    renderQuote({
      getQuote: () => ({ quote, version: version() }),
      updateQuote: (request) => {
        saved.push(request);
        return { version: version({ revision: 5n }) };
      },
    });
    await screen.findByRole("heading", { name: "Quote Q-000042", level: 2 });
    // 4 × 80.00 × 2.0 = 640.00 at 19 %, 100 × 1.50 = 150.00 at 7 %: 790.00 + 121.60 + 10.50.
    expect(total()).toBe("€922.10");
    fireEvent.change(screen.getByLabelText("Qty 1"), { target: { value: "5" } });
    expect(screen.getByTestId("amount-1").textContent).toBe("€800.00");
    expect(total()).toBe("€1,112.50");
    fireEvent.change(screen.getByLabelText("Quote discount (%)"), { target: { value: "10" } });
    expect(screen.getByRole("region", { name: "Totals" }).textContent).toContain("Discount 10%−€95.00");
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => { expect(saved).toHaveLength(1); });
    const request = saved[0];
    expect(request?.revision).toBe(4n);
    expect(request?.draft?.discountBp).toBe(1000);
    expect(request?.draft?.lines.map((l) => [l.key, l.quantity, l.factorMilli, l.unitPriceMinor, l.taxRateBp])).toEqual([
      [ids.a, 5, 2000, 8000n, 1900],
      [ids.b, 100, 0, 150n, 700],
    ]);
  });

  it("names the rule a bad value breaks instead of showing totals", async () => {
    renderQuote({ getQuote: () => ({ quote, version: version() }) });
    await screen.findByRole("heading", { name: "Quote Q-000042", level: 2 });
    fireEvent.change(screen.getByLabelText("Disc. % 2"), { target: { value: "120" } });
    expect(screen.getByRole("alert").textContent).toContain("Discounts must be between 0 % and 100 %.");
    expect(screen.getByRole("button", { name: "Save" })).toHaveProperty("disabled", false);
    fireEvent.change(screen.getByLabelText("Qty 1"), { target: { value: "four" } });
    expect(screen.getByRole("alert").textContent).toContain("Qty");
    expect(screen.getByRole("button", { name: "Save" })).toHaveProperty("disabled", true);
  });

  it("shows a sent version read-only and revises it into the next version", async () => {
    let revised = 0;
    renderQuote({
      getQuote: () => ({ quote: { ...quote, status: QuoteStatus.SENT }, version: version({ status: QuoteStatus.SENT }) }),
      reviseQuote: () => {
        revised += 1;
        return { version: version({ version: 2 }) };
      },
    });
    await screen.findByRole("heading", { name: "Quote Q-000042", level: 2 });
    expect(screen.queryByLabelText("Qty 1")).toBeNull();
    expect(screen.getByRole("button", { name: "Accept" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Edit as new version" }));
    await waitFor(() => { expect(revised).toBe(1); });
  });

  it("reads right to left in Arabic", async () => {
    renderQuote({ getQuote: () => ({ quote, version: version() }) }, { language: "ar" });
    await screen.findByRole("heading", { name: "عرض السعر Q-000042", level: 2 });
    expect(document.documentElement.getAttribute("dir")).toBe("rtl");
    const totals = screen.getByRole("region", { name: "المجاميع" });
    expect(within(totals).getByText("الإجمالي")).toBeTruthy();
  });
});

describe("quote locales", () => {
  const keys = (tree: object, prefix = ""): string[] =>
    Object.entries(tree).flatMap(([key, value]: [string, unknown]) => (typeof value === "object" && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]));
  it.each([["de", de], ["ar", ar]])("%s has exactly the keys of en", (_, locale) => {
    expect(keys(locale).sort()).toEqual(keys(locales).sort());
  });
});
