// One deal: its stage (move it), details, the stage log, "Create event", and
// the activity timeline.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useQuery } from "@connectrpc/connect-query";
import { CRMService } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Badge, Button, Grid, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { formatDate, formatDateTime, formatMoney } from "../format.js";
import { AppLink, CenteredLoader, CodeText, DetailGrid } from "../inventory/ui.js";
import { planningPaths } from "../planning/paths.js";
import { QuoteList } from "../quotes/event-quotes.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { ActivityTimeline } from "./activity-timeline.js";
import { CreateEventModal } from "./create-event-modal.js";
import { DealFormModal } from "./deal-form.js";
import { stageColor } from "./labels.js";
import { crmPaths } from "./paths.js";
import { LostReasonModal, StageSelect, useMoveDeal } from "./stage-move.js";

export function DealPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { locale, timeZone } = useUserFormat();
  const canManage = useCan("crm.manage");
  const canPlan = useCan("planning.manage");
  const canSeeQuotes = useCan("quotes.read");
  const detail = useQuery(CRMService.method.getDeal, { dealId: id });
  const stages = useQuery(CRMService.method.listPipelineStages, {});
  const mover = useMoveDeal();
  const [editing, setEditing] = useState(false);
  const [creatingEvent, setCreatingEvent] = useState(false);
  if (detail.isPending) return <CenteredLoader />;
  const deal = detail.data?.deal;
  if (!deal) return <ErrorAlert error={detail.error} />;
  const stageList = stages.data?.stages ?? [];
  const stage = stageList.find((s) => s.id === deal.stageId);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="start">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2}>{deal.title}</Title>
            <Badge variant="light" color={stageColor(deal.stageKind)} tt="none">{stage?.name ?? ""}</Badge>
          </Group>
          <Text size="sm" c="dimmed"><CodeText>{deal.number}</CodeText></Text>
        </Stack>
        <Group gap="xs">
          {canManage ? <Button variant="default" onClick={() => { setEditing(true); }}>{t("common.edit")}</Button> : null}
          {deal.eventId ? (
            <Button component="a" href={planningPaths.event(deal.eventId)} variant="light">{t("crm.deal.openEvent", { number: deal.eventNumber })}</Button>
          ) : canManage && canPlan ? (
            <Button onClick={() => { setCreatingEvent(true); }}>{t("crm.deal.createEvent")}</Button>
          ) : null}
        </Group>
      </Group>
      <ErrorAlert error={mover.error} />
      {canManage ? (
        <Group gap="xs" maw={320}>
          <Text size="sm" fw={500}>{t("crm.fields.stage")}</Text>
          <div style={{ flex: 1 }}>
            <StageSelect deal={deal} stages={stageList} onMove={(s) => { mover.request(deal, s); }} label={t("crm.deal.stageOf", { title: deal.title })} />
          </div>
        </Group>
      ) : null}
      <Paper withBorder p="md" radius="md">
        <DetailGrid
          details={[
            { label: t("crm.fields.company"), value: <AppLink to={crmPaths.company(deal.companyId)}>{deal.companyName}</AppLink> },
            { label: t("crm.fields.contact"), value: deal.contactName },
            { label: t("crm.fields.value"), value: deal.value ? formatMoney(deal.value.amountMinor, deal.value.currency, locale) : "" },
            { label: t("crm.fields.probability"), value: stage ? `${stage.winProbability} %` : "" },
            { label: t("crm.fields.expectedClose"), value: deal.expectedCloseDate ? formatDate(deal.expectedCloseDate, locale) : "" },
            { label: t("crm.fields.owner"), value: deal.ownerName },
            { label: t("crm.fields.lostReason"), value: deal.lostReason },
            { label: t("crm.fields.event"), value: deal.eventId ? <AppLink to={planningPaths.event(deal.eventId)}>{deal.eventNumber}</AppLink> : "" },
          ]}
        />
        {deal.notes ? <Text size="sm" mt="sm" style={{ whiteSpace: "pre-wrap" }}>{deal.notes}</Text> : null}
      </Paper>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="md" radius="md">
            <Title order={4} mb="xs">{t("crm.deal.stageLog")}</Title>
            <Table.ScrollContainer minWidth={360}>
              <Table verticalSpacing={4} aria-label={t("crm.deal.stageLog")}>
                <Table.Tbody>
                  {(detail.data?.stageChanges ?? []).map((c, i) => (
                    <Table.Tr key={i}>
                      <Table.Td><Text size="xs" c="dimmed">{c.at ? formatDateTime(timestampDate(c.at), locale, timeZone) : ""}</Text></Table.Td>
                      <Table.Td><Text size="sm">{c.fromStageName ? `${c.fromStageName} → ${c.toStageName}` : t("crm.deal.createdIn", { stage: c.toStageName })}</Text></Table.Td>
                      <Table.Td><Text size="sm" c="red">{c.lostReason}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ActivityTimeline owner={{ dealId: deal.id }} />
        </Grid.Col>
      </Grid>
      {canSeeQuotes ? (
        <Paper withBorder p="md" radius="md" component="section" aria-label={t("quotes.title")}>
          <Title order={4} mb="xs">{t("quotes.title")}</Title>
          <QuoteList dealId={deal.id} />
        </Paper>
      ) : null}
      <LostReasonModal mover={mover} />
      {editing ? <DealFormModal opened deal={deal} onClose={() => { setEditing(false); }} /> : null}
      {creatingEvent ? <CreateEventModal opened deal={deal} onClose={() => { setCreatingEvent(false); }} /> : null}
    </Stack>
  );
}
