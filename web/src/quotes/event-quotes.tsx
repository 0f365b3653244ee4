// The quotes of an event (or a deal): their numbers, versions, status and totals,
// and a new quote priced from the pull list of the event (the deal's event).
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useMutation, useQuery } from "@connectrpc/connect-query";
import { QuoteService } from "@eventkit/api/eventkit/v1/quote_pb.js";
import { Button, Group, Stack, Table, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../app/router.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatDateTime, formatMoney, formatNumber } from "../format.js";
import { AppLink, CenteredLoader } from "../inventory/ui.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { quotePaths } from "./paths.js";
import { QuoteStatusBadge } from "./ui.js";

export function QuoteList({ eventId, dealId }: { eventId?: string; dealId?: string }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const canManage = useCan("quotes.manage");
  const [requestId] = useState(() => crypto.randomUUID());
  // A deal's quotes are the deal's (its event's quotes may predate the deal); an event's are all of the event's.
  const list = useQuery(QuoteService.method.listQuotes, dealId ? { dealId, pageSize: 100 } : { eventId: eventId ?? "", pageSize: 100 });
  const create = useMutation(QuoteService.method.createQuote, {
    onSuccess: (r) => { if (r.quote) navigate(quotePaths.quote(r.quote.id)); },
  });
  return (
    <Stack gap="sm">
      {canManage ? (
        <Group>
          <Button loading={create.isPending} onClick={() => { create.mutate({ requestId, eventId: dealId ? "" : (eventId ?? ""), dealId: dealId ?? "", fromPullList: true }); }}>
            {t("quotes.new")}
          </Button>
        </Group>
      ) : null}
      {create.error ? <ErrorAlert error={create.error} /> : null}
      {list.isPending ? <CenteredLoader /> : list.error ? <ErrorAlert error={list.error} /> : list.data.quotes.length === 0 ? (
        <Text c="dimmed">{t("quotes.none")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label={t("quotes.title")}>
            <Table.Tbody>
              {list.data.quotes.map((q) => (
                <Table.Tr key={q.id}>
                  <Table.Td><AppLink to={quotePaths.quote(q.id)} fw={600}>{q.number}</AppLink></Table.Td>
                  <Table.Td>{q.title}</Table.Td>
                  <Table.Td>{t("quotes.version", { version: formatNumber(q.latestVersion, locale) })}</Table.Td>
                  <Table.Td><QuoteStatusBadge status={q.status} /></Table.Td>
                  <Table.Td ta="end">{q.gross ? formatMoney(q.gross.amountMinor, q.gross.currency, locale) : ""}</Table.Td>
                  <Table.Td>{q.createdAt ? formatDateTime(timestampDate(q.createdAt), locale) : ""}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
