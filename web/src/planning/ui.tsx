import type { EventStatus } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Badge, Text, type MantineSize } from "@mantine/core";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { statusColor, statusLabel } from "./labels.js";

/** A calendar or timeline bar in the colour of its event's status (light background, strong edge at the start). */
export function barStyle(status: EventStatus): CSSProperties {
  const color = statusColor(status);
  return {
    background: `var(--mantine-color-${color}-light)`,
    color: `var(--mantine-color-${color}-light-color)`,
    borderInlineStart: `3px solid var(--mantine-color-${color}-filled)`,
  };
}

export function StatusBadge({ status, size = "md" }: { status: EventStatus; size?: MantineSize }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor(status)} variant="light" size={size} tt="none" style={{ minWidth: "max-content" }}>
      {statusLabel(t, status)}
    </Badge>
  );
}

/** Available units: red below zero. */
export function AvailableText({ value }: { value: number }) {
  const { locale } = useUserFormat();
  return (
    <Text component="span" size="sm" fw={value < 0 ? 700 : 400} c={value < 0 ? "red" : undefined} style={{ fontVariantNumeric: "tabular-nums" }}>
      {formatNumber(value, locale)}
    </Text>
  );
}

/** "Short 4" in red, or a quiet check when nothing is missing. */
export function ShortageBadge({ shortage }: { shortage: number }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  if (shortage <= 0) {
    return (
      <Badge color="green" variant="light" tt="none" style={{ minWidth: "max-content" }}>
        {t("planning.pullList.covered")}
      </Badge>
    );
  }
  return (
    <Badge color="red" variant="filled" tt="none" style={{ minWidth: "max-content" }}>
      {t("planning.pullList.shortBy", { count: shortage, value: formatNumber(shortage, locale) })}
    </Badge>
  );
}
