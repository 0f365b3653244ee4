import { create } from "@bufbuild/protobuf";
import { FieldMaskSchema } from "@bufbuild/protobuf/wkt";
import { useMutation } from "@connectrpc/connect-query";
import { InventoryService, type Product } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import {
  Alert,
  Button,
  CloseButton,
  Divider,
  Group,
  Input,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useUserFormat } from "../auth/current-user.js";
import { errorReason } from "../errors.js";
import { formatNumber } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { enumOf, trackingLabel, trackingModes } from "./labels.js";
import { parseDecimal } from "./numbers.js";
import { inventoryPaths } from "./paths.js";
import { CategorySelect, CurrencySelect, ProductPicker } from "./pickers.js";
import {
  changedPaths,
  emptyProductValues,
  toProductInput,
  validateProduct,
  valuesFromProduct,
  volumeCm3,
  type ProductFormValues,
} from "./product-input.js";

function Section({ title }: { title: string }) {
  return <Divider label={title} labelPosition="left" mt="xs" styles={{ label: { fontWeight: 600, fontSize: "var(--mantine-font-size-sm)" } }} />;
}

function VolumeHint({ values, locale }: { values: ProductFormValues; locale: string }) {
  const { t } = useTranslation();
  const mm = (text: string) => Number(parseDecimal(text, 1, locale) ?? 0n);
  const cm3 = volumeCm3(mm(values.lengthCm), mm(values.widthCm), mm(values.heightCm));
  if (cm3 <= 0) return <Text size="sm" c="dimmed">{t("inventory.product.volumeUnknown")}</Text>;
  return (
    <Text size="sm" c="dimmed" aria-live="polite">
      {t("inventory.product.volumeValue", {
        m3: formatNumber(cm3 / 1_000_000, locale, { maximumFractionDigits: 3, minimumFractionDigits: 3 }),
        litres: formatNumber(cm3 / 1000, locale, { maximumFractionDigits: 1 }),
      })}
    </Text>
  );
}

/** Create or edit a product. On edit only the changed fields are sent (update_mask). */
function ProductForm({ product, onClose }: { product: Product | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const [values, setValues] = useState<ProductFormValues>(() => (product ? valuesFromProduct(product) : emptyProductValues()));
  const [submitted, setSubmitted] = useState(false);
  const errors = validateProduct(values, locale, product?.id);
  const shown = (key: string): string | undefined => (submitted && errors[key] ? t(errors[key]) : undefined);
  const set = <K extends keyof ProductFormValues>(key: K, value: ProductFormValues[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
  };

  const onSaved = async () => {
    await invalidate(InventoryService.method.listProducts, InventoryService.method.getProduct, InventoryService.method.search);
  };
  const createProduct = useMutation(InventoryService.method.createProduct, {
    onSuccess: async (response) => {
      await onSaved();
      onClose();
      if (response.product) navigate(inventoryPaths.product(response.product.id));
    },
  });
  const updateProduct = useMutation(InventoryService.method.updateProduct, {
    onSuccess: async () => {
      await onSaved();
      onClose();
    },
  });
  const mutation = product ? updateProduct : createProduct;
  const duplicateCode = errorReason(mutation.error) === "DUPLICATE_CODE";
  const trackingLocked = product !== undefined && product.quantityOwned > 0;

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    const input = toProductInput(values, locale);
    if (!product) {
      createProduct.mutate({ product: input });
      return;
    }
    const paths = changedPaths(toProductInput(valuesFromProduct(product), locale), input);
    if (paths.length === 0) {
      onClose();
      return;
    }
    updateProduct.mutate({ productId: product.id, version: product.version, product: input, updateMask: create(FieldMaskSchema, { paths }) });
  }

  const updateAccessory = (index: number, patch: Partial<ProductFormValues["accessories"][number]>) => {
    set("accessories", values.accessories.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };
  const updateField = (index: number, patch: Partial<ProductFormValues["customFields"][number]>) => {
    set("customFields", values.customFields.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={mutation.error} />
        {submitted && Object.keys(errors).length > 0 ? (
          <Alert color="red" variant="light">
            {t("inventory.validation.fixErrors")}
          </Alert>
        ) : null}
        <Section title={t("inventory.product.sectionBasics")} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t("inventory.fields.code")}
            description={t("inventory.product.codeHint")}
            required
            dir="ltr"
            value={values.code}
            error={shown("code") ?? (duplicateCode ? t("errors.reason.duplicateCode") : undefined)}
            onChange={(event) => { set("code", event.currentTarget.value); }}
          />
          <TextInput
            label={t("inventory.fields.name")}
            required
            value={values.name}
            error={shown("name")}
            onChange={(event) => { set("name", event.currentTarget.value); }}
          />
        </SimpleGrid>
        <CategorySelect
          label={t("inventory.fields.category")}
          placeholder={t("inventory.product.noCategory")}
          value={values.categoryId}
          onChange={(id) => { set("categoryId", id); }}
        />
        <Input.Wrapper
          label={t("inventory.fields.tracking")}
          required
          error={shown("tracking")}
          description={trackingLocked ? t("inventory.product.trackingLocked") : t("inventory.product.trackingHint")}
        >
          <SegmentedControl
            fullWidth
            mt={4}
            aria-label={t("inventory.fields.tracking")}
            disabled={trackingLocked}
            value={String(values.tracking)}
            onChange={(value) => { set("tracking", enumOf(trackingModes, value, values.tracking)); }}
            data={trackingModes.map((mode) => ({ value: String(mode), label: trackingLabel(t, mode) }))}
          />
        </Input.Wrapper>
        <Textarea
          label={t("inventory.fields.description")}
          autosize
          minRows={2}
          maxRows={8}
          value={values.description}
          error={shown("description")}
          onChange={(event) => { set("description", event.currentTarget.value); }}
        />

        <Section title={t("inventory.product.sectionPricing")} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <CurrencySelect label={t("inventory.fields.currency")} value={values.currency} onChange={(code) => { set("currency", code); }} />
          <TextInput
            label={t("inventory.fields.dayRate")}
            inputMode="decimal"
            dir="ltr"
            rightSection={<Text size="xs" c="dimmed">{values.currency}</Text>}
            rightSectionWidth={48}
            value={values.dayRate}
            error={shown("dayRate")}
            onChange={(event) => { set("dayRate", event.currentTarget.value); }}
          />
          <TextInput
            label={t("inventory.fields.replacementValue")}
            inputMode="decimal"
            dir="ltr"
            rightSection={<Text size="xs" c="dimmed">{values.currency}</Text>}
            rightSectionWidth={48}
            value={values.replacementValue}
            error={shown("replacementValue")}
            onChange={(event) => { set("replacementValue", event.currentTarget.value); }}
          />
        </SimpleGrid>

        <Section title={t("inventory.product.sectionPhysical")} />
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {(
            [
              ["weightKg", "inventory.fields.weightKg"],
              ["lengthCm", "inventory.fields.lengthCm"],
              ["widthCm", "inventory.fields.widthCm"],
              ["heightCm", "inventory.fields.heightCm"],
            ] as const
          ).map(([field, label]) => (
            <TextInput
              key={field}
              label={t(label)}
              inputMode="decimal"
              dir="ltr"
              value={values[field]}
              error={shown(field)}
              onChange={(event) => { set(field, event.currentTarget.value); }}
            />
          ))}
        </SimpleGrid>
        <VolumeHint values={values} locale={locale} />
        <TextInput
          label={t("inventory.fields.inspectionInterval")}
          description={t("inventory.product.inspectionHint")}
          inputMode="numeric"
          dir="ltr"
          maw={260}
          value={values.inspectionIntervalDays}
          error={shown("inspectionIntervalDays")}
          onChange={(event) => { set("inspectionIntervalDays", event.currentTarget.value); }}
        />

        <Section title={t("inventory.product.sectionTags")} />
        <TagsInput
          label={t("inventory.fields.tags")}
          description={t("inventory.product.tagsHint")}
          value={values.tags}
          error={shown("tags")}
          onChange={(tags) => { set("tags", tags); }}
          clearable
          clearButtonProps={{ "aria-label": t("common.clear") }}
        />
        <Input.Wrapper label={t("inventory.fields.customFields")} error={shown("customFields")}>
          <Stack gap="xs" mt={4}>
            {values.customFields.map((row, index) => (
              <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  flex={1}
                  aria-label={t("inventory.product.fieldKey", { number: index + 1 })}
                  placeholder={t("inventory.product.fieldKeyPlaceholder")}
                  value={row.key}
                  error={shown(`customFields.${index}.key`)}
                  onChange={(event) => { updateField(index, { key: event.currentTarget.value }); }}
                />
                <TextInput
                  flex={2}
                  aria-label={t("inventory.product.fieldValue", { number: index + 1 })}
                  placeholder={t("inventory.product.fieldValuePlaceholder")}
                  value={row.value}
                  error={shown(`customFields.${index}.value`)}
                  onChange={(event) => { updateField(index, { value: event.currentTarget.value }); }}
                />
                <CloseButton
                  mt={6}
                  aria-label={t("inventory.product.removeField", { number: index + 1 })}
                  onClick={() => { set("customFields", values.customFields.filter((_, i) => i !== index)); }}
                />
              </Group>
            ))}
            <Group>
              <Button size="xs" variant="light" onClick={() => { set("customFields", [...values.customFields, { key: "", value: "" }]); }}>
                {t("inventory.product.addField")}
              </Button>
            </Group>
          </Stack>
        </Input.Wrapper>

        <Section title={t("inventory.product.sectionAccessories")} />
        <Text size="sm" c="dimmed">
          {t("inventory.product.accessoriesHint")}
        </Text>
        <Stack gap="xs">
          {values.accessories.map((row, index) => (
            <Group key={index} gap="xs" align="flex-start" wrap="wrap">
              <div style={{ flex: "1 1 14rem", minWidth: 0 }}>
                <ProductPicker
                  label={t("inventory.product.accessoryProduct", { number: index + 1 })}
                  value={row.productId}
                  valueLabel={row.productName}
                  excludeIds={[...(product ? [product.id] : []), ...values.accessories.map((a) => a.productId)]}
                  error={shown(`accessories.${index}.product`)}
                  onChange={(productId, productName) => { updateAccessory(index, { productId, productName }); }}
                />
              </div>
              <TextInput
                w={90}
                label={t("inventory.fields.quantity")}
                inputMode="numeric"
                dir="ltr"
                value={row.quantity}
                error={shown(`accessories.${index}.quantity`)}
                onChange={(event) => { updateAccessory(index, { quantity: event.currentTarget.value }); }}
              />
              <Switch
                mt={32}
                label={t("inventory.product.charged")}
                checked={row.charged}
                onChange={(event) => { updateAccessory(index, { charged: event.currentTarget.checked }); }}
              />
              <CloseButton
                mt={28}
                aria-label={t("inventory.product.removeAccessory", { number: index + 1 })}
                onClick={() => { set("accessories", values.accessories.filter((_, i) => i !== index)); }}
              />
            </Group>
          ))}
          <Group>
            <Button
              size="xs"
              variant="light"
              onClick={() => { set("accessories", [...values.accessories, { productId: "", productName: "", quantity: "1", charged: false }]); }}
            >
              {t("inventory.product.addAccessory")}
            </Button>
          </Group>
        </Stack>

        {product ? (
          <Switch
            mt="sm"
            label={t("inventory.product.archived")}
            description={t("inventory.product.archivedHint")}
            checked={values.archived}
            onChange={(event) => { set("archived", event.currentTarget.checked); }}
          />
        ) : null}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {product ? t("common.save") : t("inventory.product.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ProductFormModal({ opened, product, onClose }: { opened: boolean; product?: Product; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={opened} onClose={onClose} title={product ? t("inventory.product.editTitle") : t("inventory.product.createTitle")} size="xl">
      {opened ? <ProductForm key={product ? `${product.id}:${product.version}` : "new"} product={product} onClose={onClose} /> : null}
    </AppModal>
  );
}

