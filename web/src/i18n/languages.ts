export const languages = [
  { code: "en", label: "English", dir: "ltr" },
  { code: "de", label: "Deutsch", dir: "ltr" },
  { code: "ar", label: "العربية", dir: "rtl" },
] as const;

export type LanguageCode = (typeof languages)[number]["code"];

export const defaultLanguage: LanguageCode = "en";

/** The language chosen on the sign-in page, used until a user's own `locale` is known. */
export const languageStorageKey = "eventkit.locale";

export function isLanguageCode(value: string): value is LanguageCode {
  return languages.some((language) => language.code === value);
}

/** Maps a BCP 47 tag ("de-AT", "ar") to a supported language, or undefined. */
export function matchLanguage(tag: string | undefined): LanguageCode | undefined {
  if (!tag) return undefined;
  const primary = tag.toLowerCase().split("-")[0] ?? "";
  return isLanguageCode(primary) ? primary : undefined;
}

export function directionOf(code: string): "ltr" | "rtl" {
  return matchLanguage(code) === "ar" ? "rtl" : "ltr";
}

/** Language before sign-in: the stored choice, else the browser's languages, else English. */
export function detectLanguage(storage: Pick<Storage, "getItem"> | undefined, preferred: readonly string[]): LanguageCode {
  const stored = matchLanguage(storage?.getItem(languageStorageKey) ?? undefined);
  if (stored) return stored;
  for (const tag of preferred) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return defaultLanguage;
}
