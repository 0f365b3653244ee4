import { create } from "@bufbuild/protobuf";
import { useMutation } from "@connectrpc/connect-query";
import { MoneySchema } from "@eventkit/api/eventkit/v1/common_pb.js";
import { InventoryService, KitItemSchema, KitPricing, type Kit } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Button, Checkbox, CloseButton, Group, Input, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useUserFormat } from "../auth/current-user.js";
import { currencyMinorDigits } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { enumOf, kitPricingLabel } from "./labels.js";
import { decimalText, parseCount, parseDecimal } from "./numbers.js";
import { inventoryPaths } from "./paths.js";
import { CurrencySelect, ProductPicker } from "./pickers.js";
import { codePattern, defaultCurrency } from "./product-input.js";

interface ItemRow {
  productId: string;
  productName: string;
  quantity: string;
  optional: boolean;
}

function KitForm({ kit, onClose }: { kit: Kit | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const [code, setCode] = useState(kit?.code ?? "");
  const [name, setName] = useState(kit?.name ?? "");
  const [description, setDescription] = useState(kit?.description ?? "");
  const [pricing, setPricing] = useState<KitPricing>(kit?.pricing || KitPricing.PER_ITEM);
  const [currency, setCurrency] = useState(kit?.dayRate?.currency || defaultCurrency);
  const [dayRate, setDayRate] = useState(kit?.dayRate?.currency ? decimalText(kit.dayRate.amountMinor, currencyMinorDigits(kit.dayRate.currency)) : "");
  const [archived, setArchived] = useState(kit?.archived ?? false);
  const [items, setItems] = useState<ItemRow[]>(
    kit?.items.map((item) => ({ productId: item.productId, productName: item.productName, quantity: String(item.quantity), optional: item.optional })) ?? [
      { productId: "", productName: "", quantity: "1", optional: false },
    ],
  );
  const [submitted, setSubmitted] = useState(false);
  const onSaved = async (saved: Kit | undefined) => {
    await invalidate(InventoryService.method.listKits, InventoryService.method.getKit, InventoryService.method.search);
    onClose();
    if (!kit && saved) navigate(inventoryPaths.kit(saved.id));
  };
  const createKit = useMutation(InventoryService.method.createKit, { onSuccess: (response) => onSaved(response.kit) });
  const updateKit = useMutation(InventoryService.method.updateKit, { onSuccess: (response) => onSaved(response.kit) });
  const mutation = kit ? updateKit : createKit;

  const rate = parseDecimal(dayRate, currencyMinorDigits(currency), locale);
  const errors: Record<string, string> = {};
  if (code.trim() === "") errors.code = "inventory.validation.required";
  else if (!codePattern.test(code.trim())) errors.code = "inventory.validation.codePattern";
  if (name.trim() === "") errors.name = "inventory.validation.required";
  if (pricing === KitPricing.AS_UNIT && rate === undefined) errors.dayRate = "inventory.validation.amount";
  if (items.length === 0) errors.items = "inventory.kits.needsItem";
  const seen = new Set<string>();
  items.forEach((row, index) => {
    if (!row.productId) errors[`items.${index}.product`] = "inventory.validation.required";
    else if (seen.has(row.productId)) errors[`items.${index}.product`] = "inventory.validation.duplicate";
    seen.add(row.productId);
    const quantity = parseCount(row.quantity);
    if (quantity === undefined || quantity < 1 || quantity > 10_000) errors[`items.${index}.quantity`] = "inventory.validation.quantity";
  });
  const shown = (key: string) => (submitted && errors[key] ? t(errors[key]) : undefined);
  const update = (index: number, patch: Partial<ItemRow>) => {
    setItems((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  };

  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length > 0) return;
    const input = {
      code: code.trim(),
      name: name.trim(),
      description: description.trim(),
      pricing,
      dayRate: pricing === KitPricing.AS_UNIT ? create(MoneySchema, { amountMinor: rate ?? 0n, currency }) : undefined,
      items: items.map((row) => create(KitItemSchema, { productId: row.productId, quantity: parseCount(row.quantity) ?? 1, optional: row.optional })),
      archived,
    };
    if (kit) updateKit.mutate({ kitId: kit.id, version: kit.version, kit: input });
    else createKit.mutate({ kit: input });
  }

  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={mutation.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("inventory.fields.code")} required dir="ltr" value={code} error={shown("code")} onChange={(event) => { setCode(event.currentTarget.value); }} />
          <TextInput label={t("inventory.fields.name")} required value={name} error={shown("name")} onChange={(event) => { setName(event.currentTarget.value); }} />
        </SimpleGrid>
        <Textarea label={t("inventory.fields.description")} autosize minRows={2} value={description} onChange={(event) => { setDescription(event.currentTarget.value); }} />
        <Input.Wrapper label={t("inventory.kits.pricing")} description={t(pricing === KitPricing.AS_UNIT ? "inventory.kits.asUnitHint" : "inventory.kits.perItemHint")}>
          <SegmentedControl
            fullWidth
            mt={4}
            aria-label={t("inventory.kits.pricing")}
            value={String(pricing)}
            onChange={(value) => { setPricing(enumOf([KitPricing.PER_ITEM, KitPricing.AS_UNIT], value, pricing)); }}
            data={[KitPricing.PER_ITEM, KitPricing.AS_UNIT].map((value) => ({ value: String(value), label: kitPricingLabel(t, value) }))}
          />
        </Input.Wrapper>
        {pricing === KitPricing.AS_UNIT ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t("inventory.fields.dayRate")}
              inputMode="decimal"
              dir="ltr"
              rightSection={<Text size="xs" c="dimmed">{currency}</Text>}
              rightSectionWidth={48}
              value={dayRate}
              error={shown("dayRate")}
              onChange={(event) => { setDayRate(event.currentTarget.value); }}
            />
            <CurrencySelect label={t("inventory.fields.currency")} value={currency} onChange={setCurrency} />
          </SimpleGrid>
        ) : null}
        <Input.Wrapper label={t("inventory.kits.items")} error={shown("items")}>
          <Stack gap="xs" mt={4}>
            {items.map((row, index) => (
              <Group key={index} gap="xs" align="flex-start" wrap="wrap">
                <div style={{ flex: "1 1 14rem", minWidth: 0 }}>
                  <ProductPicker
                    label={t("inventory.kits.item", { number: index + 1 })}
                    value={row.productId}
                    valueLabel={row.productName}
                    excludeIds={items.map((item) => item.productId)}
                    error={shown(`items.${index}.product`)}
                    onChange={(productId, productName) => { update(index, { productId, productName }); }}
                  />
                </div>
                <TextInput
                  w={90}
                  label={t("inventory.fields.quantity")}
                  inputMode="numeric"
                  dir="ltr"
                  value={row.quantity}
                  error={shown(`items.${index}.quantity`)}
                  onChange={(event) => { update(index, { quantity: event.currentTarget.value }); }}
                />
                <Checkbox mt={34} label={t("inventory.kits.optional")} checked={row.optional} onChange={(event) => { update(index, { optional: event.currentTarget.checked }); }} />
                <CloseButton
                  mt={28}
                  aria-label={t("inventory.kits.removeItem", { number: index + 1 })}
                  onClick={() => { setItems((rows) => rows.filter((_, i) => i !== index)); }}
                />
              </Group>
            ))}
            <Group>
              <Button size="xs" variant="light" onClick={() => { setItems((rows) => [...rows, { productId: "", productName: "", quantity: "1", optional: false }]); }}>
                {t("inventory.kits.addItem")}
              </Button>
            </Group>
          </Stack>
        </Input.Wrapper>
        {kit ? <Switch label={t("inventory.kits.archived")} checked={archived} onChange={(event) => { setArchived(event.currentTarget.checked); }} /> : null}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {kit ? t("common.save") : t("inventory.kits.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function KitFormModal({ opened, kit, onClose }: { opened: boolean; kit?: Kit; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={opened} onClose={onClose} title={kit ? t("inventory.kits.editTitle") : t("inventory.kits.createTitle")} size="xl">
      {opened ? <KitForm key={kit ? `${kit.id}:${kit.version}` : "new"} kit={kit} onClose={onClose} /> : null}
    </AppModal>
  );
}
