import { useInfiniteQuery } from "@connectrpc/connect-query";
import { CsvKind, InventoryService, ProductSort, TrackingMode, type Product } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Avatar, Badge, Button, Collapse, Group, Menu, Select, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../app/router.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { useWideScreen } from "../ui/media.js";
import { PageHeader } from "../ui/page-header.js";
import { ExportCsvButton } from "./export-button.js";
import { enumOf, trackingLabel, trackingModes } from "./labels.js";
import { useCategories } from "./lookups.js";
import { inventoryPaths } from "./paths.js";
import { CategorySelect } from "./pickers.js";
import { ProductFormModal } from "./product-form.js";
import { AppLink, CenteredLoader, CodeText, LoadMore, useMoneyFormat } from "./ui.js";

const sorts = [
  { value: ProductSort.NAME, key: "inventory.products.sortName" },
  { value: ProductSort.CODE, key: "inventory.products.sortCode" },
  { value: ProductSort.UPDATED_DESC, key: "inventory.products.sortUpdated" },
] as const;

export function ProductListPage() {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const money = useMoneyFormat();
  const canManage = useCan("inventory.manage");
  const categories = useCategories();
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 300);
  const [categoryId, setCategoryId] = useState("");
  const [tracking, setTracking] = useState<TrackingMode>(TrackingMode.UNSPECIFIED);
  const [tagInput, setTagInput] = useState("");
  const [tag] = useDebouncedValue(tagInput.trim(), 300);
  const [includeArchived, setIncludeArchived] = useState(false);
  const [sort, setSort] = useState<ProductSort>(ProductSort.NAME);
  const [creating, setCreating] = useState(false);
  const wide = useWideScreen();
  const [filtersOpen, setFiltersOpen] = useState(false);

  const products = useInfiniteQuery(
    InventoryService.method.listProducts,
    { query, categoryId, tracking, tag, includeArchived, sort, pageSize: 50, pageToken: "" },
    { pageParamKey: "pageToken", getNextPageParam: (page) => page.nextPageToken || undefined },
  );
  const rows = products.data?.pages.flatMap((page) => page.products) ?? [];
  const filtered = query !== "" || categoryId !== "" || tracking !== TrackingMode.UNSPECIFIED || tag !== "";
  const activeFilters = [categoryId !== "", tracking !== TrackingMode.UNSPECIFIED, tag !== "", includeArchived, sort !== ProductSort.NAME].filter(Boolean).length;

  const columns: Column<Product>[] = [
    {
      key: "name",
      header: t("inventory.fields.name"),
      mobile: "title",
      render: (product) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar src={product.primaryImageUrl || null} alt={t("files.thumbnailOf", { name: product.name })} radius="sm" size={40} imageProps={{ loading: "lazy" }}>
            {product.name.slice(0, 1)}
          </Avatar>
          <Stack gap={0}>
            <Group gap={6} wrap="nowrap">
              <AppLink to={inventoryPaths.product(product.id)} fw={500}>
                {product.name}
              </AppLink>
              {product.archived ? (
                <Badge size="xs" color="gray" variant="outline" tt="none">
                  {t("inventory.archived")}
                </Badge>
              ) : null}
            </Group>
            <Text size="xs" c="dimmed">
              <CodeText size="xs">{product.code}</CodeText>
            </Text>
          </Stack>
        </Group>
      ),
    },
    {
      key: "category",
      header: t("inventory.fields.category"),
      render: (product) => <Text size="sm">{categories.pathOf(product.categoryId) ?? "—"}</Text>,
    },
    {
      key: "tracking",
      header: t("inventory.fields.tracking"),
      render: (product) => (
        <Badge variant="light" color="gray" tt="none" style={{ minWidth: "max-content" }}>
          {trackingLabel(t, product.tracking)}
        </Badge>
      ),
    },
    {
      key: "owned",
      header: t("inventory.products.owned"),
      render: (product) => <Text size="sm">{formatNumber(product.quantityOwned, locale)}</Text>,
    },
    {
      key: "dayRate",
      header: t("inventory.fields.dayRate"),
      render: (product) => (
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {money(product.dayRate)}
        </Text>
      ),
    },
    {
      key: "tags",
      header: t("inventory.fields.tags"),
      render: (product) => (
        <Group gap={4} style={{ justifyContent: "inherit" }}>
          {product.tags.map((name) => (
            <Badge key={name} size="sm" variant="dot" tt="none">
              {name}
            </Badge>
          ))}
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t("inventory.products.title")}
        description={t("inventory.products.description")}
        actions={
          <>
            <ExportCsvButton kind={CsvKind.PRODUCTS} filters={{ query, categoryId }} />
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default">{t("inventory.more")}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => { navigate(inventoryPaths.categories); }}>{t("inventory.categories.title")}</Menu.Item>
                {canManage ? <Menu.Item onClick={() => { navigate(inventoryPaths.import); }}>{t("inventory.import.action")}</Menu.Item> : null}
              </Menu.Dropdown>
            </Menu>
            {canManage ? <Button onClick={() => { setCreating(true); }}>{t("inventory.products.add")}</Button> : null}
          </>
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="end" wrap="nowrap">
          <TextInput
            flex={1}
            type="search"
            label={t("inventory.products.search")}
            placeholder={t("inventory.products.searchPlaceholder")}
            value={search}
            onChange={(event) => { setSearch(event.currentTarget.value); }}
          />
          {wide ? null : (
            <Button variant={filtersOpen ? "light" : "default"} aria-expanded={filtersOpen} onClick={() => { setFiltersOpen((open) => !open); }}>
              {activeFilters > 0 ? t("inventory.filtersActive", { count: activeFilters }) : t("inventory.filters")}
            </Button>
          )}
        </Group>
        <Collapse expanded={wide || filtersOpen}>
        <Stack gap="md">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <CategorySelect label={t("inventory.fields.category")} placeholder={t("inventory.products.allCategories")} value={categoryId} onChange={setCategoryId} />
          <Select
            label={t("inventory.fields.tracking")}
            data={[
              { value: "0", label: t("inventory.products.allTracking") },
              ...trackingModes.map((mode) => ({ value: String(mode), label: trackingLabel(t, mode) })),
            ]}
            value={String(tracking)}
            allowDeselect={false}
            onChange={(value) => { setTracking(enumOf(trackingModes, value, TrackingMode.UNSPECIFIED)); }}
          />
          <TextInput label={t("inventory.products.tag")} value={tagInput} onChange={(event) => { setTagInput(event.currentTarget.value); }} />
          <Select
            label={t("inventory.products.sort")}
            data={sorts.map((option) => ({ value: String(option.value), label: t(option.key) }))}
            value={String(sort)}
            allowDeselect={false}
            onChange={(value) => { setSort(enumOf(sorts.map((option) => option.value), value, ProductSort.NAME)); }}
          />
        </SimpleGrid>
        <Switch
          label={t("inventory.products.includeArchived")}
          checked={includeArchived}
          onChange={(event) => { setIncludeArchived(event.currentTarget.checked); }}
        />
        </Stack>
        </Collapse>
        <ErrorAlert error={products.error} />
        {products.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState title={filtered ? t("inventory.products.noMatches") : t("inventory.products.empty")}>
            {filtered ? undefined : t("inventory.products.emptyHint")}
          </EmptyState>
        ) : (
          <DataTable label={t("inventory.products.title")} rows={rows} columns={columns} rowKey={(product) => product.id} minWidth={860} />
        )}
        <LoadMore hasMore={products.hasNextPage} loading={products.isFetchingNextPage} onLoad={() => void products.fetchNextPage()} />
      </Stack>
      {canManage ? <ProductFormModal opened={creating} onClose={() => { setCreating(false); }} /> : null}
    </>
  );
}
