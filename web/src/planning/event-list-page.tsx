import { useInfiniteQuery, useQuery } from "@connectrpc/connect-query";
import { EventStatus, PlanningService, type Event } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Alert, Anchor, Badge, Button, Chip, Collapse, Group, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { AppLink, CenteredLoader, CodeText, LoadMore } from "../inventory/ui.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { useWideScreen } from "../ui/media.js";
import { PageHeader } from "../ui/page-header.js";
import { addDays, dayStart, formatDayPeriod, formatPeriod } from "./dates.js";
import { EventFormModal } from "./event-form.js";
import { eventStatuses, statusLabel } from "./labels.js";
import { periodOf, timeRange, useClients, useVenues } from "./lookups.js";
import { planningPaths } from "./paths.js";
import { StatusBadge } from "./ui.js";

/** What is short in the next 30 days, on which events: the planner's to-do list. */
function UpcomingShortages() {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const [open, setOpen] = useState(false);
  const shortages = useQuery(PlanningService.method.listShortages, {});
  const list = shortages.data?.shortages ?? [];
  if (list.length === 0) return null;
  const events = new Set(list.map((shortage) => shortage.eventId)).size;
  return (
    <Alert color="red" variant="light" title={t("planning.shortages.upcomingTitle")}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Text size="sm">{t("planning.shortages.upcomingSummary", { count: list.length, products: formatNumber(list.length, locale), events: formatNumber(events, locale) })}</Text>
          <Button size="xs" variant="subtle" color="red" aria-expanded={open} onClick={() => { setOpen((value) => !value); }}>
            {open ? t("planning.shortages.hide") : t("planning.shortages.show")}
          </Button>
        </Group>
        <Collapse expanded={open}>
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing={4} aria-label={t("planning.shortages.upcomingTitle")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("planning.fields.event")}</Table.Th>
                  <Table.Th>{t("planning.fields.product")}</Table.Th>
                  <Table.Th>{t("planning.shortages.short")}</Table.Th>
                  <Table.Th>{t("planning.shortages.when")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((shortage) => {
                  const pinch = periodOf(shortage.period);
                  return (
                    <Table.Tr key={`${shortage.eventId}:${shortage.productId}`}>
                      <Table.Td>
                        <AppLink to={planningPaths.event(shortage.eventId)}>
                          <CodeText>{shortage.eventNumber}</CodeText> {shortage.eventName}
                        </AppLink>
                      </Table.Td>
                      <Table.Td>{shortage.productName}</Table.Td>
                      <Table.Td>
                        <Text size="sm" c="red" fw={700}>
                          {formatNumber(shortage.short, locale)}
                        </Text>
                      </Table.Td>
                      <Table.Td>{pinch ? formatDayPeriod(pinch.start, pinch.end, locale, undefined) : "—"}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Collapse>
      </Stack>
    </Alert>
  );
}

const defaultStatuses = eventStatuses.filter((status) => status !== EventStatus.CLOSED && status !== EventStatus.CANCELLED);

export function EventListPage() {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const canManage = useCan("planning.manage");
  const wide = useWideScreen();
  const clients = useClients();
  const venues = useVenues();
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 300);
  const [statuses, setStatuses] = useState<string[]>(defaultStatuses.map(String));
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [clientId, setClientId] = useState("");
  const [templates, setTemplates] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [creating, setCreating] = useState(false);

  const fromInstant = from ? dayStart(from, timeZone) : undefined;
  const toInstant = to ? dayStart(addDays(to, 1), timeZone) : undefined;
  const overlapping =
    fromInstant || toInstant
      ? timeRange(fromInstant ?? new Date(Date.UTC(1970, 0, 1)), toInstant ?? new Date(Date.UTC(9999, 0, 1)))
      : undefined;
  const rangeInvalid = fromInstant !== undefined && toInstant !== undefined && toInstant <= fromInstant;

  const events = useInfiniteQuery(
    PlanningService.method.listEvents,
    {
      query,
      statuses: eventStatuses.filter((status) => statuses.includes(String(status))),
      clientId,
      templates,
      pageSize: 50,
      pageToken: "",
      ...(overlapping && !rangeInvalid ? { overlapping } : {}),
    },
    { pageParamKey: "pageToken", getNextPageParam: (page) => page.nextPageToken || undefined },
  );
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  const activeFilters = [from !== "" || to !== "", clientId !== "", templates, statuses.length !== defaultStatuses.length].filter(Boolean).length;
  const filtered = query !== "" || activeFilters > 0;

  const columns: Column<Event>[] = [
    {
      key: "event",
      header: t("planning.fields.event"),
      mobile: "title",
      render: (event) => (
        <Stack gap={0}>
          <Group gap={6} wrap="nowrap">
            <AppLink to={planningPaths.event(event.id)} fw={500}>
              {event.name}
            </AppLink>
            {event.isTemplate ? (
              <Badge size="xs" variant="outline" color="gray" tt="none">
                {t("planning.event.template")}
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            <CodeText size="xs">{event.number}</CodeText>
          </Text>
        </Stack>
      ),
    },
    {
      key: "status",
      header: t("planning.fields.status"),
      render: (event) => (
        <Group gap={4} wrap="nowrap" style={{ justifyContent: "inherit" }}>
          <StatusBadge status={event.status} />
          {event.confirmedWithShortages ? (
            <Badge color="red" variant="outline" tt="none" style={{ minWidth: "max-content" }}>
              {t("planning.event.withShortages")}
            </Badge>
          ) : null}
        </Group>
      ),
    },
    {
      key: "dates",
      header: t("planning.fields.dates"),
      render: (event) => {
        const out = periodOf(event.outPeriod);
        return (
          <Text size="sm" title={out ? formatPeriod(out.start, out.end, locale, event.timeZone || undefined) : undefined}>
            {out ? formatDayPeriod(out.start, out.end, locale, event.timeZone || undefined) : "—"}
          </Text>
        );
      },
    },
    {
      key: "client",
      header: t("planning.fields.client"),
      render: (event) => <Text size="sm">{event.clientName || clients.nameOf(event.clientId) || "—"}</Text>,
    },
    {
      key: "venue",
      header: t("planning.fields.venue"),
      render: (event) => <Text size="sm">{venues.nameOf(event.venueId) ?? "—"}</Text>,
    },
  ];

  return (
    <>
      <PageHeader
        title={t("planning.events.title")}
        description={t("planning.events.description")}
        actions={canManage ? <Button onClick={() => { setCreating(true); }}>{t("planning.events.new")}</Button> : undefined}
      />
      <Stack gap="md">
        <UpcomingShortages />
        <Group gap="sm" align="end" wrap="nowrap">
          <TextInput
            flex={1}
            type="search"
            label={t("planning.events.search")}
            placeholder={t("planning.events.searchPlaceholder")}
            value={search}
            onChange={(change) => { setSearch(change.currentTarget.value); }}
          />
          {wide ? null : (
            <Button variant={filtersOpen ? "light" : "default"} aria-expanded={filtersOpen} onClick={() => { setFiltersOpen((open) => !open); }}>
              {activeFilters > 0 ? t("planning.events.filtersActive", { count: activeFilters }) : t("planning.events.filters")}
            </Button>
          )}
        </Group>
        <Collapse expanded={wide || filtersOpen}>
          <Stack gap="sm">
            <Chip.Group multiple value={statuses} onChange={setStatuses}>
              <Group gap={6} role="group" aria-label={t("planning.fields.status")}>
                {eventStatuses.map((status) => (
                  <Chip key={status} value={String(status)} size="sm" variant="light">
                    {statusLabel(t, status)}
                  </Chip>
                ))}
                <Anchor component="button" type="button" size="sm" onClick={() => { setStatuses(statuses.length === eventStatuses.length ? defaultStatuses.map(String) : eventStatuses.map(String)); }}>
                  {statuses.length === eventStatuses.length ? t("planning.events.activeOnly") : t("planning.events.allStatuses")}
                </Anchor>
              </Group>
            </Chip.Group>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <TextInput type="date" label={t("planning.events.from")} value={from} onChange={(change) => { setFrom(change.currentTarget.value); }} />
              <TextInput
                type="date"
                label={t("planning.events.to")}
                value={to}
                error={rangeInvalid ? t("planning.validation.rangeOrder") : undefined}
                onChange={(change) => { setTo(change.currentTarget.value); }}
              />
              <Select
                label={t("planning.fields.client")}
                placeholder={t("planning.events.allClients")}
                searchable
                clearable
                clearButtonProps={{ "aria-label": t("common.clear") }}
                data={clients.options}
                value={clientId || null}
                onChange={(id) => { setClientId(id ?? ""); }}
                nothingFoundMessage={t("common.nothingFound")}
              />
              <Switch
                mt={{ base: 0, md: 30 }}
                label={t("planning.events.templates")}
                checked={templates}
                onChange={(change) => { setTemplates(change.currentTarget.checked); }}
              />
            </SimpleGrid>
          </Stack>
        </Collapse>
        <ErrorAlert error={events.error} />
        {events.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState title={filtered ? t("planning.events.noMatches") : t("planning.events.empty")}>
            {filtered ? undefined : t("planning.events.emptyHint")}
          </EmptyState>
        ) : (
          <DataTable label={t("planning.events.title")} rows={rows} columns={columns} rowKey={(event) => event.id} minWidth={820} />
        )}
        <LoadMore hasMore={events.hasNextPage} loading={events.isFetchingNextPage} onLoad={() => void events.fetchNextPage()} />
      </Stack>
      {canManage ? <EventFormModal opened={creating} onClose={() => { setCreating(false); }} /> : null}
    </>
  );
}
