import { Code, ConnectError } from "@connectrpc/connect";
import { useQuery } from "@connectrpc/connect-query";
import { InventoryService, KitPricing, type Kit, type KitItem } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { KitFormModal } from "./kit-form.js";
import { kitPricingLabel } from "./labels.js";
import { inventoryPaths } from "./paths.js";
import { AppLink, CenteredLoader, CodeText, DetailGrid, useMoneyFormat } from "./ui.js";

export function KitListPage() {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const money = useMoneyFormat();
  const canManage = useCan("inventory.manage");
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 300);
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const kits = useQuery(InventoryService.method.listKits, { query, includeArchived });
  const rows = kits.data?.kits ?? [];
  const columns: Column<Kit>[] = [
    {
      key: "name",
      header: t("inventory.fields.name"),
      mobile: "title",
      render: (kit) => (
        <Stack gap={0}>
          <Group gap={6}>
            <AppLink to={inventoryPaths.kit(kit.id)} fw={500}>
              {kit.name}
            </AppLink>
            {kit.archived ? (
              <Badge size="xs" color="gray" variant="outline" tt="none">
                {t("inventory.archived")}
              </Badge>
            ) : null}
          </Group>
          <Text size="xs" c="dimmed">
            <CodeText size="xs">{kit.code}</CodeText>
          </Text>
        </Stack>
      ),
    },
    { key: "items", header: t("inventory.kits.items"), render: (kit) => formatNumber(kit.items.length, locale) },
    { key: "pricing", header: t("inventory.kits.pricing"), render: (kit) => kitPricingLabel(t, kit.pricing) },
    { key: "dayRate", header: t("inventory.fields.dayRate"), render: (kit) => (kit.pricing === KitPricing.AS_UNIT ? money(kit.dayRate) : "—") },
  ];
  return (
    <>
      <PageHeader
        title={t("inventory.kits.title")}
        description={t("inventory.kits.description")}
        actions={canManage ? <Button onClick={() => { setCreating(true); }}>{t("inventory.kits.add")}</Button> : undefined}
      />
      <Stack gap="md">
        <Group gap="md" align="end">
          <TextInput
            flex="1 1 14rem"
            type="search"
            label={t("inventory.kits.search")}
            value={search}
            onChange={(event) => { setSearch(event.currentTarget.value); }}
          />
          <Switch mb={8} label={t("inventory.kits.includeArchived")} checked={includeArchived} onChange={(event) => { setIncludeArchived(event.currentTarget.checked); }} />
        </Group>
        <ErrorAlert error={kits.error} />
        {kits.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState title={query ? t("inventory.kits.noMatches") : t("inventory.kits.empty")}>{query ? undefined : t("inventory.kits.emptyHint")}</EmptyState>
        ) : (
          <DataTable label={t("inventory.kits.title")} rows={rows} columns={columns} rowKey={(kit) => kit.id} />
        )}
      </Stack>
      {canManage ? <KitFormModal opened={creating} onClose={() => { setCreating(false); }} /> : null}
    </>
  );
}

export function KitPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const money = useMoneyFormat();
  const canManage = useCan("inventory.manage");
  const found = useQuery(InventoryService.method.getKit, { kitId: id });
  const [editing, setEditing] = useState(false);
  const kit = found.data?.kit;
  if (found.isPending) return <CenteredLoader />;
  if (!kit) {
    const missing = found.error && ConnectError.from(found.error).code === Code.NotFound;
    return missing ? <EmptyState title={t("inventory.kits.notFound")} /> : <ErrorAlert error={found.error} />;
  }
  const columns: Column<KitItem>[] = [
    { key: "product", header: t("inventory.fields.product"), mobile: "title", render: (item) => <AppLink to={inventoryPaths.product(item.productId)}>{item.productName || item.productId}</AppLink> },
    { key: "quantity", header: t("inventory.fields.quantity"), render: (item) => formatNumber(item.quantity, locale) },
    {
      key: "optional",
      header: t("inventory.kits.optional"),
      render: (item) =>
        item.optional ? (
          <Badge variant="light" color="gray" tt="none">
            {t("inventory.kits.optional")}
          </Badge>
        ) : (
          t("inventory.kits.required")
        ),
    },
  ];
  return (
    <>
      <Text size="sm">
        <AppLink to={inventoryPaths.kits}>{t("inventory.kits.back")}</AppLink>
      </Text>
      <PageHeader title={kit.name} actions={canManage ? <Button onClick={() => { setEditing(true); }}>{t("common.edit")}</Button> : undefined} />
      <Group gap="xs" mt={-8} mb="md">
        <CodeText>{kit.code}</CodeText>
        {kit.archived ? (
          <Badge color="gray" variant="outline" tt="none">
            {t("inventory.archived")}
          </Badge>
        ) : null}
      </Group>
      <Stack gap="lg">
        <Paper withBorder p="md" radius="md">
          <DetailGrid
            details={[
              { label: t("inventory.kits.pricing"), value: kitPricingLabel(t, kit.pricing) },
              { label: t("inventory.fields.dayRate"), value: kit.pricing === KitPricing.AS_UNIT ? money(kit.dayRate) : t("inventory.kits.sumOfItems") },
            ]}
          />
          {kit.description ? (
            <Text size="sm" mt="md" style={{ whiteSpace: "pre-wrap" }}>
              {kit.description}
            </Text>
          ) : null}
        </Paper>
        <Title order={3}>{t("inventory.kits.items")}</Title>
        <DataTable label={t("inventory.kits.items")} rows={kit.items} columns={columns} rowKey={(item) => item.productId} minWidth={420} />
      </Stack>
      {canManage ? <KitFormModal opened={editing} kit={kit} onClose={() => { setEditing(false); }} /> : null}
    </>
  );
}
