import { Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { isOverridable, refusalMessage } from "./feedback.js";
import type { QueuedScan, Refusal } from "./queue.js";

/**
 * What is still on the device: scans waiting to be sent (oldest first), and
 * scans the server refused when they were replayed, each with what can be
 * done about it.
 */
export function QueuePanel({
  items,
  offline,
  canOverride,
  onQuantity,
  onOverride,
  onDismiss,
}: {
  items: readonly QueuedScan[];
  offline: boolean;
  canOverride: boolean;
  onQuantity: (scan: QueuedScan, refusal: Refusal) => void;
  onOverride: (scan: QueuedScan, refusal: Refusal) => void;
  onDismiss: (scan: QueuedScan) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const pending = items.filter((scan) => scan.state === "pending");
  const refused = items.filter((scan) => scan.state === "refused");
  if (items.length === 0) return null;
  return (
    <Stack gap="sm">
      {pending.length > 0 ? (
        <Paper withBorder p="sm" radius="md" bg={offline ? "var(--mantine-color-orange-light)" : undefined} role="region" aria-label={t("scanning.queue.title")}>
          <Stack gap={6}>
            <Text fw={700} data-testid="queue-count">
              {t(offline ? "scanning.queue.waiting" : "scanning.queue.sending", { count: pending.length, formatted: formatNumber(pending.length, locale) })}
            </Text>
            <Group gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("scanning.queue.list")}>
              {pending.map((scan) => (
                <Badge key={scan.scanId} component="li" variant="outline" color="orange" tt="none" ff="monospace" dir="ltr" size="lg">
                  {scan.code}
                  {scan.quantity > 0 ? ` × ${formatNumber(scan.quantity, locale)}` : ""}
                </Badge>
              ))}
            </Group>
          </Stack>
        </Paper>
      ) : null}
      {refused.length > 0 ? (
        <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-red-light)" role="region" aria-label={t("scanning.queue.refusedTitle")}>
          <Stack gap="xs">
            <Text fw={700}>{t("scanning.queue.refusedTitle")}</Text>
            {refused.map((scan) => {
              const refusal = scan.refusal;
              return (
                <Stack key={scan.scanId} gap={4} data-scan={scan.scanId}>
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Badge color="red" variant="filled" tt="none" ff="monospace" dir="ltr" style={{ flexShrink: 0 }}>
                      {scan.code}
                    </Badge>
                    <Text size="sm" style={{ overflowWrap: "anywhere" }}>{refusal ? refusalMessage(t, refusal) : ""}</Text>
                  </Group>
                  <Group gap="xs">
                    {refusal?.reason === "QUANTITY_REQUIRED" ? (
                      <Button size="xs" onClick={() => { onQuantity(scan, refusal); }}>{t("scanning.queue.enterQuantity")}</Button>
                    ) : null}
                    {refusal && canOverride && isOverridable(refusal) ? (
                      <Button size="xs" color="orange" onClick={() => { onOverride(scan, refusal); }}>{t("scanning.queue.override")}</Button>
                    ) : null}
                    <Button size="xs" variant="default" onClick={() => { onDismiss(scan); }}>{t("scanning.queue.dismiss")}</Button>
                  </Group>
                </Stack>
              );
            })}
          </Stack>
        </Paper>
      ) : null}
    </Stack>
  );
}
