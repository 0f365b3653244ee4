import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useQuery } from "@connectrpc/connect-query";
import { PlanningService, type Event, type Phase, type Shortage } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Alert, Badge, Box, Button, Group, Paper, Stack, Tabs, Text, Tooltip } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { navigate, useLocation } from "../app/router.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { errorReason } from "../errors.js";
import { formatDateTime, formatNumber } from "../format.js";
import { AppLink, CenteredLoader, CodeText, DetailGrid } from "../inventory/ui.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { QuoteList } from "../quotes/event-quotes.js";
import { PageHeader } from "../ui/page-header.js";
import { CopyEventModal } from "./copy-event-modal.js";
import { formatPeriod } from "./dates.js";
import { EventFormModal } from "./event-form.js";
import { EventHistory } from "./history.js";
import { isLocked, phaseColor, phaseLabel } from "./labels.js";
import { periodOf, useEventZone, useProjects, useVenues } from "./lookups.js";
import { ProjectLink } from "./projects-page.js";
import { VenueLink } from "./venues-page.js";
import { planningPaths } from "./paths.js";
import { PullListEditor } from "./pull-list.js";
import { ScanSessionKind } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { scanningPaths } from "../scanning/paths.js";
import { ShortagesPanel } from "./shortages-panel.js";
import { ShortageList, StatusActions } from "./status-actions.js";
import { StatusBadge } from "./ui.js";

function sortedPhases(phases: readonly Phase[]): Phase[] {
  return [...phases].sort((a, b) => Number(a.period?.start?.seconds ?? 0n) - Number(b.period?.start?.seconds ?? 0n));
}

/** The phases as one proportional strip (prep → load-out → show → load-in) and a list with their times. */
function Phases({ event }: { event: Event }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const zone = useEventZone(event);
  const out = periodOf(event.outPeriod);
  const phases = sortedPhases(event.phases);
  const total = out ? out.end.getTime() - out.start.getTime() : 0;
  return (
    <Stack gap="xs">
      {out && total > 0 ? (
        <Box pos="relative" h={14} style={{ borderRadius: 7, overflow: "hidden", background: "var(--mantine-color-default-border)" }} aria-hidden>
          {phases.map((phase, index) => {
            const period = periodOf(phase.period);
            if (!period) return null;
            const offset = ((period.start.getTime() - out.start.getTime()) / total) * 100;
            const width = ((period.end.getTime() - period.start.getTime()) / total) * 100;
            return (
              <Tooltip key={index} label={`${phaseLabel(t, phase.kind)} · ${formatPeriod(period.start, period.end, locale, zone)}`}>
                <Box
                  pos="absolute"
                  top={0}
                  bottom={0}
                  style={{ insetInlineStart: `${offset}%`, width: `${Math.max(width, 0.5)}%`, background: `var(--mantine-color-${phaseColor(phase.kind)}-filled)` }}
                />
              </Tooltip>
            );
          })}
        </Box>
      ) : null}
      <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("planning.form.phases")}>
        {phases.map((phase, index) => {
          const period = periodOf(phase.period);
          return (
            <Group key={index} component="li" gap="xs" wrap="nowrap" align="flex-start">
              <Badge color={phaseColor(phase.kind)} variant="light" tt="none" miw={90} style={{ flexShrink: 0 }}>
                {phaseLabel(t, phase.kind)}
              </Badge>
              <Text size="sm" style={{ minWidth: 0 }}>
                {phase.label ? <Text span size="sm" fw={500}>{phase.label} · </Text> : null}
                {period ? formatPeriod(period.start, period.end, locale, zone) : "—"}
              </Text>
            </Group>
          );
        })}
      </Stack>
    </Stack>
  );
}

/** Shortages the server reported after a change (policy WARN, or new dates), until dismissed. */
function ShortageNotice({ notice, onClose }: { notice: { title: string; shortages: readonly Shortage[] } | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  if (!notice || notice.shortages.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      role="status"
      title={notice.title}
      withCloseButton
      closeButtonLabel={t("common.close")}
      onClose={onClose}
    >
      <ShortageList shortages={notice.shortages} />
    </Alert>
  );
}

function EventView({ event }: { event: Event }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const zone = useEventZone(event);
  const { pathname, hash } = useLocation();
  const canManage = useCan("planning.manage");
  const canSeeQuotes = useCan("quotes.read");
  const canScan = useCan("scanning.use");
  const venues = useVenues();
  const projects = useProjects();
  const [editing, setEditing] = useState(false);
  const [copying, setCopying] = useState(false);
  const [notice, setNotice] = useState<{ title: string; shortages: readonly Shortage[] } | undefined>();
  const shortages = useQuery(PlanningService.method.listShortages, { eventId: event.id });
  const shortCount = shortages.data?.shortages.length ?? 0;
  const out = periodOf(event.outPeriod);
  const charge = periodOf(event.chargePeriod);
  const tab = hash === "#shortages" || hash === "#history" || (hash === "#quotes" && canSeeQuotes) ? hash.slice(1) : "pull-list";
  const editable = canManage && !isLocked(event.status);

  return (
    <>
      <PageHeader
        title={event.name}
        actions={
          canManage || canScan ? (
            <>
              {canScan ? (
                <>
                  <Button onClick={() => { navigate(scanningPaths.startFor(ScanSessionKind.CHECK_OUT, { eventId: event.id })); }}>
                    {t("scanning.links.checkOut")}
                  </Button>
                  <Button variant="default" onClick={() => { navigate(scanningPaths.startFor(ScanSessionKind.CHECK_IN, { eventId: event.id })); }}>
                    {t("scanning.links.checkIn")}
                  </Button>
                </>
              ) : null}
              {editable ? (
                <Button variant="default" onClick={() => { setEditing(true); }}>
                  {t("planning.event.edit")}
                </Button>
              ) : null}
              {canManage ? (
                <Button variant="default" onClick={() => { setCopying(true); }}>
                  {t("planning.event.copy")}
                </Button>
              ) : null}
            </>
          ) : undefined
        }
      />
      <Stack gap="md">
        <Group gap="xs" wrap="wrap">
          <CodeText>{event.number}</CodeText>
          <StatusBadge status={event.status} size="lg" />
          {event.confirmedWithShortages ? (
            <Badge color="red" variant="outline" size="lg" tt="none">
              {t("planning.event.withShortages")}
            </Badge>
          ) : null}
          {event.isTemplate ? (
            <Badge color="gray" variant="outline" size="lg" tt="none">
              {t("planning.event.template")}
            </Badge>
          ) : null}
        </Group>
        <StatusActions
          event={event}
          onChanged={(_, list) => { setNotice({ title: t("planning.event.confirmedWithShortages", { count: list.length }), shortages: list }); }}
        />
        <ShortageNotice notice={notice} onClose={() => { setNotice(undefined); }} />
        <Paper withBorder p="md" radius="md">
          <Stack gap="md">
            <DetailGrid
              details={[
                { label: t("planning.fields.client"), value: event.clientName },
                { label: t("planning.fields.contact"), value: event.contactName },
                { label: t("planning.fields.venue"), value: event.venueId ? <VenueLink id={event.venueId} name={venues.nameOf(event.venueId)} /> : "" },
                { label: t("planning.fields.project"), value: event.projectId ? <ProjectLink id={event.projectId} name={projects.nameOf(event.projectId)} /> : "" },
                { label: t("planning.event.outPeriod"), value: out ? formatPeriod(out.start, out.end, locale, zone) : "" },
                { label: t("planning.event.chargePeriod"), value: charge ? formatPeriod(charge.start, charge.end, locale, zone) : "" },
                { label: t("planning.fields.timeZone"), value: <CodeText>{event.timeZone}</CodeText> },
                { label: t("planning.event.updated"), value: event.updatedAt ? formatDateTime(timestampDate(event.updatedAt), locale, zone) : "" },
              ]}
            />
            <Phases event={event} />
            {event.notes ? (
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {event.notes}
              </Text>
            ) : null}
          </Stack>
        </Paper>
        <Tabs
          value={tab}
          onChange={(value) => { navigate(value && value !== "pull-list" ? `${pathname}#${value}` : pathname, { replace: true }); }}
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="pull-list">{t("planning.event.pullList")}</Tabs.Tab>
            <Tabs.Tab
              value="shortages"
              rightSection={
                shortCount > 0 ? (
                  <Badge size="sm" color="red" variant="filled" circle>
                    {formatNumber(shortCount, locale)}
                  </Badge>
                ) : undefined
              }
            >
              {t("planning.event.shortages")}
            </Tabs.Tab>
            <Tabs.Tab value="history">{t("planning.event.history")}</Tabs.Tab>
            {canSeeQuotes ? <Tabs.Tab value="quotes">{t("quotes.title")}</Tabs.Tab> : null}
          </Tabs.List>
          <Tabs.Panel value="pull-list" pt="md">
            <PullListEditor event={event} />
          </Tabs.Panel>
          <Tabs.Panel value="shortages" pt="md">
            <ShortagesPanel event={event} />
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="md">
            <EventHistory event={event} />
          </Tabs.Panel>
          {canSeeQuotes ? (
            <Tabs.Panel value="quotes" pt="md">
              <QuoteList eventId={event.id} />
            </Tabs.Panel>
          ) : null}
        </Tabs>
      </Stack>
      {editable ? (
        <EventFormModal
          opened={editing}
          onClose={() => { setEditing(false); }}
          event={event}
          onSaved={(_, list) => { setNotice({ title: t("planning.event.shortAfterChange", { count: list.length }), shortages: list }); }}
        />
      ) : null}
      {canManage ? <CopyEventModal event={event} opened={copying} onClose={() => { setCopying(false); }} /> : null}
    </>
  );
}

export function EventPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const event = useQuery(PlanningService.method.getEvent, { eventId: id });
  if (event.isPending) return <CenteredLoader />;
  if (errorReason(event.error) === "EVENT_NOT_FOUND" || (!event.error && !event.data.event)) {
    return (
      <EmptyState title={t("planning.event.notFound")}>
        <AppLink to={planningPaths.events}>{t("planning.event.backToList")}</AppLink>
      </EmptyState>
    );
  }
  if (event.error || !event.data.event) return <ErrorAlert error={event.error} />;
  return <EventView event={event.data.event} />;
}
