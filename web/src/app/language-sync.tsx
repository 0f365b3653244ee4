import { useDirection } from "@mantine/core";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { applyDocumentLanguage } from "../i18n/i18n.js";
import { directionOf } from "../i18n/languages.js";

/** Keeps <html lang dir> and Mantine's direction in step with the interface language. */
export function LanguageSync() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const language = i18n.resolvedLanguage ?? i18n.language;
  useEffect(() => {
    applyDocumentLanguage(language);
    setDirection(directionOf(language));
  }, [language, setDirection]);
  return null;
}
