import { skipToken, useMutation, useQuery } from "@connectrpc/connect-query";
import { EventStatus, OverbookingPolicy, PlanningService, type Event, type Shortage } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Alert, Button, Group, List, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { useCan, useUserFormat } from "../auth/current-user.js";
import { errorReason } from "../errors.js";
import { formatNumber } from "../format.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { allowedTransitions, confirms, statusLabel, transitionLabel } from "./labels.js";
import { errorMetadata } from "./lookups.js";

function transitionColor(to: EventStatus): string | undefined {
  if (to === EventStatus.CANCELLED) return "red";
  if (to === EventStatus.CONFIRMED || to === EventStatus.PREPPED || to === EventStatus.OUT || to === EventStatus.RETURNED || to === EventStatus.CLOSED) return undefined;
  return "gray";
}

/** One shortage in words: "Moving head spot: 4 short (needs 24, 20 available)". */
export function ShortageLine({ productName, needed, available, short }: { productName: string; needed: number; available: number; short: number }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  return (
    <Text size="sm">
      {t("planning.shortages.line", {
        product: productName,
        short: formatNumber(short, locale),
        needed: formatNumber(needed, locale),
        available: formatNumber(available, locale),
      })}
    </Text>
  );
}

export function ShortageList({ shortages }: { shortages: readonly Shortage[] }) {
  return (
    <List spacing={2} size="sm">
      {shortages.map((shortage) => (
        <List.Item key={shortage.productId}>
          <ShortageLine productName={shortage.productName} needed={shortage.needed} available={shortage.available} short={shortage.short} />
        </List.Item>
      ))}
    </List>
  );
}

/** The server refused to confirm (policy BLOCK): which product, how many are missing. */
function BlockedByShortage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const { locale } = useUserFormat();
  const meta = errorMetadata(error);
  const others = Number(meta.shortages ?? "1") - 1;
  return (
    <Alert color="red" variant="light" role="alert" title={t("planning.status.blockedTitle")}>
      <Stack gap={4}>
        <ShortageLine productName={meta.productName ?? ""} needed={Number(meta.needed ?? 0)} available={Number(meta.available ?? 0)} short={Number(meta.short ?? 0)} />
        {others > 0 ? <Text size="sm">{t("planning.status.blockedMore", { count: others, value: formatNumber(others, locale) })}</Text> : null}
        <Text size="sm">{t("planning.status.blockedHint")}</Text>
      </Stack>
    </Alert>
  );
}

function ChangeStatusForm({
  event,
  to,
  onClose,
  onChanged,
}: {
  event: Event;
  to: EventStatus;
  onClose: () => void;
  onChanged: (event: Event, shortages: readonly Shortage[]) => void;
}) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const [reason, setReason] = useState("");
  const checking = confirms(event.status, to);
  // Before confirming: what is short now, and what the policy will do about it.
  const shortages = useQuery(PlanningService.method.listShortages, checking ? { eventId: event.id } : skipToken);
  const settings = useQuery(PlanningService.method.getPlanningSettings, checking ? {} : skipToken);
  const change = useMutation(PlanningService.method.changeEventStatus, {
    onSuccess: async (response) => {
      await invalidate(
        PlanningService.method.getEvent,
        PlanningService.method.listEvents,
        PlanningService.method.getPullList,
        PlanningService.method.listShortages,
        PlanningService.method.listEventHistory,
        PlanningService.method.getProductTimeline,
      );
      if (response.event) onChanged(response.event, response.shortages);
      onClose();
    },
  });
  const blocked = errorReason(change.error) === "SHORTAGE";
  const short = shortages.data?.shortages ?? [];
  const policy = settings.data?.settings?.overbookingPolicy ?? OverbookingPolicy.UNSPECIFIED;
  return (
    <Stack gap="sm">
      <Text size="sm">
        {t("planning.status.confirmText", { number: event.number, from: statusLabel(t, event.status), to: statusLabel(t, to) })}
      </Text>
      {checking && short.length > 0 ? (
        <Alert color={policy === OverbookingPolicy.BLOCK ? "red" : "orange"} variant="light" title={t("planning.status.shortNow", { count: short.length })}>
          <Stack gap={4}>
            <ShortageList shortages={short} />
            <Text size="sm">{policy === OverbookingPolicy.BLOCK ? t("planning.status.policyBlock") : t("planning.status.policyWarn")}</Text>
          </Stack>
        </Alert>
      ) : null}
      {blocked ? <BlockedByShortage error={change.error} /> : <ErrorAlert error={change.error} />}
      <Textarea
        label={t("planning.status.reason")}
        placeholder={t("planning.status.reasonPlaceholder")}
        autosize
        minRows={2}
        maxRows={5}
        value={reason}
        onChange={(changeEvent) => { setReason(changeEvent.currentTarget.value); }}
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t("common.cancel")}
        </Button>
        <Button
          color={transitionColor(to)}
          loading={change.isPending}
          onClick={() => { change.mutate({ eventId: event.id, version: event.version, status: to, reason: reason.trim() }); }}
        >
          {transitionLabel(t, event.status, to)}
        </Button>
      </Group>
    </Stack>
  );
}

/** Buttons for the statuses this event may move to, and nothing else. */
export function StatusActions({ event, onChanged }: { event: Event; onChanged: (event: Event, shortages: readonly Shortage[]) => void }) {
  const { t } = useTranslation();
  const canManage = useCan("planning.manage");
  const [target, setTarget] = useState<EventStatus | undefined>();
  const allowed = allowedTransitions(event.status, event.isTemplate);
  if (!canManage || allowed.length === 0) return null;
  return (
    <>
      <Group gap="xs" role="group" aria-label={t("planning.status.actions")}>
        {allowed.map((to) => (
          <Button
            key={to}
            size="sm"
            variant={transitionColor(to) === undefined ? "filled" : "light"}
            color={transitionColor(to)}
            onClick={() => { setTarget(to); }}
          >
            {transitionLabel(t, event.status, to)}
          </Button>
        ))}
      </Group>
      <AppModal
        opened={target !== undefined}
        onClose={() => { setTarget(undefined); }}
        title={target !== undefined ? t("planning.status.confirmTitle", { action: transitionLabel(t, event.status, target), number: event.number }) : ""}
      >
        {target !== undefined ? (
          <ChangeStatusForm event={event} to={target} onClose={() => { setTarget(undefined); }} onChanged={onChanged} />
        ) : null}
      </AppModal>
    </>
  );
}
