import { describe, expect, it } from "vitest";
import { createI18n } from "../i18n/i18n.js";
import ar from "../i18n/locales/planning.ar.json";
import de from "../i18n/locales/planning.de.json";
import en from "../i18n/locales/planning.en.json";

/** Leaf keys of a locale, with plural suffixes folded (Arabic has more plural forms). */
function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
    typeof value === "object" && value !== null
      ? keys(value, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, "")}`],
  );
}

describe("planning locales", () => {
  it.each([
    ["de", de],
    ["ar", ar],
  ])("%s has exactly the keys of en", (_, locale) => {
    expect([...new Set(keys(locale))].sort()).toEqual([...new Set(keys(en))].sort());
  });

  it("gives Arabic all six plural forms wherever English has plurals", () => {
    const plural = (tree: object, prefix = ""): string[] =>
      Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
        typeof value === "object" && value !== null ? plural(value, `${prefix}${key}.`) : key.endsWith("_other") ? [`${prefix}${key.slice(0, -6)}`] : [],
      );
    const arabic = new Set(Object.keys(flat(ar)));
    for (const key of plural(en)) {
      for (const form of ["zero", "one", "two", "few", "many", "other"]) expect(arabic.has(`${key}_${form}`), `${key}_${form}`).toBe(true);
    }
  });

  it("joins the one namespace without hiding the app's own strings", () => {
    const i18n = createI18n("de");
    expect(i18n.t("planning.nav.events")).toBe("Veranstaltungen");
    expect(i18n.t("errors.reason.shortage")).toContain("Fehlmengen");
    // A key of the main file in the same branch as the planning ones is still there.
    expect(i18n.exists("errors.reason.staleVersion")).toBe(true);
    expect(i18n.exists("common.cancel")).toBe(true);
  });
});

function flat(tree: object, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
      typeof value === "object" && value !== null ? Object.entries(flat(value, `${prefix}${key}.`)) : [[`${prefix}${key}`, String(value)]],
    ),
  );
}
