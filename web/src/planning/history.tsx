import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useQuery } from "@connectrpc/connect-query";
import { EventStatus, LineSource, PlanningService, type Event, type EventHistoryEntry } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Text, Timeline } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatDateTime } from "../format.js";
import { useUserNames } from "../inventory/lookups.js";
import { CenteredLoader } from "../inventory/ui.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { formatPeriod } from "./dates.js";
import { historyActionLabel, sourceLabel, statusLabel } from "./labels.js";

function statusName(t: TFunction, name: string | undefined): string {
  const value = name ? (EventStatus as unknown as Record<string, EventStatus | undefined>)[name] : undefined;
  return value === undefined ? (name ?? "") : statusLabel(t, value);
}

function sourceName(t: TFunction, name: string): string {
  const value = (LineSource as unknown as Record<string, LineSource | undefined>)[name];
  return value === undefined ? name : sourceLabel(t, value);
}

const eventFields = new Set(["name", "clientId", "contactId", "contactName", "venueId", "projectId", "timeZone", "notes", "isTemplate"]);

/** A history entry's details in words; unknown details are left out rather than shown in English. */
function describe(t: TFunction, entry: EventHistoryEntry, locale: string, zone: string | undefined): string {
  const d = entry.details;
  switch (entry.action) {
    case "created":
      return d.copiedFrom
        ? t("planning.history.copiedFrom", { number: d.copiedFrom })
        : d.template
          ? t("planning.history.fromTemplate", { number: d.template })
          : "";
    case "status": {
      const text = t("planning.history.statusChange", { from: statusName(t, d.from), to: statusName(t, d.to) });
      const extra = [d.confirmedWithShortages === "true" ? t("planning.event.withShortages") : "", d.reason ? `“${d.reason}”` : ""].filter(Boolean);
      return [text, ...extra].join(" · ");
    }
    case "dates": {
      if (!d.toStart || !d.toEnd) return "";
      return t("planning.history.movedTo", { period: formatPeriod(new Date(d.toStart), new Date(d.toEnd), locale, zone) });
    }
    case "updated":
      return (d.fields ?? "")
        .split(",")
        .filter((field) => eventFields.has(field))
        .map((field) => t(`planning.history.field.${field}`))
        .join(", ");
    case "line_added":
    case "line_removed":
    case "line_updated": {
      const parts = [d.title ?? ""];
      if (d.quantity) parts.push(t("planning.history.quantity", { quantity: d.quantity }));
      if (d.source) parts.push(d.source.split("→").map((name) => sourceName(t, name)).join(" → "));
      if (d.supplier) parts.push(d.supplier);
      if (d.section && entry.action === "line_updated") parts.push(t("planning.history.toSection", { section: d.section }));
      return parts.filter(Boolean).join(" · ");
    }
    case "section_added":
    case "section_updated":
    case "section_removed":
      return d.section ?? "";
    default:
      return "";
  }
}

function color(action: string): string {
  if (action === "status") return "indigo";
  if (action === "dates" || action === "phases") return "orange";
  if (action.endsWith("_removed")) return "red";
  if (action.endsWith("_added") || action === "created") return "green";
  return "gray";
}

/** Everything that happened to the event, newest first. */
export function EventHistory({ event }: { event: Event }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const userName = useUserNames();
  const history = useQuery(PlanningService.method.listEventHistory, { eventId: event.id });
  const entries = history.data?.entries ?? [];
  if (history.isPending) return <CenteredLoader />;
  if (history.error) return <ErrorAlert error={history.error} />;
  if (entries.length === 0) return <EmptyState title={t("planning.history.empty")} />;
  return (
    <Timeline bulletSize={14} lineWidth={2} aria-label={t("planning.history.title")}>
      {entries.map((entry, index) => (
        <Timeline.Item key={`${index}-${entry.action}`} color={color(entry.action)} title={historyActionLabel(t, entry.action)}>
          {describe(t, entry, locale, event.timeZone || timeZone) ? (
            <Text size="sm">{describe(t, entry, locale, event.timeZone || timeZone)}</Text>
          ) : null}
          <Text size="xs" c="dimmed">
            {entry.at ? formatDateTime(timestampDate(entry.at), locale, timeZone) : ""} · {userName(t, entry.actorUserId)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
