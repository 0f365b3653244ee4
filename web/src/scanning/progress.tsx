import type { LineProgress, ScanRecord, ScanSummary } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { Badge, Group, Paper, Progress, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { actionLabel } from "./feedback.js";
import { lineCounts } from "./session-state.js";

function percent(done: number, required: number): number {
  if (required <= 0) return done > 0 ? 100 : 0;
  return Math.min(100, (done / required) * 100);
}

function progressColor(done: number, required: number): string {
  if (required > 0 && done > required) return "orange";
  if (required > 0 && done === required) return "teal";
  return "blue";
}

/** The session's totals: units done against units required, scans and overrides. */
export function SummaryBar({ summary, withRequired }: { summary: ScanSummary | undefined; withRequired: boolean }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const done = summary?.done ?? 0;
  const required = summary?.required ?? 0;
  const n = (value: number) => formatNumber(value, locale);
  return (
    <Paper withBorder p="sm" radius="md" aria-label={t("scanning.summary.title")} role="group">
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          {withRequired ? (
            <Text fw={700} size="xl" data-testid="summary-done">
              {t("scanning.summary.done", { done: n(done), required: n(required) })}
            </Text>
          ) : (
            <Text fw={700} size="xl" data-testid="summary-units">
              {t("scanning.summary.units", { units: n(summary?.units ?? 0) })}
            </Text>
          )}
          <Group gap="xs">
            <Badge variant="light" tt="none">{t("scanning.summary.scans", { scans: n(summary?.scans ?? 0) })}</Badge>
            {summary && summary.overrides > 0 ? (
              <Badge variant="light" color="orange" tt="none">{t("scanning.summary.overrides", { overrides: n(summary.overrides) })}</Badge>
            ) : null}
          </Group>
        </Group>
        {withRequired ? <Progress value={percent(done, required)} color={progressColor(done, required)} size="lg" aria-hidden /> : null}
      </Stack>
    </Paper>
  );
}

/** Required against scanned for each pull-list line, incomplete ones first. */
export function LineProgressList({ lines, checkIn }: { lines: readonly LineProgress[]; checkIn: boolean }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const rows = lines.map((line) => ({ line, ...lineCounts(line, checkIn) }));
  // Lines still to do stay on top, where the scanner looks.
  const sorted = [...rows.filter((row) => row.done < row.required), ...rows.filter((row) => row.done >= row.required)];
  if (sorted.length === 0) return null;
  return (
    <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("scanning.progress.title")}>
      {sorted.map(({ line, done, required }) => {
        const complete = required > 0 && done >= required;
        return (
          <Paper key={line.lineId} component="li" withBorder p="xs" radius="sm" data-line={line.lineId} aria-label={line.title}>
            <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={500} size="sm" style={{ overflowWrap: "anywhere" }}>
                  {line.title}
                </Text>
                {line.assetTags.length > 0 ? (
                  <Text size="xs" c="dimmed" ff="monospace" dir="ltr" style={{ overflowWrap: "anywhere", unicodeBidi: "isolate" }}>
                    {line.assetTags.join(" ")}
                  </Text>
                ) : null}
              </Stack>
              <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
                {complete ? (
                  <Badge color="teal" variant="light" tt="none">
                    {t("scanning.progress.complete")}
                  </Badge>
                ) : null}
                <Text fw={700} size="lg" dir="ltr" data-testid="line-count" style={{ unicodeBidi: "isolate" }}>
                  {formatNumber(done, locale)} / {formatNumber(required, locale)}
                </Text>
              </Group>
            </Group>
            <Progress mt={6} value={percent(done, required)} color={progressColor(done, required)} size="sm" aria-hidden />
          </Paper>
        );
      })}
    </Stack>
  );
}

/** The session's newest scans, undone ones struck through (the server's title already names a bulk quantity). */
export function RecentScans({ scans }: { scans: readonly ScanRecord[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} role="log" aria-label={t("scanning.recent.title")}>
      {scans.map((scan) => (
        <Group key={scan.scanId} gap="xs" wrap="nowrap" align="flex-start" opacity={scan.undone ? 0.6 : 1}>
          <Badge color={scan.undone ? "gray" : scan.overriddenReason || scan.damaged ? "orange" : "teal"} variant="light" tt="none" style={{ flexShrink: 0 }}>
            {scan.undone ? t("scanning.recent.undone") : actionLabel(t, scan.action)}
          </Badge>
          <Text size="sm" td={scan.undone ? "line-through" : undefined} style={{ overflowWrap: "anywhere" }}>
            {scan.title}
            {scan.overriddenReason ? ` · ${t("scanning.recent.override")}` : ""}
            {scan.damaged ? ` · ${t("scanning.recent.damaged")}` : ""}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
