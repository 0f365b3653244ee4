import { useQuery } from "@connectrpc/connect-query";
import { InventoryService, type TrackingMode } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Select, TreeSelect } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useCategories, useLocations } from "./lookups.js";

interface PickerProps {
  label: string;
  value: string;
  onChange: (id: string, label: string) => void;
  /** Shown for `value` before the first search returns it (e.g. a saved accessory's name). */
  valueLabel?: string;
  error?: string;
  required?: boolean;
  description?: string;
}

function useServerSearch(valueLabel: string | undefined) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // Selecting an option puts its label into the box: that is not a new search.
  const query = debounced === valueLabel ? "" : debounced;
  return { search, setSearch, query };
}

export function productOptionLabel(product: { name: string; code: string }): string {
  return `${product.name} (${product.code})`;
}

/** Finds a product by name or code on the server as the user types. */
export function ProductPicker({
  excludeIds = [],
  tracking,
  ...props
}: PickerProps & { excludeIds?: readonly string[]; tracking?: TrackingMode }) {
  const { t } = useTranslation();
  const { search, setSearch, query } = useServerSearch(props.valueLabel);
  const products = useQuery(InventoryService.method.listProducts, { query, pageSize: 25, ...(tracking ? { tracking } : {}) });
  const data = useMemo(() => {
    const options = (products.data?.products ?? [])
      .filter((product) => product.id === props.value || !excludeIds.includes(product.id))
      .map((product) => ({ value: product.id, label: productOptionLabel(product) }));
    if (props.value && !options.some((option) => option.value === props.value)) {
      options.unshift({ value: props.value, label: props.valueLabel ?? props.value });
    }
    return options;
  }, [products.data, props.value, props.valueLabel, excludeIds]);
  return (
    <Select
      label={props.label}
      description={props.description}
      required={props.required}
      error={props.error}
      placeholder={t("inventory.pickers.productPlaceholder")}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={data}
      value={props.value || null}
      onChange={(id, option) => { props.onChange(id ?? "", option?.label ?? ""); }}
      nothingFoundMessage={products.isFetching ? t("common.loading") : t("common.nothingFound")}
      maxDropdownHeight={280}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Finds an asset by tag or serial number. */
export function AssetPicker(props: PickerProps) {
  const { t } = useTranslation();
  const { search, setSearch, query } = useServerSearch(props.valueLabel);
  const assets = useQuery(InventoryService.method.listAssets, { query, pageSize: 25 });
  const data = useMemo(() => {
    const options = (assets.data?.assets ?? []).map((asset) => ({ value: asset.id, label: `${asset.tag} · ${asset.productName}` }));
    if (props.value && !options.some((option) => option.value === props.value)) {
      options.unshift({ value: props.value, label: props.valueLabel ?? props.value });
    }
    return options;
  }, [assets.data, props.value, props.valueLabel]);
  return (
    <Select
      label={props.label}
      description={props.description}
      required={props.required}
      error={props.error}
      placeholder={t("inventory.pickers.assetPlaceholder")}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={data}
      value={props.value || null}
      onChange={(id, option) => { props.onChange(id ?? "", option?.label ?? ""); }}
      nothingFoundMessage={assets.isFetching ? t("common.loading") : t("common.nothingFound")}
      maxDropdownHeight={280}
    />
  );
}

export function LocationSelect({
  label,
  value,
  onChange,
  error,
  required,
  clearable,
  excludeIds = [],
  description,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  error?: string;
  required?: boolean;
  clearable?: boolean;
  excludeIds?: readonly string[];
  description?: string;
}) {
  const { t } = useTranslation();
  const locations = useLocations();
  return (
    <Select
      label={label}
      description={description}
      required={required}
      error={error}
      searchable
      clearable={clearable}
      clearButtonProps={{ "aria-label": t("common.clear") }}
      data={locations.options.filter((option) => !excludeIds.includes(option.value))}
      value={value || null}
      onChange={(id) => { onChange(id ?? ""); }}
      nothingFoundMessage={locations.isPending ? t("common.loading") : t("inventory.pickers.noLocations")}
      maxDropdownHeight={280}
    />
  );
}

export function CategorySelect({
  label,
  value,
  onChange,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (id: string) => void;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const categories = useCategories();
  return (
    <TreeSelect
      label={label}
      placeholder={placeholder}
      data={categories.tree}
      value={value || null}
      onChange={(id) => { onChange(id ?? ""); }}
      searchable
      clearable
      clearButtonProps={{ "aria-label": t("common.clear") }}
      defaultExpandAll
      nothingFoundMessage={t("common.nothingFound")}
      chevronAriaLabels={{ expand: t("inventory.pickers.expand"), collapse: t("inventory.pickers.collapse") }}
      maxDropdownHeight={300}
    />
  );
}

const commonCurrencies = ["EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CZK", "AED", "SAR", "CAD", "AUD", "JPY"];

function currencyCodes(): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [];
  return [...commonCurrencies, ...all.filter((code) => !commonCurrencies.includes(code))];
}

export function CurrencySelect({ value, onChange, label }: { value: string; onChange: (code: string) => void; label: string }) {
  const { t, i18n } = useTranslation();
  const data = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: "currency" });
    return currencyCodes().map((code) => ({ value: code, label: `${code} · ${names.of(code) ?? code}` }));
  }, [i18n.language]);
  return (
    <Select
      label={label}
      searchable
      allowDeselect={false}
      data={data}
      value={value}
      onChange={(code) => { if (code) onChange(code); }}
      nothingFoundMessage={t("common.nothingFound")}
      maxDropdownHeight={260}
    />
  );
}
