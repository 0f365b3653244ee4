import { useQuery } from "@connectrpc/connect-query";
import { EventStatus, PlanningService, type Event } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { AppLink, CenteredLoader, CodeText } from "../inventory/ui.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { formatDayPeriod } from "./dates.js";
import { periodOf } from "./lookups.js";
import { planningPaths } from "./paths.js";
import { StatusBadge } from "./ui.js";

const everyStatus = [
  EventStatus.ENQUIRY,
  EventStatus.PROVISIONAL,
  EventStatus.CONFIRMED,
  EventStatus.PREPPED,
  EventStatus.OUT,
  EventStatus.RETURNED,
  EventStatus.CLOSED,
  EventStatus.CANCELLED,
];

/** The events at a venue or in a project, by date, with their statuses (up to 500). */
export function RelatedEvents({ filter, empty }: { filter: { venueId: string } | { projectId: string }; empty: string }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const events = useQuery(PlanningService.method.listEvents, { ...filter, statuses: everyStatus, pageSize: 500 });
  const rows = events.data?.events ?? [];
  const columns: Column<Event>[] = [
    {
      key: "name",
      header: t("planning.fields.event"),
      mobile: "title",
      render: (event) => (
        <Stack gap={0}>
          <AppLink to={planningPaths.event(event.id)} fw={600}>
            {event.name}
          </AppLink>
          <Text size="xs" c="dimmed">
            <CodeText size="xs">{event.number}</CodeText>
          </Text>
        </Stack>
      ),
    },
    {
      key: "dates",
      header: t("planning.fields.dates"),
      render: (event) => {
        const out = periodOf(event.outPeriod);
        return <Text size="sm">{out ? formatDayPeriod(out.start, out.end, locale, event.timeZone || undefined) : "—"}</Text>;
      },
    },
    { key: "status", header: t("planning.fields.status"), render: (event) => <StatusBadge status={event.status} /> },
  ];
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t("planning.places.events")}
      </Title>
      <ErrorAlert error={events.error} />
      {events.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <DataTable label={t("planning.places.events")} rows={rows} columns={columns} rowKey={(event) => event.id} minWidth={480} />
      )}
    </Stack>
  );
}
