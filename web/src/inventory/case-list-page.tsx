import { useInfiniteQuery, useMutation } from "@connectrpc/connect-query";
import { CaseKind, InventoryService, type Case } from "@eventkit/api/eventkit/v1/inventory_pb.js";
import { Badge, Button, Group, Input, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useCan } from "../auth/current-user.js";
import { AppModal } from "../ui/app-modal.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { CaseLink } from "./case-link.js";
import { caseKindLabel, enumOf } from "./labels.js";
import { useLocations } from "./lookups.js";
import { inventoryPaths } from "./paths.js";
import { LocationSelect } from "./pickers.js";
import { codePattern } from "./product-input.js";
import { AppLink, CenteredLoader, CodeText, LoadMore } from "./ui.js";

export function CaseKindField({ value, onChange }: { value: CaseKind; onChange: (kind: CaseKind) => void }) {
  const { t } = useTranslation();
  return (
    <Input.Wrapper label={t("inventory.cases.kind")} description={t(value === CaseKind.PERMANENT ? "inventory.cases.permanentHint" : "inventory.cases.temporaryHint")}>
      <SegmentedControl
        fullWidth
        mt={4}
        aria-label={t("inventory.cases.kind")}
        value={String(value)}
        onChange={(next) => { onChange(enumOf([CaseKind.TEMPORARY, CaseKind.PERMANENT], next, value)); }}
        data={[CaseKind.TEMPORARY, CaseKind.PERMANENT].map((kind) => ({ value: String(kind), label: caseKindLabel(t, kind) }))}
      />
    </Input.Wrapper>
  );
}

function CreateCaseForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [name, setName] = useState("");
  const [code, setCode] = useState("");
  const [kind, setKind] = useState(CaseKind.TEMPORARY);
  const [locationId, setLocationId] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const createCase = useMutation(InventoryService.method.createCase, {
    onSuccess: async (response) => {
      await invalidate(InventoryService.method.listCases, InventoryService.method.search);
      onClose();
      if (response.case) navigate(inventoryPaths.case(response.case.id));
    },
  });
  const errors: Record<string, string> = {};
  if (name.trim() === "") errors.name = "inventory.validation.required";
  if (code.trim() !== "" && !codePattern.test(code.trim())) errors.code = "inventory.validation.codePattern";
  if (!locationId) errors.location = "inventory.validation.required";
  const shown = (key: string) => (submitted && errors[key] ? t(errors[key]) : undefined);
  function submit(event: SyntheticEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(errors).length === 0) createCase.mutate({ name: name.trim(), code: code.trim(), kind, locationId });
  }
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <ErrorAlert error={createCase.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("inventory.fields.name")} required value={name} error={shown("name")} onChange={(event) => { setName(event.currentTarget.value); }} />
          <TextInput
            label={t("inventory.cases.barcode")}
            description={t("inventory.cases.barcodeHint")}
            dir="ltr"
            value={code}
            error={shown("code")}
            onChange={(event) => { setCode(event.currentTarget.value); }}
          />
        </SimpleGrid>
        <CaseKindField value={kind} onChange={setKind} />
        <LocationSelect label={t("inventory.fields.location")} required value={locationId} onChange={setLocationId} error={shown("location")} />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={createCase.isPending}>
            {t("inventory.cases.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CaseListPage() {
  const { t } = useTranslation();
  const canManage = useCan("inventory.manage");
  const locations = useLocations();
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 300);
  const [locationId, setLocationId] = useState("");
  const [creating, setCreating] = useState(false);
  const cases = useInfiniteQuery(
    InventoryService.method.listCases,
    { query, locationId, pageSize: 50, pageToken: "" },
    { pageParamKey: "pageToken", getNextPageParam: (page) => page.nextPageToken || undefined },
  );
  const rows = cases.data?.pages.flatMap((page) => page.cases) ?? [];
  const columns: Column<Case>[] = [
    {
      key: "name",
      header: t("inventory.fields.name"),
      mobile: "title",
      render: (item) => (
        <Stack gap={0}>
          <AppLink to={inventoryPaths.case(item.id)} fw={500}>
            {item.name}
          </AppLink>
          <Text size="xs" c="dimmed">
            <CodeText size="xs">{item.code}</CodeText>
          </Text>
        </Stack>
      ),
    },
    {
      key: "kind",
      header: t("inventory.cases.kind"),
      render: (item) => (
        <Badge variant="light" color={item.kind === CaseKind.PERMANENT ? "grape" : "blue"} tt="none">
          {caseKindLabel(t, item.kind)}
        </Badge>
      ),
    },
    { key: "location", header: t("inventory.fields.location"), render: (item) => <Text size="sm">{locations.pathOf(item.locationId) ?? "—"}</Text> },
    { key: "parent", header: t("inventory.cases.inside"), render: (item) => (item.parentCaseId ? <CaseLink caseId={item.parentCaseId} /> : "—") },
  ];
  return (
    <>
      <PageHeader
        title={t("inventory.cases.title")}
        description={t("inventory.cases.description")}
        actions={canManage ? <Button onClick={() => { setCreating(true); }}>{t("inventory.cases.add")}</Button> : undefined}
      />
      <Stack gap="md">
        <Group gap="md" align="end">
          <TextInput
            flex="1 1 14rem"
            type="search"
            label={t("inventory.cases.search")}
            placeholder={t("inventory.cases.searchPlaceholder")}
            value={search}
            onChange={(event) => { setSearch(event.currentTarget.value); }}
          />
          <div style={{ flex: "1 1 14rem" }}>
            <LocationSelect label={t("inventory.fields.location")} clearable value={locationId} onChange={setLocationId} />
          </div>
        </Group>
        <ErrorAlert error={cases.error} />
        {cases.isPending ? (
          <CenteredLoader />
        ) : rows.length === 0 ? (
          <EmptyState title={query || locationId ? t("inventory.cases.noMatches") : t("inventory.cases.empty")}>
            {query || locationId ? undefined : t("inventory.cases.emptyHint")}
          </EmptyState>
        ) : (
          <DataTable label={t("inventory.cases.title")} rows={rows} columns={columns} rowKey={(item) => item.id} />
        )}
        <LoadMore hasMore={cases.hasNextPage} loading={cases.isFetchingNextPage} onLoad={() => void cases.fetchNextPage()} />
      </Stack>
      <AppModal opened={creating} onClose={() => { setCreating(false); }} title={t("inventory.cases.createTitle")}>
        {creating ? <CreateCaseForm onClose={() => { setCreating(false); }} /> : null}
      </AppModal>
    </>
  );
}
