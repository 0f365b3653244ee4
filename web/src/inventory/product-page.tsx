import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { ConnectError } from "@connectrpc/connect";
import { useMutation, useQuery } from "@connectrpc/connect-query";
import { AssetStatus, InventoryService, TrackingMode, type Product } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Alert, Badge, Button, Group, Paper, Stack, Table, Tabs, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { errorReason } from "../errors.js";
import { formatNumber } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { assetStatusFromName, trackingLabel } from "./labels.js";
import { useCategories } from "./lookups.js";
import { MaintenanceRecords } from "./maintenance-page.js";
import { ProductGallery } from "./files.js";
import { inventoryPaths } from "./paths.js";
import { ProductAssets } from "./product-assets.js";
import { ProductFormModal } from "./product-form.js";
import { toProductInput, valuesFromProduct } from "./product-input.js";
import { ProductStock } from "./product-stock.js";
import { AppLink, CenteredLoader, CodeText, DetailGrid, useMoneyFormat } from "./ui.js";

function useArchive(product: Product | undefined) {
  const invalidate = useInvalidate();
  const { locale } = useUserFormat();
  const update = useMutation(InventoryService.method.updateProduct, {
    onSuccess: () => invalidate(InventoryService.method.getProduct, InventoryService.method.listProducts),
  });
  const setArchived = (archived: boolean) => {
    if (!product) return;
    const input = toProductInput({ ...valuesFromProduct(product), archived }, locale);
    update.mutate({ productId: product.id, version: product.version, product: input, updateMask: create(FieldMaskSchema, { paths: ["archived"] }) });
  };
  return { update, setArchived };
}

function DeleteProductModal({ product, opened, onClose, onArchive }: { product: Product; opened: boolean; onClose: () => void; onArchive: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const remove = useMutation(InventoryService.method.deleteProduct, {
    onSuccess: async () => {
      await invalidate(InventoryService.method.listProducts);
      onClose();
      navigate(inventoryPaths.products);
    },
  });
  const inUse = errorReason(remove.error) === "PRODUCT_IN_USE";
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <AppModal opened={opened} onClose={close} title={t("inventory.product.deleteTitle")} size="md">
      <Stack>
        {inUse ? (
          <Alert color="orange" variant="light" title={t("inventory.product.inUseTitle")}>
            {t("inventory.product.inUseText")}
          </Alert>
        ) : (
          <>
            <Text>{t("inventory.product.deleteText", { name: product.name })}</Text>
            <ErrorAlert error={remove.error} />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common.cancel")}
          </Button>
          {inUse ? (
            product.archived ? null : (
              <Button
                onClick={() => {
                  onArchive();
                  close();
                }}
              >
                {t("inventory.product.archiveInstead")}
              </Button>
            )
          ) : (
            <Button color="red" loading={remove.isPending} onClick={() => { remove.mutate({ productId: product.id }); }}>
              {t("common.delete")}
            </Button>
          )}
        </Group>
      </Stack>
    </AppModal>
  );
}

function Accessories({ product }: { product: Product }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  if (product.accessories.length === 0) return <EmptyState title={t("inventory.product.noAccessories")}>{t("inventory.product.accessoriesHint")}</EmptyState>;
  return (
    <Table.ScrollContainer minWidth={320}>
      <Table verticalSpacing="sm" aria-label={t("inventory.product.accessories")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("inventory.fields.product")}</Table.Th>
            <Table.Th>{t("inventory.fields.quantity")}</Table.Th>
            <Table.Th>{t("inventory.product.pricing")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {product.accessories.map((accessory) => (
            <Table.Tr key={accessory.productId}>
              <Table.Td>
                <AppLink to={inventoryPaths.product(accessory.productId)}>{accessory.productName || accessory.productId}</AppLink>
              </Table.Td>
              <Table.Td>{formatNumber(accessory.quantity, locale)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={accessory.charged ? "blue" : "gray"} tt="none">
                  {accessory.charged ? t("inventory.product.charged") : t("inventory.product.free")}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Maintenance of this product's units, filtered by the server. */
function ProductMaintenance({ product }: { product: Product }) {
  const canManage = useCan("maintenance.manage");
  const records = useQuery(InventoryService.method.listMaintenance, { productId: product.id, pageSize: 500 });
  if (records.isPending) return <CenteredLoader />;
  return (
    <Stack>
      <ErrorAlert error={records.error} />
      <MaintenanceRecords records={records.data?.records ?? []} canManage={canManage} />
    </Stack>
  );
}

function Details({ product }: { product: Product }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const money = useMoneyFormat();
  const categories = useCategories();
  const dims = product.dimensions;
  const cm = (mm: number) => formatNumber(mm / 10, locale, { maximumFractionDigits: 1 });
  const customFields = Object.entries(product.customFields);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="md">
        <DetailGrid
          details={[
            { label: t("inventory.fields.category"), value: categories.pathOf(product.categoryId) ?? "" },
            { label: t("inventory.fields.tracking"), value: trackingLabel(t, product.tracking) },
            { label: t("inventory.products.owned"), value: formatNumber(product.quantityOwned, locale) },
            { label: t("inventory.fields.dayRate"), value: money(product.dayRate) },
            { label: t("inventory.fields.replacementValue"), value: money(product.replacementValue) },
            {
              label: t("inventory.fields.weight"),
              value: dims?.weightGrams ? t("inventory.product.kg", { value: formatNumber(dims.weightGrams / 1000, locale, { maximumFractionDigits: 3 }) }) : "",
            },
            {
              label: t("inventory.fields.dimensions"),
              value:
                dims && (dims.lengthMm || dims.widthMm || dims.heightMm)
                  ? t("inventory.product.dimensionsValue", { length: cm(dims.lengthMm), width: cm(dims.widthMm), height: cm(dims.heightMm) })
                  : "",
            },
            {
              label: t("inventory.fields.volume"),
              value: product.volumeCm3
                ? t("inventory.product.volumeShort", {
                    m3: formatNumber(Number(product.volumeCm3) / 1_000_000, locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
                    litres: formatNumber(Number(product.volumeCm3) / 1000, locale, { maximumFractionDigits: 1 }),
                  })
                : "",
            },
            {
              label: t("inventory.fields.inspectionInterval"),
              value: product.inspectionIntervalDays
                ? t("inventory.product.everyDays", { count: product.inspectionIntervalDays, formatted: formatNumber(product.inspectionIntervalDays, locale) })
                : t("inventory.product.noInspections"),
            },
            {
              label: t("inventory.fields.tags"),
              value:
                product.tags.length > 0 ? (
                  <Group gap={4}>
                    {product.tags.map((tag) => (
                      <Badge key={tag} variant="dot" tt="none">
                        {tag}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  ""
                ),
            },
            ...customFields.map(([key, value]) => ({ label: key, value })),
          ]}
        />
        {product.description ? (
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {product.description}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

export function ProductPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const canManage = useCan("inventory.manage");
  const found = useQuery(InventoryService.method.getProduct, { productId: id });
  const product = found.data?.product;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const archive = useArchive(product);

  if (found.isPending) return <CenteredLoader />;
  if (!product) {
    const missing = found.error && ConnectError.from(found.error).code === Code.NotFound;
    return missing ? <EmptyState title={t("inventory.product.notFound")} /> : <ErrorAlert error={found.error} />;
  }
  const serialized = product.tracking === TrackingMode.SERIALIZED;
  const byStatus = found.data?.assetsByStatus ?? {};

  return (
    <>
      <Text size="sm">
        <AppLink to={inventoryPaths.products}>{t("inventory.products.back")}</AppLink>
      </Text>
      <PageHeader
        title={product.name}
        description={undefined}
        actions={
          canManage ? (
            <>
              <Button onClick={() => { setEditing(true); }}>{t("common.edit")}</Button>
              <Button variant="default" loading={archive.update.isPending} onClick={() => { archive.setArchived(!product.archived); }}>
                {product.archived ? t("inventory.product.unarchive") : t("inventory.product.archive")}
              </Button>
              <Button variant="subtle" color="red" onClick={() => { setDeleting(true); }}>
                {t("common.delete")}
              </Button>
            </>
          ) : undefined
        }
      />
      <Group gap="xs" mt={-8} mb="md">
        <CodeText>{product.code}</CodeText>
        <Badge variant="light" color="gray" tt="none">
          {trackingLabel(t, product.tracking)}
        </Badge>
        {product.archived ? (
          <Badge color="gray" variant="outline" tt="none">
            {t("inventory.archived")}
          </Badge>
        ) : null}
        {serialized && Object.entries(byStatus).some(([name, count]) => assetStatusFromName(name) === AssetStatus.DAMAGED && count > 0) ? (
          <Badge color="orange" variant="light" tt="none">
            {t("inventory.product.hasDamaged")}
          </Badge>
        ) : null}
      </Group>
      <Stack gap="lg">
        <ErrorAlert error={archive.update.error} />
        <Details product={product} />
        <ProductGallery productId={product.id} productName={product.name} canManage={canManage} />
        <Tabs defaultValue={serialized ? "assets" : "stock"} keepMounted={false}>
          <Tabs.List style={{ flexWrap: "nowrap", overflowX: "auto" }}>
            {serialized ? <Tabs.Tab value="assets">{t("inventory.assets.title")}</Tabs.Tab> : <Tabs.Tab value="stock">{t("inventory.stock.title")}</Tabs.Tab>}
            <Tabs.Tab value="accessories">{t("inventory.product.accessories")}</Tabs.Tab>
            {serialized ? <Tabs.Tab value="maintenance">{t("inventory.maintenance.title")}</Tabs.Tab> : null}
          </Tabs.List>
          <Tabs.Panel value="assets" pt="md">
            {serialized ? <ProductAssets product={product} byStatus={byStatus} /> : null}
          </Tabs.Panel>
          <Tabs.Panel value="stock" pt="md">
            {serialized ? null : <ProductStock product={product} levels={found.data?.stock ?? []} />}
          </Tabs.Panel>
          <Tabs.Panel value="accessories" pt="md">
            <Accessories product={product} />
          </Tabs.Panel>
          <Tabs.Panel value="maintenance" pt="md">
            {serialized ? <ProductMaintenance product={product} /> : null}
          </Tabs.Panel>
        </Tabs>
      </Stack>
      {canManage ? (
        <>
          <ProductFormModal opened={editing} product={product} onClose={() => { setEditing(false); }} />
          <DeleteProductModal product={product} opened={deleting} onClose={() => { setDeleting(false); }} onArchive={() => { archive.setArchived(true); }} />
        </>
      ) : null}
    </>
  );
}
