// Two versions of a quote side by side, line by line (CompareQuoteVersions).
import { useQuery } from "@connectrpc/connect-query";
import { LineChange, QuoteService, type Quote, type QuoteLine } from "@eventkit/api/eventkit/v1/quote_pb.js";
import { Badge, Group, Select, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatMoney, formatNumber } from "../format.js";
import { CenteredLoader } from "../inventory/ui.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";

const changeColors: Record<number, string> = { [LineChange.ADDED]: "green", [LineChange.REMOVED]: "red", [LineChange.CHANGED]: "orange", [LineChange.UNCHANGED]: "gray" };

export function CompareModal({ quote, onClose }: { quote: Quote; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const [from, setFrom] = useState(Math.max(1, quote.latestVersion - 1));
  const [to, setTo] = useState(quote.latestVersion);
  const diff = useQuery(QuoteService.method.compareQuoteVersions, { quoteId: quote.id, fromVersion: from, toVersion: to });
  const versions = Array.from({ length: quote.latestVersion }, (_, i) => ({ value: String(i + 1), label: t("quotes.version", { version: formatNumber(i + 1, locale) }) }));
  const currency = diff.data?.to?.currency ?? "EUR";
  const summary = (l: QuoteLine | undefined) => (l ? `${formatNumber(l.quantity, locale)} × ${formatMoney(l.unitPriceMinor, currency, locale)}${l.days > 0 ? ` × ${formatNumber(l.factorMilli / 1000, locale)}` : ""}` : "—");
  return (
    <AppModal opened onClose={onClose} title={t("quotes.compare.title")} size="xl">
      <Stack gap="md">
        <Group gap="xs">
          <Select label={t("quotes.compare.from")} data={versions} value={String(from)} allowDeselect={false} onChange={(v) => { if (v) setFrom(Number(v)); }} w={150} />
          <Select label={t("quotes.compare.to")} data={versions} value={String(to)} allowDeselect={false} onChange={(v) => { if (v) setTo(Number(v)); }} w={150} />
        </Group>
        {diff.isPending ? <CenteredLoader /> : diff.error ? <ErrorAlert error={diff.error} /> : (
          <>
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label={t("quotes.compare.title")}>
                <Table.Tbody>
                  {diff.data.lines.map((d) => (
                    <Table.Tr key={d.key}>
                      <Table.Td>
                        <Badge color={changeColors[d.change] ?? "gray"} variant="light" tt="none">
                          {t(`quotes.compare.change.${LineChange[d.change]}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{(d.after ?? d.before)?.description}</Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{summary(d.before)}</Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{summary(d.after)}</Table.Td>
                      <Table.Td>{d.fields.length > 0 ? <Text size="xs" c="dimmed">{t("quotes.compare.fields", { fields: d.fields.map((f) => t(`quotes.compareField.${f}`)).join(", ") })}</Text> : null}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text fw={600}>
              {t("quotes.compare.totals", {
                from: formatMoney(diff.data.from?.totals?.grossMinor ?? 0n, diff.data.from?.currency ?? currency, locale),
                to: formatMoney(diff.data.to?.totals?.grossMinor ?? 0n, currency, locale),
              })}
            </Text>
          </>
        )}
      </Stack>
    </AppModal>
  );
}
