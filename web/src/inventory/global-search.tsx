import { skipToken, useQuery } from "@connectrpc/connect-query";
import { InventoryService, SearchHitKind, type SearchHit } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { ActionIcon, Badge, Combobox, Group, Loader, Stack, Text, TextInput, UnstyledButton, useCombobox } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { navigate } from "../app/router.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { useWideScreen } from "../ui/media.js";
import { searchKindLabel } from "./labels.js";
import { inventoryPaths } from "./paths.js";
import { CodeText, Highlighted } from "./ui.js";

export interface HitGroup {
  kind: SearchHitKind;
  hits: SearchHit[];
}

/**
 * Hits grouped by kind. Exact code hits come first: within a group, and the
 * groups holding one lead; otherwise groups keep the server's relevance order.
 */
export function groupHits(hits: readonly SearchHit[]): HitGroup[] {
  const groups = new Map<SearchHitKind, { hits: SearchHit[]; first: number }>();
  hits.forEach((hit, index) => {
    const group = groups.get(hit.kind);
    if (group) group.hits.push(hit);
    else groups.set(hit.kind, { hits: [hit], first: index });
  });
  const exactFirst = (a: SearchHit, b: SearchHit) => Number(b.exact) - Number(a.exact);
  return [...groups.entries()]
    .map(([kind, group]) => ({ kind, hits: [...group.hits].sort(exactFirst), first: group.first, exact: group.hits.some((hit) => hit.exact) }))
    .sort((a, b) => Number(b.exact) - Number(a.exact) || a.first - b.first)
    .map(({ kind, hits: sorted }) => ({ kind, hits: sorted }));
}

export function hitPath(hit: SearchHit): string {
  switch (hit.kind) {
    case SearchHitKind.PRODUCT:
      return inventoryPaths.product(hit.id);
    case SearchHitKind.ASSET:
      return inventoryPaths.asset(hit.id);
    case SearchHitKind.CASE:
      return inventoryPaths.case(hit.id);
    case SearchHitKind.KIT:
      return inventoryPaths.kit(hit.id);
    case SearchHitKind.UNSPECIFIED:
      return inventoryPaths.products;
  }
}

function useSearchHits(text: string) {
  const [query] = useDebouncedValue(text.trim(), 250);
  const result = useQuery(InventoryService.method.search, query ? { query, limit: 20 } : skipToken, { placeholderData: keepPreviousData });
  const hits = query ? (result.data?.hits ?? []) : [];
  return { query, hits, groups: groupHits(hits), loading: result.isFetching, error: result.error };
}

function HitContent({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Group gap={6} wrap="nowrap">
        <Text size="sm" fw={500} truncate="end">
          <Highlighted text={hit.highlight || hit.title} />
        </Text>
        {hit.exact ? (
          <Badge size="xs" color="teal" variant="light" tt="none" style={{ flexShrink: 0 }}>
            {t("inventory.search.exact")}
          </Badge>
        ) : null}
      </Group>
      <Text size="xs" truncate="end" style={{ opacity: 0.75 }}>
        <CodeText size="xs">{hit.code}</CodeText>
        {hit.subtitle ? ` · ${hit.subtitle}` : ""}
      </Text>
    </Stack>
  );
}

function SearchIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}

/** Desktop: a search field in the header with a dropdown of grouped results. */
function SearchBox() {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const { query, groups, hits, loading, error } = useSearchHits(text);
  const combobox = useCombobox({ onDropdownClose: () => { combobox.resetSelectedOption(); } });
  // Enter opens the best hit (an exact code hit when there is one).
  useEffect(() => {
    if (hits.length > 0) combobox.selectFirstOption();
  }, [hits, combobox]);
  const byKey = new Map(hits.map((hit) => [`${hit.kind}:${hit.id}`, hit]));
  return (
    <Combobox
      store={combobox}
      withinPortal
      position="bottom-start"
      width={420}
      onOptionSubmit={(value) => {
        const hit = byKey.get(value);
        if (!hit) return;
        setText("");
        combobox.closeDropdown();
        navigate(hitPath(hit));
      }}
    >
      <Combobox.Target>
        <TextInput
          w={{ sm: 260, md: 360 }}
          type="search"
          aria-label={t("inventory.search.label")}
          placeholder={t("inventory.search.placeholder")}
          leftSection={loading ? <Loader size={14} /> : <SearchIcon />}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            combobox.openDropdown();
          }}
          onFocus={() => { combobox.openDropdown(); }}
          onBlur={() => { combobox.closeDropdown(); }}
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              setText("");
              combobox.closeDropdown();
            }
          }}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={query === ""}>
        <Combobox.Options mah={460} style={{ overflowY: "auto" }} aria-label={t("inventory.search.results")}>
          {error ? <ErrorAlert error={error} /> : null}
          {groups.map((group) => (
            <Combobox.Group key={group.kind} label={searchKindLabel(t, group.kind)}>
              {group.hits.map((hit) => (
                <Combobox.Option key={`${hit.kind}:${hit.id}`} value={`${hit.kind}:${hit.id}`}>
                  <HitContent hit={hit} />
                </Combobox.Option>
              ))}
            </Combobox.Group>
          ))}
          {!loading && !error && hits.length === 0 ? <Combobox.Empty>{t("inventory.search.nothing")}</Combobox.Empty> : null}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

/** Phone: a search button that opens a full-screen search. */
function SearchSheet() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [text, setText] = useState("");
  const { query, groups, hits, loading, error } = useSearchHits(text);
  const close = () => {
    setOpened(false);
    setText("");
  };
  const go = (hit: SearchHit) => {
    close();
    navigate(hitPath(hit));
  };
  return (
    <>
      <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t("inventory.search.open")} onClick={() => { setOpened(true); }}>
        <SearchIcon />
      </ActionIcon>
      <AppModal opened={opened} onClose={close} title={t("inventory.search.title")}>
        <Stack gap="md">
          <TextInput
            type="search"
            data-autofocus
            aria-label={t("inventory.search.label")}
            placeholder={t("inventory.search.placeholder")}
            leftSection={loading ? <Loader size={14} /> : <SearchIcon />}
            value={text}
            onChange={(event) => { setText(event.currentTarget.value); }}
            onKeyDown={(event) => {
              const best = groups[0]?.hits[0];
              if (event.key === "Enter" && best) go(best);
            }}
          />
          <ErrorAlert error={error} />
          <Stack gap="md" aria-label={t("inventory.search.results")} role="region">
            {groups.map((group) => (
              <Stack key={group.kind} gap={4} role="group" aria-label={searchKindLabel(t, group.kind)}>
                <Text size="xs" c="dimmed" fw={700} tt="uppercase">
                  {searchKindLabel(t, group.kind)}
                </Text>
                {group.hits.map((hit) => (
                  <UnstyledButton
                    key={`${hit.kind}:${hit.id}`}
                    onClick={() => { go(hit); }}
                    p="xs"
                    style={{ borderRadius: "var(--mantine-radius-md)", border: "1px solid var(--mantine-color-default-border)" }}
                    data-testid="search-hit"
                  >
                    <HitContent hit={hit} />
                  </UnstyledButton>
                ))}
              </Stack>
            ))}
            {query !== "" && !loading && !error && hits.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("inventory.search.nothing")}
              </Text>
            ) : null}
          </Stack>
        </Stack>
      </AppModal>
    </>
  );
}

/** One box in the header for products, assets, cases and kits (typo-tolerant on the server). */
export function GlobalSearch() {
  return useWideScreen() ? <SearchBox /> : <SearchSheet />;
}
