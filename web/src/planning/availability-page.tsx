import { skipToken, useQuery } from "@connectrpc/connect-query";
import type { TimeRange } from "@eventkit/api/eventkit/v1/common_pb.js";
import { InventoryService, SearchHitKind, type CheckAvailabilityResponse } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { PlanningService } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { ActionIcon, Alert, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { parseCount } from "../inventory/numbers.js";
import { AppLink, CenteredLoader, CodeText } from "../inventory/ui.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { addDays, dayRange, dayStart, formatDayPeriod, formatPeriod, isoWeekday, localDate, spanDays, zonedToInstant } from "./dates.js";
import { periodOf, timeRange } from "./lookups.js";
import { planningPaths } from "./paths.js";
import { ItemPicker, kindBadgeLabel, type ItemChoice } from "./pickers.js";
import { TimelineChart } from "./timeline-chart.js";
import { StatusBadge } from "./ui.js";

interface Row {
  key: string;
  item: ItemChoice | undefined;
  quantity: string;
}

interface Lookup {
  items: { item: ItemChoice; quantity: number }[];
  range: TimeRange;
}

let rowKeys = 0;
function newRow(): Row {
  rowKeys += 1;
  return { key: `row-${rowKeys}`, item: undefined, quantity: "1" };
}

/** The coming Friday 08:00 to Sunday 23:00 (this week's if today is Friday to Sunday), `weeks` later. */
export function weekendPreset(today: string, weeks: number): { from: string; to: string } {
  const weekday = isoWeekday(today);
  const friday = addDays(today, 5 - weekday);
  const start = addDays(friday, 7 * weeks);
  return { from: `${start}T08:00`, to: `${addDays(start, 2)}T23:00` };
}

export interface ItemAnswer {
  item: ItemChoice;
  quantity: number;
  available: number;
  /** Available if provisional holds were released (products only). */
  ignoringProvisional: number | undefined;
  fits: boolean;
}

export function answers(lookup: Lookup, response: CheckAvailabilityResponse): ItemAnswer[] {
  const products = new Map(response.products.map((entry) => [entry.productId, entry]));
  const kits = new Map(response.kits.map((entry) => [entry.kitId, entry]));
  return lookup.items.map(({ item, quantity }) => {
    if (item.kind === SearchHitKind.KIT) {
      const available = kits.get(item.id)?.minAvailable ?? 0;
      return { item, quantity, available, ignoringProvisional: undefined, fits: available >= quantity };
    }
    const entry = products.get(item.id);
    const available = entry?.minAvailable ?? 0;
    return { item, quantity, available, ignoringProvisional: entry?.minAvailableIgnoringProvisional, fits: available >= quantity };
  });
}

/** Which events hold the product over the period, and its availability day by day. */
function Competition({ productId, title, range, needed }: { productId: string; title: string; range: TimeRange; needed: number }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const period = periodOf(range);
  const focus = period ? spanDays(period.start, period.end, timeZone) : undefined;
  // Two days either side for context.
  const days = focus ? dayRange(addDays(focus.first, -2), addDays(focus.last, 2)) : [];
  const shown = timeRange(dayStart(days[0] ?? "1970-01-01", timeZone), dayStart(addDays(days.at(-1) ?? "1970-01-01", 1), timeZone));
  const timeline = useQuery(PlanningService.method.getProductTimeline, { productId, range: shown });
  if (!period) return null;
  const bookings = timeline.data?.bookings ?? [];
  const competing = bookings.filter((booking) => {
    const held = periodOf(booking.period);
    return held !== undefined && held.start < period.end && held.end > period.start;
  });
  return (
    <Stack gap="xs">
      <Group justify="space-between" gap="xs">
        <Title order={5}>{title}</Title>
        <AppLink to={planningPaths.productTimeline(productId)} size="xs">
          {t("planning.lookup.openTimeline")}
        </AppLink>
      </Group>
      <ErrorAlert error={timeline.error} />
      {timeline.isPending ? (
        <CenteredLoader />
      ) : (
        <>
          <TimelineChart
            label={t("planning.timeline.chartLabel", { product: title })}
            days={days}
            zone={timeZone}
            bookings={bookings}
            segments={timeline.data?.segments ?? []}
            needed={needed}
            focus={focus}
          />
          {competing.length > 0 ? (
            <DataTable
              label={t("planning.lookup.competing", { product: title })}
              rows={competing}
              rowKey={(booking) => booking.eventId}
              minWidth={520}
              columns={[
                {
                  key: "event",
                  header: t("planning.fields.event"),
                  mobile: "title",
                  render: (booking) => (
                    <AppLink to={planningPaths.event(booking.eventId)}>
                      <CodeText>{booking.eventNumber}</CodeText> {booking.eventName}
                    </AppLink>
                  ),
                },
                { key: "status", header: t("planning.fields.status"), render: (booking) => <StatusBadge status={booking.status} size="sm" /> },
                {
                  key: "dates",
                  header: t("planning.fields.dates"),
                  render: (booking) => {
                    const held = periodOf(booking.period);
                    return <Text size="sm">{held ? formatDayPeriod(held.start, held.end, locale, timeZone) : "—"}</Text>;
                  },
                },
                { key: "quantity", header: t("planning.fields.quantity"), render: (booking) => <Text size="sm">{formatNumber(booking.quantity, locale)}</Text> },
              ]}
            />
          ) : (
            <Text size="sm" c="dimmed">{t("planning.lookup.noCompetition")}</Text>
          )}
        </>
      )}
    </Stack>
  );
}

/** A kit's components: how many whole kits each allows, and who competes for the short ones. */
function KitBreakdown({ kitId, kits, range }: { kitId: string; kits: number; range: TimeRange }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const kit = useQuery(InventoryService.method.getKit, { kitId });
  const items = (kit.data?.kit?.items ?? []).filter((item) => !item.optional);
  const check = useQuery(InventoryService.method.checkAvailability, items.length > 0 ? { productIds: items.map((item) => item.productId), range } : skipToken);
  const byId = new Map((check.data?.products ?? []).map((entry) => [entry.productId, entry]));
  if (kit.isPending || check.isPending) return <CenteredLoader />;
  return (
    <Stack gap="sm">
      <ErrorAlert error={kit.error ?? check.error} />
      <Table verticalSpacing={4} aria-label={t("planning.lookup.components")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("planning.pullList.component")}</Table.Th>
            <Table.Th>{t("planning.shortages.needed")}</Table.Th>
            <Table.Th>{t("planning.pullList.available")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const available = byId.get(item.productId)?.minAvailable ?? 0;
            const needed = item.quantity * kits;
            return (
              <Table.Tr key={item.productId}>
                <Table.Td>{item.productName}</Table.Td>
                <Table.Td>{formatNumber(needed, locale)}</Table.Td>
                <Table.Td>
                  <Text span size="sm" c={available < needed ? "red" : undefined} fw={available < needed ? 700 : undefined}>
                    {formatNumber(available, locale)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {items
        .filter((item) => (byId.get(item.productId)?.minAvailable ?? 0) < item.quantity * kits)
        .map((item) => (
          <Competition key={item.productId} productId={item.productId} title={item.productName} range={range} needed={item.quantity * kits} />
        ))}
    </Stack>
  );
}

function Result({ lookup }: { lookup: Lookup }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const check = useQuery(InventoryService.method.checkAvailability, {
    productIds: lookup.items.filter(({ item }) => item.kind === SearchHitKind.PRODUCT).map(({ item }) => item.id),
    kitIds: lookup.items.filter(({ item }) => item.kind === SearchHitKind.KIT).map(({ item }) => item.id),
    range: lookup.range,
  });
  if (check.isPending) return <CenteredLoader />;
  if (check.error) return <ErrorAlert error={check.error} />;
  const rows = answers(lookup, check.data);
  const short = rows.filter((row) => !row.fits);
  const period = periodOf(lookup.range);
  const columns: Column<ItemAnswer>[] = [
    {
      key: "item",
      header: t("planning.lookup.item"),
      mobile: "title",
      render: (row) => (
        <Group gap={6}>
          <Text fw={600} size="sm">{row.item.title}</Text>
          <Badge size="xs" variant="light" color={row.item.kind === SearchHitKind.KIT ? "grape" : "gray"} tt="none">
            {kindBadgeLabel(t, row.item.kind)}
          </Badge>
        </Group>
      ),
    },
    { key: "wanted", header: t("planning.lookup.wanted"), render: (row) => <Text size="sm">{formatNumber(row.quantity, locale)}</Text> },
    {
      key: "available",
      header: t("planning.lookup.minAvailable"),
      render: (row) => (
        <Text size="sm" fw={700} c={row.fits ? "green" : "red"}>
          {formatNumber(row.available, locale)}
        </Text>
      ),
    },
    {
      key: "answer",
      header: t("planning.lookup.answer"),
      render: (row) => (
        <Stack gap={2} align="flex-start">
          <Badge color={row.fits ? "green" : "red"} variant="filled" tt="none">
            {row.fits ? t("planning.lookup.fits") : t("planning.pullList.shortBy", { count: row.quantity - Math.max(row.available, 0), value: formatNumber(row.quantity - Math.max(row.available, 0), locale) })}
          </Badge>
          {!row.fits && row.ignoringProvisional !== undefined && row.ignoringProvisional >= row.quantity ? (
            <Text size="xs" c="dimmed">
              {t("planning.lookup.fitsWithoutProvisional", { value: formatNumber(row.ignoringProvisional, locale) })}
            </Text>
          ) : null}
        </Stack>
      ),
    },
  ];
  return (
    <Stack gap="md">
      <Paper
        withBorder
        p="lg"
        radius="md"
        role="status"
        aria-live="polite"
        style={{ background: short.length === 0 ? "var(--mantine-color-green-light)" : "var(--mantine-color-red-light)" }}
      >
        <Title order={3} c={short.length === 0 ? "green" : "red"}>
          {short.length === 0 ? t("planning.lookup.yes") : t("planning.lookup.no")}
        </Title>
        <Text size="sm">
          {short.length === 0
            ? t("planning.lookup.yesText", { count: rows.length })
            : t("planning.lookup.noText", { count: short.length, value: formatNumber(short.length, locale), total: formatNumber(rows.length, locale) })}
        </Text>
        {period ? (
          <Text size="xs" c="dimmed">
            {formatPeriod(period.start, period.end, locale, timeZone)}
          </Text>
        ) : null}
      </Paper>
      <DataTable label={t("planning.lookup.results")} rows={rows} columns={columns} rowKey={(row) => `${row.item.kind}:${row.item.id}`} minWidth={560} />
      {rows.map((row) => (
        <Paper key={`${row.item.kind}:${row.item.id}`} withBorder p="sm" radius="md">
          {row.item.kind === SearchHitKind.KIT ? (
            <Stack gap="xs">
              <Title order={5}>{row.item.title}</Title>
              <KitBreakdown kitId={row.item.id} kits={row.quantity} range={lookup.range} />
            </Stack>
          ) : (
            <Competition productId={row.item.id} title={row.item.title} range={lookup.range} needed={row.quantity} />
          )}
        </Paper>
      ))}
    </Stack>
  );
}

/** "Can we do 24 moving heads next Friday to Sunday?" answered in one screen. */
export function AvailabilityPage() {
  const { t } = useTranslation();
  const { timeZone } = useUserFormat();
  const today = localDate(new Date(), timeZone);
  const initial = weekendPreset(today, 0);
  const [rows, setRows] = useState<Row[]>(() => [newRow()]);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [submitted, setSubmitted] = useState(false);
  const [lookup, setLookup] = useState<Lookup | undefined>();

  const start = zonedToInstant(from, timeZone);
  const end = zonedToInstant(to, timeZone);
  const rangeError = !start || !end ? "planning.validation.phaseTimes" : end <= start ? "planning.validation.rangeOrder" : undefined;
  const rowErrors = rows.map((row) => ({
    item: row.item ? undefined : "planning.lookup.itemRequired",
    quantity: (parseCount(row.quantity) ?? 0) < 1 ? "planning.validation.quantity" : undefined,
  }));
  const duplicates = new Set(rows.flatMap((row, index) => (row.item && rows.findIndex((other) => other.item?.id === row.item?.id) !== index ? [row.key] : [])));
  const invalid = rangeError !== undefined || rowErrors.some((error) => error.item ?? error.quantity) || duplicates.size > 0;

  const update = (key: string, patch: Partial<Row>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  };

  function submit(formEvent: SyntheticEvent) {
    formEvent.preventDefault();
    setSubmitted(true);
    if (invalid || !start || !end) return;
    setLookup({
      items: rows.flatMap((row) => (row.item ? [{ item: row.item, quantity: parseCount(row.quantity) ?? 1 }] : [])),
      range: timeRange(start, end),
    });
  }
  const preset = (weeks: number, days?: number) => {
    if (days !== undefined) {
      setFrom(`${today}T08:00`);
      setTo(`${addDays(today, days)}T23:00`);
    } else {
      const range = weekendPreset(today, weeks);
      setFrom(range.from);
      setTo(range.to);
    }
  };

  return (
    <>
      <PageHeader title={t("planning.lookup.title")} description={t("planning.lookup.description")} />
      <Stack gap="md">
        <Paper withBorder p="md" radius="md" component="form" noValidate onSubmit={submit} aria-label={t("planning.lookup.title")}>
          <Stack gap="sm">
            {rows.map((row, index) => (
              <Group key={row.key} gap="sm" align="flex-start" wrap="nowrap">
                <div style={{ flex: 1, minWidth: 0 }}>
                  <ItemPicker
                    label={t("planning.lookup.itemNumber", { number: index + 1 })}
                    kinds={[SearchHitKind.PRODUCT, SearchHitKind.KIT]}
                    value={row.item}
                    error={submitted ? (rowErrors[index]?.item ? t("planning.lookup.itemRequired") : duplicates.has(row.key) ? t("planning.lookup.duplicate") : undefined) : undefined}
                    onChange={(item) => { update(row.key, { item }); }}
                  />
                </div>
                <TextInput
                  w={90}
                  label={t("planning.fields.quantity")}
                  inputMode="numeric"
                  dir="ltr"
                  value={row.quantity}
                  error={submitted && rowErrors[index]?.quantity ? t("planning.validation.quantity") : undefined}
                  onChange={(change) => { update(row.key, { quantity: change.currentTarget.value }); }}
                />
                {rows.length > 1 ? (
                  <ActionIcon
                    mt={28}
                    variant="subtle"
                    color="red"
                    aria-label={t("planning.lookup.removeItem", { number: index + 1 })}
                    onClick={() => { setRows((current) => current.filter((other) => other.key !== row.key)); }}
                  >
                    ✕
                  </ActionIcon>
                ) : null}
              </Group>
            ))}
            <Group>
              <Button variant="subtle" size="xs" onClick={() => { setRows((current) => [...current, newRow()]); }}>
                {t("planning.lookup.addItem")}
              </Button>
            </Group>
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput type="datetime-local" label={t("planning.lookup.from")} value={from} onChange={(change) => { setFrom(change.currentTarget.value); }} />
              <TextInput
                type="datetime-local"
                label={t("planning.lookup.to")}
                value={to}
                error={submitted && rangeError ? t(rangeError) : undefined}
                onChange={(change) => { setTo(change.currentTarget.value); }}
              />
            </SimpleGrid>
            <Group gap="xs">
              <Text size="xs" c="dimmed">
                {t("planning.lookup.presets")}
              </Text>
              <Button size="compact-xs" variant="light" onClick={() => { preset(0); }}>
                {t("planning.lookup.thisWeekend")}
              </Button>
              <Button size="compact-xs" variant="light" onClick={() => { preset(1); }}>
                {t("planning.lookup.nextWeekend")}
              </Button>
              <Button size="compact-xs" variant="light" onClick={() => { preset(0, 6); }}>
                {t("planning.lookup.nextSevenDays")}
              </Button>
            </Group>
            <Group justify="flex-end">
              <Button type="submit">{t("planning.lookup.check")}</Button>
            </Group>
          </Stack>
        </Paper>
        {submitted && invalid ? (
          <Alert color="red" variant="light">
            {t("planning.validation.fixErrors")}
          </Alert>
        ) : null}
        {lookup ? <Result lookup={lookup} /> : null}
      </Stack>
    </>
  );
}
