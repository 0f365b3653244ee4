import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { codeMessageKey, errorMessageKey, errorReason, reasonMessageKeys } from "./errors.js";
import { createI18n } from "./i18n/i18n.js";
import ar from "./i18n/locales/ar.json";
import de from "./i18n/locales/de.json";
import en from "./i18n/locales/en.json";
import { apiError } from "./test/factories.js";

/** Leaf keys of a locale, with plural suffixes folded (Arabic has more plural forms). */
function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]: [string, unknown]) =>
    typeof value === "object" && value !== null
      ? keys(value, `${prefix}${key}.`)
      : [`${prefix}${key.replace(/_(zero|one|two|few|many|other)$/, "")}`],
  );
}

describe("locales", () => {
  it.each([
    ["de", de],
    ["ar", ar],
  ])("%s has exactly the keys of en", (_, locale) => {
    expect([...new Set(keys(locale))].sort()).toEqual([...new Set(keys(en))].sort());
  });
});

describe("error messages", () => {
  it("reads the reason from the ErrorInfo detail", () => {
    expect(errorReason(apiError(Code.Unauthenticated, "TOKEN_EXPIRED"))).toBe("TOKEN_EXPIRED");
    expect(errorReason(new ConnectError("plain", Code.Internal))).toBeUndefined();
  });

  it.each(Object.entries(reasonMessageKeys))("%s has a message in every language", (reason, key) => {
    expect(errorMessageKey(apiError(Code.FailedPrecondition, reason))).toBe(key);
    for (const language of ["en", "de", "ar"] as const) {
      const i18n = createI18n(language);
      expect(i18n.exists(key, { lng: language, fallbackLng: [] }), `${language}: ${key}`).toBe(true);
    }
  });

  it.each(
    Object.values(Code).filter((code): code is Code => typeof code === "number"),
  )("Connect code %s has a fallback message in every language", (code) => {
    const key = codeMessageKey(code);
    for (const language of ["en", "de", "ar"] as const) {
      expect(createI18n(language).exists(key, { lng: language, fallbackLng: [] })).toBe(true);
    }
  });

  it("falls back to the Connect code for an unknown reason, never to the server text", () => {
    const error = apiError(Code.AlreadyExists, "SOMETHING_NEW", "duplicate thing in table xyz");
    expect(errorMessageKey(error)).toBe("errors.code.alreadyExists");
    expect(createI18n("de").t(errorMessageKey(error))).toBe("Das gibt es bereits.");
  });

  it("treats network failures as unknown errors", () => {
    expect(errorMessageKey(new TypeError("Failed to fetch"))).toBe("errors.code.internal");
  });
});
