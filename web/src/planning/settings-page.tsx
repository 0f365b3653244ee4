import { useMutation, useQuery } from "@connectrpc/connect-query";
import { OverbookingPolicy, PlanningService, type CategoryBuffers, type PlanningSettings } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatNumber } from "../format.js";
import { CenteredLoader } from "../inventory/ui.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { PageHeader } from "../ui/page-header.js";

const maxMinutes = 20160;

/** Whole minutes within 0–14 days, or undefined. */
function minutesOf(value: number | string): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= maxMinutes ? value : undefined;
}

function GeneralSettings({ settings, canEdit }: { settings: PlanningSettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [policy, setPolicy] = useState(settings.overbookingPolicy === OverbookingPolicy.WARN ? OverbookingPolicy.WARN : OverbookingPolicy.BLOCK);
  const [prefix, setPrefix] = useState(settings.eventNumberPrefix);
  const [before, setBefore] = useState<number | string>(settings.bufferBeforeMinutes);
  const [after, setAfter] = useState<number | string>(settings.bufferAfterMinutes);
  const [saved, setSaved] = useState(false);
  const update = useMutation(PlanningService.method.updatePlanningSettings, {
    onSuccess: async () => {
      await invalidate(PlanningService.method.getPlanningSettings, PlanningService.method.listCategoryBuffers);
      setSaved(true);
    },
  });
  const prefixError = /^[A-Za-z0-9-]{0,16}$/.test(prefix) ? undefined : t("planning.settings.prefixInvalid");
  const beforeMinutes = minutesOf(before);
  const afterMinutes = minutesOf(after);
  function submit(formEvent: SyntheticEvent) {
    formEvent.preventDefault();
    if (prefixError || beforeMinutes === undefined || afterMinutes === undefined) return;
    setSaved(false);
    update.mutate({ overbookingPolicy: policy, eventNumberPrefix: prefix, bufferBeforeMinutes: beforeMinutes, bufferAfterMinutes: afterMinutes });
  }
  return (
    <Paper withBorder p="md" radius="md" component="form" noValidate onSubmit={submit} aria-label={t("planning.settings.general")}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t("planning.settings.general")}
        </Title>
        <ErrorAlert error={update.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("planning.settings.policy")}
            disabled={!canEdit}
            allowDeselect={false}
            data={[
              { value: String(OverbookingPolicy.BLOCK), label: t("planning.settings.policyBlock") },
              { value: String(OverbookingPolicy.WARN), label: t("planning.settings.policyWarn") },
            ]}
            value={String(policy)}
            onChange={(value) => { setPolicy(value === String(OverbookingPolicy.WARN) ? OverbookingPolicy.WARN : OverbookingPolicy.BLOCK); }}
          />
          <TextInput label={t("planning.settings.prefix")} dir="ltr" disabled={!canEdit} value={prefix} error={prefixError} onChange={(change) => { setPrefix(change.currentTarget.value); }} />
          <NumberInput
            label={t("planning.settings.bufferBefore")}
            description={t("planning.settings.minutesHint")}
            dir="ltr"
            min={0}
            max={maxMinutes}
            allowDecimal={false}
            disabled={!canEdit}
            value={before}
            error={beforeMinutes === undefined ? t("planning.settings.minutesInvalid") : undefined}
            onChange={setBefore}
          />
          <NumberInput
            label={t("planning.settings.bufferAfter")}
            description={t("planning.settings.minutesHint")}
            dir="ltr"
            min={0}
            max={maxMinutes}
            allowDecimal={false}
            disabled={!canEdit}
            value={after}
            error={afterMinutes === undefined ? t("planning.settings.minutesInvalid") : undefined}
            onChange={setAfter}
          />
        </SimpleGrid>
        {canEdit ? (
          <Group justify="flex-end" gap="sm">
            <Text size="sm" c="dimmed" aria-live="polite">
              {saved ? t("planning.settings.saved") : ""}
            </Text>
            <Button type="submit" loading={update.isPending}>
              {t("planning.places.save")}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function depthOf(category: CategoryBuffers, byId: ReadonlyMap<string, CategoryBuffers>): number {
  let depth = 0;
  let parent = byId.get(category.parentId);
  const seen = new Set<string>();
  while (parent && !seen.has(parent.categoryId)) {
    seen.add(parent.categoryId);
    depth += 1;
    parent = byId.get(parent.parentId);
  }
  return depth;
}

function BufferRow({ category, depth, sourceName, canEdit }: { category: CategoryBuffers; depth: number; sourceName: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const invalidate = useInvalidate();
  const [editing, setEditing] = useState(false);
  const [before, setBefore] = useState<number | string>(category.own?.beforeMinutes ?? category.effective?.beforeMinutes ?? 0);
  const [after, setAfter] = useState<number | string>(category.own?.afterMinutes ?? category.effective?.afterMinutes ?? 0);
  const refresh = async () => {
    await invalidate(PlanningService.method.listCategoryBuffers);
    setEditing(false);
  };
  const set = useMutation(PlanningService.method.setCategoryBuffers, { onSuccess: refresh });
  const clear = useMutation(PlanningService.method.clearCategoryBuffers, { onSuccess: refresh });
  const beforeMinutes = minutesOf(before);
  const afterMinutes = minutesOf(after);
  const minutes = (value: number | undefined) => t("planning.settings.minutes", { count: value ?? 0, value: formatNumber(value ?? 0, locale) });
  return (
    <Table.Tr>
      <Table.Td style={{ paddingInlineStart: `calc(var(--mantine-spacing-sm) + ${depth * 1.25}rem)` }}>
        <Text size="sm" fw={category.own ? 600 : 400}>
          {category.name}
        </Text>
      </Table.Td>
      {editing ? (
        <>
          <Table.Td>
            <NumberInput size="xs" w={110} dir="ltr" aria-label={t("planning.settings.bufferBeforeOf", { name: category.name })} min={0} max={maxMinutes} allowDecimal={false} value={before} onChange={setBefore} error={beforeMinutes === undefined} />
          </Table.Td>
          <Table.Td>
            <NumberInput size="xs" w={110} dir="ltr" aria-label={t("planning.settings.bufferAfterOf", { name: category.name })} min={0} max={maxMinutes} allowDecimal={false} value={after} onChange={setAfter} error={afterMinutes === undefined} />
          </Table.Td>
          <Table.Td>
            <Group gap={4} wrap="nowrap">
              <Button
                size="xs"
                loading={set.isPending}
                disabled={beforeMinutes === undefined || afterMinutes === undefined}
                onClick={() => { if (beforeMinutes !== undefined && afterMinutes !== undefined) set.mutate({ categoryId: category.categoryId, buffers: { beforeMinutes, afterMinutes } }); }}
              >
                {t("planning.places.save")}
              </Button>
              <Button size="xs" variant="default" onClick={() => { setEditing(false); }}>
                {t("common.cancel")}
              </Button>
            </Group>
            <ErrorAlert error={set.error} />
          </Table.Td>
        </>
      ) : (
        <>
          <Table.Td>
            <Text size="sm">{minutes(category.effective?.beforeMinutes)}</Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm">{minutes(category.effective?.afterMinutes)}</Text>
          </Table.Td>
          <Table.Td>
            <Group gap={4} wrap="nowrap" justify="space-between">
              <Text size="xs" c="dimmed">
                {category.own ? t("planning.settings.own") : t("planning.settings.inherited", { from: sourceName })}
              </Text>
              {canEdit ? (
                <Group gap={4} wrap="nowrap">
                  <Button size="xs" variant="default" aria-label={t("planning.settings.editOf", { name: category.name })} onClick={() => { setEditing(true); }}>
                    {t("planning.places.edit")}
                  </Button>
                  {category.own ? (
                    <Button size="xs" variant="subtle" loading={clear.isPending} aria-label={t("planning.settings.inheritOf", { name: category.name })} onClick={() => { clear.mutate({ categoryId: category.categoryId }); }}>
                      {t("planning.settings.inherit")}
                    </Button>
                  ) : null}
                </Group>
              ) : null}
            </Group>
            <ErrorAlert error={clear.error} />
          </Table.Td>
        </>
      )}
    </Table.Tr>
  );
}

function CategoryBufferTable({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const query = useQuery(PlanningService.method.listCategoryBuffers, {});
  const categories = query.data?.categories ?? [];
  const byId = new Map(categories.map((c) => [c.categoryId, c]));
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t("planning.settings.groupBuffers")}
        </Title>
        <Text size="sm" c="dimmed">
          {t("planning.settings.groupBuffersHint")}
        </Text>
        <ErrorAlert error={query.error} />
        {query.isPending ? (
          <CenteredLoader />
        ) : categories.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("planning.settings.noCategories")}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" aria-label={t("planning.settings.groupBuffers")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("planning.settings.category")}</Table.Th>
                  <Table.Th>{t("planning.settings.before")}</Table.Th>
                  <Table.Th>{t("planning.settings.after")}</Table.Th>
                  <Table.Th>{t("planning.settings.source")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {categories.map((category) => (
                  <BufferRow
                    key={category.categoryId}
                    category={category}
                    depth={depthOf(category, byId)}
                    sourceName={category.fromCategoryId ? (byId.get(category.fromCategoryId)?.name ?? "") : t("planning.settings.instance")}
                    canEdit={canEdit}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}

/** Planning settings: overbooking policy, event numbers, and turnaround buffers for the instance and per product group. */
export function PlanningSettingsPage() {
  const { t } = useTranslation();
  const canEdit = useCan("settings.manage");
  const settings = useQuery(PlanningService.method.getPlanningSettings, {});
  return (
    <>
      <PageHeader title={t("planning.settings.title")} description={t("planning.settings.description")} />
      <Stack gap="md">
        <ErrorAlert error={settings.error} />
        {settings.data?.settings ? <GeneralSettings settings={settings.data.settings} canEdit={canEdit} /> : settings.isPending ? <CenteredLoader /> : null}
        <CategoryBufferTable canEdit={canEdit} />
      </Stack>
    </>
  );
}
