import { Button, CopyButton, Group, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** A read-only value with a copy button (invitation links, API key secrets). */
export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" align="end" wrap="nowrap">
      <TextInput
        label={label}
        value={value}
        readOnly
        flex={1}
        dir="ltr"
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        onFocus={(event) => { event.currentTarget.select(); }}
      />
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Button variant={copied ? "filled" : "light"} color={copied ? "teal" : undefined} onClick={copy}>
            {copied ? t("common.copied") : t("common.copy")}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
