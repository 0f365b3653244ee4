import { create } from "@bufbuild/protobuf";
import { skipToken, useMutation, useQuery } from "@connectrpc/connect-query";
import { InventoryService, SearchHitKind, type SearchHit } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { PlanningService, VenueInputSchema } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Badge, Group, Loader, Select, Stack, Text, type ComboboxItem, type ComboboxItemGroup } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { errorMessage } from "../errors.js";
import { CodeText, Highlighted } from "../inventory/ui.js";

const createValue = "__create__";

interface NamedOption {
  id: string;
  name: string;
}

/**
 * A searchable select over a short server list that can also create the item
 * typed: "Create “Acme Events”" appears when nothing matches exactly.
 */
function CreatableSelect({
  label,
  value,
  valueLabel,
  items,
  loading,
  search,
  onSearch,
  onChange,
  onCreate,
  creating,
  createError,
  canCreate,
  placeholder,
}: {
  label: string;
  value: string;
  valueLabel: string | undefined;
  items: readonly NamedOption[];
  loading: boolean;
  search: string;
  onSearch: (text: string) => void;
  onChange: (id: string, name: string) => void;
  onCreate: (name: string) => void;
  creating: boolean;
  createError: unknown;
  canCreate: boolean;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const typed = search.trim();
  const data = useMemo(() => {
    const options: ComboboxItem[] = items.map((item) => ({ value: item.id, label: item.name }));
    if (value && !options.some((option) => option.value === value)) options.unshift({ value, label: valueLabel ?? "…" });
    const exact = items.some((item) => item.name.localeCompare(typed, undefined, { sensitivity: "base" }) === 0);
    if (canCreate && typed !== "" && typed !== valueLabel && !exact) {
      options.push({ value: createValue, label: t("planning.form.createNamed", { name: typed }) });
    }
    return options;
  }, [items, value, valueLabel, typed, canCreate, t]);
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      clearable
      clearButtonProps={{ "aria-label": t("common.clear") }}
      searchValue={search}
      onSearchChange={onSearch}
      filter={({ options }) => options}
      data={data}
      value={value || null}
      onChange={(id, option) => {
        if (id === createValue) onCreate(typed);
        else onChange(id ?? "", id ? (option?.label ?? "") : "");
      }}
      rightSection={creating || loading ? <Loader size="xs" /> : undefined}
      error={createError ? errorMessage(t, createError) : undefined}
      nothingFoundMessage={loading ? t("common.loading") : t("common.nothingFound")}
      maxDropdownHeight={260}
    />
  );
}

function useTypedSearch(valueLabel: string | undefined) {
  const [search, setSearch] = useState(valueLabel ?? "");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // Picking an option puts its label into the box: that is not a new search.
  const query = debounced === valueLabel ? "" : debounced;
  return { search, setSearch, query };
}

interface EntityPickerProps {
  value: string;
  valueLabel?: string;
  onChange: (id: string, name: string) => void;
  canCreate: boolean;
}

export function ClientSelect({ value, valueLabel, onChange, canCreate }: EntityPickerProps) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const { search, setSearch, query } = useTypedSearch(valueLabel);
  const clients = useQuery(PlanningService.method.listClients, { query }, { placeholderData: keepPreviousData });
  const createClient = useMutation(PlanningService.method.createClient, {
    onSuccess: async (response) => {
      await invalidate(PlanningService.method.listClients);
      if (response.client) {
        setSearch(response.client.name);
        onChange(response.client.id, response.client.name);
      }
    },
  });
  return (
    <CreatableSelect
      label={t("planning.fields.client")}
      placeholder={t("planning.form.clientPlaceholder")}
      value={value}
      valueLabel={valueLabel}
      items={clients.data?.clients ?? []}
      loading={clients.isFetching}
      search={search}
      onSearch={setSearch}
      onChange={onChange}
      onCreate={(name) => { createClient.mutate({ name }); }}
      creating={createClient.isPending}
      createError={createClient.error}
      canCreate={canCreate}
    />
  );
}

export function VenueSelect({ value, valueLabel, onChange, canCreate }: EntityPickerProps) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const { search, setSearch, query } = useTypedSearch(valueLabel);
  const venues = useQuery(PlanningService.method.listVenues, { query }, { placeholderData: keepPreviousData });
  const createVenue = useMutation(PlanningService.method.createVenue, {
    onSuccess: async (response) => {
      await invalidate(PlanningService.method.listVenues);
      if (response.venue) {
        setSearch(response.venue.name);
        onChange(response.venue.id, response.venue.name);
      }
    },
  });
  return (
    <CreatableSelect
      label={t("planning.fields.venue")}
      placeholder={t("planning.form.venuePlaceholder")}
      value={value}
      valueLabel={valueLabel}
      items={venues.data?.venues ?? []}
      loading={venues.isFetching}
      search={search}
      onSearch={setSearch}
      onChange={onChange}
      onCreate={(name) => { createVenue.mutate({ venue: create(VenueInputSchema, { name }) }); }}
      creating={createVenue.isPending}
      createError={createVenue.error}
      canCreate={canCreate}
    />
  );
}

export function ProjectSelect({ value, valueLabel, onChange, canCreate }: EntityPickerProps) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const { search, setSearch, query } = useTypedSearch(valueLabel);
  const projects = useQuery(PlanningService.method.listProjects, { query }, { placeholderData: keepPreviousData });
  const createProject = useMutation(PlanningService.method.createProject, {
    onSuccess: async (response) => {
      await invalidate(PlanningService.method.listProjects);
      if (response.project) {
        setSearch(response.project.name);
        onChange(response.project.id, response.project.name);
      }
    },
  });
  return (
    <CreatableSelect
      label={t("planning.fields.project")}
      placeholder={t("planning.form.projectPlaceholder")}
      value={value}
      valueLabel={valueLabel}
      items={projects.data?.projects ?? []}
      loading={projects.isFetching}
      search={search}
      onSearch={setSearch}
      onChange={onChange}
      onCreate={(name) => { createProject.mutate({ name }); }}
      creating={createProject.isPending}
      createError={createProject.error}
      canCreate={canCreate}
    />
  );
}

/** What a planner can put on a pull list or look up: a product, a specific asset or a kit. */
export interface ItemChoice {
  kind: SearchHitKind;
  id: string;
  title: string;
  code: string;
}

export function itemValue(hit: Pick<SearchHit, "kind" | "id">): string {
  return `${hit.kind}:${hit.id}`;
}

function kindGroupLabel(t: (key: string) => string, kind: SearchHitKind): string {
  switch (kind) {
    case SearchHitKind.PRODUCT:
      return t("planning.picker.products");
    case SearchHitKind.ASSET:
      return t("planning.picker.assets");
    case SearchHitKind.KIT:
      return t("planning.picker.kits");
    case SearchHitKind.CASE:
      return t("planning.picker.cases");
    case SearchHitKind.UNSPECIFIED:
      return "";
  }
}

export function kindBadgeLabel(t: (key: string) => string, kind: SearchHitKind): string {
  switch (kind) {
    case SearchHitKind.PRODUCT:
      return t("planning.picker.product");
    case SearchHitKind.ASSET:
      return t("planning.picker.asset");
    case SearchHitKind.KIT:
      return t("planning.picker.kit");
    case SearchHitKind.CASE:
      return t("planning.picker.case");
    case SearchHitKind.UNSPECIFIED:
      return "";
  }
}

/**
 * Finds products, assets and kits with InventoryService.Search as the planner
 * types (codes, names, typos), grouped by kind; exact code hits first.
 */
export function ItemPicker({
  label,
  value,
  onChange,
  kinds = [SearchHitKind.PRODUCT, SearchHitKind.ASSET, SearchHitKind.KIT],
  error,
  autoFocus,
}: {
  label: string;
  value: ItemChoice | undefined;
  onChange: (choice: ItemChoice | undefined) => void;
  kinds?: readonly SearchHitKind[];
  error?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value?.title ?? "");
  const [debounced] = useDebouncedValue(search.trim(), 200);
  const query = value && debounced === value.title ? "" : debounced;
  const result = useQuery(InventoryService.method.search, query ? { query, kinds: [...kinds], limit: 25 } : skipToken, {
    placeholderData: keepPreviousData,
  });
  const hits = useMemo(() => (query ? (result.data?.hits ?? []) : []), [query, result.data]);
  const byValue = useMemo(() => new Map(hits.map((hit) => [itemValue(hit), hit])), [hits]);
  const data = useMemo(() => {
    const groups: ComboboxItemGroup<ComboboxItem>[] = [];
    for (const kind of kinds) {
      const items = hits
        .filter((hit) => hit.kind === kind)
        .sort((a, b) => Number(b.exact) - Number(a.exact))
        .map((hit) => ({ value: itemValue(hit), label: hit.title }));
      if (items.length > 0) groups.push({ group: kindGroupLabel(t, kind), items });
    }
    if (value && !hits.some((hit) => itemValue(hit) === itemValue(value))) {
      groups.unshift({ group: kindGroupLabel(t, value.kind), items: [{ value: itemValue(value), label: value.title }] });
    }
    return groups;
  }, [hits, kinds, value, t]);
  return (
    <Select
      label={label}
      placeholder={t("planning.picker.placeholder")}
      searchable
      autoFocus={autoFocus}
      error={error}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      data={data}
      value={value ? itemValue(value) : null}
      onChange={(selected) => {
        const hit = selected ? byValue.get(selected) : undefined;
        if (hit) onChange({ kind: hit.kind, id: hit.id, title: hit.title, code: hit.code });
        else if (!selected) onChange(undefined);
      }}
      renderOption={({ option }) => {
        const hit = byValue.get(option.value);
        if (!hit) return <Text size="sm">{option.label}</Text>;
        return (
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={500} truncate="end">
                <Highlighted text={hit.highlight || hit.title} />
              </Text>
              <Badge size="xs" variant="light" color={hit.kind === SearchHitKind.KIT ? "grape" : "gray"} tt="none" style={{ flexShrink: 0 }}>
                {kindBadgeLabel(t, hit.kind)}
              </Badge>
            </Group>
            <Text size="xs" c="dimmed" truncate="end">
              <CodeText size="xs">{hit.code}</CodeText>
              {hit.subtitle ? ` · ${hit.subtitle}` : ""}
            </Text>
          </Stack>
        );
      }}
      rightSection={result.isFetching ? <Loader size="xs" /> : undefined}
      nothingFoundMessage={query === "" ? t("planning.picker.typeToSearch") : result.isFetching ? t("common.loading") : t("common.nothingFound")}
      maxDropdownHeight={320}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
