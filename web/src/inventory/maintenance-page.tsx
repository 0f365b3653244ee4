import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useMutation, useQuery } from "@connectrpc/connect-query";
import {
  FileOwnerKind,
  InventoryService,
  MaintenanceKind,
  MaintenanceState,
  type InspectionDue,
  type MaintenanceRecord,
} from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Button, Card, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatDay, formatNumber } from "../format.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { enumOf, inspectionResultLabel, maintenanceKindColor, maintenanceKindLabel, maintenanceKinds, maintenanceStateLabel } from "./labels.js";
import { CompleteMaintenanceModal, CreateMaintenanceModal, formatPeriod, type MaintenanceStart } from "./maintenance-form.js";
import { AttachmentsButton } from "./files.js";
import { inventoryPaths } from "./paths.js";
import { AppLink, CenteredLoader, CodeText, useMoneyFormat } from "./ui.js";

const stateColors: Record<MaintenanceState, string> = {
  [MaintenanceState.UNSPECIFIED]: "gray",
  [MaintenanceState.OPEN]: "red",
  [MaintenanceState.IN_PROGRESS]: "yellow",
  [MaintenanceState.DONE]: "teal",
  [MaintenanceState.CANCELLED]: "gray",
};

export function MaintenanceStateBadge({ state }: { state: MaintenanceState }) {
  const { t } = useTranslation();
  return (
    <Badge color={stateColors[state]} variant="light" tt="none" style={{ minWidth: "max-content" }}>
      {maintenanceStateLabel(t, state)}
    </Badge>
  );
}

export function MaintenanceKindBadge({ kind }: { kind: MaintenanceKind }) {
  const { t } = useTranslation();
  return (
    <Badge color={maintenanceKindColor(kind)} variant="outline" tt="none" style={{ minWidth: "max-content" }}>
      {maintenanceKindLabel(t, kind)}
    </Badge>
  );
}

/** Moves a record along: start work, complete (asks for details), cancel. */
function useStateActions() {
  const invalidate = useInvalidate();
  const [completing, setCompleting] = useState<MaintenanceRecord>();
  const update = useMutation(InventoryService.method.updateMaintenanceRecord, {
    onSuccess: () =>
      invalidate(
        InventoryService.method.listMaintenance,
        InventoryService.method.getAsset,
        InventoryService.method.listAssets,
        InventoryService.method.listInspectionsDue,
      ),
  });
  const setState = (record: MaintenanceRecord, state: MaintenanceState) => {
    update.mutate({ recordId: record.id, version: record.version, state });
  };
  return { update, setState, completing, setCompleting };
}

function RecordActions({ record, actions }: { record: MaintenanceRecord; actions: ReturnType<typeof useStateActions> }) {
  const { t } = useTranslation();
  if (record.state === MaintenanceState.DONE || record.state === MaintenanceState.CANCELLED) return null;
  const busy = actions.update.isPending && actions.update.variables.recordId === record.id;
  return (
    <Group gap="xs">
      {record.state === MaintenanceState.OPEN ? (
        <Button size="xs" variant="light" loading={busy} onClick={() => { actions.setState(record, MaintenanceState.IN_PROGRESS); }}>
          {t("inventory.maintenance.start")}
        </Button>
      ) : null}
      <Button size="xs" variant="light" color="teal" onClick={() => { actions.setCompleting(record); }}>
        {t("inventory.maintenance.markDone")}
      </Button>
      <Button size="xs" variant="subtle" color="gray" disabled={busy} onClick={() => { actions.setState(record, MaintenanceState.CANCELLED); }}>
        {t("inventory.maintenance.cancelRecord")}
      </Button>
    </Group>
  );
}

function RecordCard({ record, actions, canManage }: { record: MaintenanceRecord; actions: ReturnType<typeof useStateActions>; canManage: boolean }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const money = useMoneyFormat();
  const period = formatPeriod(record.outOfService, locale, timeZone);
  return (
    <Card withBorder padding="sm" radius="md" role="listitem">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {record.title}
          </Text>
          <MaintenanceKindBadge kind={record.kind} />
        </Group>
        <Group gap="xs">
          <AppLink to={inventoryPaths.asset(record.assetId)}>
            <CodeText>{record.assetTag}</CodeText>
          </AppLink>
          {record.createdAt ? (
            <Text size="xs" c="dimmed">
              {formatDay(timestampDate(record.createdAt), locale, timeZone)}
            </Text>
          ) : null}
        </Group>
        {period ? (
          <Text size="sm">
            {t("inventory.maintenance.outOfServicePeriod", { period })}
          </Text>
        ) : null}
        {record.kind === MaintenanceKind.INSPECTION && record.inspectionResult ? (
          <Text size="sm">{inspectionResultLabel(t, record.inspectionResult)}</Text>
        ) : null}
        {record.notes ? (
          <Text size="sm" c="dimmed" lineClamp={3}>
            {record.notes}
          </Text>
        ) : null}
        {record.cost?.currency && record.cost.amountMinor !== 0n ? <Text size="sm">{t("inventory.maintenance.costValue", { cost: money(record.cost) })}</Text> : null}
        <Group gap="xs">
          {canManage ? <RecordActions record={record} actions={actions} /> : null}
          <AttachmentsButton owner={{ kind: FileOwnerKind.MAINTENANCE_RECORD, id: record.id }} title={record.title} canManage={canManage} />
        </Group>
      </Stack>
    </Card>
  );
}

function Column({ state, kind, actions, canManage }: { state: MaintenanceState; kind: MaintenanceKind; actions: ReturnType<typeof useStateActions>; canManage: boolean }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const records = useQuery(InventoryService.method.listMaintenance, { states: [state], kind, pageSize: state === MaintenanceState.DONE ? 30 : 200 });
  const rows = records.data?.records ?? [];
  const title = maintenanceStateLabel(t, state);
  return (
    <Stack gap="sm" component="section" aria-label={title}>
      <Group gap="xs">
        <Title order={4}>{title}</Title>
        <Badge variant="light" color={stateColors[state]}>
          {formatNumber(rows.length, locale)}
          {records.data?.nextPageToken ? "+" : ""}
        </Badge>
      </Group>
      {state === MaintenanceState.DONE ? (
        <Text size="xs" c="dimmed">
          {t("inventory.maintenance.recentlyDone")}
        </Text>
      ) : null}
      <ErrorAlert error={records.error} />
      {records.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("inventory.maintenance.columnEmpty")}
        </Text>
      ) : (
        <Stack gap="sm" role="list" aria-label={title}>
          {rows.map((record) => (
            <RecordCard key={record.id} record={record} actions={actions} canManage={canManage} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function InspectionsDue({ onRecord, canManage }: { onRecord: (start: MaintenanceStart) => void; canManage: boolean }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const [within, setWithin] = useState("30");
  const due = useQuery(InventoryService.method.listInspectionsDue, { withinDays: Number(within), pageSize: 200 });
  const rows = due.data?.due ?? [];
  const columns: Column<InspectionDue>[] = [
    {
      key: "asset",
      header: t("inventory.fields.asset"),
      mobile: "title",
      render: (row) =>
        row.asset ? (
          <Stack gap={0}>
            <AppLink to={inventoryPaths.asset(row.asset.id)}>
              <CodeText>{row.asset.tag}</CodeText>
            </AppLink>
            <Text size="sm">{row.asset.productName}</Text>
          </Stack>
        ) : null,
    },
    {
      key: "last",
      header: t("inventory.maintenance.lastInspected"),
      render: (row) => (row.lastInspectedAt ? formatDay(timestampDate(row.lastInspectedAt), locale, timeZone) : t("inventory.maintenance.never")),
    },
    {
      key: "due",
      header: t("inventory.maintenance.dueAt"),
      render: (row) => (
        <Group gap="xs" style={{ justifyContent: "inherit" }}>
          <Text size="sm">{row.dueAt ? formatDay(timestampDate(row.dueAt), locale, timeZone) : ""}</Text>
          {row.overdue ? (
            <Badge color="red" variant="filled" tt="none">
              {t("inventory.maintenance.overdue")}
            </Badge>
          ) : null}
        </Group>
      ),
    },
  ];
  if (canManage) {
    columns.push({
      key: "actions",
      header: t("common.actions"),
      mobile: "actions",
      render: (row) => (
        <Button
          size="xs"
          variant="light"
          onClick={() => {
            if (row.asset) onRecord({ kind: MaintenanceKind.INSPECTION, assetId: row.asset.id, assetLabel: `${row.asset.tag} · ${row.asset.productName}` });
          }}
        >
          {t("inventory.maintenance.recordInspection")}
        </Button>
      ),
    });
  }
  return (
    <Stack gap="sm" mt="xl" component="section" aria-label={t("inventory.maintenance.inspectionsDue")}>
      <Group justify="space-between" align="end">
        <Title order={3}>{t("inventory.maintenance.inspectionsDue")}</Title>
        <Select
          w={200}
          label={t("inventory.maintenance.dueWithin")}
          allowDeselect={false}
          value={within}
          onChange={(value) => { setWithin(value ?? "30"); }}
          data={["7", "30", "90", "365"].map((days) => ({ value: days, label: t("inventory.maintenance.days", { count: Number(days), formatted: formatNumber(Number(days), locale) }) }))}
        />
      </Group>
      <ErrorAlert error={due.error} />
      {due.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <EmptyState title={t("inventory.maintenance.noneDue")} />
      ) : (
        <DataTable label={t("inventory.maintenance.inspectionsDue")} rows={rows} columns={columns} rowKey={(row) => row.asset?.id ?? ""} />
      )}
    </Stack>
  );
}

export function MaintenancePage() {
  const { t } = useTranslation();
  const canManage = useCan("maintenance.manage");
  const [kind, setKind] = useState(MaintenanceKind.UNSPECIFIED);
  const [creating, setCreating] = useState<MaintenanceStart>();
  const actions = useStateActions();
  return (
    <>
      <PageHeader
        title={t("inventory.maintenance.title")}
        description={t("inventory.maintenance.description")}
        actions={
          canManage ? (
            <Button onClick={() => { setCreating({ kind: MaintenanceKind.DAMAGE_REPORT }); }}>{t("inventory.maintenance.add")}</Button>
          ) : undefined
        }
      />
      <Stack gap="md">
        <SegmentedControl
          aria-label={t("inventory.maintenance.kind")}
          value={String(kind)}
          onChange={(value) => { setKind(enumOf([MaintenanceKind.UNSPECIFIED, ...maintenanceKinds], value, kind)); }}
          data={[
            { value: String(MaintenanceKind.UNSPECIFIED), label: t("inventory.maintenance.allKinds") },
            ...maintenanceKinds.map((value) => ({ value: String(value), label: maintenanceKindLabel(t, value) })),
          ]}
          style={{ alignSelf: "flex-start", maxWidth: "100%", overflowX: "auto" }}
        />
        <ErrorAlert error={actions.update.error} />
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
          {[MaintenanceState.OPEN, MaintenanceState.IN_PROGRESS, MaintenanceState.DONE].map((state) => (
            <Column key={state} state={state} kind={kind} actions={actions} canManage={canManage} />
          ))}
        </SimpleGrid>
      </Stack>
      <InspectionsDue onRecord={setCreating} canManage={canManage} />
      <CreateMaintenanceModal start={creating} onClose={() => { setCreating(undefined); }} />
      <CompleteMaintenanceModal record={actions.completing} onClose={() => { actions.setCompleting(undefined); }} />
    </>
  );
}

/** An asset's (or several assets') maintenance records, newest first. */
export function MaintenanceRecords({ records, canManage }: { records: readonly MaintenanceRecord[]; canManage: boolean }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const money = useMoneyFormat();
  const actions = useStateActions();
  const columns: Column<MaintenanceRecord>[] = [
    {
      key: "title",
      header: t("inventory.fields.title"),
      mobile: "title",
      render: (record) => (
        <Stack gap={2}>
          <Text fw={500}>{record.title}</Text>
          {record.notes ? (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {record.notes}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    {
      key: "asset",
      header: t("inventory.fields.asset"),
      render: (record) => (
        <AppLink to={inventoryPaths.asset(record.assetId)}>
          <CodeText>{record.assetTag}</CodeText>
        </AppLink>
      ),
    },
    { key: "kind", header: t("inventory.maintenance.kind"), render: (record) => <MaintenanceKindBadge kind={record.kind} /> },
    { key: "state", header: t("inventory.maintenance.state"), render: (record) => <MaintenanceStateBadge state={record.state} /> },
    {
      key: "when",
      header: t("inventory.maintenance.reported"),
      render: (record) => (record.createdAt ? formatDay(timestampDate(record.createdAt), locale, timeZone) : ""),
    },
    {
      key: "period",
      header: t("inventory.maintenance.outOfService"),
      render: (record) => formatPeriod(record.outOfService, locale, timeZone) || "—",
    },
    { key: "cost", header: t("inventory.fields.cost"), render: (record) => money(record.cost) },
  ];
  columns.push({
    key: "actions",
    header: t("common.actions"),
    mobile: "actions",
    render: (record) => (
      <Group gap="xs" wrap="nowrap">
        {canManage ? <RecordActions record={record} actions={actions} /> : null}
        <AttachmentsButton owner={{ kind: FileOwnerKind.MAINTENANCE_RECORD, id: record.id }} title={record.title} canManage={canManage} />
      </Group>
    ),
  });
  return (
    <>
      <ErrorAlert error={actions.update.error} />
      {records.length === 0 ? (
        <EmptyState title={t("inventory.maintenance.noRecords")} />
      ) : (
        <DataTable label={t("inventory.maintenance.title")} rows={records} columns={columns} rowKey={(record) => record.id} minWidth={900} />
      )}
      <CompleteMaintenanceModal record={actions.completing} onClose={() => { actions.setCompleting(undefined); }} />
    </>
  );
}
