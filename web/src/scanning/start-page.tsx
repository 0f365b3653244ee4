import { timestampDate } from "@bufbuild/protobuf/wkt";
import { skipToken, useMutation, useQuery } from "@connectrpc/connect-query";
import { InventoryService } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { EventStatus, PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { ScanSessionKind, ScanSessionState, ScanningService, type ScanSession } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { Badge, Button, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useMemo, useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../app/router.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatDateTime, formatNumber } from "../format.js";
import { LocationSelect } from "../inventory/pickers.js";
import { AppLink } from "../inventory/ui.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { kindLabel } from "./feedback.js";
import { newScanId } from "./ids.js";
import { parseStartChoice, scanSessionKinds, scanningPaths } from "./paths.js";
import { sessionsWithQueuedScans } from "./scan-store.js";


/** Events that can go out or come back (not enquiries, closed or cancelled ones). */
const scannableStatuses = [EventStatus.PROVISIONAL, EventStatus.CONFIRMED, EventStatus.PREPPED, EventStatus.OUT, EventStatus.RETURNED];

function useSearch() {
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 250);
  return { search, setSearch, query };
}

function EventSelect({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const { search, setSearch, query } = useSearch();
  const events = useQuery(PlanningService.method.listEvents, { query, pageSize: 25, statuses: scannableStatuses });
  const chosen = useQuery(PlanningService.method.getEvent, value ? { eventId: value } : skipToken);
  const data = useMemo(() => {
    const options = (events.data?.events ?? []).map((event) => ({ value: event.id, label: `${event.number} · ${event.name}` }));
    const current = chosen.data?.event;
    if (current && !options.some((option) => option.value === current.id)) options.unshift({ value: current.id, label: `${current.number} · ${current.name}` });
    return options;
  }, [events.data, chosen.data]);
  return (
    <Select
      label={t("scanning.start.event")}
      required
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={data}
      value={value || null}
      onChange={(id) => { onChange(id ?? ""); }}
      nothingFoundMessage={events.isFetching ? t("common.loading") : t("common.nothingFound")}
      maxDropdownHeight={280}
    />
  );
}

function CaseSelect({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t } = useTranslation();
  const { search, setSearch, query } = useSearch();
  const cases = useQuery(InventoryService.method.listCases, { query, pageSize: 25 });
  const chosen = useQuery(InventoryService.method.getCase, value ? { caseId: value } : skipToken);
  const data = useMemo(() => {
    const options = (cases.data?.cases ?? []).map((item) => ({ value: item.id, label: `${item.code} · ${item.name}` }));
    const current = chosen.data?.case;
    if (current && !options.some((option) => option.value === current.id)) options.unshift({ value: current.id, label: `${current.code} · ${current.name}` });
    return options;
  }, [cases.data, chosen.data]);
  return (
    <Select
      label={t("scanning.start.case")}
      required
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={data}
      value={value || null}
      onChange={(id) => { onChange(id ?? ""); }}
      nothingFoundMessage={cases.isFetching ? t("common.loading") : t("common.nothingFound")}
      maxDropdownHeight={280}
    />
  );
}

function sessionTarget(session: ScanSession): string {
  if (session.eventId) return `${session.eventNumber} · ${session.eventName}`;
  if (session.caseId) return session.caseCode;
  return session.locationName;
}

/** Open sessions to go on with, and scans this device still holds. */
function OpenSessions() {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const sessions = useQuery(ScanningService.method.listSessions, { state: ScanSessionState.OPEN, pageSize: 50 });
  const [queued, setQueued] = useState<Map<string, number>>(new Map());
  useEffect(() => {
    let stopped = false;
    void sessionsWithQueuedScans().then((counts) => { if (!stopped) setQueued(counts); });
    return () => { stopped = true; };
  }, []);
  const list = sessions.data?.sessions ?? [];
  const unknownQueued = [...queued.keys()].filter((id) => !list.some((session) => session.id === id));
  return (
    <Stack gap="xs">
      <Title order={3}>{t("scanning.start.openTitle")}</Title>
      <ErrorAlert error={sessions.error} />
      {list.length === 0 && !sessions.isPending && unknownQueued.length === 0 ? <Text c="dimmed" size="sm">{t("scanning.start.noneOpen")}</Text> : null}
      <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("scanning.start.openTitle")}>
        {list.map((session) => (
          <Paper key={session.id} component="li" withBorder p="xs" radius="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <AppLink to={scanningPaths.session(session.id)} fw={500}>
                  {kindLabel(t, session.kind)} · {sessionTarget(session)}
                </AppLink>
                <Text size="xs" c="dimmed">
                  {session.ownerName}
                  {session.startedAt ? ` · ${formatDateTime(timestampDate(session.startedAt), locale, timeZone)}` : ""}
                </Text>
              </Stack>
              {queued.get(session.id) ? (
                <Badge color="orange" tt="none">{t("scanning.start.queuedHere", { count: queued.get(session.id), formatted: formatNumber(queued.get(session.id) ?? 0, locale) })}</Badge>
              ) : null}
            </Group>
          </Paper>
        ))}
        {unknownQueued.map((id) => (
          <Paper key={id} component="li" withBorder p="xs" radius="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <AppLink to={scanningPaths.session(id)}>{t("scanning.start.queuedSession")}</AppLink>
              <Badge color="orange" tt="none">{t("scanning.start.queuedHere", { count: queued.get(id), formatted: formatNumber(queued.get(id) ?? 0, locale) })}</Badge>
            </Group>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

/** Choose what to scan for; sessions can also start from an event's or a case's page (the address carries the choice). */
export function StartPage() {
  const { t } = useTranslation();
  const canScan = useCan("scanning.use");
  const initial = useMemo(() => parseStartChoice(window.location.search), []);
  const [kind, setKind] = useState<ScanSessionKind>(initial.kind);
  const [eventId, setEventId] = useState(initial.eventId);
  const [caseId, setCaseId] = useState(initial.caseId);
  const [locationId, setLocationId] = useState(initial.locationId);
  const [sourceLocationId, setSourceLocationId] = useState("");
  // One id per filled-in form: pressing Start twice opens one session.
  const [requestId, setRequestId] = useState(newScanId);
  const start = useMutation(ScanningService.method.startSession, {
    onSuccess: (response) => { if (response.session) navigate(scanningPaths.session(response.session.id)); },
  });
  const needsEvent = kind === ScanSessionKind.CHECK_OUT || kind === ScanSessionKind.CHECK_IN;
  const needsLocation = kind === ScanSessionKind.CHECK_IN || kind === ScanSessionKind.STOCKTAKE || kind === ScanSessionKind.TRANSFER;
  const ready = (!needsEvent || eventId !== "") && (kind !== ScanSessionKind.CASE_PACKING || caseId !== "") && (!needsLocation || locationId !== "");

  function change<T>(set: (value: T) => void): (value: T) => void {
    return (value) => {
      set(value);
      setRequestId(newScanId());
    };
  }

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (!ready) return;
    start.mutate({
      kind,
      requestId,
      eventId: needsEvent ? eventId : "",
      caseId: kind === ScanSessionKind.CASE_PACKING ? caseId : "",
      locationId: needsLocation ? locationId : "",
      sourceLocationId: kind === ScanSessionKind.TRANSFER ? sourceLocationId : "",
    });
  }

  const locationLabel = kind === ScanSessionKind.CHECK_IN ? t("scanning.start.returnTo") : kind === ScanSessionKind.TRANSFER ? t("scanning.start.destination") : t("scanning.start.countLocation");
  return (
    <Stack gap="lg" maw={760} mx="auto">
      <PageHeader title={t("scanning.start.title")} description={t("scanning.start.description")} />
      {canScan ? (
        <Paper withBorder p="md" radius="md">
          <form onSubmit={submit}>
            <Stack gap="sm">
              <Title order={3}>{t("scanning.start.newTitle")}</Title>
              <Select
                label={t("scanning.start.kind")}
                allowDeselect={false}
                data={scanSessionKinds.map((value) => ({ value: String(value), label: kindLabel(t, value) }))}
                value={String(kind)}
                onChange={(value) => {
                  const chosen = scanSessionKinds.find((candidate) => String(candidate) === value);
                  if (chosen !== undefined) change(setKind)(chosen);
                }}
              />
              {needsEvent ? <EventSelect value={eventId} onChange={change(setEventId)} /> : null}
              {kind === ScanSessionKind.CASE_PACKING ? <CaseSelect value={caseId} onChange={change(setCaseId)} /> : null}
              {needsLocation ? <LocationSelect label={locationLabel} required value={locationId} onChange={change(setLocationId)} /> : null}
              {kind === ScanSessionKind.TRANSFER ? (
                <LocationSelect label={t("scanning.start.source")} description={t("scanning.start.sourceHint")} clearable value={sourceLocationId} onChange={change(setSourceLocationId)} />
              ) : null}
              <ErrorAlert error={start.error} />
              <Group justify="flex-end">
                <Button type="submit" size="md" disabled={!ready} loading={start.isPending}>
                  {t("scanning.start.submit")}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      ) : null}
      <OpenSessions />
    </Stack>
  );
}
