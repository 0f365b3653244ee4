import { SegmentedControl } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { languages, languageStorageKey } from "../i18n/languages.js";

/** Switches the interface language before sign-in and remembers the choice. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      aria-label={t("common.language")}
      size="xs"
      value={i18n.resolvedLanguage ?? i18n.language}
      data={languages.map((language) => ({ value: language.code, label: language.label }))}
      onChange={(code) => {
        window.localStorage.setItem(languageStorageKey, code);
        void i18n.changeLanguage(code);
      }}
    />
  );
}
