import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { useMutation } from "@connectrpc/connect-query";
import { PlanningService, type Event } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { shiftByDays, wallTime, zonedToInstant } from "./dates.js";
import { periodOf } from "./lookups.js";
import { planningPaths } from "./paths.js";

function CopyForm({ event, onClose }: { event: Event; onClose: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const zone = event.timeZone || undefined;
  const out = periodOf(event.outPeriod);
  const [start, setStart] = useState(() => (out ? wallTime(shiftByDays(out.start, 7, zone), zone) : ""));
  const [name, setName] = useState(event.name);
  const [submitted, setSubmitted] = useState(false);
  const instant = zonedToInstant(start, zone);
  const copy = useMutation(PlanningService.method.copyEvent, {
    onSuccess: async (response) => {
      await invalidate(PlanningService.method.listEvents);
      onClose();
      if (response.event) navigate(planningPaths.event(response.event.id));
    },
  });
  function submit(formEvent: SyntheticEvent) {
    formEvent.preventDefault();
    setSubmitted(true);
    if (!instant) return;
    copy.mutate({ eventId: event.id, start: timestampFromDate(instant), name: name.trim() });
  }
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t("planning.copy.text")}
        </Text>
        <ErrorAlert error={copy.error} />
        <TextInput label={t("planning.fields.name")} value={name} onChange={(change) => { setName(change.currentTarget.value); }} />
        <TextInput
          type="datetime-local"
          label={t("planning.copy.start")}
          description={t("planning.copy.startHint", { zone: event.timeZone })}
          required
          value={start}
          error={submitted && !instant ? t("planning.validation.phaseTimes") : undefined}
          onChange={(change) => { setStart(change.currentTarget.value); }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={copy.isPending}>
            {t("planning.copy.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CopyEventModal({ event, opened, onClose }: { event: Event; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <AppModal opened={opened} onClose={onClose} title={t("planning.copy.title", { number: event.number })}>
      {opened ? <CopyForm event={event} onClose={onClose} /> : null}
    </AppModal>
  );
}
