// The pipeline board: one column per stage with its deals. On wide screens a
// deal card can be dragged to another column; everywhere (phones, keyboards)
// each card has a stage selector, and phones show one stage at a time.
import { useQuery } from "@connectrpc/connect-query";
import { CRMService, type Deal, type PipelineStage } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Badge, Button, Card, Group, ScrollArea, Select, Stack, Text, Title } from "@mantine/core";
import { useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatMoney, formatNumber } from "../format.js";
import { AppLink, CenteredLoader } from "../inventory/ui.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { useWideScreen } from "../ui/media.js";
import { PageHeader } from "../ui/page-header.js";
import { DealFormModal } from "./deal-form.js";
import { stageColor } from "./labels.js";
import { crmPaths } from "./paths.js";
import { LostReasonModal, StageSelect, useMoveDeal } from "./stage-move.js";

/** Sums per currency, e.g. "12.500,00 € · 3.000,00 $". */
function totals(deals: readonly Deal[], locale: string): string {
  const sums = new Map<string, bigint>();
  for (const d of deals) if (d.value) sums.set(d.value.currency, (sums.get(d.value.currency) ?? 0n) + d.value.amountMinor);
  return [...sums].map(([currency, amount]) => formatMoney(amount, currency, locale)).join(" · ");
}

function DealCard({ deal, stages, onMove, canManage }: { deal: Deal; stages: readonly PipelineStage[]; onMove: (stage: PipelineStage) => void; canManage: boolean }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  return (
    <Card
      withBorder
      padding="xs"
      radius="md"
      draggable={canManage}
      onDragStart={(e: DragEvent) => { e.dataTransfer.setData("text/x-deal", deal.id); }}
      data-testid={`deal-${deal.id}`}
    >
      <Stack gap={4}>
        <AppLink to={crmPaths.deal(deal.id)} fw={600}>{deal.title}</AppLink>
        <Text size="xs" c="dimmed">{[deal.companyName, deal.contactName].filter(Boolean).join(" · ")}</Text>
        <Group justify="space-between" gap={4}>
          <Text size="sm" fw={500}>{deal.value ? formatMoney(deal.value.amountMinor, deal.value.currency, locale) : ""}</Text>
          {deal.eventNumber ? <Badge size="xs" variant="outline" tt="none">{deal.eventNumber}</Badge> : null}
        </Group>
        {canManage ? <StageSelect deal={deal} stages={stages} onMove={onMove} label={t("crm.deal.stageOf", { title: deal.title })} /> : null}
      </Stack>
    </Card>
  );
}

export function PipelinePage() {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const wide = useWideScreen();
  const canManage = useCan("crm.manage");
  const stagesQuery = useQuery(CRMService.method.listPipelineStages, {});
  const dealsQuery = useQuery(CRMService.method.listDeals, { pageSize: 500 });
  const mover = useMoveDeal();
  const [creating, setCreating] = useState(false);
  const [shownStage, setShownStage] = useState<string | null>(null);
  const [over, setOver] = useState<string | undefined>();
  if (stagesQuery.isPending || dealsQuery.isPending) return <CenteredLoader />;
  const stages = stagesQuery.data?.stages ?? [];
  const deals = dealsQuery.data?.deals ?? [];
  const byStage = (id: string) => deals.filter((d) => d.stageId === id);
  const phoneStage = stages.find((s) => s.id === shownStage) ?? stages[0];
  const visible = wide ? stages : phoneStage ? [phoneStage] : [];

  const drop = (stage: PipelineStage) => (e: DragEvent) => {
    e.preventDefault();
    setOver(undefined);
    const deal = deals.find((d) => d.id === e.dataTransfer.getData("text/x-deal"));
    if (deal) mover.request(deal, stage);
  };

  return (
    <>
      <PageHeader
        title={t("crm.pipeline.title")}
        description={t("crm.pipeline.description")}
        actions={canManage ? <Button onClick={() => { setCreating(true); }}>{t("crm.deal.new")}</Button> : undefined}
      />
      <Stack gap="sm">
        <ErrorAlert error={stagesQuery.error ?? dealsQuery.error ?? mover.error} />
        {!wide ? (
          <Select
            label={t("crm.pipeline.showStage")}
            data={stages.map((s) => ({ value: s.id, label: `${s.name} (${formatNumber(byStage(s.id).length, locale)})` }))}
            value={phoneStage?.id ?? null}
            allowDeselect={false}
            onChange={setShownStage}
          />
        ) : null}
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="start" wrap="nowrap" gap="sm" role="list" aria-label={t("crm.pipeline.title")}>
            {visible.map((stage) => {
              const list = byStage(stage.id);
              return (
                <Stack
                  key={stage.id}
                  role="listitem"
                  aria-label={stage.name}
                  gap="xs"
                  p="xs"
                  w={wide ? 260 : "100%"}
                  miw={wide ? 260 : undefined}
                  style={{ borderRadius: 8, background: over === stage.id ? "var(--mantine-color-blue-light)" : "var(--mantine-color-default-hover)" }}
                  onDragOver={(e) => { e.preventDefault(); setOver(stage.id); }}
                  onDragLeave={() => { setOver(undefined); }}
                  onDrop={drop(stage)}
                >
                  <Group justify="space-between" gap={4}>
                    <Title order={5}>{stage.name}</Title>
                    <Badge size="sm" variant="light" color={stageColor(stage.kind)}>{`${formatNumber(stage.winProbability, locale)} %`}</Badge>
                  </Group>
                  <Text size="xs" c="dimmed">{t("crm.pipeline.count", { count: list.length, value: formatNumber(list.length, locale) })}{list.length ? ` · ${totals(list, locale)}` : ""}</Text>
                  {list.map((deal) => <DealCard key={deal.id} deal={deal} stages={stages} canManage={canManage} onMove={(s) => { mover.request(deal, s); }} />)}
                </Stack>
              );
            })}
          </Group>
        </ScrollArea>
      </Stack>
      <LostReasonModal mover={mover} />
      {creating ? <DealFormModal opened onClose={() => { setCreating(false); }} /> : null}
    </>
  );
}
