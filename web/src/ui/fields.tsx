import { Input, SegmentedControl, Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { languages } from "../i18n/languages.js";
import { timeZones } from "./time-zones.js";

export function LanguageField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <Input.Wrapper label={t("fields.language")}>
      <SegmentedControl
        fullWidth
        aria-label={t("fields.language")}
        value={value}
        onChange={onChange}
        data={languages.map((language) => ({ value: language.code, label: language.label }))}
      />
    </Input.Wrapper>
  );
}

export function TimeZoneField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t("fields.timeZone")}
      searchable
      value={value || null}
      onChange={(zone) => { onChange(zone ?? ""); }}
      data={timeZones()}
      nothingFoundMessage={t("common.nothingFound")}
      maxDropdownHeight={260}
    />
  );
}
