import { createClient } from "@connectrpc/connect";
import { useTransport } from "@connectrpc/connect-query";
import {
  DiscrepancyKind,
  ReportFormat,
  ScanSessionKind,
  ScanningService,
  type Discrepancy,
  type MissingItem,
  type ScanSession,
} from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { Alert, Badge, Button, Checkbox, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { errorMessage } from "../errors.js";
import { formatNumber } from "../format.js";
import { downloadBytes } from "../inventory/download.js";

/** PDF and CSV of the session's sheet or discrepancy report. */
export function ReportDownloads({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const transport = useTransport();
  const client = useMemo(() => createClient(ScanningService, transport), [transport]);
  const [busy, setBusy] = useState<ReportFormat | undefined>();
  const [error, setError] = useState<unknown>();
  async function download(format: ReportFormat) {
    setBusy(format);
    setError(undefined);
    try {
      const report = await client.downloadSessionReport({ sessionId, format });
      downloadBytes(report.content, report.fileName, report.contentType);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(undefined);
    }
  }
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button variant="default" loading={busy === ReportFormat.PDF} onClick={() => { void download(ReportFormat.PDF); }}>
          {t("scanning.report.pdf")}
        </Button>
        <Button variant="default" loading={busy === ReportFormat.CSV} onClick={() => { void download(ReportFormat.CSV); }}>
          {t("scanning.report.csv")}
        </Button>
      </Group>
      {error ? <Text c="red" size="sm" role="alert">{errorMessage(t, error)}</Text> : null}
    </Stack>
  );
}

function discrepancyLabel(t: (key: string) => string, kind: DiscrepancyKind): string {
  switch (kind) {
    case DiscrepancyKind.MISSING:
      return t("scanning.discrepancy.missing");
    case DiscrepancyKind.UNEXPECTED:
      return t("scanning.discrepancy.unexpected");
    case DiscrepancyKind.WRONG_LOCATION:
      return t("scanning.discrepancy.wrongLocation");
    case DiscrepancyKind.BULK_COUNT:
      return t("scanning.discrepancy.bulkCount");
    case DiscrepancyKind.UNSPECIFIED:
      return "";
  }
}

function MissingList({ missing, kind }: { missing: readonly MissingItem[]; kind: ScanSessionKind }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  if (missing.length === 0) {
    return <Alert color="teal" variant="light">{kind === ScanSessionKind.CHECK_IN ? t("scanning.end.allBack") : t("scanning.end.allOut")}</Alert>;
  }
  return (
    <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={kind === ScanSessionKind.CHECK_IN ? t("scanning.end.missingTitle") : t("scanning.end.openTitle")}>
      {missing.map((item) => (
        <Paper key={`${item.lineId}-${item.productId}`} component="li" withBorder p="xs" radius="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text size="sm" fw={500}>{item.title}</Text>
              {item.assetTags.length > 0 ? (
                <Text size="xs" ff="monospace" dir="ltr" c="dimmed" style={{ overflowWrap: "anywhere", unicodeBidi: "isolate" }}>
                  {item.assetTags.join(" ")}
                </Text>
              ) : null}
            </Stack>
            <Badge color="red" variant="light" size="lg" tt="none" style={{ flexShrink: 0 }}>
              {formatNumber(item.quantity, locale)}
            </Badge>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** The stocktake's discrepancies; a user holding `stock.manage` books the chosen ones with a reason. */
function Discrepancies({ sessionId, discrepancies, onApplied }: { sessionId: string; discrepancies: readonly Discrepancy[]; onApplied: (list: Discrepancy[]) => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const canApply = useCan("stock.manage");
  const transport = useTransport();
  const client = useMemo(() => createClient(ScanningService, transport), [transport]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  if (discrepancies.length === 0) return <Alert color="teal" variant="light">{t("scanning.end.noDiscrepancies")}</Alert>;
  async function apply() {
    setBusy(true);
    setError(undefined);
    try {
      const response = await client.applyStocktakeCorrections({ sessionId, corrections: chosen.map((discrepancyId) => ({ discrepancyId, reason: reason.trim() })) });
      onApplied(response.discrepancies);
      setChosen([]);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="sm">
      <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("scanning.end.discrepanciesTitle")}>
        {discrepancies.map((item) => {
          const where = [item.expectedLocationName, item.foundLocationName].filter(Boolean).join(" → ");
          const label = item.assetTag ? `${item.assetTag} · ${item.productName}` : item.productName;
          return (
            <Paper key={item.id} component="li" withBorder p="xs" radius="sm">
              <Group gap="xs" wrap="nowrap" align="flex-start">
                {canApply && !item.applied ? (
                  <Checkbox
                    aria-label={label}
                    checked={chosen.includes(item.id)}
                    onChange={(event) => {
                      const on = event.currentTarget.checked;
                      setChosen((current) => (on ? [...current, item.id] : current.filter((id) => id !== item.id)));
                    }}
                  />
                ) : null}
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Badge variant="light" color={item.kind === DiscrepancyKind.MISSING ? "red" : "orange"} tt="none">{discrepancyLabel(t, item.kind)}</Badge>
                    {item.applied ? <Badge variant="light" color="teal" tt="none">{t("scanning.end.applied")}</Badge> : null}
                  </Group>
                  <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>{label}</Text>
                  {where ? <Text size="xs" c="dimmed">{where}</Text> : null}
                  {item.kind === DiscrepancyKind.BULK_COUNT ? (
                    <Text size="xs" c="dimmed">
                      {t("scanning.end.bulkCounts", { expected: formatNumber(item.expectedQuantity, locale), counted: formatNumber(item.countedQuantity, locale) })}
                    </Text>
                  ) : null}
                </Stack>
              </Group>
            </Paper>
          );
        })}
      </Stack>
      {canApply && discrepancies.some((item) => !item.applied) ? (
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput label={t("scanning.end.correctionReason")} value={reason} onChange={(event) => { setReason(event.currentTarget.value); }} maxLength={500} style={{ flex: "1 1 14rem" }} />
          <Button loading={busy} disabled={chosen.length === 0 || reason.trim() === ""} onClick={() => { void apply(); }}>
            {t("scanning.end.applyCorrections")}
          </Button>
        </Group>
      ) : null}
      {error ? <Text c="red" size="sm" role="alert">{errorMessage(t, error)}</Text> : null}
    </Stack>
  );
}

/** An ended session: what is missing or different, and its reports. */
export function EndReport({
  session,
  missing,
  discrepancies,
  onDiscrepancies,
}: {
  session: ScanSession;
  missing: readonly MissingItem[];
  discrepancies: readonly Discrepancy[];
  onDiscrepancies: (list: Discrepancy[]) => void;
}) {
  const { t } = useTranslation();
  const stocktake = session.kind === ScanSessionKind.STOCKTAKE;
  const withMissing = session.kind === ScanSessionKind.CHECK_IN || session.kind === ScanSessionKind.CHECK_OUT;
  return (
    <Paper withBorder p="md" radius="md" role="region" aria-label={t("scanning.end.title")}>
      <Stack gap="sm">
        <Title order={3}>{t("scanning.end.title")}</Title>
        {withMissing ? (
          <>
            <Text fw={500}>{session.kind === ScanSessionKind.CHECK_IN ? t("scanning.end.missingTitle") : t("scanning.end.openTitle")}</Text>
            <MissingList missing={missing} kind={session.kind} />
          </>
        ) : null}
        {stocktake ? (
          <>
            <Text fw={500}>{t("scanning.end.discrepanciesTitle")}</Text>
            <Discrepancies sessionId={session.id} discrepancies={discrepancies} onApplied={onDiscrepancies} />
          </>
        ) : null}
        {withMissing || stocktake ? <ReportDownloads sessionId={session.id} /> : null}
      </Stack>
    </Paper>
  );
}
