import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/i18n.js";
import ar from "../i18n/locales/crm.ar.json";
import de from "../i18n/locales/crm.de.json";
import en from "../i18n/locales/crm.en.json";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
    typeof value === "object" && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, "")}`],
  );
}

describe("crm locales", () => {
  it.each([
    ["de", de],
    ["ar", ar],
  ])("%s has exactly the keys of en", (_, locale) => {
    expect([...new Set(keys(locale))].sort()).toEqual([...new Set(keys(en))].sort());
  });

  it("joins the one namespace next to the app's and planning's strings", () => {
    const i18n = createI18n("de");
    expect(i18n.t("crm.nav.companies")).toBe("Firmen");
    expect(i18n.t("errors.reason.unknownCurrency")).toBe("Diesen Währungscode gibt es nicht.");
    expect(i18n.exists("errors.reason.staleVersion")).toBe(true);
    expect(i18n.t("planning.nav.events")).toBe("Veranstaltungen");
  });
});
