import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useInfiniteQuery } from "@connectrpc/connect-query";
import { InventoryService, StockMovementKind, type Product, type StockLevel, type StockMovement } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Button, Group, Menu, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatDateTime, formatNumber } from "../format.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { movementKindLabel, movementKinds } from "./labels.js";
import { useLocations, useUserNames } from "./lookups.js";
import { StockMovementModal, type MovementStart } from "./stock-movement-modal.js";
import { CenteredLoader, LoadMore } from "./ui.js";

function Movements({ product }: { product: Product }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const locations = useLocations();
  const userName = useUserNames();
  const movements = useInfiniteQuery(
    InventoryService.method.listStockMovements,
    { productId: product.id, pageSize: 50, pageToken: "" },
    { pageParamKey: "pageToken", getNextPageParam: (page) => page.nextPageToken || undefined },
  );
  const rows = movements.data?.pages.flatMap((page) => page.movements) ?? [];
  const place = (id: string) => (id ? (locations.pathOf(id) ?? "—") : "—");
  const columns: Column<StockMovement>[] = [
    {
      key: "at",
      header: t("inventory.stock.when"),
      render: (movement) => (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {movement.at ? formatDateTime(timestampDate(movement.at), locale, timeZone) : ""}
        </Text>
      ),
    },
    {
      key: "kind",
      header: t("inventory.stock.kind"),
      mobile: "title",
      render: (movement) => (
        <Badge variant="light" tt="none">
          {movementKindLabel(t, movement.kind)}
        </Badge>
      ),
    },
    {
      key: "quantity",
      header: t("inventory.fields.quantity"),
      render: (movement) => (
        <Text size="sm" dir="ltr" style={{ unicodeBidi: "isolate" }}>
          {movement.kind === StockMovementKind.ADJUST && movement.quantity > 0 ? "+" : ""}
          {formatNumber(movement.kind === StockMovementKind.WRITE_OFF ? -movement.quantity : movement.quantity, locale)}
        </Text>
      ),
    },
    { key: "from", header: t("inventory.stock.from"), render: (movement) => <Text size="sm">{place(movement.fromLocationId)}</Text> },
    { key: "to", header: t("inventory.stock.to"), render: (movement) => <Text size="sm">{place(movement.toLocationId)}</Text> },
    { key: "reason", header: t("inventory.fields.reason"), render: (movement) => <Text size="sm">{movement.reason || "—"}</Text> },
    { key: "who", header: t("inventory.history.who"), render: (movement) => <Text size="sm"><bdi>{userName(t, movement.actorUserId)}</bdi></Text> },
  ];
  return (
    <Stack gap="sm">
      <Title order={4}>{t("inventory.stock.ledger")}</Title>
      <ErrorAlert error={movements.error} />
      {movements.isPending ? (
        <CenteredLoader />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("inventory.stock.noMovements")}
        </Text>
      ) : (
        <DataTable label={t("inventory.stock.ledger")} rows={rows} columns={columns} rowKey={(movement) => movement.id} minWidth={900} />
      )}
      <LoadMore hasMore={movements.hasNextPage} loading={movements.isFetchingNextPage} onLoad={() => void movements.fetchNextPage()} />
    </Stack>
  );
}

/** Bulk stock per location, with receive / write-off / adjust / transfer and the ledger. */
export function ProductStock({ product, levels }: { product: Product; levels: readonly StockLevel[] }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const canMove = useCan("stock.manage");
  const locations = useLocations();
  const [start, setStart] = useState<MovementStart>();
  const total = levels.reduce((sum, level) => sum + level.quantity, 0);
  const rows = levels.filter((level) => level.quantity !== 0);
  const columns: Column<StockLevel>[] = [
    {
      key: "location",
      header: t("inventory.fields.location"),
      mobile: "title",
      render: (level) => <Text fw={500}>{locations.pathOf(level.locationId) ?? "—"}</Text>,
    },
    { key: "quantity", header: t("inventory.fields.quantity"), render: (level) => <Text size="sm">{formatNumber(level.quantity, locale)}</Text> },
  ];
  if (canMove) {
    columns.push({
      key: "actions",
      header: t("common.actions"),
      mobile: "actions",
      render: (level) => (
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="light" onClick={() => { setStart({ kind: StockMovementKind.TRANSFER, locationId: level.locationId }); }}>
            {t("inventory.movementKind.transfer")}
          </Button>
          <Button size="xs" variant="default" onClick={() => { setStart({ kind: StockMovementKind.ADJUST, locationId: level.locationId }); }}>
            {t("inventory.stock.count")}
          </Button>
          <Button size="xs" variant="subtle" color="red" onClick={() => { setStart({ kind: StockMovementKind.WRITE_OFF, locationId: level.locationId }); }}>
            {t("inventory.movementKind.writeOff")}
          </Button>
        </Group>
      ),
    });
  }
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Text>
          {t("inventory.stock.total", { quantity: formatNumber(total, locale) })}
        </Text>
        {canMove ? (
          <Group gap="xs">
            <Button onClick={() => { setStart({ kind: StockMovementKind.RECEIVE }); }}>{t("inventory.movementKind.receive")}</Button>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default">{t("inventory.stock.moreMovements")}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                {movementKinds
                  .filter((kind) => kind !== StockMovementKind.RECEIVE)
                  .map((kind) => (
                    <Menu.Item key={kind} onClick={() => { setStart({ kind }); }}>
                      {movementKindLabel(t, kind)}
                    </Menu.Item>
                  ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
        ) : null}
      </Group>
      {rows.length === 0 ? (
        <EmptyState title={t("inventory.stock.empty")}>{canMove ? t("inventory.stock.emptyHint") : undefined}</EmptyState>
      ) : (
        <DataTable label={t("inventory.stock.title")} rows={rows} columns={columns} rowKey={(level) => level.locationId} minWidth={520} />
      )}
      <Movements product={product} />
      <StockMovementModal product={product} levels={levels} start={start} onClose={() => { setStart(undefined); }} />
    </Stack>
  );
}
