import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import ar from "./locales/ar.json";
import de from "./locales/de.json";
import en from "./locales/en.json";
import crmAr from "./locales/crm.ar.json";
import crmDe from "./locales/crm.de.json";
import crmEn from "./locales/crm.en.json";
import planningAr from "./locales/planning.ar.json";
import planningDe from "./locales/planning.de.json";
import planningEn from "./locales/planning.en.json";
import quotesAr from "./locales/quotes.ar.json";
import quotesDe from "./locales/quotes.de.json";
import quotesEn from "./locales/quotes.en.json";
import { defaultLanguage, directionOf, type LanguageCode } from "./languages.js";

type Tree = { [key: string]: string | Tree };

/** Areas keep their strings in their own files; they join the one namespace, merged key by key. */
function merged(...trees: object[]): Tree {
  const result: Tree = {};
  for (const tree of trees as Tree[]) {
    for (const [key, value] of Object.entries(tree)) {
      const current = result[key];
      result[key] = typeof value === "object" && typeof current === "object" ? merged(current, value) : value;
    }
  }
  return result;
}

export const resources = {
  en: { translation: merged(en, planningEn, crmEn, quotesEn) },
  de: { translation: merged(de, planningDe, crmDe, quotesDe) },
  ar: { translation: merged(ar, planningAr, crmAr, quotesAr) },
} as const;

/** A fresh i18next instance (one per app, and one per test) with all languages bundled. */
export function createI18n(language: LanguageCode): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: ["en", "de", "ar"],
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

/** Mirrors the language on <html lang dir>, so the whole page (and Mantine) follows it. */
export function applyDocumentLanguage(language: string): void {
  const root = document.documentElement;
  root.setAttribute("lang", language);
  root.setAttribute("dir", directionOf(language));
}
