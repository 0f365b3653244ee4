// "Create event" on a deal: name, time zone and show dates; the server takes the
// client and contact from the deal and links the new event to it.
import { useMutation } from "@connectrpc/connect-query";
import { CRMService, type Deal } from "@eventkit/api/eventkit/v1/crm_pb.js";
import { PhaseKind } from "@eventkit/api/eventkit/v1/planning_pb.js";
import { Button, Group, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { useState, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";
import { useInvalidate } from "../app/invalidate.js";
import { navigate } from "../app/router.js";
import { useUserFormat } from "../auth/current-user.js";
import { addDays, localDate, zonedToInstant } from "../planning/dates.js";
import { timeRange } from "../planning/lookups.js";
import { planningPaths } from "../planning/paths.js";
import { AppModal } from "../ui/app-modal.js";
import { ErrorAlert } from "../ui/error-alert.js";
import { TimeZoneField } from "../ui/fields.js";

export function CreateEventModal({ deal, opened, onClose }: { deal: Deal; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { timeZone: userZone } = useUserFormat();
  const invalidate = useInvalidate();
  const createEvent = useMutation(CRMService.method.createEventFromDeal);
  const first = deal.expectedCloseDate || addDays(localDate(new Date(), userZone || "UTC"), 14);
  const [name, setName] = useState(deal.title);
  const [timeZone, setTimeZone] = useState(userZone || "UTC");
  const [start, setStart] = useState(`${first}T09:00`);
  const [end, setEnd] = useState(`${first}T23:00`);
  const startAt = zonedToInstant(start, timeZone);
  const endAt = zonedToInstant(end, timeZone);
  const periodInvalid = !startAt || !endAt || endAt <= startAt;
  const invalid = name.trim() === "" || periodInvalid;

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (invalid) return;
    const result = await createEvent.mutateAsync({
      dealId: deal.id,
      event: { name: name.trim(), timeZone, phases: [{ kind: PhaseKind.SHOW, period: timeRange(startAt, endAt), label: "" }] },
    });
    await invalidate(CRMService.method.getDeal, CRMService.method.listDeals);
    onClose();
    if (result.event) navigate(planningPaths.event(result.event.id));
  };

  return (
    <AppModal opened={opened} onClose={onClose} title={t("crm.deal.createEvent")} size="md">
      <form onSubmit={(e) => { void submit(e).catch(() => undefined); }} noValidate>
        <Stack gap="sm">
          <ErrorAlert error={createEvent.error} />
          <TextInput label={t("crm.fields.eventName")} required data-autofocus value={name} onChange={(e) => { setName(e.currentTarget.value); }} />
          <TimeZoneField value={timeZone} onChange={setTimeZone} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t("crm.fields.showStart")} type="datetime-local" required value={start} onChange={(e) => { setStart(e.currentTarget.value); }} />
            <TextInput label={t("crm.fields.showEnd")} type="datetime-local" required value={end} error={periodInvalid ? t("crm.validation.period") : undefined} onChange={(e) => { setEnd(e.currentTarget.value); }} />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t("common.cancel")}</Button>
            <Button type="submit" disabled={invalid} loading={createEvent.isPending}>{t("crm.deal.createEvent")}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
