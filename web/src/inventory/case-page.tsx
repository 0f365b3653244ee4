import { Code, ConnectError } from "@connectrpc/connect";
import { useMutation, useQuery } from "@connectrpc/connect-query";
import { CaseKind, InventoryService, type Asset, type Case, type CaseBulkContent } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { ScanSessionKind } from "@eventkit/api/eventkit/v1/scanning_pb.js";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { scanningPaths } from "../scanning/paths.js";
import { CaseLink } from "./case-link.js";
import { CaseKindField } from "./case-list-page.js";
import { CaseScanner } from "./case-scanner.js";
import { LabelModal, type LabelTargets } from "./label-modal.js";
import { caseKindLabel } from "./labels.js";
import { useLocations } from "./lookups.js";
import { inventoryPaths } from "./paths.js";
import { LocationSelect } from "./pickers.js";
import { AppLink, AssetStatusBadge, CenteredLoader, CodeText, DetailGrid } from "./ui.js";

const caseQueries = [
  InventoryService.method.getCase,
  InventoryService.method.listCases,
  InventoryService.method.listAssets,
  InventoryService.method.getAsset,
] as const;

function MoveCaseForm({ item, onClose }: { item: Case; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [locationId, setLocationId] = useState("");
  const [reason, setReason] = useState("");
  const move = useMutation(InventoryService.method.moveCase, {
    onSuccess: async () => {
      await invalidate(...caseQueries);
      onClose();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (locationId) move.mutate({ caseId: item.id, locationId, reason: reason.trim() });
      }}
    >
      <Stack gap="sm">
        <Text size="sm">{t("inventory.cases.moveText")}</Text>
        <ErrorAlert error={move.error} />
        <LocationSelect label={t("inventory.stock.to")} required value={locationId} onChange={setLocationId} excludeIds={[item.locationId]} />
        <TextInput label={t("inventory.fields.reason")} value={reason} onChange={(event) => { setReason(event.currentTarget.value); }} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={move.isPending} disabled={!locationId}>
            {t("inventory.cases.move")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditCaseForm({ item, onClose }: { item: Case; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [name, setName] = useState(item.name);
  const [kind, setKind] = useState(item.kind);
  const update = useMutation(InventoryService.method.updateCase, {
    onSuccess: async () => {
      await invalidate(...caseQueries);
      onClose();
    },
  });
  function submit(event: SyntheticEvent) {
    event.preventDefault();
    if (name.trim() !== "") update.mutate({ caseId: item.id, version: item.version, name: name.trim(), kind });
  }
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={update.error} />
        <TextInput label={t("inventory.fields.name")} required value={name} onChange={(event) => { setName(event.currentTarget.value); }} />
        <CaseKindField value={kind} onChange={setKind} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={update.isPending} disabled={name.trim() === ""}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Contents({ item, assets, bulk, cases }: { item: Case; assets: readonly Asset[]; bulk: readonly CaseBulkContent[]; cases: readonly Case[] }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const canManage = useCan("inventory.manage");
  const invalidate = useInvalidate();
  const unpack = useMutation(InventoryService.method.unpackCase, { onSuccess: () => invalidate(...caseQueries) });
  const busy = unpack.isPending;

  const assetColumns: Column<Asset>[] = [
    {
      key: "tag",
      header: t("inventory.fields.tag"),
      mobile: "title",
      render: (asset) => (
        <AppLink to={inventoryPaths.asset(asset.id)} fw={600}>
          <CodeText>{asset.tag}</CodeText>
        </AppLink>
      ),
    },
    { key: "product", header: t("inventory.fields.product"), render: (asset) => <AppLink to={inventoryPaths.product(asset.productId)}>{asset.productName}</AppLink> },
    { key: "status", header: t("inventory.fields.status"), render: (asset) => <AssetStatusBadge status={asset.status} /> },
  ];
  const bulkColumns: Column<CaseBulkContent>[] = [
    { key: "product", header: t("inventory.fields.product"), mobile: "title", render: (row) => <AppLink to={inventoryPaths.product(row.productId)}>{row.productName}</AppLink> },
    { key: "quantity", header: t("inventory.fields.quantity"), render: (row) => formatNumber(row.quantity, locale) },
  ];
  const caseColumns: Column<Case>[] = [
    { key: "case", header: t("inventory.fields.case"), mobile: "title", render: (inner) => <CaseLink caseId={inner.id} /> },
    { key: "kind", header: t("inventory.cases.kind"), render: (inner) => caseKindLabel(t, inner.kind) },
  ];
  if (canManage) {
    assetColumns.push({
      key: "actions",
      header: t("common.actions"),
      mobile: "actions",
      render: (asset) => (
        <Button size="xs" variant="subtle" disabled={busy} onClick={() => { unpack.mutate({ caseId: item.id, assetIds: [asset.id] }); }}>
          {t("inventory.scan.unpack")}
        </Button>
      ),
    });
    bulkColumns.push({
      key: "actions",
      header: t("common.actions"),
      mobile: "actions",
      render: (row) => (
        <Button size="xs" variant="subtle" disabled={busy} onClick={() => { unpack.mutate({ caseId: item.id, bulk: [{ productId: row.productId, quantity: row.quantity }] }); }}>
          {t("inventory.scan.unpack")}
        </Button>
      ),
    });
    caseColumns.push({
      key: "actions",
      header: t("common.actions"),
      mobile: "actions",
      render: (inner) => (
        <Button size="xs" variant="subtle" disabled={busy} onClick={() => { unpack.mutate({ caseId: item.id, childCaseIds: [inner.id] }); }}>
          {t("inventory.scan.unpack")}
        </Button>
      ),
    });
  }
  const empty = assets.length === 0 && bulk.length === 0 && cases.length === 0;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={3}>{t("inventory.cases.contents")}</Title>
        {canManage && !empty ? (
          <Button variant="default" color="red" loading={busy && unpack.variables.all} onClick={() => { unpack.mutate({ caseId: item.id, all: true }); }}>
            {t("inventory.cases.unpackAll")}
          </Button>
        ) : null}
      </Group>
      <ErrorAlert error={unpack.error} />
      {empty ? <EmptyState title={t("inventory.cases.emptyContents")}>{canManage ? t("inventory.cases.emptyContentsHint") : undefined}</EmptyState> : null}
      {assets.length > 0 ? (
        <Stack gap="xs">
          <Text fw={600}>{t("inventory.cases.assetsCount", { count: assets.length, formatted: formatNumber(assets.length, locale) })}</Text>
          <DataTable label={t("inventory.assets.title")} rows={assets} columns={assetColumns} rowKey={(asset) => asset.id} minWidth={520} />
        </Stack>
      ) : null}
      {bulk.length > 0 ? (
        <Stack gap="xs">
          <Text fw={600}>{t("inventory.cases.bulk")}</Text>
          <DataTable label={t("inventory.cases.bulk")} rows={bulk} columns={bulkColumns} rowKey={(row) => row.productId} minWidth={420} />
        </Stack>
      ) : null}
      {cases.length > 0 ? (
        <Stack gap="xs">
          <Text fw={600}>{t("inventory.cases.nested")}</Text>
          <DataTable label={t("inventory.cases.nested")} rows={cases} columns={caseColumns} rowKey={(inner) => inner.id} minWidth={420} />
        </Stack>
      ) : null}
    </Stack>
  );
}

export function CasePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const canManage = useCan("inventory.manage");
  const canScan = useCan("scanning.use");
  const locations = useLocations();
  const found = useQuery(InventoryService.method.getCase, { caseId: id });
  const [moving, setMoving] = useState(false);
  const [editing, setEditing] = useState(false);
  const [labels, setLabels] = useState<LabelTargets>();
  const item = found.data?.case;

  if (found.isPending) return <CenteredLoader />;
  if (!item) {
    const missing = found.error && ConnectError.from(found.error).code === Code.NotFound;
    return missing ? <EmptyState title={t("inventory.cases.notFound")} /> : <ErrorAlert error={found.error} />;
  }
  const contents = found.data?.contents;
  const ancestors = found.data?.ancestorIds ?? [];

  return (
    <>
      <Group gap={6} style={{ fontSize: "var(--mantine-font-size-sm)" }}>
        <AppLink to={inventoryPaths.cases}>{t("inventory.cases.title")}</AppLink>
        {ancestors.map((ancestorId) => (
          <Group key={ancestorId} gap={6}>
            <Text span c="dimmed" aria-hidden>
              /
            </Text>
            <CaseLink caseId={ancestorId} />
          </Group>
        ))}
      </Group>
      <PageHeader
        title={item.name}
        actions={
          <>
            {canManage ? <Button onClick={() => { setMoving(true); }}>{t("inventory.cases.move")}</Button> : null}
            {canScan ? (
              <Button variant="default" onClick={() => { navigate(scanningPaths.startFor(ScanSessionKind.CASE_PACKING, { caseId: item.id })); }}>
                {t("scanning.links.pack")}
              </Button>
            ) : null}
            <Button variant="default" onClick={() => { setLabels({ assetIds: [], caseIds: [item.id], name: item.code }); }}>
              {t("inventory.labels.printCase")}
            </Button>
            <Button
              variant="default"
              disabled={(contents?.assets.length ?? 0) === 0}
              onClick={() => { setLabels({ assetIds: contents?.assets.map((asset) => asset.id) ?? [], caseIds: [], name: item.code }); }}
            >
              {t("inventory.labels.printContents")}
            </Button>
            {canManage ? (
              <Button variant="subtle" onClick={() => { setEditing(true); }}>
                {t("common.edit")}
              </Button>
            ) : null}
          </>
        }
      />
      <Group gap="xs" mt={-8} mb="md">
        <CodeText>{item.code}</CodeText>
        <Badge variant="light" color={item.kind === CaseKind.PERMANENT ? "grape" : "blue"} tt="none">
          {caseKindLabel(t, item.kind)}
        </Badge>
      </Group>
      <Stack gap="lg">
        <Paper withBorder p="md" radius="md">
          <DetailGrid
            details={[
              { label: t("inventory.fields.location"), value: locations.pathOf(item.locationId) ?? "" },
              { label: t("inventory.cases.inside"), value: item.parentCaseId ? <CaseLink caseId={item.parentCaseId} /> : t("inventory.cases.topLevel") },
            ]}
          />
        </Paper>
        {canManage ? <CaseScanner target={item} /> : null}
        <Contents item={item} assets={contents?.assets ?? []} bulk={contents?.bulk ?? []} cases={contents?.cases ?? []} />
      </Stack>
      <AppModal opened={moving} onClose={() => { setMoving(false); }} title={t("inventory.cases.moveTitle", { name: item.name })} size="md">
        {moving ? <MoveCaseForm item={item} onClose={() => { setMoving(false); }} /> : null}
      </AppModal>
      <AppModal opened={editing} onClose={() => { setEditing(false); }} title={t("inventory.cases.editTitle")} size="md">
        {editing ? <EditCaseForm key={`${item.id}:${item.version}`} item={item} onClose={() => { setEditing(false); }} /> : null}
      </AppModal>
      <LabelModal targets={labels} onClose={() => { setLabels(undefined); }} />
    </>
  );
}
