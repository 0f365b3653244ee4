import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import ar from "./locales/ar.json";
import de from "./locales/de.json";
import en from "./locales/en.json";
import { defaultLanguage, directionOf, type LanguageCode } from "./languages.js";

export const resources = {
  en: { translation: en },
  de: { translation: de },
  ar: { translation: ar },
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
