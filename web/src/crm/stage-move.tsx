// Moving a deal to another stage: a select that works everywhere (phones,
// keyboards, screen readers), asking for the reason when the deal is lost.
import { useMutation } from "@connectrpc/connect-query";
import { CRMService, PipelineStageKind, type Deal, type PipelineStage } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";

/** Moves a deal (asking for a lost reason first when needed); `pending` is the stage waiting for that reason. */
export function useMoveDeal() {
  const invalidate = useInvalidate();
  const move = useMutation(CRMService.method.moveDeal);
  const [pending, setPending] = useState<{ deal: Deal; stage: PipelineStage } | undefined>();
  const run = async (deal: Deal, stage: PipelineStage, lostReason = "") => {
    await move.mutateAsync({ dealId: deal.id, version: deal.version, stageId: stage.id, lostReason });
    setPending(undefined);
    await invalidate(CRMService.method.listDeals, CRMService.method.getDeal, CRMService.method.getCompany);
  };
  const request = (deal: Deal, stage: PipelineStage) => {
    if (stage.id === deal.stageId) return;
    if (stage.kind === PipelineStageKind.LOST) setPending({ deal, stage });
    else void run(deal, stage).catch(() => undefined);
  };
  return { request, run, pending, cancel: () => { setPending(undefined); }, error: move.error, isPending: move.isPending };
}

export function StageSelect({ deal, stages, onMove, label }: { deal: Deal; stages: readonly PipelineStage[]; onMove: (stage: PipelineStage) => void; label: string }) {
  return (
    <Select
      size="xs"
      aria-label={label}
      data={stages.map((s) => ({ value: s.id, label: s.name }))}
      value={deal.stageId}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      onChange={(id) => {
        const stage = stages.find((s) => s.id === id);
        if (stage) onMove(stage);
      }}
    />
  );
}

export function LostReasonModal({ mover }: { mover: ReturnType<typeof useMoveDeal> }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const pending = mover.pending;
  return (
    <AppModal opened={pending !== undefined} onClose={mover.cancel} title={t("crm.deal.lostTitle")} size="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (pending && reason.trim() !== "") void mover.run(pending.deal, pending.stage, reason.trim()).then(() => { setReason(""); }).catch(() => undefined);
        }}
      >
        <Stack gap="sm">
          <ErrorAlert error={mover.error} />
          <TextInput label={t("crm.fields.lostReason")} required data-autofocus value={reason} onChange={(e) => { setReason(e.currentTarget.value); }} />
          <Group justify="flex-end">
            <Button variant="default" onClick={mover.cancel}>{t("common.cancel")}</Button>
            <Button type="submit" color="red" disabled={reason.trim() === ""} loading={mover.isPending}>{t("crm.deal.markLost")}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
