import { skipToken, useMutation, useQuery } from "@connectrpc/connect-query";
import { InventoryService, SearchHitKind } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { PlanningService, type Shortage } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Alert, Badge, Button, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { keepPreviousData } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { AppLink, CenteredLoader, CodeText } from "../inventory/ui.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { addDays, dayRange, dayStart, formatPeriod, localDate } from "./dates.js";
import { outPeriodOf, shiftedEventInput } from "./event-input.js";
import { isLocked } from "./labels.js";
import { periodOf, timeRange } from "./lookups.js";
import { moveResults, needsOf } from "./move-check.js";
import { planningPaths } from "./paths.js";
import { ItemPicker } from "./pickers.js";
import { ShortageList } from "./status-actions.js";
import { TimelineChart } from "./timeline-chart.js";
import { StatusBadge } from "./ui.js";

const lengths = [14, 30, 60] as const;

/**
 * Moving a booked event by whole days: re-checks availability of everything on
 * its pull list over the new dates (CheckAvailability without the event itself)
 * and shows the answer before anything is saved.
 */
function MovePanel({ eventId, shift, onShift, onDone }: { eventId: string; shift: number; onShift: (shift: number) => void; onDone: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const canManage = useCan("planning.manage");
  const [saved, setSaved] = useState<readonly Shortage[] | undefined>();
  const eventQuery = useQuery(PlanningService.method.getEvent, { eventId });
  const pullList = useQuery(PlanningService.method.getPullList, { eventId });
  const event = eventQuery.data?.event;
  const zone = event?.timeZone || undefined;
  const input = event ? shiftedEventInput(event, shift) : undefined;
  const moved = input ? outPeriodOf(input) : undefined;
  const needs = needsOf(pullList.data?.lines ?? []);
  const check = useQuery(
    InventoryService.method.checkAvailability,
    event && moved && shift !== 0 && needs.length > 0
      ? { productIds: needs.map((need) => need.productId).slice(0, 500), range: timeRange(moved.start, moved.end), excludeEventId: event.id }
      : skipToken,
    { placeholderData: keepPreviousData },
  );
  const results = event && check.data && shift !== 0 ? moveResults(needs, check.data.products, event.status) : [];
  const shortResults = results.filter((result) => result.short > 0);
  const update = useMutation(PlanningService.method.updateEvent, {
    onSuccess: async (response) => {
      await invalidate(
        PlanningService.method.getProductTimeline,
        PlanningService.method.getEvent,
        PlanningService.method.listEvents,
        PlanningService.method.getPullList,
        PlanningService.method.listShortages,
        PlanningService.method.listEventHistory,
        InventoryService.method.checkAvailability,
      );
      setSaved(response.shortages);
      onShift(0);
    },
  });

  if (eventQuery.isPending) return <CenteredLoader />;
  if (!event) return <ErrorAlert error={eventQuery.error} />;
  const editable = canManage && !isLocked(event.status);
  const current = periodOf(event.outPeriod);
  return (
    <Paper withBorder p="md" radius="md" aria-label={t("planning.timeline.moveTitle", { number: event.number })} component="section">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Title order={4}>
              <CodeText size="md">{event.number}</CodeText> {event.name}
            </Title>
            <StatusBadge status={event.status} />
          </Group>
          <Group gap="xs">
            <AppLink to={planningPaths.event(event.id)}>{t("planning.timeline.openEvent")}</AppLink>
            <Button size="xs" variant="subtle" onClick={onDone}>
              {t("common.close")}
            </Button>
          </Group>
        </Group>
        <Text size="sm">
          {t("planning.timeline.currentDates")}: {current ? formatPeriod(current.start, current.end, locale, zone) : "—"}
        </Text>
        {editable ? (
          <>
            <Group gap="xs" role="group" aria-label={t("planning.timeline.moveTitle", { number: event.number })}>
              <Button variant="default" size="xs" onClick={() => { onShift(shift - 1); setSaved(undefined); }}>
                {t("planning.timeline.earlier")}
              </Button>
              <Button variant="default" size="xs" onClick={() => { onShift(shift + 1); setSaved(undefined); }}>
                {t("planning.timeline.later")}
              </Button>
              {shift !== 0 ? (
                <Button variant="subtle" size="xs" onClick={() => { onShift(0); }}>
                  {t("planning.timeline.reset")}
                </Button>
              ) : null}
              <Text size="sm" aria-live="polite">
                {shift === 0
                  ? t("planning.timeline.dragHint")
                  : t(shift > 0 ? "planning.timeline.movedLater" : "planning.timeline.movedEarlier", { count: Math.abs(shift), value: formatNumber(Math.abs(shift), locale) })}
              </Text>
            </Group>
            {shift !== 0 && moved ? (
              <Stack gap="xs">
                <Text size="sm" fw={600}>
                  {t("planning.timeline.newDates")}: {formatPeriod(moved.start, moved.end, locale, zone)}
                </Text>
                <ErrorAlert error={check.error} />
                {needs.length === 0 ? (
                  <Text size="sm" c="dimmed">{t("planning.timeline.nothingToCheck")}</Text>
                ) : check.isPending || check.isFetching ? (
                  <Text size="sm" c="dimmed">{t("planning.timeline.checking")}</Text>
                ) : (
                  <Alert
                    color={shortResults.length > 0 ? "red" : "green"}
                    variant="light"
                    role="status"
                    title={shortResults.length > 0 ? t("planning.timeline.wouldBeShort", { count: shortResults.length }) : t("planning.timeline.allFit", { count: results.length })}
                  >
                    {shortResults.length > 0 ? (
                      <Table verticalSpacing={2}>
                        <Table.Thead>
                          <Table.Tr>
                            <Table.Th>{t("planning.fields.product")}</Table.Th>
                            <Table.Th>{t("planning.shortages.needed")}</Table.Th>
                            <Table.Th>{t("planning.pullList.available")}</Table.Th>
                            <Table.Th>{t("planning.shortages.short")}</Table.Th>
                          </Table.Tr>
                        </Table.Thead>
                        <Table.Tbody>
                          {shortResults.map((result) => (
                            <Table.Tr key={result.productId}>
                              <Table.Td>{result.title}</Table.Td>
                              <Table.Td>{formatNumber(result.ownStock - result.subHired, locale)}</Table.Td>
                              <Table.Td>{formatNumber(result.available, locale)}</Table.Td>
                              <Table.Td>
                                <Text span c="red" fw={700}>
                                  {formatNumber(result.short, locale)}
                                </Text>
                              </Table.Td>
                            </Table.Tr>
                          ))}
                        </Table.Tbody>
                      </Table>
                    ) : null}
                  </Alert>
                )}
                <ErrorAlert error={update.error} />
                <Group>
                  <Button
                    loading={update.isPending}
                    color={shortResults.length > 0 ? "orange" : undefined}
                    disabled={!input}
                    onClick={() => { if (input) update.mutate({ eventId: event.id, version: event.version, event: input }); }}
                  >
                    {shortResults.length > 0 ? t("planning.timeline.saveAnyway") : t("planning.timeline.save")}
                  </Button>
                </Group>
              </Stack>
            ) : null}
          </>
        ) : null}
        {saved !== undefined ? (
          <Alert color={saved.length > 0 ? "orange" : "green"} variant="light" role="status" title={saved.length > 0 ? t("planning.event.shortAfterChange", { count: saved.length }) : t("planning.timeline.saved")}>
            {saved.length > 0 ? <ShortageList shortages={saved} /> : null}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** A product's bookings over days with its availability, and moving an event's dates with a check first. */
export function ProductTimelinePage({ productId }: { productId?: string }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const today = localDate(new Date(), timeZone);
  const [from, setFrom] = useState(addDays(today, -3));
  const [length, setLength] = useState<number>(30);
  const [selected, setSelected] = useState<string | undefined>();
  const [shift, setShift] = useState(0);
  const days = dayRange(from, addDays(from, length - 1));
  const range = timeRange(dayStart(from, timeZone), dayStart(addDays(from, length), timeZone));
  const product = useQuery(InventoryService.method.getProduct, productId ? { productId } : skipToken);
  const timeline = useQuery(PlanningService.method.getProductTimeline, productId ? { productId, range } : skipToken, { placeholderData: keepPreviousData });
  const name = product.data?.product?.name ?? "";

  return (
    <>
      <PageHeader title={name ? t("planning.timeline.titleFor", { product: name }) : t("planning.timeline.title")} description={t("planning.timeline.description")} />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <ItemPicker
            label={t("planning.fields.product")}
            kinds={[SearchHitKind.PRODUCT]}
            value={productId && name ? { kind: SearchHitKind.PRODUCT, id: productId, title: name, code: product.data?.product?.code ?? "" } : undefined}
            onChange={(choice) => {
              if (choice) {
                setSelected(undefined);
                setShift(0);
                navigate(planningPaths.productTimeline(choice.id));
              }
            }}
          />
          <TextInput type="date" label={t("planning.timeline.from")} value={from} onChange={(change) => { if (change.currentTarget.value) setFrom(change.currentTarget.value); }} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t("planning.timeline.days")}
            </Text>
            <SegmentedControl
              aria-label={t("planning.timeline.days")}
              value={String(length)}
              onChange={(value) => { setLength(Number(value)); }}
              data={lengths.map((value) => ({ value: String(value), label: formatNumber(value, locale) }))}
            />
          </Stack>
        </SimpleGrid>
        {!productId ? (
          <EmptyState title={t("planning.timeline.pickProduct")}>{t("planning.timeline.pickProductHint")}</EmptyState>
        ) : (
          <>
            <Group justify="space-between" gap="xs">
              <Group gap="xs">
                <Button variant="default" size="xs" onClick={() => { setFrom(addDays(from, -7)); }}>
                  {t("planning.timeline.weekEarlier")}
                </Button>
                <Button variant="default" size="xs" onClick={() => { setFrom(addDays(today, -3)); }}>
                  {t("planning.calendar.today")}
                </Button>
                <Button variant="default" size="xs" onClick={() => { setFrom(addDays(from, 7)); }}>
                  {t("planning.timeline.weekLater")}
                </Button>
              </Group>
              {timeline.data ? (
                <Badge size="lg" variant="light" color={timeline.data.minAvailable < 0 ? "red" : timeline.data.minAvailable === 0 ? "yellow" : "green"} tt="none">
                  {t("planning.timeline.minAvailable", { value: formatNumber(timeline.data.minAvailable, locale) })}
                </Badge>
              ) : null}
            </Group>
            <ErrorAlert error={timeline.error ?? product.error} />
            {timeline.isPending ? (
              <CenteredLoader />
            ) : (
              <Paper withBorder radius="md" p={4}>
                <TimelineChart
                  label={t("planning.timeline.chartLabel", { product: name })}
                  days={days}
                  zone={timeZone}
                  bookings={timeline.data?.bookings ?? []}
                  segments={timeline.data?.segments ?? []}
                  selectedEventId={selected}
                  preview={selected ? { eventId: selected, shift } : undefined}
                  onSelect={(eventId) => {
                    if (eventId !== selected) setShift(0);
                    setSelected(eventId);
                  }}
                  onShift={(eventId, value) => {
                    if (eventId !== selected) setSelected(eventId);
                    setShift(value);
                  }}
                />
              </Paper>
            )}
            {selected ? (
              <MovePanel key={selected} eventId={selected} shift={shift} onShift={setShift} onDone={() => { setSelected(undefined); setShift(0); }} />
            ) : (timeline.data?.bookings.length ?? 0) > 0 ? (
              <Text size="sm" c="dimmed">{t("planning.timeline.selectHint")}</Text>
            ) : null}
          </>
        )}
      </Stack>
    </>
  );
}
