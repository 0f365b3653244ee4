// Companies: one search box over companies and contacts (typo-tolerant), a
// role filter, and "New company".
import { useInfiniteQuery, useQuery } from "@connectrpc/connect-query";
import { CompanyRole, CRMService, CrmHitKind, type Company } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Badge, Button, Group, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan } from "../auth/current-user.js";
import { AppLink, CenteredLoader, LoadMore } from "../inventory/ui.js";
import { DataTable, type Column } from "../ui/data-table.js";
import { EmptyState } from "../ui/empty-state.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";
import { CompanyFormModal } from "./company-form.js";
import { companyRoles, roleLabel } from "./labels.js";
import { crmPaths } from "./paths.js";

export function RoleBadges({ roles }: { roles: readonly CompanyRole[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {roles.map((role) => (
        <Badge key={role} size="sm" variant="light" tt="none" color={role === CompanyRole.CLIENT ? "blue" : role === CompanyRole.SUPPLIER ? "orange" : "grape"}>
          {roleLabel(t, role)}
        </Badge>
      ))}
    </Group>
  );
}

function SearchResults({ query }: { query: string }) {
  const { t } = useTranslation();
  const hits = useQuery(CRMService.method.searchCRM, { query, limit: 30 });
  if (hits.isPending) return <CenteredLoader />;
  const list = hits.data?.hits ?? [];
  if (list.length === 0) return <EmptyState title={t("crm.companies.noMatches")} />;
  return (
    <Stack gap="xs" aria-label={t("crm.companies.results")}>
      {list.map((hit) => (
        <Group key={`${hit.kind}:${hit.id}`} gap="xs" wrap="nowrap">
          <Badge size="sm" variant="outline" tt="none" color={hit.kind === CrmHitKind.CONTACT ? "teal" : "blue"}>
            {hit.kind === CrmHitKind.CONTACT ? t("crm.companies.contactHit") : t("crm.companies.companyHit")}
          </Badge>
          <Stack gap={0} miw={0}>
            <AppLink to={crmPaths.company(hit.companyId)} fw={500}>{hit.title}</AppLink>
            <Text size="xs" c="dimmed" truncate>{hit.subtitle}</Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

export function CompaniesPage() {
  const { t } = useTranslation();
  const canManage = useCan("crm.manage");
  const [search, setSearch] = useState("");
  const [query] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState("0");
  const [creating, setCreating] = useState(false);
  const companies = useInfiniteQuery(
    CRMService.method.listCompanies,
    { role: companyRoles.find((r) => String(r) === role) ?? CompanyRole.UNSPECIFIED, pageSize: 50, pageToken: "" },
    { pageParamKey: "pageToken", getNextPageParam: (page) => page.nextPageToken || undefined },
  );
  const rows = companies.data?.pages.flatMap((page) => page.companies) ?? [];
  const columns: Column<Company>[] = [
    { key: "name", header: t("crm.fields.name"), mobile: "title", render: (c) => <AppLink to={crmPaths.company(c.id)} fw={500}>{c.name}</AppLink> },
    { key: "roles", header: t("crm.fields.roles"), render: (c) => <RoleBadges roles={c.roles} /> },
    { key: "email", header: t("crm.fields.email"), render: (c) => <Text size="sm">{c.email || "—"}</Text> },
    { key: "contacts", header: t("crm.fields.contacts"), render: (c) => <Text size="sm">{c.contactCount}</Text> },
    { key: "tags", header: t("crm.fields.tags"), render: (c) => <Text size="sm">{c.tags.join(", ") || "—"}</Text> },
  ];
  return (
    <>
      <PageHeader
        title={t("crm.companies.title")}
        description={t("crm.companies.description")}
        actions={canManage ? <Button onClick={() => { setCreating(true); }}>{t("crm.company.new")}</Button> : undefined}
      />
      <Stack gap="md">
        <TextInput type="search" label={t("crm.companies.search")} placeholder={t("crm.companies.searchPlaceholder")} value={search} onChange={(e) => { setSearch(e.currentTarget.value); }} />
        {query !== "" ? (
          <SearchResults query={query} />
        ) : (
          <>
            <SegmentedControl
              value={role}
              onChange={setRole}
              aria-label={t("crm.fields.roles")}
              data={[{ value: "0", label: t("crm.companies.allRoles") }, ...companyRoles.map((r) => ({ value: String(r), label: roleLabel(t, r) }))]}
              style={{ alignSelf: "start" }}
            />
            <ErrorAlert error={companies.error} />
            {companies.isPending ? <CenteredLoader /> : rows.length === 0 ? <EmptyState title={t("crm.companies.empty")}>{t("crm.companies.emptyHint")}</EmptyState> : <DataTable rows={rows} columns={columns} rowKey={(c) => c.id} label={t("crm.companies.title")} />}
            <LoadMore hasMore={companies.hasNextPage} loading={companies.isFetchingNextPage} onLoad={() => { void companies.fetchNextPage(); }} />
          </>
        )}
      </Stack>
      {creating ? <CompanyFormModal opened onClose={() => { setCreating(false); }} /> : null}
    </>
  );
}
