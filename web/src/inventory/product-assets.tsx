import { useInfiniteQuery } from "@connectrpc/connect-query";
import { AssetStatus, CsvKind, InventoryService, type Asset, type Product } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Button, Checkbox, Group, MultiSelect, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { AddAssetsModal } from "./add-assets-modal.js";
import { CaseLink } from "./case-link.js";
import { ExportCsvButton } from "./export-button.js";
import { LabelModal, type LabelTargets } from "./label-modal.js";
import { assetStatusColor, assetStatuses, assetStatusFromName, assetStatusLabel, enumOf } from "./labels.js";
import { useLocations } from "./lookups.js";
import { inventoryPaths } from "./paths.js";
import { AppLink, AssetStatusBadge, CenteredLoader, CodeText, LoadMore } from "./ui.js";

/** Units of a serialized product: filter, select for labels, add more. */
export function ProductAssets({ product, byStatus }: { product: Product; byStatus: Record<string, number> }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const canManage = useCan("inventory.manage");
  const locations = useLocations();
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 300);
  const [statuses, setStatuses] = useState<string[]>([]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [adding, setAdding] = useState(false);
  const [labels, setLabels] = useState<LabelTargets>();
  const assets = useInfiniteQuery(
    InventoryService.method.listAssets,
    { productId: product.id, query, statuses: statuses.map((value) => enumOf(assetStatuses, value, AssetStatus.UNSPECIFIED)), pageSize: 100, pageToken: "" },
    { pageParamKey: "pageToken", getNextPageParam: (page) => page.nextPageToken || undefined },
  );
  const rows = assets.data?.pages.flatMap((page) => page.assets) ?? [];
  const allSelected = rows.length > 0 && rows.every((asset) => selected.has(asset.id));
  const toggle = (id: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  const counts = Object.entries(byStatus)
    .map(([name, count]) => ({ status: assetStatusFromName(name), count }))
    .filter((entry): entry is { status: AssetStatus; count: number } => entry.status !== undefined && entry.count > 0);

  const columns: Column<Asset>[] = [
    {
      key: "tag",
      header: t("inventory.fields.tag"),
      mobile: "title",
      render: (asset) => (
        <Group gap="sm" wrap="nowrap">
          <Checkbox
            aria-label={t("inventory.assets.selectOne", { tag: asset.tag })}
            checked={selected.has(asset.id)}
            onChange={(event) => { toggle(asset.id, event.currentTarget.checked); }}
          />
          <AppLink to={inventoryPaths.asset(asset.id)} fw={600}>
            <CodeText>{asset.tag}</CodeText>
          </AppLink>
        </Group>
      ),
    },
    { key: "serial", header: t("inventory.fields.serialNumber"), render: (asset) => (asset.serialNumber ? <CodeText>{asset.serialNumber}</CodeText> : "—") },
    { key: "status", header: t("inventory.fields.status"), render: (asset) => <AssetStatusBadge status={asset.status} /> },
    { key: "location", header: t("inventory.fields.location"), render: (asset) => <Text size="sm">{locations.pathOf(asset.locationId) ?? "—"}</Text> },
    { key: "case", header: t("inventory.fields.case"), render: (asset) => (asset.caseId ? <CaseLink caseId={asset.caseId} /> : "—") },
  ];

  return (
    <Stack gap="md">
      {counts.length > 0 ? (
        <Group gap="xs" aria-label={t("inventory.assets.byStatus")}>
          {counts.map(({ status, count }) => (
            <Badge key={status} color={assetStatusColor(status)} variant="light" tt="none" size="lg">
              {assetStatusLabel(t, status)}: {formatNumber(count, locale)}
            </Badge>
          ))}
        </Group>
      ) : null}
      <Group gap="sm" align="end">
        <TextInput
          flex="1 1 12rem"
          type="search"
          label={t("inventory.assets.search")}
          placeholder={t("inventory.assets.searchPlaceholder")}
          value={search}
          onChange={(event) => { setSearch(event.currentTarget.value); }}
        />
        <MultiSelect
          flex="1 1 12rem"
          label={t("inventory.fields.status")}
          placeholder={t("inventory.assets.allStatuses")}
          data={assetStatuses.map((status) => ({ value: String(status), label: assetStatusLabel(t, status) }))}
          value={statuses}
          onChange={setStatuses}
          clearable
          clearButtonProps={{ "aria-label": t("common.clear") }}
        />
      </Group>
      <Group gap="xs">
        {canManage ? <Button onClick={() => { setAdding(true); }}>{t("inventory.assets.addUnits")}</Button> : null}
        <Button
          variant="light"
          disabled={selected.size === 0}
          onClick={() => { setLabels({ assetIds: [...selected], caseIds: [], name: product.code }); }}
        >
          {t("inventory.labels.printSelected", { count: selected.size, formatted: formatNumber(selected.size, locale) })}
        </Button>
        <ExportCsvButton kind={CsvKind.ASSETS} filters={{ productId: product.id, query }} />
      </Group>
      <ErrorAlert error={assets.error} />
      {assets.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <EmptyState title={query || statuses.length > 0 ? t("inventory.assets.noMatches") : t("inventory.assets.empty")}>
          {canManage && !query ? t("inventory.assets.emptyHint") : undefined}
        </EmptyState>
      ) : (
        <>
          <Checkbox
            label={t("inventory.assets.selectAll", { count: rows.length, formatted: formatNumber(rows.length, locale) })}
            checked={allSelected}
            indeterminate={!allSelected && rows.some((asset) => selected.has(asset.id))}
            onChange={(event) => { setSelected(event.currentTarget.checked ? new Set(rows.map((asset) => asset.id)) : new Set()); }}
          />
          <DataTable label={t("inventory.assets.title")} rows={rows} columns={columns} rowKey={(asset) => asset.id} minWidth={760} />
        </>
      )}
      <LoadMore hasMore={assets.hasNextPage} loading={assets.isFetchingNextPage} onLoad={() => void assets.fetchNextPage()} />
      {canManage ? <AddAssetsModal product={product} opened={adding} onClose={() => { setAdding(false); }} /> : null}
      <LabelModal targets={labels} onClose={() => { setLabels(undefined); }} />
    </Stack>
  );
}
