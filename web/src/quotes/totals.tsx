// The totals of a quote as the pricing rules compute them: per section, the quote
// discount, per tax rate, net, tax and total.
import { Paper, Stack, Table, Text, Title } from "@mantine/core";
import type { QuoteTotals } from "@eventkit/server/domain/pricing.js";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatMoney, formatNumber } from "../format.js";

export function TotalsPanel({ totals, pricesIncludeTax, discountBp }: { totals: QuoteTotals; pricesIncludeTax: boolean; discountBp: number }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const money = (minor: bigint) => formatMoney(minor, totals.currency, locale);
  const percent = (bp: number) => formatNumber(bp / 10_000, locale, { style: "percent", maximumFractionDigits: 2 });
  const row = (label: string, value: string, strong = false) => (
    <Table.Tr key={label}>
      <Table.Td>{strong ? <Text fw={700}>{label}</Text> : label}</Table.Td>
      <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>
        {strong ? <Text fw={700} data-testid="quote-total">{value}</Text> : value}
      </Table.Td>
    </Table.Tr>
  );
  return (
    <Paper withBorder p="md" radius="md" aria-label={t("quotes.totals.title")} component="section">
      <Stack gap="xs">
        <Title order={4}>{t("quotes.totals.title")}</Title>
        <Table>
          <Table.Tbody>
            {totals.sections.map((s) => row(t("quotes.totals.section", { section: s.section || t("quotes.totals.general") }), money(s.amountMinor)))}
            {row(t("quotes.totals.subtotal"), money(totals.subtotalMinor))}
            {totals.quoteDiscountMinor > 0n ? row(t("quotes.totals.discount", { percent: percent(discountBp) }), `−${money(totals.quoteDiscountMinor)}`) : null}
            {pricesIncludeTax ? null : row(t("quotes.totals.net"), money(totals.netMinor))}
            {totals.taxes.map((x) =>
              pricesIncludeTax
                ? row(t("quotes.totals.taxIncluded", { percent: percent(x.rateBp), base: money(x.netMinor) }), money(x.taxMinor))
                : row(t("quotes.totals.tax", { percent: percent(x.rateBp), base: money(x.netMinor) }), money(x.taxMinor)),
            )}
            {row(t("quotes.totals.gross"), money(totals.grossMinor), true)}
          </Table.Tbody>
        </Table>
      </Stack>
    </Paper>
  );
}
