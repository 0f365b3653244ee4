import { useQuery } from "@connectrpc/connect-query";
import { EventStatus, PlanningService, type Event } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Alert, Anchor, Box, Button, Chip, Group, Paper, SegmentedControl, Stack, Text, Title, UnstyledButton, useDirection } from "@mantine/core";
import { Fragment, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { followLink } from "../app/router.js";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { CenteredLoader } from "../inventory/ui.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { useWideScreen } from "../ui/media.js";
import { PageHeader } from "../ui/page-header.js";
import { placeBars, type DaySpan } from "./calendar-layout.js";
import {
  addDays,
  addMonths,
  dayRange,
  dayStart,
  firstDayOfWeek,
  formatDayOfMonth,
  formatDayPeriod,
  formatMonth,
  formatPeriod,
  formatShortDay,
  formatWeekday,
  localDate,
  monthEnd,
  monthStart,
  spanDays,
  weekStart,
} from "./dates.js";
import { eventStatuses, statusColor, statusLabel } from "./labels.js";
import { periodOf, timeRange } from "./lookups.js";
import { planningPaths } from "./paths.js";
import { barStyle, StatusBadge } from "./ui.js";

type View = "month" | "week";

/** The days an event covers on the calendar: its out-period, in its own time zone. */
export function eventDays(event: Event, fallbackZone: string | undefined): DaySpan | undefined {
  const out = periodOf(event.outPeriod);
  if (!out) return undefined;
  const { first, last } = spanDays(out.start, out.end, event.timeZone || fallbackZone);
  return { id: event.id, first, last };
}

function EventBar({
  event,
  column,
  span,
  lane,
  days,
  continuesBefore,
  continuesAfter,
  detailed,
}: {
  event: Event;
  column: number;
  span: number;
  lane: number;
  days: string[];
  continuesBefore: boolean;
  continuesAfter: boolean;
  detailed: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const out = periodOf(event.outPeriod);
  const zone = event.timeZone || undefined;
  const period = out ? formatPeriod(out.start, out.end, locale, zone) : "";
  const radius = 4;
  return (
    <Anchor
      href={planningPaths.event(event.id)}
      onClick={(click) => { followLink(click, planningPaths.event(event.id)); }}
      underline="never"
      data-event={event.id}
      data-days={days.join(" ")}
      title={`${event.number} · ${event.name} · ${statusLabel(t, event.status)} · ${period}`}
      aria-label={t("planning.calendar.barLabel", { number: event.number, name: event.name, status: statusLabel(t, event.status), period })}
      style={{
        ...barStyle(event.status),
        gridColumn: `${column} / span ${span}`,
        gridRow: lane + 2,
        minWidth: 0,
        overflow: "hidden",
        whiteSpace: "nowrap",
        textOverflow: "ellipsis",
        fontSize: "var(--mantine-font-size-xs)",
        lineHeight: 1.3,
        padding: detailed ? "4px 6px" : "1px 4px",
        marginInline: 2,
        borderStartStartRadius: continuesBefore ? 0 : radius,
        borderEndStartRadius: continuesBefore ? 0 : radius,
        borderStartEndRadius: continuesAfter ? 0 : radius,
        borderEndEndRadius: continuesAfter ? 0 : radius,
        textDecoration: event.status === EventStatus.CANCELLED ? "line-through" : undefined,
      }}
    >
      <Text span size="xs" fw={700} ff="monospace" dir="ltr" style={{ unicodeBidi: "isolate" }}>
        {event.number}
      </Text>{" "}
      {event.name}
      {detailed ? (
        <Text size="xs" truncate="end" style={{ opacity: 0.85 }}>
          {[event.clientName, out ? formatDayPeriod(out.start, out.end, locale, zone) : ""].filter(Boolean).join(" · ")}
        </Text>
      ) : null}
    </Anchor>
  );
}

/** One row of 7 days: day numbers on top, event bars in lanes below. */
function WeekRow({
  days,
  events,
  spans,
  month,
  today,
  detailed,
  maxLanes,
  onShowDay,
}: {
  days: string[];
  events: ReadonlyMap<string, Event>;
  spans: readonly DaySpan[];
  month: string | undefined;
  today: string;
  detailed: boolean;
  maxLanes: number;
  onShowDay: (day: string) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const first = days[0] ?? today;
  const bars = placeBars(spans, first, days.length);
  const shown = bars.filter((bar) => bar.lane < maxLanes);
  const hiddenPerDay = days.map((day) => bars.filter((bar) => bar.lane >= maxLanes && bar.days.includes(day)).length);
  const lanes = Math.max(1, ...shown.map((bar) => bar.lane + 1));
  return (
    <Box
      data-week={first}
      style={{
        display: "grid",
        gridTemplateColumns: `repeat(${days.length}, minmax(0, 1fr))`,
        gridTemplateRows: `auto repeat(${lanes}, auto) auto`,
        rowGap: 2,
        position: "relative",
        minHeight: detailed ? 160 : 96,
        borderBottom: "1px solid var(--mantine-color-default-border)",
      }}
    >
      {days.map((day, index) => {
        const outside = month !== undefined && day.slice(0, 7) !== month.slice(0, 7);
        return (
          <Box
            key={day}
            title={formatShortDay(day, locale)}
            data-day={day}
            style={{
              gridColumn: index + 1,
              gridRow: `1 / span ${lanes + 2}`,
              borderInlineStart: index === 0 ? undefined : "1px solid var(--mantine-color-default-border)",
              background: day === today ? "var(--mantine-color-blue-light)" : outside ? "var(--mantine-color-default-hover)" : undefined,
            }}
          />
        );
      })}
      {days.map((day, index) => (
        <Text
          key={day}
          size="xs"
          fw={day === today ? 700 : 500}
          c={month !== undefined && day.slice(0, 7) !== month.slice(0, 7) ? "dimmed" : undefined}
          px={6}
          pt={4}
          style={{ gridColumn: index + 1, gridRow: 1, position: "relative" }}
        >
          {detailed ? `${formatWeekday(day, locale)} ${formatDayOfMonth(day, locale)}` : formatDayOfMonth(day, locale)}
        </Text>
      ))}
      {shown.map((bar) => {
        const event = events.get(bar.id);
        return event ? <EventBar key={bar.id} event={event} {...bar} detailed={detailed} /> : null;
      })}
      {hiddenPerDay.map((count, index) =>
        count > 0 ? (
          <UnstyledButton
            key={days[index]}
            onClick={() => { onShowDay(days[index] ?? today); }}
            style={{ gridColumn: index + 1, gridRow: lanes + 2, position: "relative", fontSize: "var(--mantine-font-size-xs)", paddingInline: 6 }}
          >
            {t("planning.calendar.more", { count })}
          </UnstyledButton>
        ) : null,
      )}
    </Box>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="wrap" aria-label={t("planning.calendar.legend")}>
      {eventStatuses.map((status) => (
        <Group key={status} gap={4} wrap="nowrap">
          <Box w={12} h={12} style={{ ...barStyle(status), borderRadius: 2 }} />
          <Text size="xs">{statusLabel(t, status)}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** Events on phones: a list by start date under the compact grid. */
function Agenda({ events, zone }: { events: readonly Event[]; zone: string | undefined }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  if (events.length === 0) return <Text c="dimmed" size="sm">{t("planning.calendar.noEvents")}</Text>;
  return (
    <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("planning.calendar.agenda")}>
      {events.map((event) => {
        const out = periodOf(event.outPeriod);
        return (
          <Paper key={event.id} component="li" withBorder p="xs" style={barStyle(event.status)}>
            <Anchor href={planningPaths.event(event.id)} onClick={(click) => { followLink(click, planningPaths.event(event.id)); }} fw={600} size="sm" c="inherit">
              {event.number} · {event.name}
            </Anchor>
            <Group gap="xs" justify="space-between">
              <Text size="xs">{out ? formatDayPeriod(out.start, out.end, locale, event.timeZone || zone) : ""}</Text>
              <StatusBadge status={event.status} size="xs" />
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** Month and week calendar of events: bars over their out-period, coloured by status. */
/** A busy month of a large company holds thousands of events: the grid shows this many and says so. */
const calendarPageSize = 500;

export function CalendarPage() {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const { dir } = useDirection();
  const wide = useWideScreen();
  const today = localDate(new Date(), timeZone);
  const [view, setView] = useState<View>("month");
  const [anchor, setAnchor] = useState(today);
  const [statuses, setStatuses] = useState<string[]>(eventStatuses.filter((status) => status !== EventStatus.CANCELLED).map(String));
  const firstDay = firstDayOfWeek(locale);

  const gridStart = view === "month" ? weekStart(monthStart(anchor), firstDay) : weekStart(anchor, firstDay);
  const gridEnd = view === "month" ? addDays(weekStart(monthEnd(anchor), firstDay), 6) : addDays(gridStart, 6);
  const days = dayRange(gridStart, gridEnd);
  const weeks = Array.from({ length: days.length / 7 }, (_, index) => days.slice(index * 7, index * 7 + 7));

  // A day of margin on each side: events in other time zones may fall on these days.
  const range = timeRange(dayStart(addDays(gridStart, -1), timeZone), dayStart(addDays(gridEnd, 2), timeZone));
  const query = useQuery(PlanningService.method.listEvents, { overlapping: range, statuses: eventStatuses.filter((status) => statuses.includes(String(status))), pageSize: calendarPageSize });
  const events = useMemo(() => query.data?.events ?? [], [query.data]);
  const byId = useMemo(() => new Map(events.map((event) => [event.id, event])), [events]);
  const spans = useMemo(
    () => events.flatMap((event) => {
      const span = eventDays(event, timeZone);
      return span && span.last >= gridStart && span.first <= gridEnd ? [span] : [];
    }),
    [events, timeZone, gridStart, gridEnd],
  );
  const inRange = events.filter((event) => spans.some((span) => span.id === event.id));

  const step = (direction: -1 | 1) => {
    setAnchor(view === "month" ? addMonths(anchor, direction) : addDays(anchor, 7 * direction));
  };
  const previous = dir === "rtl" ? "→" : "←";
  const next = dir === "rtl" ? "←" : "→";
  const title = view === "month" ? formatMonth(anchor, locale) : formatDayPeriod(dayStart(gridStart, "UTC"), dayStart(addDays(gridEnd, 1), "UTC"), locale, "UTC");

  return (
    <>
      <PageHeader title={t("planning.calendar.title")} description={t("planning.calendar.description")} />
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Button variant="default" size="xs" aria-label={view === "month" ? t("planning.calendar.previousMonth") : t("planning.calendar.previousWeek")} onClick={() => { step(-1); }}>
              {previous}
            </Button>
            <Button variant="default" size="xs" onClick={() => { setAnchor(today); }}>
              {t("planning.calendar.today")}
            </Button>
            <Button variant="default" size="xs" aria-label={view === "month" ? t("planning.calendar.nextMonth") : t("planning.calendar.nextWeek")} onClick={() => { step(1); }}>
              {next}
            </Button>
            <Title order={3} size="h4" aria-live="polite">
              {title}
            </Title>
          </Group>
          <SegmentedControl
            size="xs"
            aria-label={t("planning.calendar.view")}
            value={view}
            onChange={(value) => { setView(value === "week" ? "week" : "month"); }}
            data={[
              { value: "month", label: t("planning.calendar.month") },
              { value: "week", label: t("planning.calendar.week") },
            ]}
          />
        </Group>
        <Chip.Group multiple value={statuses} onChange={setStatuses}>
          <Group gap={6} role="group" aria-label={t("planning.fields.status")}>
            {eventStatuses.map((status) => (
              <Chip key={status} value={String(status)} size="xs" color={statusColor(status)} variant="light">
                {statusLabel(t, status)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        <ErrorAlert error={query.error} />
        {query.data?.nextPageToken ? (
          <Alert color="yellow" variant="light" role="status">
            {t("planning.calendar.truncated", { shown: formatNumber(events.length, locale) })}
          </Alert>
        ) : null}
        {query.isPending ? (
          <CenteredLoader />
        ) : (
          <Paper withBorder radius="md" style={{ overflow: "hidden" }}>
            <Box role="region" aria-label={title}>
              <Box style={{ display: "grid", gridTemplateColumns: "repeat(7, minmax(0, 1fr))", borderBottom: "1px solid var(--mantine-color-default-border)" }}>
                {(weeks[0] ?? []).map((day) => (
                  <Text key={day} size="xs" fw={600} c="dimmed" ta="center" py={4} truncate="end">
                    {formatWeekday(day, locale, wide ? "long" : "short")}
                  </Text>
                ))}
              </Box>
              {weeks.map((week) => (
                <Fragment key={week[0]}>
                  <WeekRow
                    days={week}
                    events={byId}
                    spans={spans}
                    month={view === "month" ? anchor : undefined}
                    today={today}
                    detailed={view === "week" && wide}
                    maxLanes={view === "month" ? (wide ? 4 : 3) : Number.POSITIVE_INFINITY}
                    onShowDay={(day) => {
                      setAnchor(day);
                      setView("week");
                    }}
                  />
                </Fragment>
              ))}
            </Box>
          </Paper>
        )}
        <Legend />
        {!wide || view === "week" ? <Agenda events={inRange} zone={timeZone} /> : null}
      </Stack>
    </>
  );
}
